import path from 'node:path'
import type { Document as XmlDocument, Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom'
import type JSZip from 'jszip'

/** WordprocessingML's main namespace (transitional, as Word and LibreOffice write it). */
export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
/** Markup compatibility (mc:AlternateContent, mc:Choice, mc:Fallback). */
export const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006'
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'

/** The ELEMENT_NODE constant of the DOM. */
const ELEMENT = 1
const TEXT = 3

/** One XML part of the package, parsed. */
export interface XmlPart {
  /** Path in the zip, e.g. `word/document.xml`. */
  name: string
  doc: XmlDocument
  /** Set when the DOM was changed: the part is written back before mammoth reads the package. */
  changed: boolean
}

/** A relationship of the main document part. */
export interface Relationship {
  id: string
  type: string
  /** Resolved part name (`word/media/image1.png`), or the URL when external. */
  target: string
  external: boolean
}

/** A .docx opened: its main parts parsed, the rest reachable through `zip`. */
export interface DocxPackage {
  zip: JSZip
  document: XmlPart
  footnotes: XmlPart | undefined
  endnotes: XmlPart | undefined
  comments: XmlPart | undefined
  commentsExtended: XmlPart | undefined
  headers: XmlPart[]
  footers: XmlPart[]
  styles: XmlPart | undefined
  /** Relationships of the main document part, by id. */
  relationships: Map<string, Relationship>
  /** `dcterms:modified` of docProps/core.xml as YYYY-MM-DD (UTC), when present and valid. */
  modified: string | undefined
}

/** Most bytes the parts of a .docx may expand to (a guard against zip bombs). */
export const maxExpandedBytes = 1024 * 1024 * 1024

/** Named error: the file is not a Word document the importer can read. */
export class DocxError extends Error {
  override name = 'DocxError'
}

/**
 * Open a .docx: the main document part found through the package relationships (not assumed
 * to be word/document.xml), its footnotes, endnotes, comments, headers, footers and styles
 * parsed. Throws DocxError for a file that is not a zip or has no main document.
 */
export async function openPackage(data: Uint8Array): Promise<DocxPackage> {
  const { default: JSZipClass } = await import('jszip')
  let zip: JSZip
  try {
    zip = await JSZipClass.loadAsync(data)
  } catch (error) {
    throw new DocxError(`not a .docx (zip) file: ${(error as Error).message}`, { cause: error })
  }
  // A zip can expand far beyond its size; JSZip has no public size, its entries record it.
  // (JSZip reads a 32-bit size as signed: a size above 2 GiB comes out negative.)
  const expanded = Object.values(zip.files).reduce((sum, entry) => {
    const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0
    return sum + (size < 0 ? size + 2 ** 32 : size)
  }, 0)
  if (expanded > maxExpandedBytes) throw new DocxError(`its parts expand to ${expanded} bytes, more than the ${maxExpandedBytes} a Word document of text and pictures needs`)
  const rootRels = await readRelationships(zip, '')
  const main = [...rootRels.values()].find((r) => r.type === `${REL}officeDocument` && !r.external)
  if (!main || !zip.file(main.target)) throw new DocxError('no main document part (is it a Word document?)')
  const document = await readPart(zip, main.target)
  if (!document) throw new DocxError(`cannot read ${main.target}`)
  const relationships = await readRelationships(zip, main.target)
  const byType = (type: string) => [...relationships.values()].filter((r) => r.type === `${REL}${type}` && !r.external)
  const one = async (type: string) => {
    const rel = byType(type)[0]
    return rel ? readPart(zip, rel.target) : undefined
  }
  const many = async (type: string) => (await Promise.all(byType(type).map((r) => readPart(zip, r.target)))).filter((p): p is XmlPart => p !== undefined)
  const commentsExtendedRel = [...relationships.values()].find((r) => r.type.endsWith('/commentsExtended') && !r.external)
  return {
    zip,
    document,
    footnotes: await one('footnotes'),
    endnotes: await one('endnotes'),
    comments: await one('comments'),
    commentsExtended: commentsExtendedRel ? await readPart(zip, commentsExtendedRel.target) : undefined,
    headers: await many('header'),
    footers: await many('footer'),
    styles: await one('styles'),
    relationships,
    modified: await coreModified(zip)
  }
}

/** The package as bytes again, with the parts whose DOM changed written back. */
export async function savePackage(pkg: DocxPackage): Promise<Uint8Array> {
  const { XMLSerializer } = await import('@xmldom/xmldom')
  const serializer = new XMLSerializer()
  for (const part of [pkg.document, pkg.footnotes, pkg.endnotes]) {
    if (part?.changed) pkg.zip.file(part.name, serializer.serializeToString(part.doc))
  }
  // Stored, not deflated: the bytes go straight to mammoth in memory.
  return pkg.zip.generateAsync({ type: 'uint8array', compression: 'STORE' })
}

async function readPart(zip: JSZip, name: string): Promise<XmlPart | undefined> {
  const entry = zip.file(name)
  if (!entry) return undefined
  const { DOMParser } = await import('@xmldom/xmldom')
  let text: string
  try {
    text = await entry.async('string')
  } catch (error) {
    throw new DocxError(`cannot read ${name}: ${(error as Error).message}`, { cause: error })
  }
  let failure: string | undefined
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') failure ??= message
    }
  }).parseFromString(text, 'text/xml')
  if (failure) throw new DocxError(`${name} is not well-formed XML: ${failure}`)
  return { name, doc, changed: false }
}

