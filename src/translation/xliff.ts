import { DOMImplementation, DOMParser, XMLSerializer, type Document as XmlDocument, type Element as XmlElement, type Node as XmlNode } from '@xmldom/xmldom'
import type { Code, CodeKind, Inline } from './segments.js'

/**
 * XLIFF 2.0 (OASIS, core only) as the press writes and reads it: built as a DOM with
 * @xmldom/xmldom and serialised (never assembled from strings), read back with the line and
 * column of every element for diagnostics.
 */

/** The XLIFF 2.0 namespace (2.1 files use it too). */
export const xliffNamespace = 'urn:oasis:names:tc:xliff:document:2.0'

/** A note of a file or a unit; `category` says what it is (`location`, `previous-source`, ...). */
export interface XliffNote {
  category: string
  text: string
  id?: string
}

/** Segment states of XLIFF 2.0, in order of progress. */
export type SegmentState = 'initial' | 'translated' | 'reviewed' | 'final'

/** One unit as the press writes it: one segment, the whole block. */
export interface XliffUnit {
  id: string
  /** What the block is, for the translator ("paragraph 17", "table cell"). */
  name?: string
  notes: XliffNote[]
  source: Inline[]
  target?: Inline[]
  state?: SegmentState
}

/** One `<file>`: a source file of the project (`original` is its path). */
export interface XliffFile {
  id: string
  original: string
  notes: XliffNote[]
  units: XliffUnit[]
}

/** A whole XLIFF document. */
export interface XliffDocument {
  srcLang: string
  trgLang: string
  files: XliffFile[]
}

// How each kind of markup is typed for CAT tools (XLIFF 2.0 type and subType, section 4.3.1.39).
const codeTypes: Record<CodeKind, { type: string; subType?: string }> = {
  emphasis: { type: 'fmt', subType: 'xlf:i' },
  strong: { type: 'fmt', subType: 'xlf:b' },
  delete: { type: 'fmt' },
  link: { type: 'link' },
  xref: { type: 'link' },
  footnote: { type: 'other' },
  code: { type: 'other' },
  image: { type: 'image' },
  html: { type: 'fmt' },
  break: { type: 'fmt', subType: 'xlf:lb' },
  other: { type: 'other' }
}

/**
 * The XLIFF 2.0 text of `document`: `<xliff version="2.0">`, a `<file>` per file with its
 * notes, a `<unit>` per unit with its notes, its codes' Markdown in `<originalData>` and one
 * `<segment>` (`<source>`, `<target>` when there is a translation, `state`). Codes are `<pc>`
 * (paired) and `<ph>` (placeholders) with `dataRef`s, `disp`/`equiv` texts and `canCopy="no"
 * canDelete="no"`. Indented for people, never inside text.
 */
