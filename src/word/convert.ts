import type { Element, ElementContent, Nodes } from 'hast'
import { toString } from 'hast-util-to-string'
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  ExternalHyperlink,
  FootnoteReferenceRun,
  ImageRun,
  InternalHyperlink,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type IParagraphOptions,
  type IRunOptions,
  type ParagraphChild
} from 'docx'
import type { LayoutBlock } from '../comments/source-map.js'
import type { Labels } from '../i18n/labels.js'
import type { LoadedImage } from './images.js'
import { twips, type Look } from './look.js'
import { blockBookmark } from './source-map.js'

/** Character formatting carried down the inline tree. */
interface Format {
  bold?: boolean
  italics?: boolean
  strike?: boolean
  underline?: boolean
  superScript?: boolean
  subScript?: boolean
  code?: boolean
  style?: string
  language?: string
}

/**
 * Inline content before it becomes runs: white space can then be collapsed and trimmed across
 * elements, as a browser does, before anything is written.
 */
type Piece =
  | { type: 'text'; text: string; format: Format }
  | { type: 'tab'; style?: string }
  | { type: 'break' }
  | { type: 'note'; number: number }
  | { type: 'link'; anchor?: string; url?: string; pieces: Piece[] }
  | { type: 'image'; image: LoadedImage; alt: string }

/** What the conversion needs from the edition, and what it collects on the way. */
export interface ConvertContext {
  look: Look
  labels: Labels
  /** Bookmark name of a document id (a reference target). */
  bookmark: (id: string) => string
  /** Source blocks printed so far: the index of one is its bookmark (`_GS<index>`). */
  blocks: LayoutBlock[]
  /** Contribution (project-relative path) of each footnote, by number. */
  footnoteSources: ReadonlyMap<number, string>
  /** Footnote contents (`aside.footnote`), by number. */
  footnoteContent: ReadonlyMap<number, Element>
  /** Footnotes written so far, by number (the document's `footnotes`). */
  footnotes: Record<number, { children: Paragraph[] }>
  /** Images by their `src`, loaded ahead (files read, SVG rasterised). */
  images: ReadonlyMap<string, LoadedImage>
  /** Width of the text column (mm), for images and tables. */
  textWidth: number
  /** Numbering instances handed out (each list restarts its numbers). */
  listInstances: { next: number }
  /** Ordered lists that start elsewhere than 1: their own numbering definitions, by start. */
  listStarts: Set<number>
  /** Open a page before the next heading (the document's first, after the table of contents). */
  breakBeforeNextHeading?: boolean
}

/** Where the walk is: the contribution printed and ids waiting for the next heading. */
interface State {
  source?: string
  language?: string
  /** Ids of sections whose heading comes next (a section's id is on its `<section>`). */
  pendingIds: string[]
  /** Block-level style to give paragraphs (quotes). */
  style?: string
  inFootnote?: number
  /** Text size (pt) of a table too wide for its column at the table's own size. */
  size?: number
}

const classes = (node: Element): string[] => (node.properties.className as string[] | undefined) ?? []
const hasClass = (node: Element, name: string) => classes(node).includes(name)
const isElement = (node: Nodes | undefined): node is Element => node?.type === 'element'
const isText = (node: Nodes | undefined): boolean => node?.type === 'text' && /^\s+$/.test(node.value)
const blockTags = new Set(['p', 'div', 'section', 'ul', 'ol', 'table', 'figure', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'dl', 'header', 'nav', 'main', 'aside'])

/**
 * Convert the assembled document's element trees (front, body, back of src/html/assemble.ts) to
 * Word blocks: headings in Word's heading styles, paragraphs with their printed numbers as text,
 * lists on Word numbering, tables with repeated header rows, figures, footnotes, internal links
 * to bookmarks. Every paragraph printed from a source block is marked by a hidden bookmark and
 * recorded in `context.blocks`.
 */
export function convertBlocks(nodes: readonly ElementContent[], context: ConvertContext): FileChild[] {
  return blocks(nodes, context, { pendingIds: [] })
}

function blocks(nodes: readonly ElementContent[], context: ConvertContext, state: State): FileChild[] {
  const out: FileChild[] = []
  let inline: ElementContent[] = []
  const flush = () => {
    if (inline.length > 0 && toString({ type: 'root', children: inline }).trim() !== '') out.push(...paragraphs(inline, context, state, {}))
    inline = []
  }
  for (const node of nodes) {
    if (node.type === 'element' && blockTags.has(node.tagName)) {
      flush()
      out.push(...block(node, context, state))
    } else if (node.type === 'element' && hasClass(node, 'attribution')) {
      // A review copy's writer code in the margin: not text of the document.
    } else if (node.type === 'element' || node.type === 'text') {
      inline.push(node)
    }
  }
  flush()
  return out
}

