import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { areaTypes, openPdf, readAnnotations, readAttachment, readPageText, textOf, type PageText, type RawAnnotation } from './pdf-text.js'
import { findText, type Found } from './skeleton.js'
import { indexSource, lineOffset, pointAt, readSourceTexts, type IndexedSource, type SourceTexts } from './sources.js'
import { commitReader, diskReader } from '../load/readers.js'
import { workTreeState } from '../io/git.js'
import { decodeSourceMap, sourceMapName, type LayoutBlock, type SourceMap } from './source-map.js'
import { guardPdfStreams } from './pdf-guard.js'
import { isProjectPath } from '../load/safe-read.js'

/** CSS px per PDF point: the page box is laid out in CSS px, the PDF is in points. */
const pxPerPt = 96 / 72

export interface SourcePlace {
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
}

export interface Reply {
  author: string
  date?: string
  contents: string
}

/** One comment of the reviewed PDF, mapped to the edition and to the sources. */
export interface Comment {
  /** Annotation object reference in the PDF ("12R"). */
  ref: string
  type: string
  author: string
  date?: string
  contents: string
  /** The printed text the annotation covers (markup), or points at (notes, carets). */
  text: string
  /** 1-based sheet index and the page's printed label. */
  page: number
  folio: string
  /** Every sheet the mark covers, when it continues over a page break (one comment for both halves). */
  pages?: number[]
  /** Line on the page, counted from the top of the text area. */
  pageLine?: number
  section?: { number: string; title: string }
  paragraph?: number
  writer?: string
  writerName?: string
  /** Where the text is in the sources the PDF was built from. */
  source?: SourcePlace
  /** How sure the source place is: `context` (text and what precedes it), `text`, `prefix`, `block` (only the block's line). */
  match?: Found['quality'] | 'block'
  /** Where the same text is in today's sources (when the PDF is from another commit). */
  current?: SourcePlace
  /** Proposed change in words ("replace “X” with “Y”"). */
  proposed?: string
  /** A pure replacement that `--patch` can write. */
  replacement?: { from: string; to: string }
  replies: Reply[]
}

export interface CommentsResult {
  edition?: string
  commit?: string
  dirty?: boolean
  /** Whether the sources were read at the PDF's commit (else from the work tree). */
  sourcesAtCommit: boolean
  comments: Comment[]
  warnings: string[]
}

export interface ReadCommentsOptions {
  /** Project root (the sources; a git work tree for PDFs of other commits). */
  root: string
}

/**
 * Read every annotation of a reviewed PDF and map it to the edition (page, line on the page,
 * section, paragraph, writer) and to the source file, line and column of the text it covers.
 * Uses the source map the build embedded (commit, layout of source blocks); sources are read at
 * that commit through git when possible, and the same text is looked up in today's files.
 */
export async function readComments(data: Uint8Array, options: ReadCommentsOptions): Promise<CommentsResult> {
  // Before pdf.js decodes anything: it inflates streams without a bound (a decompression bomb).
  guardPdfStreams(data)
  const pdf = await openPdf(data)
  try {
    return await mapComments(pdf, options)
  } finally {
    await pdf.destroy()
  }
}

