// What a contribution cannot carry, found in the OOXML before mammoth reads it (mammoth drops
// most of it without a word): comments, text boxes, merged cells, cells that hold more than one
// line, colours and highlighting, hidden text, equations, charts, SmartArt, embedded objects,
// linked or unprintable images, headers and footers, the document's title. Each is reported
// with the part and paragraph; what must not reach the contribution (hidden text, the title,
// a heading that repeats the section title) is removed from the XML here, where its place is known.
import type { Element as XmlElement } from '@xmldom/xmldom'
import { childElements, closest, descendants, inFallback, isW, MC, quote, rAttr, remove, visibleText, W, wAll, wAttr, wChild, type DocxPackage, type XmlPart } from '../ooxml/package.js'
import type { ImportDiagnostics } from './places.js'
import type { Styles } from './styles.js'
import { stripHeadingNumber } from './numbers.js'

const A = 'http://schemas.openxmlformats.org/drawingml/2006/main'
const M = 'http://schemas.openxmlformats.org/officeDocument/2006/math'
const WPS = 'http://schemas.microsoft.com/office/word/2010/wordprocessingShape'
const W14 = 'http://schemas.microsoft.com/office/word/2010/wordml'
const W15 = 'http://schemas.microsoft.com/office/word/2012/wordml'
const O = 'urn:schemas-microsoft-com:office:office'
const V = 'urn:schemas-microsoft-com:vml'

/** Image formats a browser (and so the press's PDF) cannot show. */
export const unprintableImages = ['emf', 'wmf', 'tif', 'tiff', 'wdp', 'jxr']

/** What the loss scan needs besides the package. */
export interface LossContext {
  styles: Styles
  diagnostics: ImportDiagnostics
  /** The title of the section the contribution is for (a first heading repeating it is dropped). */
  sectionTitle: string
}

/**
 * Report everything of the package that the contribution will not carry, and remove from the
 * XML what must not be imported (hidden text, Title and Subtitle paragraphs, a first heading
 * that repeats the section title). Call after tracked changes are applied.
 */
export function reportLosses(pkg: DocxPackage, context: LossContext): void {
  const parts = [pkg.document, pkg.footnotes, pkg.endnotes].filter((p): p is XmlPart => p !== undefined)
  reportComments(pkg, parts, context)
  for (const part of parts) {
    removeHidden(part, context)
    reportTextBoxes(part, context)
    reportTables(part, context)
    reportFormatting(part, context)
    reportObjects(part, pkg, context)
  }
  removeTitles(pkg.document, context)
  for (const part of [...pkg.headers, ...pkg.footers]) {
    const text = visibleText(part.doc).trim()
    if (/\p{L}/u.test(text)) {
      const kind = part.name.includes('footer') ? 'footer' : 'header'
      context.diagnostics.add(part.name, 'import-content-dropped', `Unexpected ${kind} text ${quote(text)}, dropped; the press prints its own running headers and footers`)
    }
  }
}