function block(node: Element, context: ConvertContext, state: State): FileChild[] {
  const { labels } = context
  switch (node.tagName) {
    case 'section':
    case 'div':
    case 'main':
    case 'header':
    case 'nav': {
      if (hasClass(node, 'footnotes')) return []
      const inner: State = { ...state }
      if (node.properties.id && (hasClass(node, 'section') || hasClass(node, 'chapter') || hasClass(node, 'annex') || hasClass(node, 'glossary'))) inner.pendingIds = [...state.pendingIds, String(node.properties.id)]
      if (hasClass(node, 'contribution')) {
        inner.source = node.properties.dataSource as string | undefined
        if (hasClass(node, 'untranslated')) {
          inner.language = node.properties.lang as string | undefined
          const mark = new Paragraph({ style: 'Placeholder', children: [new TextRun(labels.untranslated)] })
          return [mark, ...blocks(node.children, context, inner)]
        }
      }
      return blocks(node.children, context, inner)
    }
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return [heading(node, context, state)]
    case 'p': {
      if (hasClass(node, 'asterism')) return [new Paragraph({ style: 'Asterism', children: [new TextRun(toString(node).replace(/\s+/g, '\u2003').trim())] })]
      if (hasClass(node, 'placeholder')) return paragraphs(node.children, context, state, { style: 'Placeholder' }, node)
      const number = node.properties.dataPara
      if (number !== undefined) {
        const rest = node.children.filter((child) => !(isElement(child) && hasClass(child, 'para-num')))
        const printed = node.children.find((child): child is Element => isElement(child) && hasClass(child, 'para-num'))
        // The number and the tab after it are the press's, not the author's: one style marks both.
        const lead: Piece[] = [{ type: 'text', text: printed ? toString(printed) : `${String(number)}.`, format: { style: 'ParagraphNumber' } }, { type: 'tab', style: 'ParagraphNumber' }]
        return paragraphs(rest, context, state, { style: 'NumberedParagraph' }, node, lead)
      }
      return paragraphs(node.children, context, state, state.style ? { style: state.style } : {}, node)
    }
    case 'ul':
    case 'ol':
      return list(node, context, state, 0)
    case 'table':
      return table(node, context, state)
    case 'figure':
      return figure(node, context, state)
    case 'blockquote':
      return blocks(node.children, context, { ...state, style: 'Quote' })
    case 'pre': {
      const lines = toString(node).replace(/\n$/, '').split('\n')
      const pieces: Piece[] = lines.flatMap((line, index): Piece[] => [...(index > 0 ? [{ type: 'break' } as Piece] : []), { type: 'text', text: line, format: { code: true } }])
      return [paragraph(pieces, context, state, { style: 'Code' }, node, false)]
    }
    case 'hr':
      return [new Paragraph({ style: 'Rule', children: [] })]
    case 'dl':
      return glossaryList(node, context, state)
    case 'aside':
      return []
    default:
      return paragraphs(node.children, context, state, {}, node)
  }
}

function heading(node: Element, context: ConvertContext, state: State): Paragraph {
  const rank = Number(node.tagName.slice(1))
  const ids = [...state.pendingIds, ...(node.properties.id ? [String(node.properties.id)] : [])]
  state.pendingIds.length = 0
  const pieces: Piece[] = []
  const annex = hasClass(node, 'annex-title')
  // The space after a heading's number is the press's too.
  const skip = new Set<ElementContent>()
  for (const child of node.children) {
    if (skip.has(child)) continue
    if (isElement(child) && hasClass(child, 'num')) {
      // The number's span may hold the space that follows it (so that bookmarks keep it).
      const number = toString(child)
      pieces.push({ type: 'text', text: number.trimEnd(), format: { style: 'HeadingNumber' } })
      const next = node.children[node.children.indexOf(child) + 1]
      // An annex title goes under its number, as printed.
      if (annex) pieces.push({ type: 'break' })
      else if (isText(next) || number !== number.trimEnd()) {
        pieces.push({ type: 'text', text: ' ', format: { style: 'HeadingNumber' } })
        if (next && next.type === 'text' && next.value.trim() === '') skip.add(next)
      }
    } else if (isElement(child) && hasClass(child, 'annex-title')) {
      pieces.push(...inlines(child.children, context, state, {}))
    } else {
      pieces.push(...inlines([child], context, state, {}))
    }
  }
  // Annexes and the glossary open a page, as printed; chapters where the template says so.
  const pageBreakBefore = annex || hasClass(node, 'glossary-title') || (hasClass(node, 'chapter-title') && context.look.chapterPageBreak) || context.breakBeforeNextHeading === true
  context.breakBeforeNextHeading = false
  return paragraph(pieces, context, state, { style: `Heading${Math.min(rank, 6)}`, ...(annex ? { alignment: AlignmentType.CENTER } : {}), ...(pageBreakBefore ? { pageBreakBefore } : {}) }, node, true, ids)
}

