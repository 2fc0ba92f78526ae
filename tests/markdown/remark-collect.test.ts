import { describe, expect, test } from 'vitest'
import { checkFixture, fixtureCases } from '../helpers/fixtures.js'
import { contribution, runPipeline } from '../helpers/pipeline.js'

describe('remark-collect fixtures', () => {
  for (const name of fixtureCases('remark-collect')) test(name, () => checkFixture('remark-collect', name))
})

describe('remark-collect', () => {
  test('classifies the blocks of a contribution and lists its ids in order', async () => {
    const body = [
      '# First {#first}',
      'A paragraph. {#para}',
      'Table: A table {#tab}',
      '| a |\n|---|\n| 1 |',
      '![A figure](https://example.org/x.svg)\n{#fig}',
      'Note.[^n] Again.[^m] Once more.[^n]',
      '## Second',
      '[^n]: N.\n[^m]: M.'
    ].join('\n\n')
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', body) } })
    const collected = file('a.md').data.collected!
    expect(collected.headings.map((h) => h.depth)).toEqual([1, 2])
    expect(collected.paragraphs).toHaveLength(2)
    expect(collected.tables).toHaveLength(1)
    expect(collected.figures).toHaveLength(1)
    expect(collected.footnotes).toEqual(['n', 'm'])
    expect(collected.ids.map((e) => `${e.kind}:${e.id}`)).toEqual(['heading:first', 'paragraph:para', 'table:tab', 'figure:fig'])
  })

  test('notes the first body use of each abbreviation, and whether the term is written out there', async () => {
    const body = '# The AEO heading does not count\n\nA PCS, i.e. a Port Community System, and an AEO.\n\nThen CBM.'
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', body) } })
    expect([...file('a.md').data.collected!.abbreviations]).toEqual([
      ['PCS', { writtenOut: true }],
      ['AEO', { writtenOut: false }],
      ['CBM', { writtenOut: false }]
    ])
  })

  test('warns at the line and column of a word of capitals that the glossary lacks', async () => {
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Text with\nthe XYZ word, AEOs and II.\n') } })
    expect(file('a.md').messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal}`)).toEqual(['8:5 glossary-unknown-abbreviation false'])
  })

  test('columns count escapes and character references before the word, on any line', async () => {
    const body = 'Some \\*escaped\\* &amp; &#x26; &copy; text XYZ here.\n  Indented \\_again\\_ QQQ too.\n'
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', body) } })
    // Line 7 is the first line of the body (after the front matter and a blank line).
    const lines = body.split('\n')
    expect(file('a.md').messages.map((m) => `${m.line}:${m.column}`)).toEqual([`7:${lines[0]!.indexOf('XYZ') + 1}`, `8:${lines[1]!.indexOf('QQQ') + 1}`])
  })

  test('a numeric reference beyond U+10FFFF before the word is no error, and the column is still right', async () => {
    const body = 'Odd &#9999999; &#0; then XYZ.\n'
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', body) } })
    expect(file('a.md').messages.map((m) => `${m.line}:${m.column}`)).toEqual([`7:${body.indexOf('XYZ') + 1}`])
  })

  test('columns on continuation lines of lists and quotes count their indentation', async () => {
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', '- item one\n  with XYZ word\n\n> quote\n> and QQQ here\n') } })
    expect(file('a.md').messages.map((m) => `${m.line}:${m.column}`)).toEqual(['8:8', '11:7'])
  })
})

describe('footnote-undefined', () => {
  test('a footnote call with no definition is an error at the call', async () => {
    const { file, html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'A note.[^missing] B.[^ok] `[^code]`\n\n[^ok]: Fine.\n') } })
    expect(file('a.md').messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`)).toEqual(['7:8 error footnote-undefined'])
    expect(html.get('a.md')).toContain('<a href="#fn-1" id="fnref-1" role="doc-noteref">1</a>')
  })
})