export function writeXliff(document: XliffDocument): string {
  const dom = new DOMImplementation().createDocument(xliffNamespace, 'xliff', null)
  const root = dom.documentElement!
  root.setAttribute('version', '2.0')
  root.setAttribute('srcLang', document.srcLang)
  root.setAttribute('trgLang', document.trgLang)
  const element = (name: string, attributes: Record<string, string | undefined> = {}) => {
    const node = dom.createElementNS(xliffNamespace, name)
    for (const [key, value] of Object.entries(attributes)) if (value !== undefined) node.setAttribute(key, value)
    return node
  }
  const notesOf = (notes: readonly XliffNote[]) => {
    const container = element('notes')
    for (const note of notes) {
      const node = element('note', { id: note.id, category: note.category })
      appendText(dom, node, note.text)
      container.appendChild(node)
    }
    return container
  }
  for (const file of document.files) {
    const fileNode = element('file', { id: file.id, original: file.original })
    if (file.notes.length > 0) fileNode.appendChild(notesOf(file.notes))
    for (const unit of file.units) {
      const unitNode = element('unit', { id: unit.id, name: unit.name })
      if (unit.notes.length > 0) unitNode.appendChild(notesOf(unit.notes))
      const codes = codeList(unit.source)
      if (codes.length > 0) {
        const original = element('originalData')
        for (const { id, code, paired } of codes) {
          const entries: Array<[string, string]> = paired ? [[`d${id}s`, code.start], [`d${id}e`, code.end ?? '']] : [[`d${id}`, code.start]]
          for (const [dataId, markdown] of entries) {
            const data = element('data', { id: dataId })
            appendText(dom, data, markdown)
            original.appendChild(data)
          }
        }
        unitNode.appendChild(original)
      }
      const segment = element('segment', { state: unit.target ? (unit.state ?? 'translated') : undefined })
      const source = element('source')
      appendInline(dom, source, unit.source, element)
      segment.appendChild(source)
      if (unit.target) {
        const target = element('target')
        appendInline(dom, target, unit.target, element)
        segment.appendChild(target)
      }
      unitNode.appendChild(segment)
      fileNode.appendChild(unitNode)
    }
    root.appendChild(fileNode)
  }
  indent(dom, root, 0)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(dom)}\n`
}

function codeList(parts: readonly Inline[]): Array<{ id: string; code: Code; paired: boolean }> {
  return parts.flatMap((part) => (part.type === 'text' ? [] : part.type === 'ph' ? [{ id: part.id, code: part.code, paired: false }] : [{ id: part.id, code: part.code, paired: true }, ...codeList(part.children)]))
}

function appendInline(dom: XmlDocument, parent: XmlElement, parts: readonly Inline[], element: (name: string, attributes?: Record<string, string | undefined>) => XmlElement): void {
  for (const part of parts) {
    if (part.type === 'text') {
      appendText(dom, parent, part.value)
      continue
    }
    const { type, subType } = codeTypes[part.code.kind]
    const common = { id: part.id, canCopy: 'no', canDelete: 'no', type, subType }
    if (part.type === 'ph') {
      parent.appendChild(element('ph', { ...common, dataRef: `d${part.id}`, disp: part.code.disp, equiv: part.code.kind === 'break' ? ' ' : '' }))
    } else {
      const node = element('pc', { ...common, dataRefStart: `d${part.id}s`, dataRefEnd: `d${part.id}e`, dispStart: part.code.start, dispEnd: part.code.end, equivStart: '', equivEnd: '' })
      appendInline(dom, node, part.children, element)
      parent.appendChild(node)
    }
  }
}

// Characters XML 1.0 cannot hold are written as <cp hex="..."/> (XLIFF 2.0, 4.3.1.1... the `cp` element).
const invalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

function appendText(dom: XmlDocument, parent: XmlElement, text: string): void {
  let last = 0
  for (const match of text.matchAll(invalidXml)) {
    if (match.index! > last) parent.appendChild(dom.createTextNode(text.slice(last, match.index)))
    const cp = dom.createElementNS(xliffNamespace, 'cp')
    cp.setAttribute('hex', match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'))
    parent.appendChild(cp)
    last = match.index! + 1
  }
  if (last < text.length) parent.appendChild(dom.createTextNode(text.slice(last)))
}

// Elements whose content is text (mixed content): white space added there would be content.
const mixed = new Set(['source', 'target', 'note', 'data', 'pc', 'skeleton'])

function indent(dom: XmlDocument, node: XmlElement, depth: number): void {
  if (mixed.has(node.localName ?? '')) return
  const children = Array.from(node.childNodes as unknown as ArrayLike<XmlNode>).filter((child) => child.nodeType === 1) as XmlElement[]
  if (children.length === 0) return
  for (const child of children) {
    node.insertBefore(dom.createTextNode(`\n${'  '.repeat(depth + 1)}`), child)
    indent(dom, child, depth + 1)
  }
  node.appendChild(dom.createTextNode(`\n${'  '.repeat(depth)}`))
}

/** A place in the XLIFF file (1-based). */
export interface XmlPlace {
  line: number
  column: number
}

/** A code as read from a `<target>` (or `<source>`): its id and where it is; what it stands for comes from the press's own source. */
export type ReadInline = { type: 'text'; value: string } | { type: 'ph'; id: string; at: XmlPlace } | { type: 'pc'; id: string; at: XmlPlace; children: ReadInline[] }

/** A unit as read back. */
export interface ReadUnit {
  id: string
  at: XmlPlace
  source: ReadInline[]
  /** Undefined when a segment has no target (the unit is not, or not wholly, translated). */
  target?: ReadInline[]
  /** The least advanced state of its segments. */
  state: SegmentState
  /** Problems with its inline codes (unpaired `<sc>`/`<ec>`, unknown elements), each with its place. */
  problems: Array<{ message: string; at: XmlPlace }>
}

/** A file as read back. */
export interface ReadFile {
  id: string
  original?: string
  at: XmlPlace
  notes: XliffNote[]
  units: ReadUnit[]
}

/** An XLIFF document as read back, or the reason it cannot be read. */
export interface ReadDocument {
  srcLang?: string
  trgLang?: string
  files: ReadFile[]
  /** Problems that make the document unreadable (not XML, not XLIFF 2), with their places. */
  errors: Array<{ message: string; at: XmlPlace }>
}

const states: SegmentState[] = ['initial', 'translated', 'reviewed', 'final']

/**
 * Read an XLIFF 2.x document with the place of every unit and inline code. Units may sit in
 * `<group>`s and hold several segments (a CAT tool that segmented them): a unit's source and
 * target are its segments' and ignorables' in order. `<sc>`/`<ec>` pairs are read as the paired
 * codes they stand for; annotations (`<mrk>`, `<sm>`, `<em>`) are dropped, their text kept.
 */
export function readXliff(text: string): ReadDocument {
  const errors: ReadDocument['errors'] = []
  let dom: XmlDocument | undefined
  try {
    dom = new DOMParser({
      locator: true,
      onError: (level, message, context) => {
        if (level === 'warning') return
        const locator = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator
        errors.push({ message: `Invalid XML: ${message}`, at: { line: locator?.lineNumber ?? 1, column: locator?.columnNumber ?? 1 } })
        if (level === 'fatalError') throw new Error(message)
      }
    }).parseFromString(text, 'text/xml')
  } catch (error) {
    const locator = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator
    if (errors.length === 0 || locator) errors.splice(0, errors.length, { message: `Invalid XML: ${(error as Error).message.replace(/^.*caused Error: /, '')}`, at: { line: locator?.lineNumber ?? 1, column: locator?.columnNumber ?? 1 } })
    return { files: [], errors }
  }
  const root = dom?.documentElement
  if (!root || root.localName !== 'xliff' || root.namespaceURI !== xliffNamespace || !/^2\./.test(root.getAttribute('version') ?? '')) {
    return { files: [], errors: [...errors, { message: `Unexpected document element \`${root?.tagName ?? 'none'}\`, expected <xliff version="2.0" xmlns="${xliffNamespace}">`, at: placeOf(root) }] }
  }
  const files: ReadFile[] = []
  for (const fileNode of elements(root, 'file')) {
    const units: ReadUnit[] = []
    const collect = (parent: XmlElement) => {
      for (const child of elements(parent)) {
        if (child.localName === 'unit') units.push(readUnit(child))
        else if (child.localName === 'group') collect(child)
      }
    }
    collect(fileNode)
    const notes = elements(fileNode, 'notes').flatMap((container) => elements(container, 'note')).map((note) => ({ category: note.getAttribute('category') ?? '', id: note.getAttribute('id') ?? undefined, text: textOf(note) }))
    files.push({ id: fileNode.getAttribute('id') ?? '', original: fileNode.getAttribute('original') ?? undefined, at: placeOf(fileNode), notes, units })
  }
  return { srcLang: root.getAttribute('srcLang') ?? undefined, trgLang: root.getAttribute('trgLang') ?? undefined, files, errors }
}

