import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { buildXmp } from '../pdfua/xmp.js'

export interface PdfMetadata {
  title: string
  author: string
  subject?: string
  keywords?: string[]
  language?: string
  producer: string
  /** Creation date; `SOURCE_DATE_EPOCH` (seconds) when set, else now. */
  date?: Date
  /**
   * A file to embed (compressed) and list in the catalog's EmbeddedFiles: data for tools, not
   * for readers; the pages are unchanged. `guidelines comments` reads its source map this way.
   */
  attachment?: { name: string; data: Uint8Array; mime: string; description: string }
}

/**
 * Finish a PDF printed by Chromium: set the document information (title, author = the
 * organisations, subject, keywords, producer with the press's version), the same in an XMP
 * metadata stream declaring PDF/UA-1 (`pdfuaid:part` 1, dc:title, dc:language), and a document
 * ID derived from the content, by an incremental update appended to the file (fast at any size;
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
  text = renumberNodeIds(text)
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
  // XMP is UTF-8 and stays uncompressed, so that tools that only scan for packets find it.
  const xmp = Buffer.from(buildXmp({ title: meta.title, language: meta.language, creators: meta.author.split('; ').filter(Boolean), description: meta.subject, keywords: meta.keywords, creatorTool: meta.producer, producer: `${meta.producer} (Chromium/Skia)`, date }), 'utf8').toString('latin1')
  const metadata = `${size + 1} 0 obj\n<</Type /Metadata\n/Subtype /XML\n/Length ${xmp.length}>> stream\n${xmp}\nendstream\nendobj\n`
  const objects = [{ number: size, body: info }, { number: size + 1, body: metadata }, ...catalogObjects(text, root, size + 2, `\n/Metadata ${size + 1} 0 R`, meta.attachment)]
  let offset = Buffer.byteLength(text + head, 'latin1')
  const offsets = new Map<number, number>()
  for (const object of objects) {
    offsets.set(object.number, offset)
    offset += Buffer.byteLength(object.body, 'latin1')
  }
  const numbers = [...offsets.keys()].sort((a, b) => a - b)
  const xref = numbers.map((n) => `${n} 1\n${String(offsets.get(n)).padStart(10, '0')} 00000 n \n`).join('')
  const count = Math.max(size, ...numbers) + 1
  const update =
    head +
    objects.map((o) => o.body).join('') +
    `xref\n${xref}` +
    `trailer\n<</Size ${count}\n/Root ${root}\n/Info ${size} 0 R\n/Prev ${startxref}\n/ID [<${id}> <${id}>]>>\nstartxref\n${offset}\n%%EOF\n`
  text += update
  return Buffer.from(text, 'latin1')
}

/**
 * Chromium names tagged structure elements (table header cells, listed in the `/IDTree`) after
 * DOM node ids: a counter of the browser process, handed out in an order that varies between
 * runs. Rename each by its rank in order of first use as a structure element's `/ID` (the order
 * of the structure tree, which is stable), padded to the same width so that lengths and offsets
 * are kept; then put the name tree's `/Names` pairs and `/Limits` back in sorted order.
 */
function renumberNodeIds(text: string): string {
  const pattern = /\(node(\d+)\)/g
  const order = new Set(Array.from(text.matchAll(/\/ID \(node(\d+)\)/g), (m) => m[1]!))
  for (const m of text.matchAll(pattern)) order.add(m[1]!)
  const rank = new Map([...order].map((id, index) => [id, String(index).padStart(id.length, '0')]))
  let renamed = text.replace(pattern, (all, id: string) => {
    const replacement = rank.get(id)!
    return replacement.length === id.length ? `(node${replacement})` : all
  })
  renamed = renamed.replace(/\/Limits \[\(node\d+\) \(node\d+\)\]\n\/Names \[((?:\(node\d+\) \d+ 0 R ?)+)\]/g, (all, names: string) => {
    const pairs = Array.from(names.matchAll(/\((node\d+)\) (\d+) 0 R/g), (m) => ({ key: m[1]!, ref: m[2]! }))
    pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const sorted = `/Limits [(${pairs[0]!.key}) (${pairs[pairs.length - 1]!.key})]\n/Names [${pairs.map((p) => `(${p.key}) ${p.ref} 0 R`).join(' ')}]`
    return sorted.length === all.length ? sorted : all
  })
  return renamed
}

