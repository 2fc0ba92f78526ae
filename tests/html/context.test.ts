import { describe, expect, it } from 'vitest'
import type { Guidelines } from '../../src/config/types.js'
import { organisationCodes, templateContext } from '../../src/html/context.js'
import { labelsFor } from '../../src/i18n/labels.js'
import { createTextRenderer } from '../../src/markdown/text.js'

const config: Guidelines = {
  title: 'Guidelines',
  language: 'en',
  organisations: ['WCO', 'IAPH'],
  contributors: { WCO: 'World Customs Organization', IAPH: 'International Association of Ports and Harbors' },
  outline: [],
  editions: { publication: { template: 'joint-publication' } }
}
const glossary = [
  { term: 'World Customs Organization', abbreviation: 'WCO', definition: 'd' },
  { term: 'International Association of Ports and Harbors', abbreviation: 'IAPH', definition: 'd' }
]
const assembled = { front: [], body: [], back: [], footnotes: undefined, toc: [], figures: [], tables: [] }

async function legal(language: string, translated: Array<{ source: string; term: string; abbreviation?: string; definition: string }>) {
  const codes = organisationCodes(config.organisations, glossary, translated)
  const context = await templateContext({ config, name: 'publication', edition: config.editions.publication!, language, labels: labelsFor(language), assembled, acronyms: [], css: '', generator: 'test', text: createTextRenderer(language), codes })
  return { codes: context.organisations.map((o) => o.code), disclaimer: context.labels['disclaimer']!, reproduction: context.labels['reproduction']! }
}

describe('the organisations in a language edition', () => {
  it('go by the translated glossary’s abbreviations, with the articles of the language', async () => {
    const fr = await legal('fr', [{ source: 'World Customs Organization', term: 'Organisation mondiale des douanes', abbreviation: 'OMD', definition: 'd' }])
    expect(fr.codes).toEqual(['OMD', 'IAPH'])
    expect(fr.disclaimer).toContain('de la part de l’OMD ou de l’IAPH aucune')
    expect(fr.reproduction).toContain('(OMD ou IAPH)')
    const es = await legal('es', [{ source: 'World Customs Organization', term: 'Organización Mundial de Aduanas', abbreviation: 'OMA', definition: 'd' }])
    expect(es.codes).toEqual(['OMA', 'IAPH'])
    expect(es.disclaimer).toContain('de parte de la OMA o de la IAPH,')
    const en = await legal('en', [])
    expect(en.codes).toEqual(['WCO', 'IAPH'])
    expect(en.disclaimer).toContain('on the part of the WCO or the IAPH concerning')
  })
})
