import { parse } from 'yaml'
import type { LayoutBlock, SourceMap } from '../comments/source-map.js'
import { describe, fromFrontMatter, openSources, place, searchAll, type Comment, type CommentsResult, type MappedSources, type SourcePlace } from '../comments/map.js'
import { findText, type Found } from '../comments/skeleton.js'
import { lineOffset, type IndexedSource, type SourceTexts } from '../comments/sources.js'
import { markdownChanges } from './edit.js'
import { readReviewed, type ReviewedParagraph, type ReviewMark, type TextPoint } from './reviewed.js'
import { readSourceMap } from './source-map.js'

/** Options of `readDocxComments`. */
export interface ReadDocxOptions {
  /** Project root (the sources; a git work tree for documents of other commits). */
  root: string
}

/** A match in a source: exact character offsets [start, end), and how it was made. */
interface Located {
  source: IndexedSource
  start: number
  end: number
  quality: Found['quality']
}

/**
 * Read a DOCX edition a reviewer edited in Word or LibreOffice: every comment (with its replies)
 * and every tracked change (insertion, deletion, replacement; across formatting runs, paragraphs,
 * table cells and footnotes), mapped to the edition (section, paragraph, writer) and to the
 * source file, line and column, against the commit the DOCX was built from (its source map),
 * and to today's sources. Tracked changes carry the exact edit of today's source file, for
 * `--patch`. Comments come as the same table as a reviewed PDF's (`kind: 'docx'`, no pages).
 */
export async function readDocxComments(data: Uint8Array, options: ReadDocxOptions): Promise<CommentsResult> {
  const reviewed = await readReviewed(data)
  const warnings: string[] = []
  let map: SourceMap | undefined
  try {
    map = await readSourceMap(reviewed.pkg.zip)
    if (!map) warnings.push('The DOCX carries no source map (not written by the Guidelines press); comments are located by their text only.')
  } catch (error) {
    warnings.push(`The DOCX's source map cannot be read (${(error as Error).message}); comments are located by their text only.`)
  }
  const opened = await openSources(map, options.root, warnings, 'DOCX')
  const sources = { ...opened, unexpand: unexpander(opened.reader.read('glossary.yaml')) }
  const comments = reviewed.marks.map((mark) => mapMark(mark, reviewed.paragraphs, map, sources))
  return { kind: 'docx', edition: map?.edition, commit: map?.commit, dirty: map?.dirty, sourcesAtCommit: sources.atCommit, comments, warnings }
}

/** The sources, and a function that undoes the glossary's expansions in printed text. */
type Sources = MappedSources & { unexpand: (text: string) => string }

/**
 * Printed text as its source has it: an abbreviation's first use is printed expanded
 * ("Port Community System (PCS)", "Authorized Economic Operators (AEOs)"), the source has the
 * abbreviation only.
 */
function unexpander(glossary: string | undefined): (text: string) => string {
  let entries: Array<{ term: string; abbreviation: string }> = []
  try {
    const data = parse(glossary ?? '[]') as unknown
    if (Array.isArray(data)) entries = data.filter((e): e is { term: string; abbreviation: string } => typeof e?.term === 'string' && typeof e?.abbreviation === 'string')
  } catch {
    entries = []
  }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s+')
  const patterns = entries.map((e) => ({ pattern: new RegExp(`${escape(e.term)}(s?)\\s+\\(${escape(e.abbreviation)}(s?)\\)`, 'giu'), abbreviation: e.abbreviation }))
  return (text) => patterns.reduce((out, { pattern, abbreviation }) => out.replace(pattern, (_, _plural: string, own: string) => `${abbreviation}${own}`), text)
}

const types: Record<ReviewMark['kind'], string> = { comment: 'Comment', insertion: 'Insertion', deletion: 'Deletion', replacement: 'Replacement' }

