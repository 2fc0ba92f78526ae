// What a reviewer did to a DOCX edition in Word or LibreOffice: comments (with replies) and
// tracked changes (ECMA-376 Part 1 §17.13: w:ins, w:del, w:moveFrom, w:moveTo, and inserted or
// deleted paragraph marks), read from the WordprocessingML with xmldom. No library reads comment
// threads and revisions as positions in the text (mammoth drops both), hence this module.
import type { Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom'
import { childElements, closest, descendants, inFallback, isW, openPackage, W, wAll, wAttr, wChild, type DocxPackage, type XmlPart } from '../ooxml/package.js'
import { blockIndexOf } from './source-map.js'

/** One paragraph of the reviewed document, with its text as the press wrote it. */
export interface ReviewedParagraph {
  /** The part it is in (`word/document.xml`, `word/footnotes.xml`). */
  part: string
  /** Its number in the part (every w:p in document order, from 1). */
  index: number
  /** The source block its bookmark names (`_GS<n>`), if any. */
  block?: number
  /**
   * The text before the review: unchanged and deleted text, without insertions, without what the
   * press printed that no source has (paragraph and heading numbers, footnote marks).
   */
  original: string
}

/** A place in the text before the review: a paragraph and a character offset in its `original`. */
export interface TextPoint {
  paragraph: ReviewedParagraph
  offset: number
}

/** A reply to a comment (Word threads, or LibreOffice comments on the same text). */
export interface ReviewedReply {
  author: string
  date?: string
  contents: string
}

/** A comment or a tracked change, where it is in the text before the review. */
export interface ReviewMark {
  kind: 'comment' | 'insertion' | 'deletion' | 'replacement'
  author: string
  date?: string
  /** A comment's text (its paragraphs joined by line breaks). */
  contents: string
  replies: ReviewedReply[]
  /** A comment marked done (resolved) in Word. */
  resolved?: boolean
  start: TextPoint
  end: TextPoint
  /** The original text between start and end (the text a comment covers, or the text deleted); paragraph breaks as `\n`. */
  text: string
  /** The text inserted (paragraph breaks as `\n`). */
  inserted: string
}

/** A reviewed DOCX read: its package, paragraphs and marks (in document order). */
export interface ReviewedDocument {
  pkg: DocxPackage
  paragraphs: ReviewedParagraph[]
  marks: ReviewMark[]
}

const W14 = 'http://schemas.microsoft.com/office/word/2010/wordml'
const W15 = 'http://schemas.microsoft.com/office/word/2012/wordml'
/** Runs the press wrote that no source holds (styles of src/word/edition.ts). */
const printedOnly = new Set(['ParagraphNumber', 'HeadingNumber'])

/**
 * Whether `data` is to be read as a Word document: a zip (OOXML packages are zips; a PDF starts
 * with `%PDF`). The content decides, not the file's name; a zip that holds no Word document is
 * then refused by `readReviewed` with a DocxError that says why.
 */
export function isDocx(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04
}

/** Read the comments and tracked changes of a reviewed DOCX (footnotes included). */
export async function readReviewed(data: Uint8Array): Promise<ReviewedDocument> {
  const pkg = await openPackage(data)
  const comments = readCommentTexts(pkg)
  const paragraphs: ReviewedParagraph[] = []
  const marks: ReviewMark[] = []
  const anchors = new Map<string, { start?: TextPoint; end?: TextPoint; reference?: TextPoint }>()
  for (const part of [pkg.document, pkg.footnotes, pkg.endnotes]) {
    if (!part) continue
    scanPart(part, paragraphs, marks, anchors)
  }
  // Comments: each at its range (or its reference mark), replies with the comment they answer.
  const parentOf = threads(comments, anchors, Boolean(pkg.commentsExtended))
  const rootOf = (comment: CommentText): CommentText => {
    const seen = new Set<CommentText>()
    let current = comment
    while (parentOf.has(current) && !seen.has(current)) {
      seen.add(current)
      current = parentOf.get(current)!
    }
    return current
  }
  const commentMarks = new Map<CommentText, ReviewMark>()
  for (const comment of comments.values()) {
    if (rootOf(comment) !== comment) continue
    const at = anchors.get(comment.id)
    const start = at?.start ?? at?.reference
    const end = at?.end ?? at?.reference ?? start
    if (!start || !end) continue
    const mark: ReviewMark = { kind: 'comment', author: comment.author, ...(comment.date ? { date: comment.date } : {}), contents: comment.text, replies: [], ...(comment.done ? { resolved: true } : {}), start, end, text: textBetween(paragraphs, start, end), inserted: '' }
    commentMarks.set(comment, mark)
    marks.push(mark)
  }
  // Replies in the order they were written (dates), as Word lists a thread.
  const replies = [...comments.values()].filter((c) => rootOf(c) !== c).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''))
  for (const reply of replies) commentMarks.get(rootOf(reply))?.replies.push({ author: reply.author, ...(reply.date ? { date: reply.date } : {}), contents: reply.text })
  marks.sort((a, b) => order(paragraphs, a.start) - order(paragraphs, b.start) || (a.kind === 'comment' ? 1 : 0) - (b.kind === 'comment' ? 1 : 0))
  return { pkg, paragraphs, marks }
}