function reportComments(pkg: DocxPackage, parts: XmlPart[], { diagnostics }: LossContext): void {
  if (!pkg.comments) return
  const comments = new Map<string, XmlElement>()
  for (const comment of wAll(pkg.comments.doc, 'comment')) comments.set(wAttr(comment, 'id') ?? '', comment)
  // Replies (Word 2013+): commentsExtended links a comment's last paragraph to its parent's.
  const parentOf = new Map<string, string>()
  if (pkg.commentsExtended) {
    for (const ex of Array.from(pkg.commentsExtended.doc.getElementsByTagNameNS(W15, 'commentEx'))) {
      const parent = ex.getAttributeNS(W15, 'paraIdParent')
      if (parent) parentOf.set(ex.getAttributeNS(W15, 'paraId') ?? '', parent)
    }
  }
  const authorByPara = new Map<string, string>()
  for (const comment of comments.values()) {
    const last = wAll(comment, 'p').at(-1)
    const paraId = last?.getAttributeNS(W14, 'paraId')
    if (paraId) authorByPara.set(paraId, wAttr(comment, 'author') ?? 'someone')
  }
  const reported = new Set<string>()
  for (const part of parts) {
    const covered = commentedText(part)
    const starts = new Map<string, XmlElement>()
    for (const start of wAll(part.doc, 'commentRangeStart')) starts.set(wAttr(start, 'id') ?? '', start)
    const anchors = [...wAll(part.doc, 'commentRangeStart'), ...wAll(part.doc, 'commentReference').filter((r) => !starts.has(wAttr(r, 'id') ?? ''))]
    for (const anchor of anchors) {
      const id = wAttr(anchor, 'id') ?? ''
      if (reported.has(id)) continue
      reported.add(id)
      const comment = comments.get(id)
      if (!comment) continue
      const text = isW(anchor, 'commentRangeStart') ? (covered.get(id) ?? '') : ''
      diagnostics.add(part.name, 'import-comment-dropped', `Unexpected comment ${describeComment(comment, parentOf, authorByPara)}${text.trim() ? ` on ${quote(text)}` : ''}, dropped; comments are not carried into a contribution`, anchor)
    }
  }
  for (const [id, comment] of comments) {
    if (reported.has(id)) continue
    diagnostics.add(pkg.comments.name, 'import-comment-dropped', `Unexpected comment ${describeComment(comment, parentOf, authorByPara)}, dropped; comments are not carried into a contribution`, comment)
  }
}

function describeComment(comment: XmlElement, parentOf: Map<string, string>, authorByPara: Map<string, string>): string {
  const author = wAttr(comment, 'author') || 'an unknown author'
  const date = wAttr(comment, 'date')?.slice(0, 10)
  const paraId = wAll(comment, 'p').at(-1)?.getAttributeNS(W14, 'paraId') ?? ''
  const parent = parentOf.get(paraId)
  const reply = parent ? ` (a reply to ${authorByPara.get(parent) ?? 'a comment'})` : ''
  return `by ${author}${date ? ` (${date})` : ''}${reply}: ${quote(visibleText(comment), 80)}`
}

/** The text each comment's range covers, by comment id (one pass over the part). */
function commentedText(part: XmlPart): Map<string, string> {
  const texts = new Map<string, string>()
  const open = new Set<string>()
  for (const node of descendants(part.doc)) {
    if (node.nodeType !== 1) continue
    const element = node as XmlElement
    if (isW(element, 'commentRangeStart')) {
      const id = wAttr(element, 'id') ?? ''
      open.add(id)
      texts.set(id, '')
    } else if (isW(element, 'commentRangeEnd')) {
      open.delete(wAttr(element, 'id') ?? '')
    } else if (open.size > 0 && (isW(element, 't') || isW(element, 'delText'))) {
      for (const id of open) if (texts.get(id)!.length < 200) texts.set(id, texts.get(id)! + (element.textContent ?? ''))
    }
  }
  return texts
}

/** Hidden text (w:vanish) is not part of what the writer shows: removed, and reported. */
function removeHidden(part: XmlPart, { diagnostics }: LossContext): void {
  const byParagraph = new Map<XmlElement, XmlElement[]>()
  for (const vanish of wAll(part.doc, 'vanish')) {
    const rPr = vanish.parentNode as XmlElement
    const run = rPr?.parentNode as XmlElement
    if (!isW(rPr, 'rPr') || !isW(run, 'r') || ['0', 'false', 'off'].includes(wAttr(vanish, 'val') ?? '')) continue
    const paragraph = closest(run, (e) => isW(e, 'p'))
    if (!paragraph) continue
    byParagraph.set(paragraph, [...(byParagraph.get(paragraph) ?? []), run])
  }
  for (const [, runs] of byParagraph) {
    const text = runs.map(visibleText).join('')
    if (text.trim()) diagnostics.add(part.name, 'import-content-dropped', `Unexpected hidden text ${quote(text)}, dropped`, runs[0])
    for (const run of runs) remove(run)
    part.changed = true
  }
}