/**
 * A new version of the catalog (copied, with `extra` entries added, e.g. `/Metadata`) under the
 * catalog's own number, and the objects that embed `attachment` when there is one: its stream
 * (deflated; no dates, so builds stay byte-identical), a file specification, and the catalog's
 * `/Names /EmbeddedFiles` and `/AF`. A catalog that already has `/Names` gets the file under
 * `/GuidelinesPress` instead (Chromium writes none).
 */
function catalogObjects(text: string, root: string, first: number, extra: string, attachment: PdfMetadata['attachment']): Array<{ number: number; body: string }> {
  const catalogNumber = Number(root.split(' ')[0])
  const start = text.lastIndexOf(`\n${catalogNumber} 0 obj\n`)
  const end = text.indexOf('\nendobj', start)
  const dict = start >= 0 && end > start ? text.slice(text.indexOf('obj\n', start) + 4, end).trim() : ''
  if (!dict.startsWith('<<') || !dict.endsWith('>>')) throw new Error('Unexpected PDF structure from the browser: no catalog to update')
  // An earlier /Metadata (none from Chromium) is replaced by the one given.
  const base = extra.includes('/Metadata') ? dict.slice(0, -2).replace(/\n?\/Metadata \d+ 0 R/, '') : dict.slice(0, -2)
  if (!attachment) return [{ number: catalogNumber, body: `${catalogNumber} 0 obj\n${base}${extra}>>\nendobj\n` }]
  const data = deflateSync(attachment.data)
  const stream = `${first} 0 obj\n<</Type /EmbeddedFile\n/Subtype /${attachment.mime.replace('/', '#2F')}\n/Filter /FlateDecode\n/Params <</Size ${attachment.data.length}>>\n/Length ${data.length}>> stream\n${data.toString('latin1')}\nendstream\nendobj\n`
  const spec = `${first + 1} 0 obj\n<</Type /Filespec\n/F ${pdfString(attachment.name)}\n/UF ${pdfString(attachment.name)}\n/Desc ${pdfString(attachment.description)}\n/AFRelationship /Data\n/EF <</F ${first} 0 R\n/UF ${first} 0 R>>>>\nendobj\n`
  const entry = /\/Names\b/.test(dict) ? `\n/GuidelinesPress ${first + 1} 0 R` : `\n/Names <</EmbeddedFiles <</Names [${pdfString(attachment.name)} ${first + 1} 0 R]>>>>\n/AF [${first + 1} 0 R]`
  const catalog = `${catalogNumber} 0 obj\n${base}${extra}${entry}>>\nendobj\n`
  return [
    { number: first, body: stream },
    { number: first + 1, body: spec },
    { number: catalogNumber, body: catalog }
  ]
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

/**
 * The number of pages of a PDF the browser printed: `/Count` of its page tree's root (the
 * `/Type /Pages` dictionary without `/Parent`), or undefined when none is found. The count the
 * CLI reports comes from here, not from the page's script, which content could mislead.
 */
export function pdfPageCount(pdf: Uint8Array): number | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1')
  let count: number | undefined
  for (const match of text.matchAll(/\/Type\s*\/Pages\b/g)) {
    // The dictionary around the match: back to its `<<`, on to the object's end.
    const start = text.lastIndexOf('obj', match.index)
    const end = text.indexOf('endobj', match.index)
    if (start === -1 || end === -1) continue
    const dictionary = text.slice(start, end)
    if (/\/Parent\b/.test(dictionary)) continue
    const found = /\/Count\s+(\d+)/.exec(dictionary)
    if (found) count = Number(found[1]) // the last one wins: an incremental update may replace it
  }
  return count
}
