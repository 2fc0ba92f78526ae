import { describe, expect, test } from 'vitest'
import { contribution, runPipeline } from '../helpers/pipeline.js'

// Print order of the default outline: 1.a purpose (WCO, IAPH), 1.b scope, 2.a need, 3.a pcs,
// 3.b single-window, 3.c data (WCO, BG); Annex I.a mou, Annex II.a checklist.
const files = {
  // File names sort against print order on purpose: print order comes from the outline.
  'sections/z-purpose-wco.md': contribution('purpose', 'WCO', 'One.\n\n# First {#h-first}\n\nTwo. {#p-two}\n'),
  'sections/a-purpose-iaph.md': contribution('purpose', 'IAPH', '# Second {#h-second}\n\nThree.\n\nTable: T1 {#tab-one}\n\n| a |\n|---|\n| 1 |\n'),
  'sections/need.md': contribution('need', 'BG', 'Four. {#p-four}\n\n![F1](https://example.org/f.svg)\n{#fig-one}\n'),
  'sections/data-bg.md': contribution('data', 'BG', '# Fourth {#h-fourth}\n\nSix. {#p-six}\n'),
  'sections/data-wco.md': contribution('data', 'WCO', '# Third {#h-third}\n\nFive.\n\nTable: T2 {#tab-two}\n\n| a |\n|---|\n| 1 |\n\n![F2](https://example.org/g.svg)\n{#fig-two}\n'),
  'sections/annex.md': contribution('checklist', 'IAPH', '# In the annex {#h-annex}\n\nNot numbered. {#p-annex}\n\nTable: T3 {#tab-three}\n\n| a |\n|---|\n| 1 |\n')
}

describe('numberDocument (outline numbering)', () => {
  test('labels of outline ids: chapters, sections, annexes', async () => {
    const { numbered } = await runPipeline({ files })
    const label = (id: string) => numbered!.targets.get(id)?.label
    expect(label('introduction')).toBe('Chapter 1')
    expect(label('digitalization')).toBe('Chapter 3')
    expect(label('data')).toBe('Section 3.c')
    expect(label('need')).toBe('Section 2.a')
    expect(label('mou-annex')).toBe('Annex I')
    expect(label('checklist-annex')).toBe('Annex II')
    expect(label('checklist')).toBe('Section a of Annex II')
  })

  test('headings i., ii. continue across the contributions of a section, in writer order', async () => {
    const { numbered, html } = await runPipeline({ files })
    const label = (id: string) => numbered!.targets.get(id)?.label
    expect(label('h-first')).toBe('Section 1.a.i')
    expect(label('h-second')).toBe('Section 1.a.ii')
    // data: writers [WCO, BG], so WCO's heading comes first.
    expect(label('h-third')).toBe('Section 3.c.i')
    expect(label('h-fourth')).toBe('Section 3.c.ii')
    expect(label('h-annex')).toBe('Section a.i of Annex II')
    expect(html.get('sections/a-purpose-iaph.md')).toContain('<h3 id="h-second"><span class="num">ii.</span> Second</h3>')
  })

  test('paragraphs are numbered continuously through the chapters, not in annexes', async () => {
    const { numbered, html } = await runPipeline({ files })
    const label = (id: string) => numbered!.targets.get(id)?.label
    expect(label('p-two')).toBe('paragraph 2')
    expect(label('p-four')).toBe('paragraph 4')
    expect(label('p-six')).toBe('paragraph 6')
    expect(numbered!.counts.paragraphs).toBe(6)
    expect(label('p-annex')).toBe('Section a of Annex II')
    expect(html.get('sections/annex.md')).toContain('<p id="p-annex">Not numbered.</p>')
  })

  test('tables and figures are numbered continuously across contributions and annexes', async () => {
    const { numbered } = await runPipeline({ files })
    const label = (id: string) => numbered!.targets.get(id)?.label
    expect([label('tab-one'), label('tab-two'), label('tab-three')]).toEqual(['Table 1', 'Table 2', 'Table 3'])
    expect([label('fig-one'), label('fig-two')]).toEqual(['Figure 1', 'Figure 2'])
  })

  test('paragraphNumbers: false prints no numbers, and a reference to a paragraph names the numbered section or heading that holds it', async () => {
    const { numbered, html } = await runPipeline({ files }, { paragraphNumbers: false })
    const label = (id: string) => numbered!.targets.get(id)?.label
    expect(label('p-four')).toBe('Section 2.a')
    expect(label('p-two')).toBe('Section 1.a.i')
    // data: WCO's heading (i.) and BG's (ii.) come before BG's paragraph.
    expect(label('p-six')).toBe('Section 3.c.ii')
    expect(label('p-annex')).toBe('Section a of Annex II')
    expect(html.get('sections/need.md')).not.toContain('para-num')
  })

  test('a second definition of an id is id-duplicate where it stands', async () => {
    const { file } = await runPipeline({
      files: {
        'a.md': contribution('purpose', 'WCO', 'One. {#same}\n'),
        'b.md': contribution('scope', 'IAPH', 'Text.\n\n# Heading {#same}\n\n# Also {#need}\n')
      }
    })
    expect(file('a.md').messages).toEqual([])
    expect(file('b.md').messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)).toEqual([
      '9:1 id-duplicate Unexpected duplicate id `same`, already defined in a.md:7',
      '11:1 id-duplicate Unexpected duplicate id `need`, already defined in guidelines.yaml'
    ])
  })
})

describe('numberDocument (decimal numbering)', () => {
  test('sections 3.3, headings 3.3.1, annex sections II.1', async () => {
    const { numbered, html } = await runPipeline({ files }, { numbering: 'decimal' })
    const label = (id: string) => numbered!.targets.get(id)?.label
    expect(label('data')).toBe('Section 3.3')
    expect(label('h-third')).toBe('Section 3.3.1')
    expect(label('h-fourth')).toBe('Section 3.3.2')
    expect(label('checklist')).toBe('Section 1 of Annex II')
    expect(label('digitalization')).toBe('Chapter 3')
    expect(html.get('sections/data-wco.md')).toContain('<span class="num">3.3.1</span>')
  })
})
