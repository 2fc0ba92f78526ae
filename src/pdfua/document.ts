import { inflateSync } from 'node:zlib'
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, PDFStream, PDFString, decodePDFRawStream, type PDFObject } from 'pdf-lib'
import { lexContent, markedContentOperators, type Operation } from './content.js'

/** A PDF opened for reading its objects (pdf-lib), with the few helpers the checker and post-processing share. */
export interface Pdf {
  doc: PDFDocument
  /** The catalog (the trailer's /Root). */
  catalog: PDFDict
  /** Pages in order: reference, dictionary, 1-based number. */
  pages: Array<{ ref: PDFRef; dict: PDFDict; number: number }>
  /** Page number by the object number of the page dictionary. */
  pageNumber: Map<number, number>
}

/**
 * Open `bytes` with pdf-lib, all objects parsed at once (no yielding between objects: the
 * default parse speed waits a tick every 100 objects, 4x slower here). Throws on a PDF pdf-lib
 * cannot read (encrypted, or no cross-reference information at all).
 */
export async function openPdf(bytes: Uint8Array): Promise<Pdf> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Number.POSITIVE_INFINITY, throwOnInvalidObject: false })
  const pages = doc.getPages().map((page, index) => ({ ref: page.ref, dict: page.node as PDFDict, number: index + 1 }))
  return { doc, catalog: doc.catalog, pages, pageNumber: new Map(pages.map((p) => [p.ref.objectNumber, p.number])) }
}

/** Decoded data of streams known without inflating them (what post-processing deflated), for `streamData`. */
const knownData = new WeakMap<PDFObject, Uint8Array>()

/**
 * A PDF opened earlier, after objects of the file were written anew (number -> the whole
 * `N 0 obj ... endobj` text, as written to the output): each is parsed from those bytes into the
 * document, in place of the object it replaces (as a reader of the file takes the last
 * definition of an object), and the catalog and pages are found again from the trailer. With
 * the objects that post-processing wrote, this is the output file as `openPdf` would read it,
 * without parsing the unchanged objects again. `decoded` gives the decoded data of streams
 * among them (their deflated bytes are not inflated again). `pdf` is changed and returned.
 */
export function reopenPdf(pdf: Pdf, objects: Map<number, Uint8Array>, decoded: Map<number, Uint8Array> = new Map()): Pdf {
  const context = pdf.doc.context
  for (const [number, text] of objects) {
    const header = /^\s*(\d+) (\d+) obj\s*/.exec(Buffer.from(text.buffer, text.byteOffset, Math.min(text.byteLength, 40)).toString('latin1'))
    if (!header || Number(header[1]) !== number) throw new Error(`Unexpected object text for object ${number}`)
    const object = PDFObjectParser.forBytes(text.subarray(header[0].length), context).parseObject()
    context.assign(PDFRef.of(number, Number(header[2])), object)
    const data = decoded.get(number)
    if (data) knownData.set(object, data)
  }
  const catalog = context.lookup(context.trailerInfo.Root)
  if (!(catalog instanceof PDFDict)) throw new Error('Unexpected PDF without a catalog')
  const pages: Pdf['pages'] = []
  const visit = (node: PDFObject | undefined, ref: PDFRef | undefined, depth: number) => {
    const dict = resolve(pdf, node)
    if (!(dict instanceof PDFDict) || depth > 64) return
    const kids = dict.get(PDFName.of('Kids'))
    if (nameOf(dict.get(PDFName.of('Type'))) === 'Page' || (!kids && ref)) {
      if (ref) pages.push({ ref, dict, number: pages.length + 1 })
      return
    }
    const list = resolve(pdf, kids)
    for (const kid of list instanceof PDFArray ? list.asArray() : []) visit(kid, kid instanceof PDFRef ? kid : undefined, depth + 1)
  }
  const root = catalog.get(PDFName.of('Pages'))
  visit(root, root instanceof PDFRef ? root : undefined, 0)
  pdf.catalog = catalog
  pdf.pages = pages
  pdf.pageNumber = new Map(pages.map((p) => [p.ref.objectNumber, p.number]))
  return pdf
}

/** `dict[key]` with references followed. */
export function get(pdf: Pdf, dict: PDFDict | undefined, key: string): PDFObject | undefined {
  if (!dict) return undefined
  const value = dict.get(PDFName.of(key))
  return value instanceof PDFRef ? pdf.doc.context.lookup(value) : value
}