function reportTextBoxes(part: XmlPart, { diagnostics }: LossContext): void {
  for (const content of wAll(part.doc, 'txbxContent')) {
    if (inFallback(content)) continue
    const text = visibleText(content)
    const choice = closest(content, (e) => e.namespaceURI === MC && e.localName === 'Choice')
    const fallback = choice ? childElements(choice.parentNode as XmlElement).find((e) => e.namespaceURI === MC && e.localName === 'Fallback') : undefined
    // mammoth reads a text box from VML (w:pict) or from the mc:Fallback that holds it.
    const kept = choice ? !!fallback && wAll(fallback, 'txbxContent').length > 0 : !!closest(content, (e) => isW(e, 'pict'))
    const anchor = closest(choice ?? content, (e) => isW(e, 'r')) ?? content
    if (kept) diagnostics.add(part.name, 'import-textbox-flattened', `Unexpected text box ${quote(text)}, its text written as ordinary paragraphs after the paragraph that holds it; its frame and position are lost`, anchor)
    else diagnostics.add(part.name, 'import-content-dropped', `Unexpected text box ${quote(text)} with no fallback text, dropped`, anchor)
  }
}

function reportTables(part: XmlPart, { diagnostics }: LossContext): void {
  for (const cell of wAll(part.doc, 'tc')) {
    const tcPr = wChild(cell, 'tcPr')
    const span = Number(wAttr(wChild(tcPr, 'gridSpan'), 'val') ?? '1')
    const vMerge = wChild(tcPr, 'vMerge')
    const hMerge = wChild(tcPr, 'hMerge')
    const what: string[] = []
    if (span > 1) what.push(`spans ${span} columns`)
    if (vMerge && wAttr(vMerge, 'val') === 'restart') what.push(`is merged with the ${rowsMerged(cell)} below`)
    if (hMerge && wAttr(hMerge, 'val') === 'restart') what.push('is merged with the cell to its right')
    if (what.length > 0) {
      diagnostics.add(part.name, 'import-cell-merged', `Unexpected merged table cell ${quote(visibleText(cell))} (it ${what.join(' and ')}), written in its first cell with the others left empty; a Markdown table has no merged cells`, cell)
    }
    const paragraphs = childElements(cell).filter((e) => isW(e, 'p') && visibleText(e).trim() !== '')
    const lists = childElements(cell).filter((e) => isW(e, 'p') && wChild(wChild(e, 'pPr'), 'numPr'))
    const nested = childElements(cell).filter((e) => isW(e, 'tbl'))
    if (nested.length > 0) {
      diagnostics.add(part.name, 'import-table-flattened', `Unexpected table inside a table cell ${quote(visibleText(cell))}, written as text in the cell`, cell)
    } else if (paragraphs.length > 1 || lists.length > 0) {
      const kind = lists.length > 0 ? 'a list' : `${paragraphs.length} paragraphs`
      diagnostics.add(part.name, 'import-table-flattened', `Unexpected table cell with ${kind} ${quote(visibleText(cell))}, written on one line of the Markdown table with \`<br>\` between its lines`, cell)
    }
  }
}

function rowsMerged(cell: XmlElement): string {
  const row = cell.parentNode as XmlElement
  const index = childElements(row).filter((e) => isW(e, 'tc')).indexOf(cell)
  let count = 0
  for (let next = row.nextSibling; next; next = next.nextSibling) {
    if (!isW(next, 'tr')) continue
    const below = childElements(next).filter((e) => isW(e, 'tc'))[index]
    const merge = below && wChild(wChild(below, 'tcPr'), 'vMerge')
    if (!merge || (wAttr(merge, 'val') ?? 'continue') !== 'continue') break
    count++
  }
  return count === 1 ? 'cell' : `${count} cells`
}

