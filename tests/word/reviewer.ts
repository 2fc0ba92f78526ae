// A reviewer in Word, for the tests: edits the WordprocessingML of a DOCX the press wrote the way
// Word saves a reviewed document. Comments (w:commentRangeStart/End, a run with
// w:commentReference, word/comments.xml, replies in word/commentsExtended.xml through w14:paraId
// and w15:paraIdParent), tracked insertions and deletions (w:ins, w:del with w:delText, split at
// run boundaries so that a change across formatting runs is several w:del of one author), and a
// deleted paragraph mark (w:pPr/w:rPr/w:del) for a change spanning two paragraphs.
import { DOMParser, XMLSerializer, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom'
import JSZip from 'jszip'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const W14 = 'http://schemas.microsoft.com/office/word/2010/wordml'
const W15 = 'http://schemas.microsoft.com/office/word/2012/wordml'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

export interface Who {
  author: string
  date: string
}

/** A piece of text in one run: the w:t and the character range in it. */
interface RunSlice {
  run: XmlElement
  from: number
  to: number
}

/** An open DOCX being reviewed. */
export class Reviewer {
  private nextId = 9000
  private nextParaId = 0x1000
  private comments: XmlDocument | undefined
  private extended: XmlDocument | undefined

  private constructor(
    readonly zip: JSZip,
    readonly parts: Map<string, XmlDocument>
  ) {}

  static async open(data: Uint8Array): Promise<Reviewer> {
    const zip = await JSZip.loadAsync(data)
    const parts = new Map<string, XmlDocument>()
    for (const name of ['word/document.xml', 'word/footnotes.xml']) {
      const file = zip.file(name)
      if (file) parts.set(name, new DOMParser().parseFromString(await file.async('string'), 'text/xml'))
    }
    return new Reviewer(zip, parts)
  }

  /** The paragraphs of a part whose text (w:t only) contains `text`. */
  paragraphsWith(text: string, part = 'word/document.xml'): XmlElement[] {
    return Array.from(this.parts.get(part)!.getElementsByTagNameNS(W, 'p')).filter((p) => paragraphText(p).includes(text))
  }

  /**
   * Isolate `text` (the `occurrence`-th in the paragraph) into whole runs, splitting runs at its
   * ends; returns the runs it covers, in order.
   */
  isolate(paragraph: XmlElement, text: string, occurrence = 0): XmlElement[] {
    const slices = locate(paragraph, text, occurrence)
    const runs: XmlElement[] = []
    for (const slice of slices) {
      let run = slice.run
      const length = runText(run).length
      if (slice.to < length) splitRun(run, slice.to)
      if (slice.from > 0) run = splitRun(run, slice.from)
      runs.push(run)
    }
    return runs
  }

  /** A comment (with replies) on `text` in `paragraph`. */
  comment(paragraph: XmlElement, text: string, who: Who, body: string, replies: Array<Who & { body: string }> = [], occurrence = 0): void {
    const runs = this.isolate(paragraph, text, occurrence)
    const doc = paragraph.ownerDocument!
    const ids: string[] = []
    for (const [index, entry] of [{ ...who, body }, ...replies].entries()) {
      const id = String(this.nextId++)
      ids.push(id)
      const paraId = this.addCommentText(id, entry, entry.body, index === 0 ? undefined : ids[0])
      void paraId
    }
    const first = runs[0]!
    const last = runs[runs.length - 1]!
    for (const id of ids) {
      const start = doc.createElementNS(W, 'w:commentRangeStart')
      start.setAttributeNS(W, 'w:id', id)
      first.parentNode!.insertBefore(start, first)
    }
    let after: XmlElement = last
    for (const id of ids) {
      const end = doc.createElementNS(W, 'w:commentRangeEnd')
      end.setAttributeNS(W, 'w:id', id)
      after.parentNode!.insertBefore(end, after.nextSibling)
      const reference = doc.createElementNS(W, 'w:r')
      const properties = doc.createElementNS(W, 'w:rPr')
      const style = doc.createElementNS(W, 'w:rStyle')
      style.setAttributeNS(W, 'w:val', 'CommentReference')
      properties.appendChild(style)
      reference.appendChild(properties)
      const mark = doc.createElementNS(W, 'w:commentReference')
      mark.setAttributeNS(W, 'w:id', id)
      reference.appendChild(mark)
      end.parentNode!.insertBefore(reference, end.nextSibling)
      after = reference
    }
  }

  /** Delete `text` as a tracked change (one w:del a run, as Word splits it at formatting). */
  delete(paragraph: XmlElement, text: string, who: Who, occurrence = 0): XmlElement[] {
    const runs = this.isolate(paragraph, text, occurrence)
    return runs.map((run) => this.wrapDeleted(run, who))
  }

  /** Insert `text` as a tracked change right after `anchor` (a run or a w:del), with `anchor`'s formatting. */
  insertAfter(anchor: XmlElement, text: string, who: Who): XmlElement {
    const doc = anchor.ownerDocument!
    const insertion = doc.createElementNS(W, 'w:ins')
    this.stamp(insertion, who)
    const source = anchor.localName === 'r' ? anchor : (Array.from(anchor.getElementsByTagNameNS(W, 'r'))[0] as XmlElement)
    const run = doc.createElementNS(W, 'w:r')
    const properties = source ? Array.from(source.childNodes).find((n) => (n as XmlElement).localName === 'rPr') : undefined
    if (properties) run.appendChild(properties.cloneNode(true))
    const t = doc.createElementNS(W, 'w:t')
    t.setAttribute('xml:space', 'preserve')
    t.appendChild(doc.createTextNode(text))
    run.appendChild(t)
    insertion.appendChild(run)
    anchor.parentNode!.insertBefore(insertion, anchor.nextSibling)
    return insertion
  }

  /** Insert `text` right after the words `after` in `paragraph`. */
  insert(paragraph: XmlElement, after: string, text: string, who: Who, occurrence = 0): XmlElement {
    const runs = this.isolate(paragraph, after, occurrence)
    return this.insertAfter(runs[runs.length - 1]!, text, who)
  }

  /** Replace `text` by `by`: a deletion and an insertion right after it, as Word writes typing over a selection. */
  replace(paragraph: XmlElement, text: string, by: string, who: Who, occurrence = 0): void {
    const deleted = this.delete(paragraph, text, who, occurrence)
    this.insertAfter(deleted[deleted.length - 1]!, by, who)
  }

  /**
   * Delete from `fromText` (in `first`) to the end of `first`, its paragraph mark, and the start of
   * `second` up to and including `toText`: the two paragraphs become one.
   */
  deleteAcross(first: XmlElement, fromText: string, second: XmlElement, toText: string, who: Who): void {
    const full = paragraphText(first)
    const at = full.indexOf(fromText)
    this.delete(first, full.slice(at), who)
    const doc = first.ownerDocument!
    let properties = Array.from(first.childNodes).find((n) => (n as XmlElement).localName === 'pPr') as XmlElement | undefined
    if (!properties) {
      properties = doc.createElementNS(W, 'w:pPr')
      first.insertBefore(properties, first.firstChild)
    }
    let mark = Array.from(properties.childNodes).find((n) => (n as XmlElement).localName === 'rPr') as XmlElement | undefined
    if (!mark) {
      mark = doc.createElementNS(W, 'w:rPr')
      properties.appendChild(mark)
    }
    const del = doc.createElementNS(W, 'w:del')
    this.stamp(del, who)
    mark.appendChild(del)
    const text = paragraphText(second)
    this.delete(second, text.slice(0, text.indexOf(toText) + toText.length), who)
  }

  /** The reviewed document's bytes. */
  async save(): Promise<Uint8Array> {
    const serializer = new XMLSerializer()
    for (const [name, doc] of this.parts) this.zip.file(name, serializer.serializeToString(doc))
    if (this.comments) {
      this.zip.file('word/comments.xml', serializer.serializeToString(this.comments))
      this.zip.file('word/commentsExtended.xml', serializer.serializeToString(this.extended!))
      let types = await this.zip.file('[Content_Types].xml')!.async('string')
      if (!types.includes('/word/comments.xml')) {
        types = types.replace('</Types>', '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>')
        this.zip.file('[Content_Types].xml', types)
        const relsName = 'word/_rels/document.xml.rels'
        const rels = await this.zip.file(relsName)!.async('string')
        this.zip.file(relsName, rels.replace('</Relationships>', `<Relationship Id="rIdComments" Type="${REL}/comments" Target="comments.xml"/><Relationship Id="rIdCommentsEx" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>`))
      }
    }
    return this.zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
  }

  private stamp(element: XmlElement, who: Who): void {
    element.setAttributeNS(W, 'w:id', String(this.nextId++))
    element.setAttributeNS(W, 'w:author', who.author)
    element.setAttributeNS(W, 'w:date', who.date)
  }

  private wrapDeleted(run: XmlElement, who: Who): XmlElement {
    const doc = run.ownerDocument!
    const del = doc.createElementNS(W, 'w:del')
    this.stamp(del, who)
    run.parentNode!.insertBefore(del, run)
    del.appendChild(run)
    for (const t of Array.from(run.getElementsByTagNameNS(W, 't'))) {
      const deleted = doc.createElementNS(W, 'w:delText')
      deleted.setAttribute('xml:space', 'preserve')
      deleted.appendChild(doc.createTextNode(t.textContent ?? ''))
      run.replaceChild(deleted, t)
    }
    return del
  }

  private addCommentText(id: string, who: Who, body: string, parent?: string): string {
    if (!this.comments) {
      this.comments = new DOMParser().parseFromString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="${W}" xmlns:w14="${W14}"/>`, 'text/xml')
      this.extended = new DOMParser().parseFromString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="${W15}"/>`, 'text/xml')
    }
    const doc = this.comments
    const comment = doc.createElementNS(W, 'w:comment')
    comment.setAttributeNS(W, 'w:id', id)
    comment.setAttributeNS(W, 'w:author', who.author)
    comment.setAttributeNS(W, 'w:date', who.date)
    comment.setAttributeNS(W, 'w:initials', who.author.split(/\s+/).map((w) => w[0]).join(''))
    const paraId = (this.nextParaId++).toString(16).toUpperCase().padStart(8, '0')
    const p = doc.createElementNS(W, 'w:p')
    p.setAttributeNS(W14, 'w14:paraId', paraId)
    const r = doc.createElementNS(W, 'w:r')
    const t = doc.createElementNS(W, 'w:t')
    t.appendChild(doc.createTextNode(body))
    r.appendChild(t)
    p.appendChild(r)
    comment.appendChild(p)
    doc.documentElement!.appendChild(comment)
    const extended = this.extended!.createElementNS(W15, 'w15:commentEx')
    extended.setAttributeNS(W15, 'w15:paraId', paraId)
    if (parent) {
      const parentParaId = Array.from(doc.getElementsByTagNameNS(W, 'comment')).find((c) => c.getAttributeNS(W, 'id') === parent)!.getElementsByTagNameNS(W, 'p')[0]!.getAttributeNS(W14, 'paraId')!
      extended.setAttributeNS(W15, 'w15:paraIdParent', parentParaId)
    }
    extended.setAttributeNS(W15, 'w15:done', '0')
    this.extended!.documentElement!.appendChild(extended)
    return paraId
  }
}

