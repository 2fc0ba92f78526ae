import type { Root } from 'hast'
import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import { describe, expect, it } from 'vitest'
import type { Guidelines } from '../../src/config/types.js'
import { assemble, type RenderedSection } from '../../src/html/assemble.js'
import { createOutline, type SectionUnit } from '../../src/outline/model.js'

const config: Guidelines = {
  title: 'T',
  language: 'en',
  organisations: ['WCO'],
  contributors: { WCO: 'World Customs Organization', DE: 'Germany', CN: 'China', BG: 'Bulgaria', JP: 'Japan' },
  outline: [{ id: 'chapter', title: 'Chapter', sections: [{ id: 'path', title: 'Path', writers: ['WCO', 'DE', 'CN', 'BG'], peers: [], due: '2022-05-22' }] }],
  editions: { review: { template: 'wco-working-document', review: true } }
}

function sections(order: string[], missing: string[]): RenderedSection[] {
  const section = createOutline(config).byId.get('path') as SectionUnit
  const tree = (code: string): Root => ({ type: 'root', children: [h('p', `Text of ${code}.`)] })
  return [{ section, missing, contributions: order.map((code) => ({ source: `${code}.md`, writer: code, writerName: config.contributors[code]!, tree: tree(code) })) }]
}

/** The section's blocks in order: "CODE" for a contribution, "pending CODE" for a placeholder. */
function blocks(review: boolean, order: string[], missing: string[]): string[] {
  const html = toHtml(assemble(createOutline(config), sections(order, missing), { config, glossary: [], review }).body)
  return [...html.matchAll(/<div class="contribution" data-writer="([A-Z]+)"|<p class="placeholder" data-writer="([A-Z]+)">/g)].map((m) => (m[1] ? m[1] : `pending ${m[2]}`))
}

describe('assemble: contributions of several writers', () => {
  it('review: a placeholder stands where the missing writer comes in the outline order', () => {
    expect(blocks(true, ['WCO', 'CN', 'BG'], ['DE'])).toEqual(['WCO', 'pending DE', 'CN', 'BG'])
    expect(blocks(true, ['DE', 'CN'], ['WCO', 'BG'])).toEqual(['pending WCO', 'DE', 'CN', 'pending BG'])
    // A writer who is not assigned comes after every assigned one.
    expect(blocks(true, ['WCO', 'JP'], ['DE', 'CN', 'BG'])).toEqual(['WCO', 'pending DE', 'pending CN', 'pending BG', 'JP'])
  })

  it('review: each contribution starts with its writer code; final: none, and no placeholder', () => {
    const review = toHtml(assemble(createOutline(config), sections(['WCO', 'CN'], ['DE', 'BG']), { config, glossary: [], review: true }).body)
    expect(review).toContain('<div class="contribution" data-writer="WCO" data-source="WCO.md"><span class="attribution" title="World Customs Organization">WCO</span><p>Text of WCO.</p></div>')
    expect(review).toContain('<p class="placeholder" data-writer="DE">Contribution from Germany pending, due 22 May 2022</p>')
    const final = toHtml(assemble(createOutline(config), sections(['WCO', 'CN'], ['DE', 'BG']), { config, glossary: [], review: false }).body)
    expect(final).not.toContain('attribution')
    expect(final).not.toContain('placeholder')
    expect(blocks(false, ['CN', 'WCO'], ['DE', 'BG'])).toEqual(['CN', 'WCO'])
  })
})

describe('assemble: the lists of figures and tables', () => {
  it('take the caption’s title without the separator, whatever space the language puts before the colon', () => {
    const section = createOutline(config).byId.get('path') as SectionUnit
    const tree: Root = {
      type: 'root',
      children: [
        h('figure', { id: 'fig-a' }, [h('figcaption', [h('span.caption-label', 'Figure 1'), '\u202f: ', 'Structure de gouvernance'])]),
        h('table', { id: 'tab-a' }, [h('caption', [h('span.caption-label', 'Tableau 1'), '\u00a0: ', 'Instruments'])]),
        h('table', { id: 'tab-b' }, [h('caption', [h('span.caption-label', 'Table 2'), ': ', 'Owners'])])
      ]
    }
    const { figures, tables } = assemble(createOutline(config), [{ section, missing: [], contributions: [{ source: 'WCO.md', writer: 'WCO', writerName: 'World Customs Organization', tree }] }], { config, glossary: [], review: false })
    expect(figures).toEqual([{ label: 'Figure 1', title: 'Structure de gouvernance', href: '#fig-a' }])
    expect(tables.map((t) => [t.label, t.title])).toEqual([
      ['Tableau 1', 'Instruments'],
      ['Table 2', 'Owners']
    ])
  })
})

describe('assemble: running heads', () => {
  it('separate an annex’s number from its title', () => {
    const annexed: Guidelines = { ...config, annexes: [{ id: 'mou', title: 'Model Memorandum', sections: [] }] }
    const html = toHtml(assemble(createOutline(annexed), [], { config: annexed, glossary: [], review: false }).back)
    expect(html).toContain('data-running="Annex I – Model Memorandum"')
  })
})