/**
 * Which comment answers which: Word names the comment a reply answers in commentsExtended
 * (w15:paraIdParent). Without that part (LibreOffice 7 writes none), comments on exactly the
 * same text are one thread, the first written being the comment and the others its replies,
 * as LibreOffice anchors a reply where its comment is.
 */
function threads(comments: Map<string, CommentText>, anchors: Map<string, { start?: TextPoint; end?: TextPoint; reference?: TextPoint }>, extended: boolean): Map<CommentText, CommentText> {
  const parentOf = new Map<CommentText, CommentText>()
  if (extended) {
    const byParaId = new Map([...comments.values()].filter((c) => c.paraId).map((c) => [c.paraId!, c]))
    for (const comment of comments.values()) {
      const parent = comment.parent ? byParaId.get(comment.parent) : undefined
      if (parent && parent !== comment) parentOf.set(comment, parent)
    }
    return parentOf
  }
  const byPlace = new Map<string, CommentText[]>()
  for (const comment of comments.values()) {
    const at = anchors.get(comment.id)
    const start = at?.start ?? at?.reference
    const end = at?.end ?? start
    if (!start || !end) continue
    const key = `${start.paragraph.part}:${start.paragraph.index}:${start.offset}:${end.paragraph.index}:${end.offset}`
    byPlace.set(key, [...(byPlace.get(key) ?? []), comment])
  }
  for (const thread of byPlace.values()) {
    if (thread.length < 2) continue
    const [first, ...rest] = [...thread].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || Number(a.id) - Number(b.id))
    for (const reply of rest) parentOf.set(reply, first!)
  }
  return parentOf
}

function order(paragraphs: ReviewedParagraph[], point: TextPoint): number {
  return paragraphs.indexOf(point.paragraph) * 1e6 + point.offset
}

/** The original text from `start` to `end`, paragraph breaks as `\n`. */
export function textBetween(paragraphs: ReviewedParagraph[], start: TextPoint, end: TextPoint): string {
  const from = paragraphs.indexOf(start.paragraph)
  const to = paragraphs.indexOf(end.paragraph)
  if (from < 0 || to < from) return ''
  if (from === to) return start.paragraph.original.slice(start.offset, Math.max(start.offset, end.offset))
  const parts = [start.paragraph.original.slice(start.offset)]
  for (let i = from + 1; i < to; i++) parts.push(paragraphs[i]!.original)
  parts.push(end.paragraph.original.slice(0, end.offset))
  return parts.join('\n')
}

interface CommentText {
  id: string
  author: string
  date?: string
  text: string
  /** w14:paraId of the comment's last paragraph (how commentsExtended names it). */
  paraId?: string
  /** The paraId of the comment it answers. */
  parent?: string
  done?: boolean
}

