import { describe, expect, it } from 'vitest'
import { createHyphenator, withMinimumLetters } from '../../src/print/hyphenate.js'

// Break points of the TeX patterns, as the paginator gets them (soft hyphens, shown here as |).

const show = (words: Record<string, string>) => Object.fromEntries(Object.entries(words).map(([word, hyphenated]) => [word, hyphenated.replaceAll('\u00ad', '|')]))

describe('createHyphenator', () => {
  it('breaks English words where a reader reads on (no res-ults, re-cords), three letters at least on each side', () => {
    const words = show(createHyphenator('en')!(['results', 'records', 'approval', 'arrival', 'information', 'cooperation']))
    expect(words).toEqual({ information: 'infor|ma|tion', cooperation: 'coop|er|a|tion' })
  })

  it('keeps British patterns for en-GB, and hyphenates French with French patterns', () => {
    expect(show(createHyphenator('en-GB')!(['procedures']))).toEqual({ procedures: 'pro|ced|ures' })
    expect(show(createHyphenator('fr')!(['interopérabilité', 'administrations']))).toEqual({ interopérabilité: 'inter|opé|ra|bi|lité', administrations: 'admi|nis|tra|tions' })
  })
})

describe('withMinimumLetters', () => {
  it('takes away the breaks that leave fewer than three letters on one side', () => {
    expect(withMinimumLetters('re\u00adcords')).toBe('records')
    expect(withMinimumLetters('ap\u00adproval')).toBe('approval')
    expect(withMinimumLetters('co\u00adop\u00ader\u00ada\u00adtion')).toBe('coop\u00ader\u00ada\u00adtion')
    expect(withMinimumLetters('ad\u00admin\u00adis\u00adtra\u00adtion\u00adal')).toBe('admin\u00adis\u00adtra\u00adtional')
  })
})