const jane: Who = { author: 'Jane Reviewer', date: '2023-04-20T10:00:00Z' }
const secretariat: Who = { author: 'WCO Secretariat', date: '2023-04-21T09:00:00Z' }

/**
 * The review the tests make of the edition `word` of tests/word/project.ts: a comment with a
 * reply, a replacement inside italics, an insertion, a deletion after a cross-reference, a
 * deletion over two paragraphs, a comment on a table cell, a comment and a replacement in a
 * footnote (LibreOffice 7 cannot open a comment in a footnote: `footnoteComment: false`), and a
 * replacement across an expanded abbreviation, its glossary link and plain text.
 */
export async function review(data: Uint8Array, options: { footnoteComment?: boolean } = {}): Promise<Uint8Array> {
  const r = await Reviewer.open(data)
  const shared = r.paragraphsWith('same border')[0]!
  r.comment(shared, 'same border, and their', jane, 'Which border?', [{ ...secretariat, body: 'The land border too.' }])
  r.replace(shared, 'older than any', 'as old as a', jane)
  const objectives = r.paragraphsWith('objectives are listed')[0]!
  r.insert(objectives, 'The ', 'four ', jane)
  // Over a formatting run: the end of a cross-reference's sentence and the plain text after it.
  r.delete(objectives, ', and the governance', jane)
  r.deleteAcross(r.paragraphsWith('reviewer will join')[0]!, ' at its very end.', r.paragraphsWith('The next paragraph')[0]!, 'The next paragraph, whose first', jane)
  r.comment(r.paragraphsWith('Risk management')[0]!, 'Risk management', secretariat, 'Joint risk?')
  const note = r.paragraphsWith('Review of Maritime', 'word/footnotes.xml')[0]!
  if (options.footnoteComment !== false) r.comment(note, 'Review of Maritime Transport', jane, 'Cite the 2023 edition')
  r.replace(note, '2021', '2023', jane)
  // Across formatting runs (an abbreviation's expansion, its glossary link, plain text), replaced at once.
  const bgParagraph = r.paragraphsWith('connects its')[0]!
  r.replace(bgParagraph, 'Port Community System (PCS) to the Customs', 'port community system to the national Customs', secretariat)
  return r.save()
}

