// Word fields (ECMA-376 Part 1 §17.16) before mammoth reads the document. mammoth knows only
// HYPERLINK fields and complex fields; it drops a w:fldSimple whole, result text included. So
// simple fields are rewritten as the equivalent complex field, Word's cross-references (REF to a
// bookmark) become HYPERLINK \l fields that mammoth turns into internal links (the importer
// turns those into the press's references), a table of contents is removed (the press makes
// its own), and every other field is reported: its displayed text stays as plain text.
import type { Element as XmlElement } from '@xmldom/xmldom'
import { afterFigureLabel, afterTableLabel } from './captions.js'
import { childElements, closest, descendants, isW, quote, remove, visibleText, W, wAll, wAttr, wChild, type XmlPart } from '../ooxml/package.js'
import type { ImportDiagnostics } from './places.js'
import type { Styles } from './styles.js'

interface ComplexField {
  begin: XmlElement
  instr: XmlElement[]
  separate: XmlElement | undefined
  end: XmlElement | undefined
  /** Nesting depth: 0 for a field in running text. */
  depth: number
  /** The text it shows (between separate and end). */
  result: string
}

/**
 * Rewrite and report the fields of a part (document, footnotes or endnotes). Call after tracked
 * changes are applied: only what is imported is looked at.
 */
export function prepareFields(part: XmlPart, styles: Styles, diagnostics: ImportDiagnostics): void {
  removeTocBlocks(part, diagnostics)
  const simples = wAll(part.doc, 'fldSimple')
  for (const simple of simples) simpleToComplex(simple)
  if (simples.length > 0) part.changed = true
  for (const field of complexFields(part)) {
    if (field.depth > 0) continue
    const instruction = field.instr.map((e) => e.textContent ?? '').join('').trim()
    const type = /^\s*([A-Za-z]+)/.exec(instruction)?.[1]?.toUpperCase() ?? ''
    const result = field.separate && field.end ? field.result : ''
    if (type === 'HYPERLINK') continue
    if (type === 'REF') {
      // REF _Ref123 \h: Word's cross-reference to a bookmark (a caption, a heading...).
      const bookmark = /^\s*REF\s+("?)([^\s"\\]+)\1/i.exec(instruction)?.[2]
      if (bookmark && field.instr.length > 0) {
        field.instr[0]!.textContent = ` HYPERLINK \\l "${bookmark}" `
        for (const extra of field.instr.slice(1)) extra.textContent = ''
        part.changed = true
        continue
      }
    }
    if (type === 'TOC') {
      diagnostics.add(part.name, 'import-field-dropped', 'Unexpected table of contents (TOC field), dropped; the press makes its own table of contents', field.begin)
      removeField(part, field)
      continue
    }
    if (type === 'SEQ') {
      const paragraph = closest(field.begin, (e) => isW(e, 'p'))
      const text = paragraph ? visibleText(paragraph) : ''
      if (paragraph && (styles.isCaption(paragraph) || afterTableLabel(text) !== undefined || afterFigureLabel(text) !== undefined)) continue
    }
    const shown = result.trim() ? `kept as its text ${quote(result)}` : 'dropped (it shows no text)'
    const hint = type === 'PAGEREF' || type === 'PAGE' ? '; page numbers come from the press' : type === 'NOTEREF' ? '; footnotes are numbered by the press' : ''
    diagnostics.add(part.name, 'import-field-dropped', `Unexpected field \`${instruction.replace(/\s+/g, ' ')}\`, ${shown}${hint}`, field.begin)
  }
}

/** Word 2013+ wraps its table of contents in a content control of the "Table of Contents" gallery. */
function removeTocBlocks(part: XmlPart, diagnostics: ImportDiagnostics): void {
  for (const sdt of wAll(part.doc, 'sdt')) {
    const gallery = wAttr(wChild(wChild(wChild(sdt, 'sdtPr'), 'docPartObj'), 'docPartGallery'), 'val')
    if (gallery !== 'Table of Contents' || !sdt.parentNode) continue
    diagnostics.add(part.name, 'import-field-dropped', 'Unexpected table of contents, dropped; the press makes its own table of contents', wAll(sdt, 'p')[0] ?? sdt)
    remove(sdt)
    part.changed = true
  }
}