function readCommentTexts(pkg: DocxPackage): Map<string, CommentText> {
  const out = new Map<string, CommentText>()
  if (!pkg.comments) return out
  for (const comment of wAll(pkg.comments.doc, 'comment')) {
    const id = wAttr(comment, 'id') ?? ''
    const paragraphs = wAll(comment, 'p')
    const text = paragraphs.map((p) => plainText(p)).join('\n').trim()
    const last = paragraphs[paragraphs.length - 1]
    const paraId = last ? last.getAttributeNS(W14, 'paraId') || last.getAttribute('w14:paraId') || undefined : undefined
    out.set(id, { id, author: wAttr(comment, 'author') ?? '', date: wAttr(comment, 'date') || undefined, text, paraId: paraId ?? undefined })
  }
  // Threads (Word 2013+, and LibreOffice): commentsExtended says which comment answers which.
  if (pkg.commentsExtended) {
    const byParaId = new Map([...out.values()].filter((c) => c.paraId).map((c) => [c.paraId!, c]))
    for (const extended of Array.from(pkg.commentsExtended.doc.getElementsByTagNameNS(W15, 'commentEx'))) {
      const comment = byParaId.get(extended.getAttributeNS(W15, 'paraId') || extended.getAttribute('w15:paraId') || '')
      if (!comment) continue
      const parent = extended.getAttributeNS(W15, 'paraIdParent') || extended.getAttribute('w15:paraIdParent')
      if (parent) comment.parent = parent
      if ((extended.getAttributeNS(W15, 'done') || extended.getAttribute('w15:done')) === '1') comment.done = true
    }
  }
  return out
}

/** A comment paragraph's text (no annotation reference mark). */
function plainText(paragraph: XmlElement): string {
  let text = ''
  for (const node of descendants(paragraph)) {
    if (isW(node, 't')) text += (node as XmlElement).textContent ?? ''
    else if (isW(node, 'tab')) text += '\t'
    else if (isW(node, 'br')) text += '\n'
  }
  return text
}

type Revision = 'ins' | 'del' | undefined

/** The change a node is part of: inserted or deleted (moved text counts as such), or none. */
function revisionOf(node: XmlNode, paragraph: XmlElement): { kind: Revision; element?: XmlElement } {
  const element = closest(node, (e) => e === paragraph || (e.namespaceURI === W && ['ins', 'del', 'moveFrom', 'moveTo'].includes(e.localName ?? '')))
  if (!element || element === paragraph) return { kind: undefined }
  return { kind: element.localName === 'ins' || element.localName === 'moveTo' ? 'ins' : 'del', element }
}

/** The character style of the run holding `node`. */
function runStyle(node: XmlNode): string | undefined {
  const run = closest(node, (e) => isW(e, 'r'))
  return wAttr(wChild(wChild(run, 'rPr'), 'rStyle'), 'val')
}

/**
 * Walk one part's paragraphs in document order: collect each paragraph's original text, the
 * tracked changes (adjacent deletions and insertions of one author are one change, also across
 * formatting runs and paragraph marks), and where each comment starts, ends and is referenced.
 */