/** The object a value stands for (a reference followed). */
export function resolve(pdf: Pdf, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? pdf.doc.context.lookup(value) : value
}

/** `dict[key]` as a dictionary, if it is one. */
export function getDict(pdf: Pdf, dict: PDFDict | undefined, key: string): PDFDict | undefined {
  const value = get(pdf, dict, key)
  return value instanceof PDFDict ? value : undefined
}

/** `dict[key]` as an array, if it is one. */
export function getArray(pdf: Pdf, dict: PDFDict | undefined, key: string): PDFArray | undefined {
  const value = get(pdf, dict, key)
  return value instanceof PDFArray ? value : undefined
}

/** A name without its slash, if `value` is a name. */
export function nameOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFName ? value.decodeText() : undefined
}

/** A text string (PDFDocEncoding or UTF-16BE), if `value` is a string. */
export function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined
}

/** A number, if `value` is one. */
export function numberOf(value: PDFObject | undefined): number | undefined {
  return value instanceof PDFNumber ? value.asNumber() : undefined
}

/**
 * Every entry of a number tree (ISO 32000-1, 7.9.7) by key: the array holding its value and the
 * value's index there (to read it, or set it in place). Read once, where looking each key up in
 * the arrays would be quadratic (Chromium's parent tree is one /Nums array, an entry per page and
 * per annotation). The first entry of a key wins; a node met twice is read once.
 */
export function numberTreeSlots(pdf: Pdf, root: PDFObject | undefined): Map<number, { holder: PDFArray; index: number }> {
  const slots = new Map<number, { holder: PDFArray; index: number }>()
  const seen = new Set<PDFDict>()
  const visit = (node: PDFObject | undefined): void => {
    const dict = resolve(pdf, node)
    if (!(dict instanceof PDFDict) || seen.has(dict)) return
    seen.add(dict)
    const nums = getArray(pdf, dict, 'Nums')
    for (let k = 0; nums && k + 1 < nums.size(); k += 2) {
      const key = numberOf(nums.get(k))
      if (key !== undefined && !slots.has(key)) slots.set(key, { holder: nums, index: k + 1 })
    }
    for (const kid of getArray(pdf, dict, 'Kids')?.asArray() ?? []) visit(kid)
  }
  visit(root)
  return slots
}

/** A boolean, if `value` is one. */
export function boolOf(value: PDFObject | undefined): boolean | undefined {
  return value instanceof PDFBool ? value.asBoolean() : undefined
}

/** The decoded data of a stream (filters applied), or undefined when a filter is not supported. */
export function streamData(stream: PDFObject | undefined): Uint8Array | undefined {
  const known = stream ? knownData.get(stream) : undefined
  if (known) return known
  // Flate alone (what Chromium writes): Node's zlib, 5x faster than pdf-lib's decoder in JavaScript.
  if (stream instanceof PDFRawStream && nameOf(stream.dict.get(PDFName.of('Filter'))) === 'FlateDecode' && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents)
    } catch {
      return undefined
    }
  }
  if (stream instanceof PDFRawStream) {
    try {
      return decodePDFRawStream(stream).decode()
    } catch {
      return undefined
    }
  }
  if (stream instanceof PDFStream) return stream.getContents()
  return undefined
}

/** Bytes as a latin1 string (one character a byte), the form the content lexer reads. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

/** The content streams of a page (its `/Contents`, one stream or an array), with their references. */
export function pageContents(pdf: Pdf, page: PDFDict): Array<{ ref?: PDFRef; stream: PDFObject }> {
  const contents = page.get(PDFName.of('Contents'))
  const items = contents instanceof PDFRef ? (resolve(pdf, contents) instanceof PDFArray ? (resolve(pdf, contents) as PDFArray).asArray() : [contents]) : contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : []
  return items.map((item) => ({ ref: item instanceof PDFRef ? item : undefined, stream: resolve(pdf, item)! })).filter((c) => c.stream)
}

/** The operations of a page's content that PDF/UA looks at (its streams joined, as the format defines). */
export function pageOperations(pdf: Pdf, page: PDFDict): Operation[] {
  const parts = pageContents(pdf, page).map((c) => streamData(c.stream))
  return lexContent(parts.map((p) => (p ? latin1(p) : '')).join('\n'), markedContentOperators, { runs: true })
}

/** `N G R`, how messages name an object. */
export function refText(ref: PDFRef | undefined): string {
  return ref ? `${ref.objectNumber} ${ref.generationNumber} R` : 'a direct object'
}
