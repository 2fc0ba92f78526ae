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
  return appendMetadata(stabilisePdf(input, meta.date), meta).pdf
}

/**
 * Chromium's date strings (fixed length) overwritten with the build's date, and its node ids
 * renamed (`renumberNodeIds`), in place: lengths and offsets are kept. On a copy of `input`.
 * The first half of `finishPdf`; it can run before the other steps of post-processing, which
 * keep both (objects are replaced, not renumbered).
 */
export function stabilisePdf(input: Uint8Array, date = sourceDate() ?? new Date()): Buffer {
  const pdf = Buffer.from(input)
  const stamp = pdfDate(date)
  for (const key of ['CreationDate', 'ModDate']) {
    const marker = Buffer.from(`/${key} (D:`, 'latin1')
    for (let at = pdf.indexOf(marker); at >= 0; at = pdf.indexOf(marker, at + 1)) {
      // `/Key (D:` + 14 digits + anything up to the closing parenthesis.
      const digits = at + marker.length
      let k = digits
      while (k < digits + 14 && k < pdf.length && pdf[k]! >= 0x30 && pdf[k]! <= 0x39) k++
      if (k !== digits + 14) continue
      const close = pdf.indexOf(0x29, k)
      if (close < 0) continue
      const replacement = `/${key} (${stamp})`
      if (replacement.length === close + 1 - at) pdf.write(replacement, at, 'latin1')
    }
  }
  renumberNodeIds(pdf)
  return pdf
}

/**
 * The second half of `finishPdf`: the incremental update (document information, XMP, catalog,
 * attachment) appended to `stable` (a PDF `stabilisePdf` returned), and the objects it holds
 * (number -> the whole `N 0 obj ... endobj` text).
 */
export function appendMetadata(stable: Buffer, meta: PdfMetadata): { pdf: Buffer; objects: Map<number, Buffer> } {
  const date = meta.date ?? sourceDate() ?? new Date()
  const stamp = pdfDate(date)
  const tail = stable.subarray(Math.max(0, stable.lastIndexOf('trailer'))).toString('latin1')
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1])
  const size = Number(/\/Size (\d+)/.exec(tail)?.[1])
  const root = /\/Root (\d+ \d+ R)/.exec(tail)?.[1]
  if (!Number.isFinite(startxref) || !Number.isFinite(size) || !root || !tail.startsWith('trailer')) {
    throw new Error('Unexpected PDF structure from the browser: no classic trailer to update')
  }
  // Hashed as it always was: the file as latin1 text, encoded as UTF-8 (in parts, not one string).
  const hash = createHash('sha256')
  for (let at = 0; at < stable.length; at += 1 << 20) hash.update(stable.subarray(at, at + (1 << 20)).toString('latin1'))
  const id = hash.digest('hex').slice(0, 32)
  const info =
    `${size} 0 obj\n<</Title ${pdfString(meta.title)}\n/Author ${pdfString(meta.author)}` +
    (meta.subject ? `\n/Subject ${pdfString(meta.subject)}` : '') +
    (meta.keywords && meta.keywords.length > 0 ? `\n/Keywords ${pdfString(meta.keywords.join(', '))}` : '') +
    `\n/Creator ${pdfString(meta.producer)}\n/Producer ${pdfString(`${meta.producer} (Chromium/Skia)`)}` +
    `\n/CreationDate (${stamp})\n/ModDate (${stamp})>>\nendobj\n`
  const head = stable[stable.length - 1] === 0x0a ? '' : '\n'
  // XMP is UTF-8 and stays uncompressed, so that tools that only scan for packets find it.
  const xmp = Buffer.from(buildXmp({ title: meta.title, language: meta.language, creators: meta.author.split('; ').filter(Boolean), description: meta.subject, keywords: meta.keywords, creatorTool: meta.producer, producer: `${meta.producer} (Chromium/Skia)`, date }), 'utf8').toString('latin1')
  const metadata = `${size + 1} 0 obj\n<</Type /Metadata\n/Subtype /XML\n/Length ${xmp.length}>> stream\n${xmp}\nendstream\nendobj\n`
  const objects = [{ number: size, body: info }, { number: size + 1, body: metadata }, ...catalogObjects(catalogText(stable, root), size + 2, `\n/Metadata ${size + 1} 0 R`, meta.attachment)]
  let offset = stable.length + head.length
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
  return { pdf: Buffer.concat([stable, Buffer.from(update, 'latin1')]), objects: new Map(objects.map((o) => [o.number, Buffer.from(o.body, 'latin1')])) }
}

/** The text of the last `N 0 obj ... endobj` of the catalog `root` (`N 0 R`), or '' when not found. */
function catalogText(pdf: Buffer, root: string): string {
  const catalogNumber = Number(root.split(' ')[0])
  const start = pdf.lastIndexOf(`\n${catalogNumber} 0 obj\n`)
  const end = start < 0 ? -1 : pdf.indexOf('\nendobj', start)
  return start >= 0 && end > start ? pdf.subarray(start, end + '\nendobj'.length).toString('latin1') : ''
}

/**
 * Chromium names tagged structure elements (table header cells, listed in the `/IDTree`) after
 * DOM node ids: a counter of the browser process, handed out in an order that varies between
 * runs. Rename each by its rank in order of first use as a structure element's `/ID` (the order
 * of the structure tree, which is stable), padded to the same width so that lengths and offsets
 * are kept; then put the name tree's `/Names` pairs and `/Limits` back in sorted order. In place.
 */