function scanPart(part: XmlPart, paragraphs: ReviewedParagraph[], marks: ReviewMark[], anchors: Map<string, { start?: TextPoint; end?: TextPoint; reference?: TextPoint }>): void {
  const open = new Map<string, number>() // bookmark id -> block
  let index = 0
  let change: { mark: ReviewMark; author: string } | undefined
  const close = () => {
    if (!change) return
    const { mark } = change
    mark.kind = mark.text && mark.inserted ? 'replacement' : mark.text ? 'deletion' : 'insertion'
    if (mark.text || mark.inserted) marks.push(mark)
    change = undefined
  }
  const all = wAll(part.doc, 'p').filter((p) => !inFallback(p) && !inSpecialNote(p))
  for (const paragraph of all) {
    index++
    const record: ReviewedParagraph = { part: part.name, index, original: '' }
    // The block: a source bookmark that starts here, else one still open from before.
    const inner = wAll(paragraph, 'bookmarkStart').map((b) => blockIndexOf(wAttr(b, 'name') ?? '')).find((n) => n !== undefined)
    record.block = inner ?? [...open.values()].pop()
    paragraphs.push(record)
    const point = (): TextPoint => ({ paragraph: record, offset: record.original.length })
    for (const node of descendants(paragraph)) {
      if (node.nodeType !== 1) continue
      const element = node as XmlElement
      if (element.namespaceURI !== W) continue
      // A paragraph nested in this one (a text box) is walked on its own.
      if (closest(element.parentNode, (e) => isW(e, 'p')) !== paragraph) continue
      switch (element.localName) {
        case 'bookmarkStart': {
          const block = blockIndexOf(wAttr(element, 'name') ?? '')
          if (block !== undefined) open.set(wAttr(element, 'id') ?? '', block)
          break
        }
        case 'bookmarkEnd':
          open.delete(wAttr(element, 'id') ?? '')
          break
        case 'commentRangeStart':
          anchor(anchors, wAttr(element, 'id')).start = point()
          break
        case 'commentRangeEnd':
          anchor(anchors, wAttr(element, 'id')).end = point()
          break
        case 'commentReference':
          anchor(anchors, wAttr(element, 'id')).reference ??= point()
          break
        case 't':
        case 'delText':
        case 'tab':
        case 'br':
        case 'cr':
        case 'noBreakHyphen': {
          if (closest(element, (e) => isW(e, 'rPr') || isW(e, 'pPr')) || inFallback(element)) break
          if (printedOnly.has(runStyle(element) ?? '')) break
          const text = element.localName === 't' || element.localName === 'delText' ? element.textContent ?? '' : element.localName === 'noBreakHyphen' ? '\u2011' : element.localName === 'tab' ? '\t' : ' '
          if (text === '') break
          const { kind, element: revision } = revisionOf(element, paragraph)
          if (!kind) {
            close()
            record.original += text
            break
          }
          const author = wAttr(revision, 'author') ?? ''
          if (change && change.author !== author) close()
          change ??= { author, mark: { kind: 'insertion', author, ...(wAttr(revision, 'date') ? { date: wAttr(revision, 'date') } : {}), contents: '', replies: [], start: point(), end: point(), text: '', inserted: '' } }
          if (kind === 'del') {
            record.original += text
            change.mark.text += text
          } else change.mark.inserted += text
          change.mark.end = point()
          break
        }
      }
    }
    // The paragraph mark: deleted (joined with the next), inserted (split), or unchanged.
    const markProperties = wChild(wChild(paragraph, 'pPr'), 'rPr')
    const markRevision = markProperties ? childElements(markProperties).find((e) => isW(e, 'ins') || isW(e, 'del') || isW(e, 'moveFrom') || isW(e, 'moveTo')) : undefined
    const markKind = markRevision ? (isW(markRevision, 'ins') || isW(markRevision, 'moveTo') ? 'ins' : 'del') : undefined
    if (markKind && isLastInCell(paragraph)) {
      close()
    } else if (markKind) {
      const author = wAttr(markRevision, 'author') ?? ''
      if (change && change.author !== author) close()
      change ??= { author, mark: { kind: 'insertion', author, ...(wAttr(markRevision, 'date') ? { date: wAttr(markRevision, 'date') } : {}), contents: '', replies: [], start: point(), end: point(), text: '', inserted: '' } }
      if (markKind === 'del') change.mark.text += '\n'
      else change.mark.inserted += '\n'
    } else close()
  }
  close()
}

/** The separator and continuation notes Word keeps in footnotes.xml (no text of the document). */
function inSpecialNote(paragraph: XmlElement): boolean {
  const note = closest(paragraph, (e) => isW(e, 'footnote') || isW(e, 'endnote'))
  const type = note ? wAttr(note, 'type') : undefined
  return Boolean(type && type !== 'normal')
}

/** A cell's last paragraph mark is the cell's end: a change to it joins nothing. */
function isLastInCell(paragraph: XmlElement): boolean {
  const cell = paragraph.parentNode
  if (!cell || !isW(cell, 'tc')) return false
  const paragraphs = childElements(cell).filter((e) => isW(e, 'p'))
  return paragraphs[paragraphs.length - 1] === paragraph
}

function anchor(anchors: Map<string, { start?: TextPoint; end?: TextPoint; reference?: TextPoint }>, id: string | undefined) {
  const key = id ?? ''
  let found = anchors.get(key)
  if (!found) anchors.set(key, (found = {}))
  return found
}