function reportFormatting(part: XmlPart, { diagnostics, styles }: LossContext): void {
  for (const paragraph of wAll(part.doc, 'p')) {
    if (inFallback(paragraph)) continue
    const kinds = new Set<string>()
    let first: XmlElement | undefined
    let sample = ''
    const shading = wChild(wChild(paragraph, 'pPr'), 'shd')
    if (shading && !['auto', 'FFFFFF', ''].includes((wAttr(shading, 'fill') ?? '').toUpperCase())) kinds.add('shading')
    for (const run of childElements(paragraph).flatMap((e) => (isW(e, 'r') ? [e] : isW(e, 'smartTag') || isW(e, 'customXml') ? wAll(e, 'r') : []))) {
      const text = visibleText(run)
      if (!text.trim()) continue
      const rPr = wChild(run, 'rPr')
      if (!rPr) continue
      const style = wAttr(wChild(rPr, 'rStyle'), 'val')?.toLowerCase() ?? ''
      if (style.includes('hyperlink') || style.includes('internetlink')) continue
      const found: string[] = []
      const color = wChild(rPr, 'color')
      if (color && !['auto', '000000', ''].includes((wAttr(color, 'val') ?? '').toLowerCase())) found.push('coloured text')
      const highlight = wChild(rPr, 'highlight')
      if (highlight && (wAttr(highlight, 'val') ?? 'none') !== 'none') found.push('highlighting')
      const shd = wChild(rPr, 'shd')
      if (shd && !['AUTO', 'FFFFFF', ''].includes((wAttr(shd, 'fill') ?? '').toUpperCase())) found.push('shading')
      const underline = wChild(rPr, 'u')
      if (underline && (wAttr(underline, 'val') ?? 'single') !== 'none') found.push('underlining')
      if (found.length === 0) continue
      for (const kind of found) kinds.add(kind)
      first ??= run
      if (sample.length < 40) sample += `${sample ? ' … ' : ''}${text.trim()}`
    }
    if (kinds.size === 0) continue
    // A caption's or heading's look comes from the press's styles; no need to say so.
    if (styles.isCaption(paragraph) && kinds.size === 1 && kinds.has('coloured text')) continue
    diagnostics.add(part.name, 'import-formatting-dropped', `Unexpected ${[...kinds].join(', ')} on ${quote(sample || visibleText(paragraph))}, kept as plain text; a contribution carries emphasis (bold, italic) only`, first ?? paragraph)
  }
}