function readUnit(unit: XmlElement): ReadUnit {
  const problems: ReadUnit['problems'] = []
  const source: Flat[] = []
  let target: Flat[] | undefined = []
  let state: SegmentState = 'final'
  let segments = 0
  for (const part of elements(unit)) {
    if (part.localName !== 'segment' && part.localName !== 'ignorable') continue
    const sourceNode = elements(part, 'source')[0]
    const targetNode = elements(part, 'target')[0]
    if (sourceNode) source.push(...flatInline(sourceNode, problems))
    if (part.localName === 'segment') {
      segments++
      const value = part.getAttribute('state') || 'initial'
      if (states.indexOf(value as SegmentState) < states.indexOf(state)) state = value as SegmentState
      if (!targetNode) target = undefined
    }
    if (target && targetNode) target.push(...flatInline(targetNode, problems))
    else if (target && part.localName === 'ignorable' && sourceNode) target.push(...flatInline(sourceNode, []))
  }
  if (segments === 0) state = 'initial'
  const at = placeOf(unit)
  // A CAT tool may split a unit into segments, a paired code's start in one and its end in another.
  return { id: unit.getAttribute('id') ?? '', at, source: pair(source, [], at), target: target && pair(target, problems, at), state, problems }
}

/** Inline content before `<sc>`/`<ec>` are paired. */
type Flat = ReadInline | { type: 'sc'; id: string; at: XmlPlace } | { type: 'ec'; ref: string; at: XmlPlace }

