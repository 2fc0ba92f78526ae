import { describe, expect, test } from 'vitest'
import { loadProject } from '../../src/load/project.js'
import { memoryReader } from '../../src/load/readers.js'
import { parseAll } from '../../src/core/parse.js'
import { renderDocument, type RenderedDocument } from '../../src/core/render.js'
import { contribution, defaultConfig, defaultGlossary, formatHtml } from '../helpers/pipeline.js'

const files = {
  'guidelines.yaml': defaultConfig,
  'glossary.yaml': defaultGlossary,
  'sections/purpose-wco.md': contribution('purpose', 'WCO', '# Readers {#readers}\n\nAn AEO first.[^n] {#first}\n\nSee [](#second), [](#readers) and [](#tab-a).\n\n[^n]: A note.\n'),
  'sections/purpose-iaph.md': contribution('purpose', 'IAPH', '# Ports\n\nPorts second. {#second}\n\nTable: Areas {#tab-a}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n'),
  'sections/need-bg.md': contribution('need', 'BG', '# Need\n\nThe need.[^m]\n\n[^m]: Another note.\n')
}

async function parsed() {
  const result = await parseAll(await loadProject(memoryReader('/nonexistent', files)))
  if (!result) throw new Error('no config')
  return result
}

/** Each contribution's HTML, by source path. */
function html(document: RenderedDocument): Record<string, string> {
  return Object.fromEntries(document.sections.flatMap((s) => s.contributions.map((c) => [c.source, formatHtml(c.tree)])))
}

describe('renderDocument', () => {
  test('two editions with different numbering render at once from one parse, each right, the shared trees unchanged', async () => {
    const parse = await parsed()
    const before = structuredClone([...parse.trees.values()])
    const [outline, decimal] = await Promise.all([
      renderDocument(parse, { outputDir: '/nonexistent/output' }),
      renderDocument(parse, { outputDir: '/nonexistent/output', numbering: 'decimal', paragraphNumbers: false, sectionOrder: { purpose: ['IAPH', 'WCO'] } })
    ])
    expect([...parse.trees.values()]).toEqual(before)

    const a = html(outline)
    expect(a['sections/purpose-wco.md']).toContain('<h3 id="readers"><span class="num">i.</span> Readers</h3>')
    expect(a['sections/purpose-wco.md']).toContain('<span class="para-num">1.</span>')
    expect(a['sections/purpose-wco.md']).toContain('See <a href="#second" class="xref xref-paragraph">paragraph\u00a03</a>, <a href="#readers" class="xref xref-heading">Section\u00a01.a.i</a> and <a href="#tab-a" class="xref xref-table">Table\u00a01</a>')
    expect(a['sections/purpose-iaph.md']).toContain('<span class="num">ii.</span> Ports')
    expect(a['sections/need-bg.md']).toContain('<span class="num">i.</span> Need')

    // Decimal numbering, no printed paragraph numbers, and IAPH before WCO in section 1.1.
    const b = html(decimal)
    expect(decimal.sections.find((s) => s.section.id === 'purpose')!.contributions.map((c) => c.writer)).toEqual(['IAPH', 'WCO'])
    expect(b['sections/purpose-iaph.md']).toContain('<span class="num">1.1.1</span> Ports')
    expect(b['sections/purpose-wco.md']).toContain('<span class="num">1.1.2</span> Readers')
    expect(b['sections/purpose-wco.md']).not.toContain('para-num')
    // No paragraph numbers printed: the reference names the heading that holds the paragraph.
    expect(b['sections/purpose-wco.md']).toContain('See <a href="#second" class="xref xref-paragraph">Section\u00a01.1.1</a>, <a href="#readers" class="xref xref-heading">Section\u00a01.1.2</a> and <a href="#tab-a" class="xref xref-table">Table\u00a01</a>')
    expect(b['sections/need-bg.md']).toContain('<span class="num">2.1.1</span> Need')
    // Footnotes follow each edition's order of contributions.
    expect(a['sections/purpose-wco.md']).toContain('href="#fn-1"')
    expect(b['sections/purpose-wco.md']).toContain('href="#fn-1"')
    expect(outline.numbered.counts).toMatchObject({ paragraphs: 4, tables: 1, footnotes: 2 })

    // The same results as one edition rendered alone.
    expect(html(await renderDocument(parse, { outputDir: '/nonexistent/output' }))).toEqual(a)
    expect(html(await renderDocument(parse, { outputDir: '/nonexistent/output', numbering: 'decimal', paragraphNumbers: false, sectionOrder: { purpose: ['IAPH', 'WCO'] } }))).toEqual(b)
  })

  test('an edition\'s numbers are in the side table, not in the parsed trees', async () => {
    const parse = await parsed()
    const document = await renderDocument(parse, { outputDir: '/nonexistent/output' })
    const wco = parse.project.contributions.find((c) => c.file.path === 'sections/purpose-wco.md')!
    const heading = wco.file.data.collected!.headings[0]!
    expect(document.numbered.nodes.get(heading)).toMatchObject({ marker: 'i.', rank: 3 })
    expect(heading.data?.marker).toBeUndefined()
    expect(heading.data?.rank).toBeUndefined()
  })
})
