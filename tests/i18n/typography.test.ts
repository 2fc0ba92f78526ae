import { describe, expect, test } from 'vitest'
import { createTypesetter, typeset } from '../../src/i18n/typography.js'

const NBSP = '\u00a0'
const NNBSP = '\u202f'

describe('typeset (English)', () => {
  test('curly double and single quotes, apostrophes', () => {
    expect(typeset('He said "the port\'s data" and \'agreed\'.', 'en')).toBe('He said “the port’s data” and ‘agreed’.')
    expect(typeset('the Members\' views', 'en')).toBe('the Members’ views')
  })
  test('en dashes in number ranges and for a spaced hyphen; an ellipsis; not in dates, codes or compounds', () => {
    expect(typeset('25-27 October 2022, pages 12-15, 2022-2023', 'en')).toBe('25–27 October 2022, pages 12–15, 2022–2023')
    expect(typeset('DRAFT - FOR REVIEW...', 'en')).toBe('DRAFT – FOR REVIEW…')
    expect(typeset('on 2022-08-22, ISBN 978-92-95-1, ISO-28000, Customs-supervised', 'en')).toBe('on 2022-08-22, ISBN 978-92-95-1, ISO-28000, Customs-supervised')
    expect(typeset('a -- b --- c', 'en')).toBe('a – b — c')
  })
  test('quotes across pieces of one block ("*word*")', () => {
    const t = createTypesetter('en')
    expect([t.set('say "'), t.set('word'), t.set('" now')]).toEqual(['say “', 'word', '” now'])
    const u = createTypesetter('en')
    u.skip('code')
    expect(u.set('" after code')).toBe('” after code')
  })
})

describe('typeset (French)', () => {
  test('« » with no-break spaces inside; narrow no-break space before ; ! ? and no-break space before :', () => {
    expect(typeset('Il a dit "les ports" ; vraiment ? Oui ! Voici : la liste', 'fr')).toBe(`Il a dit «${NBSP}les ports${NBSP}»${NNBSP}; vraiment${NNBSP}? Oui${NNBSP}! Voici${NBSP}: la liste`)
    expect(typeset('sans espace; ni ici: ni là?', 'fr')).toBe(`sans espace${NNBSP}; ni ici${NBSP}: ni là${NNBSP}?`)
    expect(typeset('« déjà »', 'fr')).toBe(`«${NBSP}déjà${NBSP}»`)
  })
  test('apostrophes; no space in times, URLs or repeated marks', () => {
    expect(typeset("l'OMD et l'AIP", 'fr')).toBe('l’OMD et l’AIP')
    expect(typeset('à 12:30, voir https://www.wcoomd.org, quoi ?!', 'fr')).toBe(`à 12:30, voir https://www.wcoomd.org, quoi${NNBSP}?!`)
  })
})

describe('typeset (Spanish)', () => {
  test('« » quotes without spaces, apostrophes, ranges', () => {
    expect(typeset('las "ventanillas únicas" de 2022-2023', 'es')).toBe('las «ventanillas únicas» de 2022–2023')
  })
})