/** One Word paragraph, or several when the inline content holds block elements (a list in an item). */
function paragraphs(nodes: readonly ElementContent[], context: ConvertContext, state: State, options: IParagraphOptions, from?: Element, lead: Piece[] = []): FileChild[] {
  if (nodes.some((node) => isElement(node) && blockTags.has(node.tagName))) {
    const out: FileChild[] = []
    let run: ElementContent[] = []
    let first = true
    const flush = () => {
      if (run.length === 0) return
      out.push(paragraph([...(first ? lead : []), ...inlines(run, context, state, {})], context, state, options, from))
      first = false
      run = []
    }
    for (const node of nodes) {
      if (isElement(node) && blockTags.has(node.tagName)) {
        flush()
        out.push(...block(node, context, state))
      } else run.push(node)
    }
    flush()
    return out
  }
  const id = from?.properties.id ? [String(from.properties.id)] : []
  return [paragraph([...lead, ...inlines(nodes, context, state, {})], context, state, options, from, true, id)]
}

/**
 * A Word paragraph of `pieces`: white space collapsed and trimmed, the ids as bookmarks, and
 * (inside a contribution or footnote, from an element with a source line) the source bookmark.
 */
function paragraph(pieces: Piece[], context: ConvertContext, state: State, options: IParagraphOptions, from?: Element, collapse = true, ids: string[] = []): Paragraph {
  let children = runs(collapse ? tidy(pieces) : pieces, context, state)
  for (const id of ids) children = [new Bookmark({ id: context.bookmark(id), children })]
  const line = from ? lineOf(from) : undefined
  const source = state.inFootnote !== undefined ? context.footnoteSources.get(state.inFootnote) : state.source
  if (line !== undefined && source !== undefined) {
    const index = context.blocks.length
    const para = from?.properties.dataPara
    const id = state.inFootnote !== undefined ? `fn-${state.inFootnote}` : from?.properties.id ? String(from.properties.id) : undefined
    context.blocks.push({ page: 0, source, line, ...(id ? { id } : {}), ...(para !== undefined ? { para: Number(para) } : {}), rects: [] })
    children = [new Bookmark({ id: blockBookmark(index), children })]
  }
  return new Paragraph({ ...options, children })
}

/** The source line of an element (`data-line`, set by rehype-source-lines). */
function lineOf(node: Element): number | undefined {
  const value = node.properties.dataLine
  return value === undefined ? undefined : Number(value)
}

