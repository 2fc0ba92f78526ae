import type { Nodes, Root } from 'mdast'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { createParser } from '../markdown/processor.js'
import { createAbbreviationMatcher } from '../markdown/util/abbreviations.js'

/** One change of a source text: the range [start, end) replaced by `text`. */
export interface SourceChange {
  start: number
  end: number
  text: string
}

const parser = createParser({ matcher: createAbbreviationMatcher([]) })
const containers = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference'])

interface Span {
  start: number
  end: number
}

/**
 * The changes of a Markdown source that replace the printed text of [start, end) by `insert`
 * (a tracked change in Word: deletion, insertion, or both) while keeping the markup whole:
 * only the characters of text are removed, never half of a `**`, a link's target or a
 * `{#id}`; emphasis or a link whose text is removed entirely goes with its markup; a blank line
 * between two paragraphs in the range (a deleted paragraph mark) goes, joining them.
 * The inserted text is escaped for Markdown, a line break in it (an inserted paragraph mark)
 * becomes a blank line. Offsets are into `markdown`.
 */
export function markdownChanges(markdown: string, start: number, end: number, insert: string): SourceChange[] {
  const tree = parser.parse(new VFile({ value: markdown })) as Root
  parser.runSync(tree, new VFile({ value: markdown }))
  const texts: Span[] = []
  const inline: Array<Span & { texts: Span[] }> = []
  visit(tree, (node: Nodes) => {
    const from = node.position?.start.offset
    const to = node.position?.end.offset
    if (from === undefined || to === undefined) return
    if (node.type === 'text' || node.type === 'inlineCode') {
      const raw = markdown.slice(from, to)
      const value = node.value
      // Where the parser took syntax out of a text (`{#id}` after a paragraph), the value
      // stands inside the slice: only that part is text. Else the slice (escapes, entities).
      const at = node.type === 'inlineCode' ? raw.indexOf(value) : value === '' ? -1 : raw.startsWith(value) ? 0 : raw.lastIndexOf(value)
      texts.push(at >= 0 ? { start: from + at, end: from + at + value.length } : { start: from, end: to })
    } else if (containers.has(node.type)) inline.push({ start: from, end: to, texts: [] })
  })
  texts.sort((a, b) => a.start - b.start)
  for (const container of inline) container.texts = texts.filter((t) => t.start >= container.start && t.end <= container.end)
  const covered = (span: Span) => span.start >= start && span.end <= end
  // Containers whose whole text goes: removed with their markup (outermost first).
  const whole = inline.filter((c) => c.texts.length > 0 && c.texts.every(covered)).sort((a, b) => a.start - b.start || b.end - a.end)
  const removed: Span[] = []
  for (const container of whole) if (!removed.some((r) => r.start <= container.start && container.end <= r.end)) removed.push({ start: container.start, end: container.end })
  for (const text of texts) {
    const from = Math.max(text.start, start)
    const to = Math.min(text.end, end)
    if (from >= to || removed.some((r) => r.start <= from && to <= r.end)) continue
    removed.push({ start: from, end: to })
  }
  removed.sort((a, b) => a.start - b.start)
  // Paragraphs joined (a deleted paragraph mark): the blank line between them goes, as the mark
  // does in Word (which puts no space in its place either).
  const changes: SourceChange[] = removed.map((r) => ({ ...r, text: '' }))
  for (let i = 0; i + 1 < removed.length; i++) {
    const gap = markdown.slice(removed[i]!.end, removed[i + 1]!.start)
    if (/\n[ \t]*\n/.test(gap) && /^\s*$/.test(gap)) changes.push({ start: removed[i]!.end, end: removed[i + 1]!.start, text: '' })
  }
  changes.sort((a, b) => a.start - b.start)
  const merged: SourceChange[] = []
  for (const change of changes) {
    const last = merged[merged.length - 1]
    if (last && last.end === change.start) merged[merged.length - 1] = { start: last.start, end: change.end, text: last.text + change.text }
    else merged.push({ ...change })
  }
  if (insert !== '') {
    const text = escapeMarkdown(insert)
    if (merged.length > 0) merged[0] = { ...merged[0]!, text: text + merged[0]!.text }
    else merged.push({ start, end: start, text })
  }
  return merged.filter((c) => c.start !== c.end || c.text !== '')
}

/**
 * Text typed in Word as Markdown that prints it as typed: characters that would start markup are
 * escaped, and a paragraph break is a blank line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|{}]/g, '\\$&')
    .replace(/\r?\n/g, '\n\n')
    .replace(/\n\n(#{1,6}|[-+])(?= )/g, '\n\n\\$1')
    .replace(/\n\n(\d+)([.)])(?= )/g, '\n\n$1\\$2')
}