function mapMark(mark: ReviewMark, paragraphs: ReviewedParagraph[], map: SourceMap | undefined, sources: Sources): Comment {
  const ref = `${mark.start.paragraph.part}:${mark.start.paragraph.index}:${mark.start.offset + 1}`
  const shown = (text: string) => text.replace(/\s*\n\s*/g, ' ¶ ').trim()
  const comment: Comment = {
    ref,
    type: mark.kind === 'comment' && mark.resolved ? 'Comment (resolved)' : types[mark.kind],
    author: mark.author,
    ...(mark.date ? { date: mark.date } : {}),
    contents: mark.contents,
    text: shown(mark.text),
    page: 0,
    folio: '',
    replies: mark.replies
  }
  const point = mark.kind === 'insertion' || (mark.kind === 'comment' && mark.text.trim() === '')
  const then = locateMark(mark, paragraphs, map, sources, sources.reader, point)
  if (then) {
    comment.match = then.start.quality
    comment.source = point ? span(then.end.source, then.end.start, then.end.start) : span(then.start.source, then.start.start, then.end.end)
    const block = then.block
    // A footnote belongs to the paragraph that cites it.
    const note = then.start.source.footnotes.find((f) => then.start.start >= f.start && then.start.start <= f.end)
    const cited = note?.referenceLine
    const described = cited === undefined ? block : map?.blocks.find((b) => b.source === comment.source!.file && b.line === cited && b.para !== undefined) ?? map?.blocks.find((b) => b.source === comment.source!.file && b.line === cited)
    describe(comment, map, described, cited === undefined ? comment.source : { ...comment.source, line: cited })
    if (!comment.writer) fromFrontMatter(comment, then.start.source.text)
  }
  const now = sources.compareToday ? locateMark(mark, paragraphs, map, sources, sources.today, point, comment.source?.file) : then
  if (sources.compareToday && now) comment.current = point ? span(now.end.source, now.end.start, now.end.start) : span(now.start.source, now.start.start, now.end.end)
  if (mark.kind !== 'comment') {
    const from = mark.text
    const to = mark.inserted
    comment.replacement = { from: shown(from), to: shown(to) }
    comment.proposed = mark.kind === 'insertion' ? `Insert “${shown(to)}”${then?.after ? ` after “${then.after}”` : ''}` : mark.kind === 'deletion' ? `Delete “${shown(from)}”` : `Replace “${shown(from)}” with “${shown(to)}”`
    if (now && now.start.source.file === now.end.source.file) {
      const start = point ? now.end.start : now.start.start
      const end = point ? now.end.start : now.end.end
      const file = now.start.source.file
      const changes = file.endsWith('.md') ? markdownChanges(now.start.source.text, start, end, to) : [{ start, end, text: to }]
      if (changes.length > 0) comment.edits = { file, changes }
    }
  }
  return comment
}

/** The source place of the characters [start, end). */
function span(source: IndexedSource, start: number, end: number): SourcePlace {
  return place(source, { start, end: Math.max(start, end) - 1, quality: 'text' })
}

/**
 * Where a mark is in one set of sources (the commit's or today's): its start (and, for a range
 * over several paragraphs, its end) found in the source block of its paragraph, by its text and
 * the text before it; outside contributions (titles, the glossary), in every source.
 */
function locateMark(mark: ReviewMark, paragraphs: ReviewedParagraph[], map: SourceMap | undefined, sources: Sources, reader: SourceTexts, point: boolean, file?: string): { start: Located; end: Located; block?: LayoutBlock; after?: string } | undefined {
  const startAt = withBlock(mark.start, paragraphs)
  const block = startAt.paragraph.block === undefined ? undefined : map?.blocks[startAt.paragraph.block]
  const text = startAt.paragraph.original
  if (point) {
    // An insertion point: after the words before it (or before the first word of its paragraph).
    const before = text.slice(0, startAt.offset)
    const words = /(?:\S+\s+){0,2}\S+[\s\p{P}]*$/u.exec(before)?.[0] ?? ''
    if (words.trim() !== '') {
      const found = locate(sources, reader, block, words, before.slice(0, before.length - words.length), text.slice(startAt.offset), file)
      if (!found) return undefined
      const at: Located = { ...found, start: found.end, end: found.end }
      return { start: { ...found }, end: at, block, after: words.trim() }
    }
    const next = /^\s*\S+/.exec(text.slice(startAt.offset))?.[0] ?? ''
    const found = next.trim() ? locate(sources, reader, block, next.trim(), '', text.slice(startAt.offset + next.length), file) : undefined
    if (!found) return undefined
    const at: Located = { ...found, end: found.start }
    return { start: at, end: at, block }
  }
  const sameParagraph = mark.end.paragraph === mark.start.paragraph
  const needle = sameParagraph ? text.slice(startAt.offset, mark.end.offset) : text.slice(startAt.offset)
  const start = needle.trim() ? locate(sources, reader, block, needle, text.slice(Math.max(0, startAt.offset - 120), startAt.offset), sameParagraph ? text.slice(mark.end.offset) : '', file) : undefined
  if (sameParagraph || !start) return start ? { start, end: start, block } : undefined
  // A range over paragraphs: its end is found in the last paragraph's block.
  const endParagraph = mark.end.paragraph
  const endBlock = endParagraph.block === undefined ? undefined : map?.blocks[endParagraph.block]
  const tail = endParagraph.original.slice(0, mark.end.offset)
  const end = tail.trim() ? locate(sources, reader, endBlock, tail, '', endParagraph.original.slice(mark.end.offset), start.source.file) : undefined
  return { start, end: end && end.source === start.source && end.end >= start.start ? end : start, block }
}