function inlines(nodes: readonly ElementContent[], context: ConvertContext, state: State, format: Format): Piece[] {
  const out: Piece[] = []
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push({ type: 'text', text: node.value, format: state.language ? { ...format, language: state.language } : format })
      continue
    }
    if (node.type !== 'element') continue
    switch (node.tagName) {
      case 'em':
      case 'i':
      case 'cite':
      case 'dfn':
        out.push(...inlines(node.children, context, state, { ...format, italics: !format.italics }))
        break
      case 'strong':
      case 'b':
        out.push(...inlines(node.children, context, state, { ...format, bold: true }))
        break
      case 'code':
      case 'kbd':
      case 'samp':
        out.push(...inlines(node.children, context, state, { ...format, code: true }))
        break
      case 'del':
      case 's':
        out.push(...inlines(node.children, context, state, { ...format, strike: true }))
        break
      case 'ins':
      case 'u':
        out.push(...inlines(node.children, context, state, { ...format, underline: true }))
        break
      case 'sub':
        out.push(...inlines(node.children, context, state, { ...format, subScript: true }))
        break
      case 'sup': {
        const call = node.children.find((child): child is Element => isElement(child) && child.tagName === 'a')
        const href = call ? String(call.properties.href ?? '') : ''
        const note = /^#fn-(\d+)$/.exec(href)
        if (hasClass(node, 'fnref') && note) {
          out.push({ type: 'note', number: Number(note[1]) })
          footnote(Number(note[1]), context, state)
        } else out.push(...inlines(node.children, context, state, { ...format, superScript: true }))
        break
      }
      case 'br':
        out.push({ type: 'break' })
        break
      case 'img': {
        const image = context.images.get(String(node.properties.src ?? ''))
        const alt = String(node.properties.alt ?? '')
        out.push(image ? { type: 'image', image, alt } : { type: 'text', text: alt, format: { ...format, italics: true } })
        break
      }
      case 'a': {
        const href = String(node.properties.href ?? '')
        const inner = inlines(node.children, context, state, { ...format, style: hasClass(node, 'gloss') ? 'GlossaryLink' : href.startsWith('#') ? 'CrossReference' : 'Hyperlink' })
        if (href.startsWith('#') && href.length > 1) out.push({ type: 'link', anchor: context.bookmark(decodeURIComponent(href.slice(1))), pieces: inner })
        else if (/^(https?:|mailto:)/i.test(href)) out.push({ type: 'link', url: href, pieces: inner })
        else out.push(...inlines(node.children, context, state, format))
        break
      }
      case 'span':
        if (hasClass(node, 'attribution')) break
        out.push(...inlines(node.children, context, state, hasClass(node, 'caption-label') ? { ...format, bold: true } : format))
        break
      default:
        out.push(...inlines(node.children, context, state, format))
    }
  }
  return out
}

/** Collapse white space as HTML does (runs of spaces and line breaks are one space; none at the ends). */
function tidy(pieces: Piece[]): Piece[] {
  const flat: Piece[] = []
  let space = true // at the start: leading white space goes
  const walk = (list: Piece[], into: Piece[]) => {
    for (const piece of list) {
      if (piece.type === 'text') {
        let text = piece.format.code ? piece.text.replace(/\n/g, ' ') : piece.text.replace(/[ \t\r\n]+/g, ' ')
        if (space && !piece.format.code) text = text.replace(/^ /, '')
        if (text === '') continue
        space = text.endsWith(' ')
        into.push({ ...piece, text })
      } else if (piece.type === 'link') {
        const inner: Piece[] = []
        walk(piece.pieces, inner)
        into.push({ ...piece, pieces: inner })
      } else {
        into.push(piece)
        space = piece.type === 'tab' || piece.type === 'break'
      }
    }
  }
  walk(pieces, flat)
  // Trailing white space goes too.
  for (let i = flat.length - 1; i >= 0; i--) {
    const last = flat[i]!
    if (last.type === 'text') {
      const text = last.text.replace(/ $/, '')
      if (text === '') flat.splice(i, 1)
      else {
        flat[i] = { ...last, text }
        break
      }
    } else break
  }
  return flat
}

function runs(pieces: Piece[], context: ConvertContext, state: State): ParagraphChild[] {
  const out: ParagraphChild[] = []
  for (const piece of pieces) {
    switch (piece.type) {
      case 'text':
        out.push(new TextRun({ text: piece.text, ...runFormat(piece.format, context), ...(state.size ? { size: Math.round(state.size * 2) } : {}) }))
        break
      case 'tab':
        out.push(new TextRun({ children: [new Tab()], ...(piece.style ? { style: piece.style } : {}) }))
        break
      case 'break':
        out.push(new TextRun({ break: 1 }))
        break
      case 'note':
        out.push(new FootnoteReferenceRun(piece.number))
        break
      case 'link': {
        const children = runs(piece.pieces, context, state) as TextRun[]
        if (piece.anchor) out.push(new InternalHyperlink({ anchor: piece.anchor, children }))
        else out.push(new ExternalHyperlink({ link: piece.url!, children }))
        break
      }
      case 'image':
        out.push(imageRun(piece.image, piece.alt, context))
        break
    }
  }
  return out
}