/** The text of a paragraph's runs (w:t only, as printed before any review). */
export function paragraphText(paragraph: XmlElement): string {
  return Array.from(paragraph.getElementsByTagNameNS(W, 't')).map((t) => t.textContent ?? '').join('')
}

function runText(run: XmlElement): string {
  return Array.from(run.getElementsByTagNameNS(W, 't')).map((t) => t.textContent ?? '').join('')
}

function locate(paragraph: XmlElement, text: string, occurrence: number): RunSlice[] {
  const runs = Array.from(paragraph.getElementsByTagNameNS(W, 'r')).filter((r) => r.getElementsByTagNameNS(W, 't').length > 0)
  const full = runs.map(runText).join('')
  let at = -1
  for (let n = 0; n <= occurrence; n++) at = full.indexOf(text, at + 1)
  if (at < 0) throw new Error(`“${text}” is not in the paragraph “${full.slice(0, 60)}…”`)
  const end = at + text.length
  const slices: RunSlice[] = []
  let offset = 0
  for (const run of runs) {
    const length = runText(run).length
    const from = Math.max(at, offset)
    const to = Math.min(end, offset + length)
    if (from < to) slices.push({ run, from: from - offset, to: to - offset })
    offset += length
  }
  return slices
}

/** Split a run (one w:t) at a character offset; returns the new second half (after the first). */
function splitRun(run: XmlElement, at: number): XmlElement {
  const t = run.getElementsByTagNameNS(W, 't')[0]!
  const text = t.textContent ?? ''
  const second = run.cloneNode(true) as XmlElement
  const t2 = second.getElementsByTagNameNS(W, 't')[0]!
  while (t.firstChild) t.removeChild(t.firstChild)
  t.appendChild(run.ownerDocument!.createTextNode(text.slice(0, at)))
  t.setAttribute('xml:space', 'preserve')
  while (t2.firstChild) t2.removeChild(t2.firstChild)
  t2.appendChild(second.ownerDocument!.createTextNode(text.slice(at)))
  t2.setAttribute('xml:space', 'preserve')
  run.parentNode!.insertBefore(second, run.nextSibling)
  return second
}