/** The inline content of a `<source>`, `<target>` or `<pc>`, in order, `<sc>`/`<ec>` not yet paired. */
function flatInline(node: XmlElement, problems: ReadUnit['problems']): Flat[] {
  const flat: Flat[] = []
  const visit = (parent: XmlElement) => {
    for (const child of Array.from(parent.childNodes as unknown as ArrayLike<XmlNode>)) {
      if (child.nodeType === 3 || child.nodeType === 4) {
        flat.push({ type: 'text', value: child.nodeValue ?? '' })
        continue
      }
      if (child.nodeType !== 1) continue
      const element = child as XmlElement
      const at = placeOf(element)
      const id = element.getAttribute('id') ?? ''
      switch (element.localName) {
        case 'cp':
          flat.push({ type: 'text', value: String.fromCodePoint(Number.parseInt(element.getAttribute('hex') ?? '0', 16)) })
          break
        case 'ph':
          flat.push({ type: 'ph', id, at })
          break
        case 'pc':
          flat.push({ type: 'pc', id, at, children: pair(flatInline(element, problems), problems, at) })
          break
        case 'sc':
          flat.push({ type: 'sc', id, at })
          break
        case 'ec':
          flat.push({ type: 'ec', ref: element.getAttribute('startRef') ?? id, at })
          break
        case 'mrk':
          visit(element)
          break
        case 'sm':
        case 'em':
          break
        default:
          problems.push({ message: `Unexpected element <${element.tagName}> in <${node.localName}>, expected text, <ph>, <pc>, <sc>/<ec> or <mrk>`, at })
      }
    }
  }
  visit(node)
  return flat
}

/** `<sc>`/`<ec>` paired into nested paired codes; an end without its start, or a start left open, is a problem. */
function pair(flat: readonly Flat[], problems: ReadUnit['problems'], at: XmlPlace): ReadInline[] {
  const stack: Array<{ id: string; at: XmlPlace; children: ReadInline[] }> = [{ id: '', at, children: [] }]
  for (const item of flat) {
    const top = stack[stack.length - 1]!
    if (item.type === 'sc') stack.push({ id: item.id, at: item.at, children: [] })
    else if (item.type === 'ec') {
      if (stack.length > 1 && top.id === item.ref) {
        stack.pop()
        stack[stack.length - 1]!.children.push({ type: 'pc', id: top.id, at: top.at, children: mergeText(top.children) })
      } else {
        problems.push({ message: `Unexpected <ec startRef="${item.ref}">, expected ${stack.length > 1 ? `<ec startRef="${top.id}"> first (codes overlap)` : 'a <sc> before it'}`, at: item.at })
      }
    } else top.children.push(item)
  }
  while (stack.length > 1) {
    const open = stack.pop()!
    problems.push({ message: `Unexpected <sc id="${open.id}"> without its <ec>, expected the code closed in the same unit`, at: open.at })
    stack[stack.length - 1]!.children.push(...open.children)
  }
  return mergeText(stack[0]!.children)
}

function mergeText(parts: ReadInline[]): ReadInline[] {
  const out: ReadInline[] = []
  for (const part of parts) {
    const previous = out[out.length - 1]
    if (part.type === 'text' && previous?.type === 'text') previous.value += part.value
    else out.push(part.type === 'text' ? { ...part } : part)
  }
  return out
}

function elements(parent: XmlElement, name?: string): XmlElement[] {
  return (Array.from(parent.childNodes as unknown as ArrayLike<XmlNode>).filter((child) => child.nodeType === 1) as XmlElement[]).filter((child) => child.namespaceURI === xliffNamespace && (!name || child.localName === name))
}

function textOf(node: XmlElement): string {
  return Array.from(node.childNodes as unknown as ArrayLike<XmlNode>)
    .map((child) => (child.nodeType === 3 || child.nodeType === 4 ? (child.nodeValue ?? '') : child.nodeType === 1 && (child as XmlElement).localName === 'cp' ? String.fromCodePoint(Number.parseInt((child as XmlElement).getAttribute('hex') ?? '0', 16)) : ''))
    .join('')
}

function placeOf(node: XmlNode | null | undefined): XmlPlace {
  const located = node as { lineNumber?: number; columnNumber?: number } | null | undefined
  return { line: located?.lineNumber ?? 1, column: located?.columnNumber ?? 1 }
}