function renumberNodeIds(pdf: Buffer): void {
  // Every `(node<digits>)`, and whether `/ID ` comes before it.
  const found: Array<{ at: number; id: string; asId: boolean }> = []
  const open = Buffer.from('(node', 'latin1')
  for (let at = pdf.indexOf(open); at >= 0; at = pdf.indexOf(open, at + 1)) {
    let k = at + open.length
    while (k < pdf.length && pdf[k]! >= 0x30 && pdf[k]! <= 0x39) k++
    if (k === at + open.length || pdf[k] !== 0x29) continue
    found.push({ at, id: pdf.toString('latin1', at + open.length, k), asId: at >= 4 && pdf.toString('latin1', at - 4, at) === '/ID ' })
  }
  if (found.length === 0) return
  const order = new Set(found.filter((f) => f.asId).map((f) => f.id))
  for (const f of found) order.add(f.id)
  const rank = new Map([...order].map((id, index) => [id, String(index).padStart(id.length, '0')]))
  for (const f of found) {
    const replacement = rank.get(f.id)!
    if (replacement.length === f.id.length) pdf.write(replacement, f.at + open.length, 'latin1')
  }
  const limits = Buffer.from('/Limits [(node', 'latin1')
  const leaf = /\/Limits \[\(node\d+\) \(node\d+\)\]\n\/Names \[((?:\(node\d+\) \d+ 0 R ?)+)\]/y
  for (let at = pdf.indexOf(limits); at >= 0; at = pdf.indexOf(limits, at + 1)) {
    // The candidate runs to the `]` closing /Names (the one after `/Names [`).
    const names = pdf.indexOf('/Names [', at)
    const close = names < 0 ? -1 : pdf.indexOf(0x5d, names)
    if (close < 0) continue
    const all = pdf.toString('latin1', at, close + 1)
    leaf.lastIndex = 0
    const match = leaf.exec(all)
    if (!match || match[0].length !== all.length) continue
    const pairs = Array.from(match[1]!.matchAll(/\((node\d+)\) (\d+) 0 R/g), (m) => ({ key: m[1]!, ref: m[2]! }))
    pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const sorted = `/Limits [(${pairs[0]!.key}) (${pairs[pairs.length - 1]!.key})]\n/Names [${pairs.map((p) => `(${p.key}) ${p.ref} 0 R`).join(' ')}]`
    if (sorted.length === all.length) pdf.write(sorted, at, 'latin1')
  }
}

/**
 * A new version of the catalog (copied, with `extra` entries added, e.g. `/Metadata`) under the
 * catalog's own number, and the objects that embed `attachment` when there is one: its stream
 * (deflated; no dates, so builds stay byte-identical), a file specification, and the catalog's
 * `/Names /EmbeddedFiles` and `/AF`. A catalog that already has `/Names` gets the file under
 * `/GuidelinesPress` instead (Chromium writes none).
 */
function catalogObjects(catalog: string, first: number, extra: string, attachment: PdfMetadata['attachment']): Array<{ number: number; body: string }> {
  const catalogNumber = Number(/^\n?(\d+) 0 obj\n/.exec(catalog)?.[1])
  const dict = catalog ? catalog.slice(catalog.indexOf('obj\n') + 4, catalog.length - '\nendobj'.length).trim() : ''
  if (!dict.startsWith('<<') || !dict.endsWith('>>')) throw new Error('Unexpected PDF structure from the browser: no catalog to update')
  // An earlier /Metadata (none from Chromium) is replaced by the one given.
  const base = extra.includes('/Metadata') ? dict.slice(0, -2).replace(/\n?\/Metadata \d+ 0 R/, '') : dict.slice(0, -2)
  if (!attachment) return [{ number: catalogNumber, body: `${catalogNumber} 0 obj\n${base}${extra}>>\nendobj\n` }]
  const data = deflateSync(attachment.data)
  const stream = `${first} 0 obj\n<</Type /EmbeddedFile\n/Subtype /${attachment.mime.replace('/', '#2F')}\n/Filter /FlateDecode\n/Params <</Size ${attachment.data.length}>>\n/Length ${data.length}>> stream\n${data.toString('latin1')}\nendstream\nendobj\n`
  const spec = `${first + 1} 0 obj\n<</Type /Filespec\n/F ${pdfString(attachment.name)}\n/UF ${pdfString(attachment.name)}\n/Desc ${pdfString(attachment.description)}\n/AFRelationship /Data\n/EF <</F ${first} 0 R\n/UF ${first} 0 R>>>>\nendobj\n`
  const entry = /\/Names\b/.test(dict) ? `\n/GuidelinesPress ${first + 1} 0 R` : `\n/Names <</EmbeddedFiles <</Names [${pdfString(attachment.name)} ${first + 1} 0 R]>>>>\n/AF [${first + 1} 0 R]`
  const catalogObject = `${catalogNumber} 0 obj\n${base}${extra}${entry}>>\nendobj\n`
  return [
    { number: first, body: stream },
    { number: first + 1, body: spec },
    { number: catalogNumber, body: catalogObject }
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