function reportObjects(part: XmlPart, pkg: DocxPackage, { diagnostics }: LossContext): void {
  const add = (node: XmlElement, reason: string, rule: 'import-content-dropped' = 'import-content-dropped') => diagnostics.add(part.name, rule, reason, node)
  for (const math of [...Array.from(part.doc.getElementsByTagNameNS(M, 'oMathPara')), ...Array.from(part.doc.getElementsByTagNameNS(M, 'oMath'))]) {
    if (closest(math.parentNode, (e) => e.namespaceURI === M && (e.localName === 'oMath' || e.localName === 'oMathPara'))) continue
    add(math, `Unexpected equation ${quote(math.textContent ?? '')}, dropped; write it as text or as an image`)
  }
  for (const data of Array.from(part.doc.getElementsByTagNameNS(A, 'graphicData'))) {
    if (inFallback(data)) continue
    const uri = data.getAttribute('uri') ?? ''
    const what = uri.endsWith('/chart') || uri.includes('/chartex') ? 'chart' : uri.endsWith('/diagram') ? 'SmartArt diagram' : undefined
    if (!what) continue
    add(closest(data, (e) => isW(e, 'r')) ?? data, `${what === 'chart' ? 'Unexpected chart' : 'Unexpected SmartArt diagram'}${fallbackPicture(data) ? ', kept as its picture' : ', dropped'}; export it as a PNG or SVG image and insert that`)
  }
  for (const shape of Array.from(part.doc.getElementsByTagNameNS(WPS, 'wsp'))) {
    if (inFallback(shape) || shape.getElementsByTagNameNS(WPS, 'txbx').length > 0) continue
    add(closest(shape, (e) => isW(e, 'r')) ?? shape, `Unexpected drawing shape${fallbackPicture(shape) ? ', kept as its picture' : ', dropped'}`)
  }
  for (const object of wAll(part.doc, 'object')) {
    const ole = object.getElementsByTagNameNS(O, 'OLEObject')[0]
    const program = ole?.getAttribute('ProgID') ?? 'an embedded object'
    const preview = object.getElementsByTagNameNS(V, 'imagedata').length > 0
    add(object, `Unexpected embedded object (${program}), ${preview ? 'kept as its preview picture' : 'dropped'}`)
  }
  for (const blip of Array.from(part.doc.getElementsByTagNameNS(A, 'blip'))) {
    if (inFallback(blip)) continue
    const embed = rAttr(blip, 'embed')
    const link = rAttr(blip, 'link')
    const relationships = part === pkg.document ? pkg.relationships : undefined
    const target = embed ? relationships?.get(embed)?.target : undefined
    const extension = target?.split('.').pop()?.toLowerCase() ?? ''
    const anchor = closest(blip, (e) => isW(e, 'r')) ?? blip
    if (!embed && link) add(anchor, 'Unexpected linked image (not embedded in the document), dropped; insert the picture itself')
    else if (unprintableImages.includes(extension)) add(anchor, `Unexpected ${extension.toUpperCase()} image (${target}), dropped; browsers cannot show it: save it as PNG or SVG and insert that`)
  }
}

/** Whether an mc:Choice holding `node` has a fallback with a picture (which mammoth reads). */
function fallbackPicture(node: XmlElement): boolean {
  const choice = closest(node, (e) => e.namespaceURI === MC && e.localName === 'Choice')
  const fallback = choice ? childElements(choice.parentNode as XmlElement).find((e) => e.namespaceURI === MC && e.localName === 'Fallback') : undefined
  return !!fallback && (fallback.getElementsByTagNameNS(A, 'blip').length > 0 || fallback.getElementsByTagNameNS(V, 'imagedata').length > 0)
}

/**
 * The document's Title and Subtitle paragraphs are the writer's cover, not text of the section;
 * a first heading that repeats the section's title would print it twice. Both are removed.
 */
function removeTitles(part: XmlPart, { styles, diagnostics, sectionTitle }: LossContext): void {
  const body = wChild(part.doc.documentElement as unknown as XmlElement, 'body')
  if (!body) return
  let seenText = false
  for (const paragraph of wAll(body, 'p')) {
    if (inFallback(paragraph) || closest(paragraph.parentNode, (e) => isW(e, 'tbl') || isW(e, 'txbxContent'))) continue
    const style = styles.paragraphStyle(paragraph)
    const text = visibleText(paragraph).trim()
    if (!text) continue
    if (style === 'title' || style === 'subtitle') {
      diagnostics.add(part.name, 'import-content-dropped', `Unexpected document ${style} ${quote(text)}, dropped; the section's title comes from guidelines.yaml`, paragraph)
      remove(paragraph)
      part.changed = true
      continue
    }
    if (styles.headingLevel(paragraph) === 0) {
      // Only a heading before any text can repeat the section title.
      seenText = true
      continue
    }
    if (!seenText && sameTitle(stripHeadingNumber(text), sectionTitle)) {
      diagnostics.add(part.name, 'import-content-dropped', `Unexpected heading ${quote(text)} that repeats the section's title, dropped; the press prints the section title`, paragraph)
      remove(paragraph)
      part.changed = true
    }
    seenText = true
  }
}

/** Titles compared without case, punctuation or extra spaces. */
export function sameTitle(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
  return norm(a) !== '' && norm(a) === norm(b)
}
