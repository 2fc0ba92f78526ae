import { inflateSync } from 'node:zlib'
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, PDFString, decodePDFRawStream, type PDFObject } from 'pdf-lib'
import { lexContent, markedContentOperators, type Operation } from './content.js'

/** A PDF opened for reading its objects (pdf-lib), with the few helpers the checker and post-processing share. */
export interface Pdf {
  doc: PDFDocument
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
  return { doc, pages, pageNumber: new Map(pages.map((p) => [p.ref.objectNumber, p.number])) }
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

/** A boolean, if `value` is one. */
export function boolOf(value: PDFObject | undefined): boolean | undefined {
  return value instanceof PDFBool ? value.asBoolean() : undefined
}

/** The decoded data of a stream (filters applied), or undefined when a filter is not supported. */
export function streamData(stream: PDFObject | undefined): Uint8Array | undefined {
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
  return lexContent(parts.map((p) => (p ? latin1(p) : '')).join('\n'), markedContentOperators)
}

/** `N G R`, how messages name an object. */
export function refText(ref: PDFRef | undefined): string {
  return ref ? `${ref.objectNumber} ${ref.generationNumber} R` : 'a direct object'
}
