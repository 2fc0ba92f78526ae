import { createHash } from 'node:crypto'

export interface PdfMetadata {
  title: string
  author: string
  subject?: string
  keywords?: string[]
  language?: string
  producer: string
  /** Creation date; `SOURCE_DATE_EPOCH` (seconds) when set, else now. */
  date?: Date
}

/**
 * Finish a PDF printed by Chromium: set the document information (title, author = the
 * organisations, subject, keywords, producer with the press's version) and a document ID
 * derived from the content, by an incremental update appended to the file (fast at any size;
 * the tagged structure, bookmarks and links are untouched). Chromium's own dates are
 * overwritten in place, so that with SOURCE_DATE_EPOCH two builds give identical bytes.
 */
export function finishPdf(input: Uint8Array, meta: PdfMetadata): Uint8Array {
  const date = meta.date ?? sourceDate() ?? new Date()
  const stamp = pdfDate(date)
  const original = Buffer.from(input)
  // Chromium's date strings have a fixed length: overwrite them where they stand.
  let text = original.toString('latin1').replace(/\/(CreationDate|ModDate) \(D:\d{14}[^)]*\)/g, (all, key: string) => {
    const replacement = `/${key} (${stamp})`
    return replacement.length === all.length ? replacement : all
  })
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1])
  const trailer = text.slice(text.lastIndexOf('trailer'))
  const size = Number(/\/Size (\d+)/.exec(trailer)?.[1])
  const root = /\/Root (\d+ \d+ R)/.exec(trailer)?.[1]
  if (!Number.isFinite(startxref) || !Number.isFinite(size) || !root) {
    throw new Error('Unexpected PDF structure from the browser: no classic trailer to update')
  }
  const id = createHash('sha256').update(text).digest('hex').slice(0, 32)
  const info =
    `${size} 0 obj\n<</Title ${pdfString(meta.title)}\n/Author ${pdfString(meta.author)}` +
    (meta.subject ? `\n/Subject ${pdfString(meta.subject)}` : '') +
    (meta.keywords && meta.keywords.length > 0 ? `\n/Keywords ${pdfString(meta.keywords.join(', '))}` : '') +
    `\n/Creator ${pdfString(meta.producer)}\n/Producer ${pdfString(`${meta.producer} (Chromium/Skia)`)}` +
    `\n/CreationDate (${stamp})\n/ModDate (${stamp})>>\nendobj\n`
  const head = text.endsWith('\n') ? '' : '\n'
  const offset = Buffer.byteLength(text + head, 'latin1')
  const xrefOffset = offset + Buffer.byteLength(info, 'latin1')
  const update =
    head +
    info +
    `xref\n${size} 1\n${String(offset).padStart(10, '0')} 00000 n \n` +
    `trailer\n<</Size ${size + 1}\n/Root ${root}\n/Info ${size} 0 R\n/Prev ${startxref}\n/ID [<${id}> <${id}>]>>\nstartxref\n${xrefOffset}\n%%EOF\n`
  text += update
  return Buffer.from(text, 'latin1')
}

function sourceDate(): Date | undefined {
  const epoch = process.env['SOURCE_DATE_EPOCH']
  if (!epoch || !/^\d+$/.test(epoch)) return undefined
  return new Date(Number(epoch) * 1000)
}

function pdfDate(date: Date): string {
  const iso = date.toISOString()
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+00'00'`
}

/** A PDF text string: ASCII as a literal string, anything else as UTF-16BE with a BOM. */
function pdfString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `(${value.replace(/[\\()]/g, '\\$&')})`
  const bytes = Buffer.from(`\ufeff${value}`, 'utf16le').swap16()
  return `<${bytes.toString('hex')}>`
}