function runFormat(format: Format, context: ConvertContext): IRunOptions {
  return {
    ...(format.style ? { style: format.style } : {}),
    ...(format.bold ? { bold: true } : {}),
    ...(format.italics ? { italics: true } : {}),
    ...(format.strike ? { strike: true } : {}),
    ...(format.underline ? { underline: {} } : {}),
    ...(format.superScript ? { superScript: true } : {}),
    ...(format.subScript ? { subScript: true } : {}),
    ...(format.code ? { font: 'Consolas', size: Math.round(context.look.size * 0.9 * 2) } : {}),
    ...(format.language ? { language: { value: format.language } } : {})
  }
}

function imageRun(image: LoadedImage, alt: string, context: ConvertContext): ImageRun {
  // Fit the text column, and a page's height at most (96 px to the inch).
  const maxWidth = (context.textWidth / 25.4) * 96
  const maxHeight = (200 / 25.4) * 96
  const scale = Math.min(1, maxWidth / image.width, maxHeight / image.height)
  const transformation = { width: Math.round(image.width * scale), height: Math.round(image.height * scale) }
  const altText = { name: alt.slice(0, 60) || 'Figure', description: alt, title: alt }
  if (image.type === 'svg') return new ImageRun({ type: 'svg', data: image.data, fallback: { type: 'png', data: image.fallback! }, transformation, altText })
  return new ImageRun({ type: image.type, data: image.data, transformation, altText })
}

function footnote(number: number, context: ConvertContext, state: State): void {
  if (context.footnotes[number]) return
  const aside = context.footnoteContent.get(number)
  const content = (aside?.children ?? []).filter((child) => !(isElement(child) && hasClass(child, 'fn-num')))
  const inner: State = { pendingIds: [], inFootnote: number, language: state.language, style: 'FootnoteText' }
  context.footnotes[number] = { children: [] }
  const converted = blocks(content, context, inner).map((child) => (child instanceof Paragraph ? child : undefined)).filter((p): p is Paragraph => p !== undefined)
  // Footnote text: a paragraph of the footnote style (paragraph() gave them the body's style).
  context.footnotes[number] = { children: converted.length > 0 ? converted : [new Paragraph({ style: 'FootnoteText', children: [] })] }
}

function list(node: Element, context: ConvertContext, state: State, level: number): FileChild[] {
  const ordered = node.tagName === 'ol'
  const start = ordered && node.properties.start !== undefined ? Number(node.properties.start) : 1
  if (ordered && start !== 1) context.listStarts.add(start)
  const reference = ordered ? (start === 1 ? 'ordered' : `ordered-${start}`) : 'bullets'
  const instance = context.listInstances.next++
  const out: FileChild[] = []
  for (const item of node.children) {
    if (!isElement(item) || item.tagName !== 'li') continue
    let first = true
    let run: ElementContent[] = []
    const numbering = () => {
      const options: IParagraphOptions = first ? { style: 'ListParagraph', numbering: { reference, level: Math.min(level, 8), instance } } : { style: 'ListParagraph', indent: { left: twips(6 + 6 * Math.min(level, 8)) } }
      first = false
      return options
    }
    const flush = () => {
      if (run.length === 0 || toString({ type: 'root', children: run }).trim() === '') {
        run = []
        return
      }
      out.push(paragraph(inlines(run, context, state, {}), context, state, numbering(), item))
      run = []
    }
    for (const child of item.children) {
      if (isElement(child) && (child.tagName === 'ul' || child.tagName === 'ol')) {
        flush()
        out.push(...list(child, context, state, level + 1))
      } else if (isElement(child) && child.tagName === 'p') {
        flush()
        out.push(paragraph(inlines(child.children, context, state, {}), context, state, numbering(), child.properties.dataLine === undefined ? item : child))
      } else if (isElement(child) && blockTags.has(child.tagName)) {
        flush()
        out.push(...block(child, context, state))
      } else run.push(child)
    }
    flush()
  }
  return out
}

