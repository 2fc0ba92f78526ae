import { describe, expect, it } from 'vitest'
import type { Guidelines } from '../../src/config/types.js'
import { labelsFor } from '../../src/i18n/labels.js'
import { createOutline } from '../../src/outline/model.js'

const config: Guidelines = {
  title: 'Guidelines',
  language: 'en',
  organisations: ['WCO'],
  contributors: { WCO: 'World Customs Organization' },
  outline: [{ id: 'intro', title: "The port's role", sections: [{ id: 'wco', title: 'WCO policy: "SAFE"', writers: ['WCO'], peers: [] }] }],
  editions: {}
}

describe('createOutline', () => {
  it('typesets the titles in the edition’s language, for every place that prints them (contents, running heads, bookmarks)', () => {
    const en = createOutline(config)
    expect(en.parts[0]!.title).toBe('The port’s role')
    expect(en.sections[0]!.title).toBe('WCO policy: “SAFE”')
    const fr = createOutline(config, 'outline', { labels: labelsFor('fr'), language: 'fr', titles: { intro: 'Le rôle du port', wco: "Politique de l'OMD : \"SAFE\"" } })
    expect(fr.sections[0]!.title).toBe('Politique de l’OMD\u00a0: «\u00a0SAFE\u00a0»')
    expect(fr.sections[0]!.label).toBe('section 1.a')
  })
})
