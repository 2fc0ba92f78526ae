import { describe, expect, test } from 'vitest'
import { checkFixture, fixtureCases } from '../helpers/fixtures.js'
import { contribution, runPipeline } from '../helpers/pipeline.js'
import { bindNumber } from '../../src/markdown/remark-xref.js'

describe('remark-xref fixtures', () => {
  for (const name of fixtureCases('remark-xref')) test(name, () => checkFixture('remark-xref', name))
})

describe('remark-xref', () => {
  test('an unresolved reference is an error at the line and column of the link', async () => {
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'First line.\nSee [](#nowhere) here.\n') } })
    const [message] = file('a.md').messages
    expect(message?.ruleId).toBe('xref-unresolved')
    expect(message?.fatal).toBe(true)
    expect(String(message)).toBe('a.md:8:5-8:17: Unexpected reference to `#nowhere`, expected the id of a chapter, section, heading, paragraph, table, figure or glossary entry')
  })

  test('empty text shows the label; own words are kept; both link to the target', async () => {
    const { html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', '[](#scope), [the scope](#scope), [ ](#digitalization)\n') } })
    expect(html.get('a.md')).toContain(
      '<a href="#scope" class="xref xref-section">Section\u00a01.b</a>, <a href="#scope" class="xref xref-section">the scope</a>, <a href="#digitalization" class="xref xref-chapter">Chapter\u00a03</a>'
    )
  })

  test('references resolve to ids of other contributions, before or after', async () => {
    const { html, files } = await runPipeline({
      files: {
        'a.md': contribution('purpose', 'WCO', 'See [](#later-table).\n'),
        'b.md': contribution('need', 'BG', 'Table: Later {#later-table}\n\n| a |\n|---|\n| 1 |\n\nBack to [](#purpose).\n')
      }
    })
    expect(html.get('a.md')).toContain('>Table\u00a01</a>')
    expect(html.get('b.md')).toContain('>Section\u00a01.a</a>')
    expect(files.flatMap((f) => f.messages.filter((m) => m.ruleId === 'xref-unresolved'))).toEqual([])
  })

  test('ids match whatever their case, as `{#id}` accepts it, and link to the lowercase id', async () => {
    const { file, html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', '# Head {#My-Head}\n\nSee [](#My-Head) and [](#Scope).\n') } })
    expect(file('a.md').messages).toEqual([])
    expect(html.get('a.md')).toContain('See <a href="#my-head" class="xref xref-heading">Section\u00a01.a.i</a> and <a href="#scope" class="xref xref-section">Section\u00a01.b</a>.')
  })

  test('a malformed escape in a reference is unresolved, not a crash', async () => {
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', '[x](#%E0%A4%A)\n') } })
    expect(file('a.md').messages.map((m) => m.ruleId)).toEqual(['xref-unresolved'])
  })

  test('external links and plain anchors of the page are not references', async () => {
    const { file, html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', '[site](https://example.org) and [mail](mailto:a@example.org)\n') } })
    expect(file('a.md').messages).toEqual([])
    expect(html.get('a.md')).not.toContain('xref')
  })
})

describe('bindNumber', () => {
  test('ties each number of a label to its word, and nothing else', () => {
    expect(bindNumber('Section 3.b.ii')).toBe('Section\u00a03.b.ii')
    expect(bindNumber('Section a of Annex I')).toBe('Section\u00a0a of Annex\u00a0I')
    expect(bindNumber('paragraphe de la section 2.a')).toBe('paragraphe de la section\u00a02.a')
    expect(bindNumber('“The role of ports”')).toBe('“The role of ports”')
  })
})