function table(node: Element, context: ConvertContext, state: State): FileChild[] {
  const { look } = context
  const out: FileChild[] = []
  const caption = node.children.find((child): child is Element => isElement(child) && child.tagName === 'caption')
  const id = node.properties.id ? [String(node.properties.id)] : []
  if (caption) out.push(paragraph(inlines(caption.children, context, state, {}), context, state, { style: 'TableCaption' }, caption, true, id))
  const rows: Array<{ head: boolean; cells: Element[] }> = []
  for (const part of node.children) {
    if (!isElement(part)) continue
    const groupRows = part.tagName === 'tr' ? [part] : ['thead', 'tbody', 'tfoot'].includes(part.tagName) ? part.children.filter((c): c is Element => isElement(c) && c.tagName === 'tr') : []
    for (const row of groupRows) rows.push({ head: part.tagName === 'thead', cells: row.children.filter((c): c is Element => isElement(c) && (c.tagName === 'td' || c.tagName === 'th')) })
  }
  // Where each cell stands in the grid, with the columns and rows it spans (HTML leaves out the
  // cells a row span covers; the docx library writes them as merged continuations).
  const placed = placeCells(rows.map((r) => r.cells))
  const columns = Math.max(1, ...placed.map((row) => row.reduce((end, p) => Math.max(end, p.column + p.columns), 0)))
  // A table whose words do not fit at its text size is set smaller (6 pt at least), as a wide
  // table in a narrow column is in print.
  const fit = fittingSize(placed, columns, twips(context.textWidth), look.tableSize)
  if (fit < look.tableSize) state = { ...state, size: fit }
  const widths = columnWidths(placed, columns, twips(context.textWidth), fit)
  const border = { style: BorderStyle.SINGLE, size: 4, color: look.tableBorder }
  const docxRows = rows.map(({ head }, r) => {
    const children = placed[r]!.map(({ cell, column, columns: span, rows: down }) => {
      const align = String(cell.properties.align ?? '')
      const alignment = align === 'right' ? AlignmentType.RIGHT : align === 'center' ? AlignmentType.CENTER : undefined
      const style = head || cell.tagName === 'th' ? 'TableHeading' : 'TableText'
      const content = cellContent(cell, context, state, { style, ...(alignment ? { alignment } : {}) })
      return new TableCell({
        children: content.length > 0 ? content : [new Paragraph({ style, children: [] })],
        width: { size: widths.slice(column, column + span).reduce((a, b) => a + b, 0), type: WidthType.DXA },
        ...(span > 1 ? { columnSpan: span } : {}),
        ...(down > 1 ? { rowSpan: down } : {}),
        ...(head ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: look.tableHead } } : {}),
        margins: { top: 40, bottom: 40, left: 80, right: 80 }
      })
    })
    // A short row is filled up with empty cells, as a browser shows it.
    const used = placed[r]!.reduce((end, p) => Math.max(end, p.column + p.columns), 0)
    for (let column = used; column < columns; column++) children.push(new TableCell({ children: [new Paragraph({ style: 'TableText', children: [] })], width: { size: widths[column]!, type: WidthType.DXA } }))
    return new TableRow({ ...(head ? { tableHeader: true } : {}), cantSplit: true, children })
  })
  out.push(
    new Table({
      rows: docxRows,
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border }
    })
  )
  // Space after the table (Word puts the next paragraph right under its last row).
  out.push(new Paragraph({ style: 'AfterTable', children: [] }))
  return out
}

function cellContent(cell: Element, context: ConvertContext, state: State, options: IParagraphOptions): Paragraph[] {
  const hasBlocks = cell.children.some((child) => isElement(child) && blockTags.has(child.tagName))
  if (!hasBlocks) return [paragraph(inlines(cell.children, context, state, {}), context, state, options, cell)]
  return blocks(cell.children, context, state).filter((child): child is Paragraph => child instanceof Paragraph)
}

/** A word's width in ems, roughly (capitals are wide, punctuation narrow), to keep it on one line. */
function ems(word: string): number {
  let width = 0
  for (const ch of word) width += /\p{Lu}/u.test(ch) ? 0.68 : /\p{N}/u.test(ch) ? 0.55 : /[\p{L}]/u.test(ch) ? 0.5 : 0.32
  return width
}

/** A cell in the table's grid: its first column and row, and how many it spans. */
interface PlacedCell {
  cell: Element
  column: number
  columns: number
  rows: number
}

/** Place the cells of HTML rows on a grid, skipping the slots that row spans above cover. */
function placeCells(rows: Element[][]): PlacedCell[][] {
  const taken = new Map<number, Set<number>>()
  return rows.map((cells, r) => {
    let column = 0
    return cells.map((cell) => {
      while (taken.get(r)?.has(column)) column++
      const columns = Math.max(1, Number(cell.properties.colSpan ?? 1) || 1)
      const down = Math.max(1, Math.min(rows.length - r, Number(cell.properties.rowSpan ?? 1) || 1))
      for (let below = r + 1; below < r + down; below++) {
        const set = taken.get(below) ?? new Set<number>()
        for (let c = column; c < column + columns; c++) set.add(c)
        taken.set(below, set)
      }
      const placed = { cell, column, columns, rows: down }
      column += columns
      return placed
    })
  })
}