async function readRelationships(zip: JSZip, source: string): Promise<Map<string, Relationship>> {
  const relsName = path.posix.join(path.posix.dirname(source), '_rels', `${path.posix.basename(source)}.rels`)
  const part = await readPart(zip, relsName)
  const map = new Map<string, Relationship>()
  if (!part) return map
  for (const element of Array.from(part.doc.getElementsByTagNameNS(PACKAGE_RELS, 'Relationship'))) {
    const id = element.getAttribute('Id') ?? ''
    const external = element.getAttribute('TargetMode') === 'External'
    const raw = element.getAttribute('Target') ?? ''
    // Targets are relative to the source part's folder, or absolute from the package root.
    const target = external ? raw : raw.startsWith('/') ? raw.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(source), raw))
    map.set(id, { id, type: element.getAttribute('Type') ?? '', target, external })
  }
  return map
}

async function coreModified(zip: JSZip): Promise<string | undefined> {
  const part = await readPart(zip, 'docProps/core.xml').catch(() => undefined)
  const element = part?.doc.getElementsByTagNameNS('http://purl.org/dc/terms/', 'modified')[0]
  const value = element?.textContent?.trim() ?? ''
  const time = Date.parse(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) return undefined
  return new Date(time).toISOString().slice(0, 10)
}

/** Whether `node` is the WordprocessingML element `localName` (any prefix). */
export function isW(node: XmlNode | null | undefined, localName: string): boolean {
  return !!node && node.nodeType === ELEMENT && (node as XmlElement).namespaceURI === W && (node as XmlElement).localName === localName
}

/** Element children of `element`. */
export function childElements(element: XmlNode): XmlElement[] {
  const out: XmlElement[] = []
  for (let child = element.firstChild; child; child = child.nextSibling) if (child.nodeType === ELEMENT) out.push(child as XmlElement)
  return out
}

/** The first w:`localName` child of `element`. */
export function wChild(element: XmlElement | undefined, localName: string): XmlElement | undefined {
  return element ? childElements(element).find((child) => isW(child, localName)) : undefined
}

/** Every w:`localName` below `node`, in document order. */
export function wAll(node: XmlDocument | XmlElement, localName: string): XmlElement[] {
  return Array.from(node.getElementsByTagNameNS(W, localName))
}

/** A w: attribute (`w:val`, `w:id`...). */
export function wAttr(element: XmlElement | undefined, name: string): string | undefined {
  if (!element) return undefined
  return element.getAttributeNS(W, name) ?? element.getAttribute(`w:${name}`) ?? undefined
}

/** An r: attribute (`r:id`, `r:embed`, `r:link`). */
export function rAttr(element: XmlElement, name: string): string | undefined {
  return element.getAttributeNS(R, name) ?? undefined
}

/** Nearest ancestor (or self) that satisfies `test`. */
export function closest(node: XmlNode | null, test: (element: XmlElement) => boolean): XmlElement | undefined {
  for (let current: XmlNode | null = node; current; current = current.parentNode) {
    if (current.nodeType === ELEMENT && test(current as XmlElement)) return current as XmlElement
  }
  return undefined
}

/** Whether `node` sits inside an mc:Fallback (content Word also holds in the mc:Choice). */
export function inFallback(node: XmlNode): boolean {
  return !!closest(node, (e) => e.namespaceURI === MC && e.localName === 'Fallback')
}

/** Replace `element` by its children. */
export function unwrap(element: XmlElement): void {
  const parent = element.parentNode
  if (!parent) return
  while (element.firstChild) parent.insertBefore(element.firstChild, element)
  parent.removeChild(element)
}

/** Remove `element` from its parent. */
export function remove(element: XmlElement): void {
  element.parentNode?.removeChild(element)
}

/**
 * The text a reader sees of `node` (w:t, deleted text, tabs and breaks as spaces), as Word's
 * "All Markup" view shows it. Field instructions are not text.
 */
export function visibleText(node: XmlNode): string {
  let text = ''
  const walk = (current: XmlNode) => {
    if (current.nodeType === TEXT) return
    if (current.nodeType === ELEMENT) {
      const element = current as XmlElement
      if (element.namespaceURI === W) {
        if (element.localName === 't' || element.localName === 'delText') {
          text += element.textContent ?? ''
          return
        }
        if (element.localName === 'tab' || element.localName === 'br' || element.localName === 'cr') {
          text += ' '
          return
        }
        if (element.localName === 'instrText' || element.localName === 'delInstrText') return
      }
      if (element.namespaceURI === MC && element.localName === 'Fallback') return
    }
    for (let child = current.firstChild; child; child = child.nextSibling) walk(child)
    // Paragraphs apart, so that a quote of a cell or a text box reads as words.
    if (current !== node && isW(current, 'p')) text += ' '
  }
  walk(node)
  return text
}

/** Document-order iteration over every node below `root` (elements and text). */
export function* descendants(root: XmlNode): Generator<XmlNode> {
  // Iterative: a recursive `yield*` costs one generator per level for every node.
  let node: XmlNode | null = root.firstChild
  while (node) {
    yield node
    if (node.firstChild) {
      node = node.firstChild
      continue
    }
    while (node && !node.nextSibling) {
      node = node.parentNode
      if (node === root) node = null
    }
    node = node ? node.nextSibling : null
  }
}

/** A short quote for a message: white space collapsed, at most `max` characters. */
export function quote(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return `“${flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat}”`
}