async function mapComments(pdf: PDFDocumentProxy, options: ReadCommentsOptions): Promise<CommentsResult> {
  const warnings: string[] = []
  const embedded = await readAttachment(pdf, sourceMapName)
  let map: SourceMap | undefined
  try {
    map = embedded ? decodeSourceMap(embedded) : undefined
  } catch (error) {
    warnings.push(`The PDF's source map cannot be read (${(error as Error).message}); comments are located by their text only.`)
  }
  if (map) {
    // A tampered map may name files outside the project (`../../etc/passwd`, `/etc/passwd`):
    // never read, printed or written to a patch.
    const unsafe = new Set([...Object.keys(map.sources ?? {}), ...(map.blocks ?? []).flatMap((block) => (block.source === undefined ? [] : [block.source]))].filter((file) => !isProjectPath(file)))
    if (unsafe.size > 0) {
      warnings.push(`The PDF's source map names files outside the project (${[...unsafe].slice(0, 3).map((file) => JSON.stringify(file)).join(', ')}${unsafe.size > 3 ? ', ...' : ''}); they are ignored.`)
      for (const file of unsafe) delete map.sources[file]
      for (const block of map.blocks ?? []) if (block.source !== undefined && unsafe.has(block.source)) delete block.source
    }
  }
  if (!embedded) warnings.push('The PDF carries no source map (not built by the Guidelines press, or by an older version); comments are located by their text only.')

  const [today, state] = await Promise.all([readSourceTexts(diskReader(options.root)), workTreeState(options.root)])
  let reader: SourceTexts = today
  let atCommit = false
  if (map?.commit) {
    const byCommit = await commitReader(options.root, map.commit).then(readSourceTexts, () => undefined)
    if (!byCommit) warnings.push(`Commit ${map.commit.slice(0, 12)} of the PDF is not in this repository; the work tree's sources are used.`)
    else if (map.dirty) warnings.push(`The PDF was built from uncommitted changes on top of ${map.commit.slice(0, 12)}; it is mapped against the work tree's sources, which may have changed since.`)
    if (byCommit && !map.dirty) {
      reader = byCommit
      atCommit = true
    } else if (byCommit) {
      // Built from the work tree as it was: today's files first, the commit's where they are gone.
      reader = { commit: byCommit.commit, read: (file) => today.read(file) ?? byCommit.read(file), list: () => [...new Set([...today.list(), ...byCommit.list()])] }
    }
  }
  const compareToday = atCommit && (map?.commit !== state?.commit || Boolean(state?.dirty))

  const indexes = new Map<string, IndexedSource | undefined>()
  const indexOf = (r: SourceTexts, file: string) => {
    const key = `${r === today ? 'today' : 'then'}:${file}`
    if (!indexes.has(key)) {
      const text = r.read(file)
      indexes.set(key, text === undefined ? undefined : indexSource(file, text))
    }
    return indexes.get(key)
  }

  const pages = new Map<number, PageText>()
  const pageText = async (n: number) => {
    if (!pages.has(n)) pages.set(n, await readPageText(await pdf.getPage(n)))
    return pages.get(n)!
  }

  const annotations = await readAnnotations(pdf)
  const band = contentBand(map)
  const comments: Comment[] = []
  const byRef = new Map<string, Comment>()
  const replies: RawAnnotation[] = []
  const isReply = (a: RawAnnotation) => a.inReplyTo !== undefined && a.replyType !== 'Group'
  const carets = annotations.filter((a) => a.subtype === 'Caret' && !isReply(a))
  const paired = new Set<RawAnnotation>()
  // Where each markup starts and ends (block keys), to join one mark split over a page break.
  const ends = new Map<Comment, { first?: string; last?: string }>()

  // A strike-out and its caret make one replacement: grouped (Acrobat's replace tool), else a caret drawn on it.
  const replacements = new Map<RawAnnotation, RawAnnotation>()
  for (const strike of annotations.filter((a) => a.subtype === 'StrikeOut' && !isReply(a))) {
    const caret =
      carets.find((c) => !paired.has(c) && ((strike.replyType === 'Group' && c.ref === strike.inReplyTo) || (c.replyType === 'Group' && c.inReplyTo === strike.ref))) ??
      carets.find((c) => c.page === strike.page && !paired.has(c) && strike.quads.some((q) => intersects(q, c.rect, 3)))
    if (caret) {
      paired.add(caret)
      replacements.set(strike, caret)
    }
  }
  for (const annotation of annotations) {
    if (isReply(annotation)) {
      replies.push(annotation)
      continue
    }
    if (paired.has(annotation)) continue
    const page = await pageText(annotation.page)
    const target = locateOnPage(page, annotation)
    const comment: Comment = {
      ref: annotation.ref,
      type: annotation.subtype,
      author: annotation.author,
      date: annotation.date,
      contents: annotation.contents,
      text: target.text,
      page: annotation.page,
      folio: map?.folios[annotation.page - 1] ?? String(annotation.page),
      pageLine: target.glyph === undefined ? undefined : pageLineOf(page, page.glyphs[target.glyph]!.line, band),
      replies: []
    }
    // A strike-out with a caret on it is one replacement.
    const caret = replacements.get(annotation)
    if (caret) {
      comment.type = 'StrikeOut+Caret'
      comment.replacement = { from: target.text, to: caret.contents }
      // A grouped strike-out shows its caret's text as its own: the remark is the replacement.
      if (!comment.contents || comment.contents === caret.contents) comment.contents = caret.contents ? `Replace with “${caret.contents}”` : ''
    }

    let block = target.glyph === undefined ? undefined : blockAt(map, page, target.glyph)
    if (map && target.covered) {
      // Marks that start on printed text outside the blocks (an attribution, a number) start where the block does.
      const inside = target.covered.filter((i) => blockAt(map, page, i) !== undefined)
      const first = inside[0] === undefined ? undefined : blockAt(map, page, inside[0])
      if (first && first !== block) {
        block = first
        const own = inside.filter((i) => blockAt(map, page, i) === first)
        target.needle = textOf(page, own)
        target.before = textOf(page, range(Math.max(0, own[0]! - 80), own[0]!).filter((i) => !marginGlyphs(page).has(i)))
      }
    }
    if (block && !block.source && map) block.source = footnoteSource(map, block)
    let found: { source: IndexedSource; at: Found | undefined } | undefined
    if (block?.source) {
      const source = indexOf(reader, block.source)
      if (source) {
        const range = source.blocks.get(block.line) ?? { start: lineOffset(source, block.line), end: source.text.length }
        const inBlock = findText(source.skeleton, target.needle, target.before, range.start, range.end + 1, target.after)
        const inFile = inBlock ? undefined : findText(source.skeleton, target.needle, target.before)
        const at = inBlock ?? (inFile && (inFile.quality === 'context' || inFile.quality === 'text') ? inFile : undefined)
        found = { source, at }
        comment.match = at?.quality ?? 'block'
        comment.source = at ? place(source, at, target.insertAfter) : { file: source.file, ...firstText(source, block.line) }
      }
    }
    if (!found?.at) {
      // Printed outside every contribution (glossary, titles, contents): the YAML files come first.
      const hit = searchAll(reader, indexOf, target.needle, target.before, Boolean(map) && !block)
      if (hit && (!found || hit.at.quality === 'context')) {
        found = hit
        comment.match = hit.at.quality
        comment.source = place(hit.source, hit.at, target.insertAfter)
      }
    }
    // A word hyphenated at the end of the page goes on on the next page (joinContinuation).
    if (/[-\u00ad\u2010]$/.test(target.text)) hyphenatedAtEnd.add(comment)
    if (found?.at && (found.at.quality === 'context' || found.at.quality === 'text') && !target.insertAfter && comment.type !== 'Caret') {
      // Show the text as written where the print differs only in line breaks and hyphenation.
      const written = found.source.text.slice(found.at.start, found.at.end + 1)
      if (!/[*_`[\]{}<>#|\\]/.test(written) && written.replace(/\s+/g, ' ') !== comment.text) {
        comment.text = written.replace(/\s+/g, ' ')
        if (comment.replacement && comment.type === 'StrikeOut+Caret') comment.replacement.from = comment.text
      }
    }
    if (comment.source && found) {
      // A footnote belongs to the paragraph that cites it.
      const offset = lineOffset(found.source, comment.source.line) + comment.source.column - 1
      const note = found.source.footnotes.find((f) => offset >= f.start && offset <= f.end)
      const cited = note?.referenceLine
      describe(comment, map, cited === undefined ? block : map?.blocks.find((b) => b.source === comment.source!.file && b.line === cited) ?? undefined, cited === undefined ? comment.source : { ...comment.source, line: cited })
      if (!comment.writer) fromFrontMatter(comment, found.source.text)
    } else if (comment.source) {
      describe(comment, map, block, comment.source)
    }
    if (compareToday && comment.source && target.needle) {
      const now = indexOf(today, comment.source.file)
      const at = now ? findText(now.skeleton, target.needle, target.before) : undefined
      if (now && at) comment.current = place(now, at, target.insertAfter)
      else {
        const hit = searchAll(today, indexOf, target.needle, target.before)
        if (hit) comment.current = place(hit.source, hit.at, target.insertAfter)
      }
    }
    proposeChange(comment, annotation)
    const key = (b: LayoutBlock | undefined) => (b?.source ? `${b.source}:${b.line}` : undefined)
    ends.set(comment, { first: key(block), last: key(target.last === undefined ? block : blockAt(map, page, target.last)) })
    const previous = comments.find((other) => continues(other, comment, ends))
    if (previous) {
      joinContinuation(previous, comment)
      ends.get(previous)!.last = ends.get(comment)!.last
      byRef.set(annotation.ref, previous)
      if (caret) byRef.set(caret.ref, previous)
      continue
    }
    comments.push(comment)
    byRef.set(annotation.ref, comment)
    if (caret) byRef.set(caret.ref, comment)
  }
  // Replies, and replies to replies, join the comment their thread starts from.
  let pending = replies
  for (;;) {
    const waiting = pending.filter((reply) => {
      const parent = byRef.get(reply.inReplyTo!)
      if (!parent) return true
      parent.replies.push({ author: reply.author, date: reply.date, contents: reply.contents })
      byRef.set(reply.ref, parent)
      return false
    })
    if (waiting.length === pending.length) break
    pending = waiting
  }
  for (const reply of pending) {
    warnings.push(`Reply ${reply.ref} on page ${reply.page} answers an annotation that is not there; it is listed on its own.`)
    comments.push({ ref: reply.ref, type: reply.subtype, author: reply.author, date: reply.date, contents: reply.contents, text: '', page: reply.page, folio: map?.folios[reply.page - 1] ?? String(reply.page), replies: [] })
  }
  comments.sort((a, b) => a.page - b.page || (a.pageLine ?? 0) - (b.pageLine ?? 0))
  return { edition: map?.edition, commit: map?.commit, dirty: map?.dirty, sourcesAtCommit: atCommit, comments, warnings }
}

interface Target {
  /** Printed text covered or pointed at (for display). */
  text: string
  /** Text to look for in the sources, and the printed text just before it. */
  needle: string
  before: string
  /** The glyph the annotation is anchored at (its first covered or nearest glyph). */
  glyph?: number
  /** The last covered glyph (markup). */
  last?: number
  /** For insertions after the last word: the source place is the needle's end. */
  insertAfter?: boolean
  /** Printed text just after the needle. */
  after?: string
  /** Covered glyphs (markup), to find the block they are in. */
  covered?: number[]
}

/** What an annotation covers (markup), encloses (free text) or points at (notes, carets). */
function locateOnPage(page: PageText, annotation: RawAnnotation): Target {
  // Line numbers and hanging paragraph numbers print in the margin; the sources do not have them.
  const margin = marginGlyphs(page)
  const inText = (i: number) => !margin.has(i)
  const before = (index: number) => textOf(page, range(Math.max(0, index - 120), index).filter(inText).slice(-80))
  const afterText = (index: number) => textOf(page, range(index + 1, Math.min(page.glyphs.length, index + 121)).filter(inText).slice(0, 80))
  const boxes = annotation.quads.length > 0 ? annotation.quads : areaTypes.has(annotation.subtype) ? [annotation.rect] : []
  if (boxes.length > 0 && annotation.subtype !== 'Caret') {
    const covered: number[] = []
    page.glyphs.forEach((g, i) => {
      if (!inText(i)) return
      const cx = (g.x0 + g.x1) / 2
      const cy = (g.y0 + g.y1) / 2
      if (boxes.some(([x0, y0, x1, y1]) => cx >= x0 - 0.5 && cx <= x1 + 0.5 && cy >= y0 - 0.5 && cy <= y1 + 0.5)) covered.push(i)
    })
    while (covered.length > 0 && page.glyphs[covered[0]!]!.ch === ' ') covered.shift()
    while (covered.length > 0 && page.glyphs[covered[covered.length - 1]!]!.ch === ' ') covered.pop()
    if (covered.length > 0) {
      const text = textOf(page, covered)
      return { text, needle: text, before: before(covered[0]!), after: afterText(covered[covered.length - 1]!), glyph: covered[0], last: covered[covered.length - 1], covered }
    }
  }
  // Notes and carets point: the nearest line, then the nearest character on it.
  const [rx0, ry0, rx1, ry1] = annotation.rect
  const x = annotation.subtype === 'Text' ? rx0 + Math.min(10, (rx1 - rx0) / 2) : (rx0 + rx1) / 2
  const y = annotation.subtype === 'Caret' ? ry0 + (ry1 - ry0) * 0.4 : annotation.subtype === 'Text' ? ry1 - Math.min(10, (ry1 - ry0) / 2) : (ry0 + ry1) / 2
  let best: number | undefined
  let bestLine = Infinity
  page.lines.forEach((line, index) => {
    const distance = y < line.y0 ? line.y0 - y : y > line.y1 ? y - line.y1 : 0
    if (distance < bestLine && line.end > line.start) {
      bestLine = distance
      best = index
    }
  })
  if (best === undefined) return { text: '', needle: '', before: '' }
  const line = page.lines[best]!
  if (annotation.subtype === 'Caret') {
    // Insert before the first character whose middle is right of the caret.
    let at = line.start
    while (at < line.end && (page.glyphs[at]!.x0 + page.glyphs[at]!.x1) / 2 < x) at++
    if (at < line.end) {
      const next = wordEnd(page, at, line.end)
      const text = textOf(page, range(at, next))
      if (/[\p{L}\p{N}]/u.test(text)) return { text, needle: text, before: before(at), glyph: at }
    }
    let end = at
    while (end > line.start && !isWord(page.glyphs[end - 1]!.ch)) end--
    const start = wordStart(page, Math.max(line.start, end - 1), line.start)
    const text = textOf(page, range(start, end))
    return { text, needle: text, before: before(start), glyph: Math.max(line.start, at - 1), insertAfter: true }
  }
  let nearest = line.start
  while (nearest < line.end - 1 && !inText(nearest)) nearest++
  for (let i = line.start; i < line.end; i++) {
    if (!inText(i)) continue
    const g = page.glyphs[i]!
    const d = x < g.x0 ? g.x0 - x : x > g.x1 ? x - g.x1 : 0
    const n = page.glyphs[nearest]!
    const dn = x < n.x0 ? n.x0 - x : x > n.x1 ? x - n.x1 : 0
    if (d < dn || (n.ch === ' ' && d <= dn)) nearest = i
  }
  const start = wordStart(page, nearest, line.start)
  const end = wordEnd(page, nearest, line.end)
  const indices = range(start, end)
  // A word hyphenated at the line end goes on at the start of the next line.
  const following = page.lines[best + 1]
  if (following && end >= line.end && /[-\u00ad\u2010]/.test(page.glyphs[end - 1]!.ch)) {
    let k = following.start
    while (k < following.end && !inText(k)) k++
    if (k < following.end && /\p{Ll}/u.test(page.glyphs[k]!.ch)) indices.push(...range(k, wordEnd(page, k, following.end)))
  }
  const text = textOf(page, indices)
  return { text, needle: text, before: before(start), glyph: start }
}

/** Whether `next` continues `previous` over a page break: same kind, author and remark, same block. */
function continues(previous: Comment, next: Comment, ends: Map<Comment, { first?: string; last?: string }>): boolean {
  const a = ends.get(previous)
  const b = ends.get(next)
  return (
    next.page === previous.page + 1 &&
    next.type === previous.type &&
    !['Text', 'Caret'].includes(next.type) &&
    !areaTypes.has(next.type) &&
    next.author === previous.author &&
    next.contents === previous.contents &&
    a?.last !== undefined &&
    a.last === b?.first
  )
}

/** Comments whose printed text ends with a hyphen (their text may since be the source's, without it). */
const hyphenatedAtEnd = new WeakSet<Comment>()

function joinContinuation(previous: Comment, next: Comment): void {
  const hyphen = /[-\u00ad\u2010]$/.test(previous.text)
  previous.text = (hyphen || hyphenatedAtEnd.has(previous)) && /^\p{Ll}/u.test(next.text) ? (hyphen ? previous.text.slice(0, -1) : previous.text) + next.text : `${previous.text} ${next.text}`
  if (previous.source && next.source && next.source.file === previous.source.file) {
    previous.source.endLine = next.source.endLine
    previous.source.endColumn = next.source.endColumn
  }
  if (previous.current && next.current && next.current.file === previous.current.file) {
    previous.current.endLine = next.current.endLine
    previous.current.endColumn = next.current.endColumn
  }
  if (previous.replacement && next.replacement) previous.replacement.from = previous.text
  previous.pages = [...(previous.pages ?? [previous.page]), next.page]
}

const isWord = (ch: string) => /[\p{L}\p{N}'’\u00ad-]/u.test(ch)

/** Whether glyphs i-1 and i are printed together (no gap: same word). */
const joined = (page: PageText, i: number) => page.glyphs[i]!.x0 - page.glyphs[i - 1]!.x1 < 1.5

function wordStart(page: PageText, at: number, limit: number): number {
  let i = at
  while (i > limit && isWord(page.glyphs[i - 1]!.ch) && isWord(page.glyphs[i]!.ch) && joined(page, i)) i--
  return i
}

function wordEnd(page: PageText, at: number, limit: number): number {
  let i = at
  if (!isWord(page.glyphs[i]?.ch ?? ' ')) return Math.min(i + 1, limit)
  i++
  while (i < limit && isWord(page.glyphs[i]!.ch) && joined(page, i)) i++
  return i
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k)
}

function intersects(a: [number, number, number, number], b: [number, number, number, number], slack: number): boolean {
  return a[0] - slack <= b[2] && b[0] <= a[2] + slack && a[1] - slack <= b[3] && b[1] <= a[3] + slack
}

/** The innermost source block on the glyph's page whose line boxes hold the glyph. */
function blockAt(map: SourceMap | undefined, page: PageText, index: number): LayoutBlock | undefined {
  if (!map) return undefined
  const g = page.glyphs[index]!
  const x = ((g.x0 + g.x1) / 2) * pxPerPt
  const y = (page.height - (g.y0 + g.y1) / 2) * pxPerPt
  let best: LayoutBlock | undefined
  let bestArea = Infinity
  for (const block of map.blocks) {
    if (block.page !== page.page) continue
    const hit = block.rects.some((r) => x >= r.x - 1 && x <= r.x + r.w + 1 && y >= r.y - 1 && y <= r.y + r.h + 1)
    if (!hit) continue
    const area = block.rects.reduce((s, r) => s + r.w * r.h, 0)
    if (area < bestArea) {
      best = block
      bestArea = area
    }
  }
  return best
}

/** The contribution that defines a footnote printed at the page bottom (outside its contribution). */
function footnoteSource(map: SourceMap, block: LayoutBlock): string | undefined {
  const number = /^fn-(\d+)$/.exec(block.id ?? '')?.[1]
  if (!number) return undefined
  for (const [file, entry] of Object.entries(map.sources)) if (entry.footnotes?.includes(Number(number))) return file
  return undefined
}

/** Search every source (glossary and outline first: their text prints outside contributions). */
function searchAll(reader: SourceTexts, indexOf: (r: SourceTexts, file: string) => IndexedSource | undefined, needle: string, before: string, yamlFirst = false): { source: IndexedSource; at: Found } | undefined {
  if (!needle.trim()) return undefined
  let fallback: { source: IndexedSource; at: Found } | undefined
  for (const file of reader.list()) {
    const source = indexOf(reader, file)
    if (!source) continue
    const at = findText(source.skeleton, needle, before)
    if (!at) continue
    if (yamlFirst && file.endsWith('.yaml') && at.quality === 'text') return { source, at }
    if (at.quality === 'context') return { source, at }
    if (!fallback || (fallback.at.quality === 'prefix' && at.quality === 'text')) fallback = { source, at }
  }
  return fallback
}

function place(source: IndexedSource, at: Found, after = false): SourcePlace {
  let from = after ? at.end + 1 : at.start
  // After the preceding text: at the next thing written (a reference, an abbreviation), not at the space.
  if (at.quality === 'before') while (from < source.text.length && /\s/.test(source.text[from]!)) from++
  // Before the following text: at a reference written just before it (`[](#id)`), else at that text.
  if (at.quality === 'after') {
    const link = /\[[^\]\n]*\]\([^)\s]*\)[.,;:]?\s*$/.exec(source.text.slice(Math.max(0, from - 200), from))
    if (link) from -= link[0].length
  }
  const start = pointAt(source, from)
  const end = pointAt(source, Math.max(from, at.end + 1))
  return { file: source.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column }
}

function firstText(source: IndexedSource, line: number): Omit<SourcePlace, 'file'> {
  const text = source.text.slice(lineOffset(source, line)).split('\n')[0] ?? ''
  const column = Math.max(1, text.search(/[\p{L}\p{N}]/u) + 1)
  return { line, column, endLine: line, endColumn: column }
}

/** Without a source map: the writer and section id from the contribution's front matter. */
function fromFrontMatter(comment: Comment, text: string): void {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1]
  if (!front) return
  const writer = /^writer:\s*["']?([^"'\s#]+)/m.exec(front)?.[1]
  const section = /^section:\s*["']?([^"'\s#]+)/m.exec(front)?.[1]
  if (writer) comment.writer = writer
  if (section && !comment.section) comment.section = { number: '', title: section }
}

/** Section, paragraph and writer of a place in a contribution. */
function describe(comment: Comment, map: SourceMap | undefined, block: LayoutBlock | undefined, at: SourcePlace): void {
  if (at.file === 'glossary.yaml') {
    comment.section = { number: '', title: 'Glossary' }
    return
  }
  const entry = map?.sources[at.file]
  if (!entry) return
  comment.writer = entry.writer
  comment.writerName = entry.writerName
  const heading = [...entry.headings].reverse().find((h) => h.line <= at.line && h.number)
  comment.section = heading ? { number: heading.number!, title: heading.title } : { number: entry.section.number, title: entry.section.title }
  if (block?.para !== undefined && block.source === at.file) {
    comment.paragraph = block.para
    return
  }
  const lastHeading = [...entry.headings].reverse().find((h) => h.line <= at.line)?.line ?? 0
  const candidates = (map?.blocks ?? []).filter((b) => b.source === at.file && b.para !== undefined && b.line <= at.line && b.line > lastHeading)
  const nearest = candidates.reduce<LayoutBlock | undefined>((best, b) => (!best || b.line > best.line ? b : best), undefined)
  if (nearest) comment.paragraph = nearest.para
}

const quoted = /^\s*replace\s+[“"'‘](.+?)[”"'’]\s+(?:with|by)\s+[“"'‘](.*?)[”"'’]\s*\.?\s*$/is
const bare = /^\s*replace\s+(.+?)\s+(?:with|by)\s+(.+?)\s*\.?\s*$/is

/** Proposed change in words; pure replacements also as data for `--patch`. */
function proposeChange(comment: Comment, annotation: RawAnnotation): void {
  if (comment.replacement) {
    comment.proposed = `Replace “${comment.replacement.from}” with “${comment.replacement.to}”`
    return
  }
  const m = quoted.exec(annotation.contents) ?? bare.exec(annotation.contents)
  if (m) {
    comment.replacement = { from: m[1]!, to: m[2]! }
    comment.proposed = `Replace “${m[1]}” with “${m[2]}”`
    return
  }
  if (annotation.subtype === 'StrikeOut') comment.proposed = `Delete “${comment.text}”`
  else if (annotation.subtype === 'Caret') comment.proposed = `Insert “${annotation.contents}”`
}

const marginCache = new WeakMap<PageText, Set<number>>()
const printedCache = new WeakMap<PageText, Map<number, number>>()

/**
 * Glyphs printed in the margin that the sources do not have: line numbers, hanging paragraph
 * numbers, footnote and heading numbers at a line start (a number alone, set apart by a gap).
 */
export function marginGlyphs(page: PageText): Set<number> {
  const known = marginCache.get(page)
  if (known) return known
  const margin = new Set<number>()
  marginCache.set(page, margin)
  for (const line of page.lines) {
    let i = line.start
    for (let token = 0; token < 3 && i < line.end; token++) {
      while (i < line.end && page.glyphs[i]!.ch === ' ') i++
      let j = i + 1
      while (j < line.end && page.glyphs[j]!.ch !== ' ' && page.glyphs[j]!.x0 - page.glyphs[j - 1]!.x1 < 1.5) j++
      const word = page.glyphs.slice(i, j).map((g) => g.ch).join('')
      let next = j
      while (next < line.end && page.glyphs[next]!.ch === ' ') next++
      const gap = next < line.end ? page.glyphs[next]!.x0 - page.glyphs[j - 1]!.x1 : 0
      if (!/^(\d+|[ivxlc]+|[a-z])\.?$/.test(word) || gap < 4 || (!/^\d+$/.test(word) && !word.endsWith('.'))) break
      for (let k = i; k < j; k++) margin.add(k)
      i = next
    }
  }
  return margin
}

/** Vertical band of the text area (points from the page top) and its left edge, from the layout. */
export interface Band {
  top: number
  bottom: number
  left: number
}

export function contentBand(map: SourceMap | undefined): Band | undefined {
  const rects = (map?.blocks ?? []).flatMap((b) => b.rects)
  if (rects.length === 0) return undefined
  return {
    top: Math.min(...rects.map((r) => r.y)) / pxPerPt - 2,
    bottom: Math.max(...rects.map((r) => r.y + r.h)) / pxPerPt + 2,
    left: Math.min(...rects.map((r) => r.x)) / pxPerPt - 2
  }
}

/**
 * Line numbers printed in the margin (review editions): numbers alone at a line start, right-
 * aligned in one column on at least three lines. By line index.
 */
export function printedLineNumbers(page: PageText): Map<number, number> {
  const known = printedCache.get(page)
  if (known) return known
  const margin = marginGlyphs(page)
  const candidates: Array<{ line: number; value: number; right: number }> = []
  page.lines.forEach((line, index) => {
    // Per text run: a paragraph number ("34.") and a line number are separate runs; a line with a
    // raised footnote mark may carry two line numbers, of which the first (smaller) is the line's.
    const numbers = new Map<number, { word: string; right: number }>()
    for (let i = line.start; i < line.end && margin.has(i); i++) {
      const g = page.glyphs[i]!
      const entry = numbers.get(g.run) ?? { word: '', right: 0 }
      entry.word += g.ch
      entry.right = Math.max(entry.right, g.x1)
      numbers.set(g.run, entry)
    }
    const found = [...numbers.values()].filter((n) => /^\d+$/.test(n.word)).sort((a, b) => Number(a.word) - Number(b.word))[0]
    if (found) candidates.push({ line: index, value: Number(found.word), right: Math.round(found.right) })
  })
  const columns = new Map<number, number>()
  for (const c of candidates) columns.set(c.right, (columns.get(c.right) ?? 0) + 1)
  const near = (x: number) => [x - 1, x, x + 1].reduce((n, k) => n + (columns.get(k) ?? 0), 0)
  const out = new Map<number, number>()
  for (const c of candidates) if (near(c.right) >= 3) out.set(c.line, c.value)
  printedCache.set(page, out)
  return out
}

/**
 * 1-based line on the page: the printed line number (review editions), else the rank among
 * lines of the text area (running heads, margins and line numbers left out).
 */
export function pageLineOf(page: PageText, line: number, band: Band | undefined, usePrinted = true): number {
  const printed = usePrinted ? printedLineNumbers(page).get(line) : undefined
  if (printed !== undefined) return printed
  const top = band?.top ?? page.height * 0.07
  const bottom = band?.bottom ?? page.height * 0.93
  const left = band?.left ?? 0
  let n = 0
  for (let i = 0; i <= line && i < page.lines.length; i++) {
    const l = page.lines[i]!
    const fromTop = page.height - (l.y0 + l.y1) / 2
    if (fromTop < top || fromTop > bottom) continue
    if (!page.glyphs.slice(l.start, l.end).some((g) => g.x0 >= left && g.ch.trim())) continue
    n++
  }
  return Math.max(1, n)
}
