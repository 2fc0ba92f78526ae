import { describe, expect, test } from 'vitest'
import { checkFixture, fixtureCases } from '../helpers/fixtures.js'
import { contribution, runPipeline } from '../helpers/pipeline.js'

describe('remark-footnotes fixtures', () => {
  for (const name of fixtureCases('remark-footnotes')) test(name, () => checkFixture('remark-footnotes', name))
})

describe('remark-footnotes', () => {
  test('footnotes are numbered continuously across contributions in print order; labels are per file', async () => {
    const { html, numbered } = await runPipeline({
      files: {
        'a.md': contribution('need', 'BG', 'Later.[^src]\n\n[^src]: Source of BG.\n'),
        'b.md': contribution('purpose', 'WCO', 'First.[^src] Second.[^other]\n\n[^src]: Source of WCO.\n[^other]: Other.\n'),
        'c.md': contribution('checklist', 'IAPH', 'In an annex.[^x]\n\n[^x]: Annex note.\n')
      }
    })
    expect(numbered!.counts.footnotes).toBe(4)
    expect(html.get('b.md')).toContain('<a href="#fn-1" id="fnref-1" role="doc-noteref">1</a>')
    expect(html.get('b.md')).toContain('<aside class="footnote" id="fn-1" role="doc-footnote" data-fn="1"><a class="fn-num" href="#fnref-1">1</a><p>Source of WCO.</p></aside>')
    expect(html.get('b.md')).toContain('<aside class="footnote" id="fn-2" role="doc-footnote" data-fn="2"><a class="fn-num" href="#fnref-2">2</a><p>Other.</p></aside>')
    expect(html.get('a.md')).toContain('<aside class="footnote" id="fn-3" role="doc-footnote" data-fn="3"><a class="fn-num" href="#fnref-3">3</a><p>Source of BG.</p></aside>')
    expect(html.get('c.md')).toContain('<a href="#fn-4" id="fnref-4" role="doc-noteref">4</a>')
  })

  test('a second reference to the same note repeats its number without a second back-link target', async () => {
    const { html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'One.[^n] Two.[^n]\n\n[^n]: Note.\n') } })
    const out = html.get('a.md')!
    expect(out.match(/id="fnref-1"/g)).toHaveLength(1)
    expect(out.match(/href="#fn-1"/g)).toHaveLength(2)
  })

  test('a definition never referenced is dropped', async () => {
    const { html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Text.\n\n[^unused]: Never cited.\n') } })
    expect(html.get('a.md')).not.toContain('Never cited')
  })
})
