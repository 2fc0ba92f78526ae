import { describe, expect, test } from 'vitest'
import { checkFixture, fixtureCases } from '../helpers/fixtures.js'
import { contribution, messages, runPipeline } from '../helpers/pipeline.js'

describe('remark-attributes fixtures', () => {
  for (const name of fixtureCases('remark-attributes')) test(name, () => checkFixture('remark-attributes', name))
})

describe('remark-attributes', () => {
  test('ids of headings and paragraphs land on the elements, and the syntax is removed', async () => {
    const { html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', '# Why {#why}\n\nA point. {#a-point}\n') } })
    const out = html.get('a.md')!
    expect(out).toContain('<h3 id="why">')
    expect(out).toContain('<p id="a-point"')
    expect(out).not.toContain('{#')
  })

  test('a caption with or without a blank line before the table gives a numbered caption', async () => {
    for (const gap of ['\n\n', '\n']) {
      const { html, file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', `Table: Owners {#tab-owners}${gap}| A | B |\n|---|---|\n| 1 | 2 |\n`) } })
      expect(html.get('a.md')).toMatch(/<table id="tab-owners" class="numbered"><caption><span class="caption-label">Table 1<\/span>: Owners<\/caption>/)
      expect(messages(file('a.md'))).toEqual([])
    }
  })

  test('references, abbreviations and footnote calls in a caption are resolved like body text', async () => {
    const body = 'Table: PCS lanes of [](#scope), see [](#nowhere)[^n] {#tab-x}\n\n| a |\n|---|\n| 1 |\n\nText.[^m]\n\n[^n]: Caption note.\n[^m]: Body note.\n'
    const { html, file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', body) } })
    expect(file('a.md').messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['7:37 xref-unresolved'])
    const out = html.get('a.md')!
    expect(out).toContain(
      '<caption><span class="caption-label">Table 1</span>: Port Community System (<a href="#gloss-pcs" title="Port Community System" class="gloss">PCS</a>) lanes of <a href="#scope" class="xref xref-section">Section\u00a01.b</a>'
    )
    // The caption's note is the first of the contribution, the body's the second.
    expect(out).toContain('<sup class="fnref"><a href="#fn-1" id="fnref-1" role="doc-noteref">1</a></sup></caption>')
    expect(out).toContain('<aside class="footnote" id="fn-2" role="doc-footnote" data-fn="2"><a class="fn-num" href="#fnref-2">2</a><p>Body note.</p></aside>')
  })

  test('an image alone with an id is a figure; with text around it, it is not', async () => {
    const { html, numbered } = await runPipeline({
      files: { 'a.md': contribution('purpose', 'WCO', '![The flow](https://example.org/f.svg)\n{#fig-flow}\n\nText ![inline](https://example.org/g.svg) here. {#not-figure}\n') }
    })
    expect(html.get('a.md')).toContain('<figure class="figure" id="fig-flow">')
    expect(html.get('a.md')).toContain('<span class="caption-label">Figure 1</span>: The flow')
    expect(numbered!.targets.get('not-figure')?.kind).toBe('paragraph')
    expect(numbered!.counts.figures).toBe(1)
  })

  test('a figure whose image is missing is reported at the image', async () => {
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Text.\n\n![Gone](gone.svg)\n{#fig-gone}\n') } })
    expect(file('a.md').messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['9:1 image-missing'])
  })

  test('invalid ids are reported at the `{` with id-invalid and not used', async () => {
    const { file, numbered } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Text. {#Bad_Id}\n') } })
    const [message] = file('a.md').messages
    expect(message?.ruleId).toBe('id-invalid')
    expect(message?.fatal).toBe(true)
    expect([message?.line, message?.column]).toEqual([7, 7])
    expect(numbered!.targets.has('bad_id')).toBe(false)
  })

  test('a caption with no table after it is a caption-orphan warning', async () => {
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Table: Alone\n\nNo table.\n') } })
    expect(file('a.md').messages.map((m) => [m.ruleId, m.fatal, m.line, m.column])).toEqual([['caption-orphan', false, 7, 1]])
  })
})
