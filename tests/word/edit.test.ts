import { describe, expect, test } from 'vitest'
import { escapeMarkdown, markdownChanges } from '../../src/word/edit.js'

/** Apply the changes of replacing the printed `printed` (the `occurrence`-th in `markdown`'s text) by `insert`. */
function edit(markdown: string, from: string, to: string, insert: string): string {
  const start = markdown.indexOf(from)
  const end = markdown.indexOf(to, start) + to.length
  let out = markdown
  for (const change of [...markdownChanges(markdown, start, end, insert)].sort((a, b) => b.start - a.start)) out = out.slice(0, change.start) + change.text + out.slice(change.end)
  return out
}

describe('markdownChanges: a tracked change of printed text as an edit of the Markdown', () => {
  test('plain text is replaced', () => {
    expect(edit('The ports share one border.\n', 'one', 'one', 'a common')).toBe('The ports share a common border.\n')
  })

  test('a deletion across the end of a bold run keeps the markup whole', () => {
    expect(edit('Ports share the **same border**, and their data.\n', 'border', ', and', '')).toBe('Ports share the **same ** their data.\n')
  })

  test('a replacement of a whole italic run and more removes the run with its markers', () => {
    expect(edit('It is *older than any* treaty.\n', 'older', 'treaty', 'recent')).toBe('It is recent.\n')
  })

  test('a replacement inside an italic run stays inside it', () => {
    expect(edit('It is *older than any treaty*.\n', 'older', 'any', 'as old as a')).toBe('It is *as old as a treaty*.\n')
  })

  test('a link’s target and an id are never cut', () => {
    expect(edit('See [the charter](https://example.org/c) now. {#p-see}\n', 'charter', 'now.', '')).toBe('See [the ](https://example.org/c) {#p-see}\n')
  })

  test('a deletion over a paragraph break joins the two paragraphs, as Word does', () => {
    expect(edit('First one, at its end.\n\nThe next one goes on.\n', ' at its end.', 'The next', '')).toBe('First one, one goes on.\n')
  })

  test('an insertion at a point is escaped for Markdown; a paragraph break in it is a blank line', () => {
    const markdown = 'Data is shared.\n'
    const at = markdown.indexOf(' shared')
    expect(markdownChanges(markdown, at, at, ' *never* [1]')).toEqual([{ start: at, end: at, text: ' \\*never\\* \\[1\\]' }])
    expect(escapeMarkdown('end.\n- not a list')).toBe('end.\n\n\\- not a list')
  })
})