/** `<w:fldSimple w:instr="X">runs</w:fldSimple>` as begin, instrText, separate, runs, end. */
function simpleToComplex(simple: XmlElement): void {
  const doc = simple.ownerDocument!
  const parent = simple.parentNode!
  const run = (child: XmlElement) => {
    const r = doc.createElementNS(W, 'w:r')
    r.appendChild(child)
    parent.insertBefore(r, simple)
  }
  const fldChar = (type: string) => {
    const element = doc.createElementNS(W, 'w:fldChar')
    element.setAttributeNS(W, 'w:fldCharType', type)
    return element
  }
  run(fldChar('begin'))
  const instr = doc.createElementNS(W, 'w:instrText')
  instr.setAttribute('xml:space', 'preserve')
  instr.textContent = ` ${wAttr(simple, 'instr') ?? ''} `
  run(instr)
  run(fldChar('separate'))
  while (simple.firstChild) parent.insertBefore(simple.firstChild, simple)
  run(fldChar('end'))
  remove(simple)
}

/** Complex fields of a part in document order, with their nesting depth and result text (one pass). */
function complexFields(part: XmlPart): ComplexField[] {
  const fields: ComplexField[] = []
  const stack: ComplexField[] = []
  for (const node of descendants(part.doc)) {
    if (node.nodeType !== 1) continue
    const element = node as XmlElement
    if (stack.length > 0 && (isW(element, 't') || isW(element, 'tab'))) {
      const text = isW(element, 'tab') ? ' ' : (element.textContent ?? '')
      for (const open of stack) if (open.separate) open.result += text
    }
    if (isW(element, 'fldChar')) {
      const type = wAttr(element, 'fldCharType')
      if (type === 'begin') {
        const field: ComplexField = { begin: element, instr: [], separate: undefined, end: undefined, depth: stack.length, result: '' }
        stack.push(field)
        fields.push(field)
      } else if (type === 'separate' && stack.length > 0) {
        stack[stack.length - 1]!.separate = element
      } else if (type === 'end' && stack.length > 0) {
        stack.pop()!.end = element
      }
    } else if (isW(element, 'instrText') && stack.length > 0) {
      const top = stack[stack.length - 1]!
      if (!top.separate) top.instr.push(element)
    }
  }
  return fields
}

/** Remove a field and everything it shows, across paragraphs (a table of contents). */
function removeField(part: XmlPart, field: ComplexField): void {
  const end = field.end ?? field.begin
  const beginRun = closest(field.begin, (e) => isW(e, 'r')) ?? field.begin
  const endRun = closest(end, (e) => isW(e, 'r')) ?? end
  const beginParagraph = closest(beginRun, (e) => isW(e, 'p'))
  const endParagraph = closest(endRun, (e) => isW(e, 'p'))
  const paragraphs = wAll(part.doc, 'p')
  const from = beginParagraph ? paragraphs.indexOf(beginParagraph) : -1
  const to = endParagraph ? paragraphs.indexOf(endParagraph) : -1
  if (from < 0 || to < 0) return
  // Runs of the first and last paragraphs that belong to the field, then the paragraphs between.
  const trimAfter = (start: XmlElement, stopAt: XmlElement | undefined) => {
    for (let node: XmlElement | null = topChild(start); node; ) {
      const next = nextElement(node)
      const stop = stopAt && (node === stopAt || descendantsInclude(node, stopAt))
      remove(node)
      if (stop) break
      node = next
    }
  }
  if (from === to) {
    trimAfter(beginRun, endRun)
  } else {
    trimAfter(beginRun, undefined)
    for (const paragraph of paragraphs.slice(from + 1, to)) remove(paragraph)
    const last = paragraphs[to]!
    for (const child of childElements(last)) {
      if (isW(child, 'pPr')) continue
      const stop = child === endRun || descendantsInclude(child, endRun)
      remove(child)
      if (stop) break
    }
  }
  for (const paragraph of [paragraphs[from]!, paragraphs[to]!]) {
    if (paragraph.parentNode && visibleText(paragraph).trim() === '' && wAll(paragraph, 'drawing').length === 0) remove(paragraph)
  }
  part.changed = true
}

/** The ancestor of `node` that is a direct child of its paragraph. */
function topChild(node: XmlElement): XmlElement {
  let current = node
  while (current.parentNode && !isW(current.parentNode, 'p')) current = current.parentNode as XmlElement
  return current
}

function nextElement(node: XmlElement): XmlElement | null {
  let next = node.nextSibling
  while (next && next.nodeType !== 1) next = next.nextSibling
  return next as XmlElement | null
}

function descendantsInclude(root: XmlElement, target: XmlElement): boolean {
  for (const node of descendants(root)) if (node === target) return true
  return false
}