/** A point in a paragraph the press did not write (a reviewer's new paragraph): the end of the nearest paragraph before it that it did. */
function withBlock(point: TextPoint, paragraphs: ReviewedParagraph[]): TextPoint {
  if (point.paragraph.block !== undefined) return point
  for (let i = paragraphs.indexOf(point.paragraph) - 1; i >= 0; i--) {
    const previous = paragraphs[i]!
    if (previous.part !== point.paragraph.part) break
    if (previous.block !== undefined) return { paragraph: previous, offset: previous.original.length }
  }
  return point
}

/**
 * Find printed text in the sources: in its block (when the paragraph has one), else in `file`
 * (today's copy of the commit's file), else anywhere (the YAML files first, for titles and
 * glossary text). The match is widened to the punctuation and spaces at the needle's ends where
 * the source has them too, so that an edit removes "very " and not only "very".
 */
function locate(sources: Sources, reader: SourceTexts, block: LayoutBlock | undefined, needle: string, before: string, after: string, file?: string): Located | undefined {
  needle = sources.unexpand(needle)
  before = sources.unexpand(before)
  after = sources.unexpand(after)
  const target = block?.source ?? file
  const index = target ? sources.indexOf(reader, target) : undefined
  let hit: { source: IndexedSource; at: Found } | undefined
  if (index) {
    const range = block && reader === sources.reader ? index.blocks.get(block.line) ?? { start: lineOffset(index, block.line), end: index.text.length } : undefined
    const inBlock = range ? findText(index.skeleton, needle, before, range.start, range.end + 1, after) : undefined
    const inFile = inBlock ? undefined : findText(index.skeleton, needle, before, 0, Infinity, after)
    const at = inBlock ?? (inFile && inFile.quality !== 'prefix' ? inFile : undefined)
    if (at) hit = { source: index, at }
  }
  hit ??= searchAll(reader, sources.indexOf, needle, before, !block)
  if (!hit) return undefined
  const { source, at } = hit
  if (at.quality === 'before' || at.quality === 'after') return { source, start: at.start, end: at.start, quality: at.quality }
  let start = at.start
  let end = at.end + 1
  const lead = /^[^\p{L}\p{N}]*/u.exec(needle)![0]
  const trail = /[^\p{L}\p{N}]*$/u.exec(needle)![0]
  if (at.quality !== 'prefix') {
    start -= matchingBackward(source.text, start, lead)
    end += matchingForward(source.text, end, trail)
  }
  return { source, start, end, quality: at.quality }
}

/** How many characters before `at` in `text` are `chars` (spaces, quotes and dashes compared loosely). */
function matchingBackward(text: string, at: number, chars: string): number {
  let n = 0
  while (n < chars.length && at - n - 1 >= 0 && same(text[at - n - 1]!, chars[chars.length - n - 1]!)) n++
  return n === chars.length ? n : 0
}

function matchingForward(text: string, at: number, chars: string): number {
  let n = 0
  while (n < chars.length && at + n < text.length && same(text[at + n]!, chars[n]!)) n++
  return n === chars.length ? n : 0
}

/** Source and printed characters that are the same character as typed (the press typesets quotes, dashes and spaces). */
function same(source: string, printed: string): boolean {
  if (source === printed) return true
  const kind = (c: string) => (/\s/.test(c) ? ' ' : /['‘’]/.test(c) ? "'" : /["“”]/.test(c) ? '"' : /[-‐‑–—]/.test(c) ? '-' : c)
  return kind(source) === kind(printed)
}
