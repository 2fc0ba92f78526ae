import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { limitLines, maxEmphasisMarks } from '../../src/markdown/remark-nesting.js'

const limit = (text: string) => {
  const file = new VFile({ path: 'x.md', value: text })
  const out = limitLines(text, file, 64)
  return { out, messages: file.messages.map((m) => `${m.line}:${m.column} ${m.reason.slice(0, 39)}`) }
}
/** A row of seven cells with four emphasis marks. */
const row = (i: number) => `| ${i} | *a* | b | **c** | d | e | f |`
const head = '| 1 | 2 | 3 | 4 | 5 | 6 | 7 |\n|---|:--|---|--:|:-:|---|---|'

describe('emphasis marks counted per table row (limitLines)', () => {
  it('keeps a table of 400 rows with 1,600 marks whole, without a message', () => {
    const text = `Intro.\n\n${head}\n${Array.from({ length: 400 }, (_, i) => row(i)).join('\n')}\n\nAfter.`
    expect(limit(text)).toEqual({ out: text, messages: [] })
  })

  it('the same in a list item, and with rows without outer pipes', () => {
    const text = `- item\n\n  a | b\n  --|--\n${Array.from({ length: 300 }, () => '  *x* | **y**').join('\n')}\n`
    expect(limit(text)).toEqual({ out: text, messages: [] })
  })

  it('cuts one row past the limit, and only that row', () => {
    const long = `| ${'*a '.repeat(maxEmphasisMarks + 10)} | b |`
    const { out, messages } = limit(`| a | b |\n|---|---|\n${long}\n| *c* | d |`)
    expect(messages).toEqual([`3:${3 * maxEmphasisMarks + 3} Unexpected paragraph with more than 500`])
    expect(out.split('\n')[3]).toBe('| *c* | d |')
  })

  it('still counts a paragraph that is no table: no delimiter row, or after a heading ends the table, or lazy lines of a list item', () => {
    const lines = Array.from({ length: 200 }, () => 'x | *a* *b* | y').join('\n')
    // No delimiter row: a paragraph with `|` in it.
    expect(limit(lines).messages).toEqual(['126:5 Unexpected paragraph with more than 500'])
    // Cells counted apart in the table; the heading ends it, and the paragraph after is counted whole.
    expect(limit(`| a |\n|---|\n| *b* |\n# Heading\n${lines}`).messages).toEqual(['130:5 Unexpected paragraph with more than 500'])
    // A lazy line ends a table in a list item: what follows is a paragraph.
    expect(limit(`- item\n\n  | a |\n  |---|\n${lines}`).messages).toEqual(['130:5 Unexpected paragraph with more than 500'])
    // Head and delimiter rows of different sizes: no table.
    expect(limit(`| a | b |\n|---|\n${lines}`).messages).toEqual(['128:5 Unexpected paragraph with more than 500'])
  })
})