/** The largest text size (pt, by halves, 6 at least) at which every column's longest word fits. */
function fittingSize(rows: PlacedCell[][], columns: number, total: number, size: number): number {
  let fit = size
  while (fit > 6 && minimumWidths(rows, columns, fit).reduce((a, b) => a + b, 0) > total) fit -= 0.5
  return fit
}

function minimumWidths(rows: PlacedCell[][], columns: number, size: number): number[] {
  return Array.from({ length: columns }, (_, index) => {
    const words = rows.flatMap((row) => row.filter((p) => p.column === index && p.columns === 1).flatMap((p) => toString(p.cell).trim().split(/\s+/)))
    return Math.ceil(Math.max(1.5, ...words.map(ems)) * size * 20) + 200 // and the cell's margins
  })
}

/**
 * Column widths (twips, summing to `total`) as a browser's automatic table layout gives them:
 * wide enough for each column's longest word (at the table's text size), the rest shared by
 * the length of the columns' text.
 */
export function columnWidths(rows: PlacedCell[][], columns: number, total: number, size = 9): number[] {
  const single = (index: number) => rows.flatMap((row) => row.filter((p) => p.column === index && p.columns === 1).map((p) => toString(p.cell).trim()))
  const minimum = minimumWidths(rows, columns, size)
  const weights = Array.from({ length: columns }, (_, index) => {
    const lengths = single(index).map((text) => text.length)
    const longest = Math.max(4, ...lengths)
    const mean = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length)
    return Math.sqrt(longest) + Math.sqrt(mean)
  })
  const floor = minimum.reduce((a, b) => a + b, 0)
  let widths: number[]
  if (floor >= total) widths = minimum.map((m) => Math.floor((m / floor) * total))
  else {
    const sum = weights.reduce((a, b) => a + b, 0)
    // Share the room by weight, never giving a column less than its longest word.
    widths = weights.map((w) => (w / sum) * total)
    for (let pass = 0; pass < columns; pass++) {
      const short = widths.map((w, i) => w < minimum[i]!)
      if (!short.some(Boolean)) break
      const fixed = widths.reduce((a, w, i) => a + (short[i] ? minimum[i]! : 0), 0)
      const rest = weights.reduce((a, w, i) => a + (short[i] ? 0 : w), 0)
      widths = widths.map((w, i) => (short[i] ? minimum[i]! : (weights[i]! / rest) * (total - fixed)))
    }
    widths = widths.map((w) => Math.floor(w))
  }
  widths[widths.length - 1]! += total - widths.reduce((a, b) => a + b, 0)
  return widths
}

function figure(node: Element, context: ConvertContext, state: State): FileChild[] {
  const caption = node.children.find((child): child is Element => isElement(child) && child.tagName === 'figcaption')
  const images = node.children.filter((child) => !(isElement(child) && child.tagName === 'figcaption'))
  const id = node.properties.id ? [String(node.properties.id)] : []
  const out: FileChild[] = [paragraph(inlines(images, context, state, {}), context, state, { style: 'Figure' }, undefined, true)]
  if (caption) out.push(paragraph(inlines(caption.children, context, state, {}), context, state, { style: 'FigureCaption' }, caption.properties.dataLine !== undefined ? caption : node, true, id))
  return out
}

function glossaryList(node: Element, context: ConvertContext, state: State): FileChild[] {
  const out: FileChild[] = []
  for (const child of node.children) {
    if (!isElement(child)) continue
    if (child.tagName === 'dt') {
      const abbr = child.children.find((c): c is Element => isElement(c) && c.tagName === 'abbr')
      const term = child.children.find((c): c is Element => isElement(c) && hasClass(c, 'term'))
      const pieces: Piece[] = abbr ? [{ type: 'text', text: toString(abbr), format: { style: 'GlossaryAbbreviation' } }, { type: 'tab' }, ...inlines(term ? term.children : [], context, state, {})] : inlines(term ? term.children : child.children, context, state, {})
      out.push(paragraph(pieces, context, state, { style: 'GlossaryTerm' }, child, true, child.properties.id ? [String(child.properties.id)] : []))
    } else if (child.tagName === 'dd') {
      out.push(...paragraphs(child.children, context, state, { style: 'GlossaryDefinition' }, child))
    }
  }
  return out
}
