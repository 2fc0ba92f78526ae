/**
 * Replace and add objects of a PDF with one classic cross-reference table (what Chromium
 * writes), in place: the file stays a single revision, replaced objects leave no dead copies,
 * and the cross-reference table is written anew. Hand-written because pdf-lib can only save a
 * whole document (every object serialised again, ~0.25 s for a 57-page edition, and Chromium's
 * byte layout, on which the later steps of post-processing rely, lost).
 */

/** Where each object of a single-revision PDF starts, from its cross-reference table. */
export interface XrefLayout {
  offsets: Map<number, number>
  startxref: number
  /** The trailer dictionary's text (`<<...>>`). */
  trailer: string
}

/**
 * Read the cross-reference table and trailer; undefined when the file is not a single classic
 * revision. `text` is the file as latin1 text from offset `base` on (the end of the file is
 * enough: `pdfTail`).
 */
export function readXref(text: string, base = 0): XrefLayout | undefined {
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1])
  if (!Number.isFinite(startxref) || startxref < base || !text.startsWith('xref', startxref - base)) return undefined
  const trailerAt = text.indexOf('trailer', startxref - base)
  if (trailerAt < 0) return undefined
  const trailer = /trailer\s*(<<[^]*?>>)\s*startxref/.exec(text.slice(trailerAt))?.[1]
  if (!trailer || /\/Prev\s/.test(trailer)) return undefined
  const offsets = new Map<number, number>()
  const table = text.slice(startxref - base + 4, trailerAt)
  const lines = table.split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean)
  let number = 0
  for (const line of lines) {
    const section = /^(\d+) (\d+)$/.exec(line)
    if (section) {
      number = Number(section[1])
      continue
    }
    const entry = /^(\d{10}) (\d{5}) ([nf])$/.exec(line)
    if (!entry) return undefined
    if (entry[3] === 'n') offsets.set(number, Number(entry[1]))
    number++
  }
  return { offsets, startxref, trailer }
}

/**
 * The end of a PDF as latin1 text, from its last `startxref` offset on (the cross-reference table
 * and trailer), and that offset: what `readXref` needs, without converting the whole file.
 * The whole file (base 0) when the offset cannot be read.
 */
export function pdfTail(pdf: Buffer): { text: string; base: number } {
  const at = pdf.lastIndexOf('startxref')
  const offset = at < 0 ? NaN : Number(/^startxref\s+(\d+)/.exec(pdf.subarray(at, at + 40).toString('latin1'))?.[1])
  if (!Number.isInteger(offset) || offset < 0 || offset > at) return { text: pdf.toString('latin1'), base: 0 }
  return { text: pdf.subarray(offset).toString('latin1'), base: offset }
}

/**
 * The file with objects `replaced` (number -> the whole `N 0 obj ... endobj\n` text) and `added`
 * ones appended after the last object, and a new cross-reference table and trailer (`/Size`
 * updated, everything else kept). Objects are taken to run from their offset to the next
 * object's offset (or the table), as they do in Chromium's output.
 */
export function rewriteObjects(pdf: Buffer, layout: XrefLayout, replaced: Map<number, Buffer>, added: Map<number, Buffer>): Buffer {
  const order = [...layout.offsets.entries()].sort((a, b) => a[1] - b[1])
  const parts: Buffer[] = [pdf.subarray(0, order[0]?.[1] ?? layout.startxref)]
  const offsets = new Map<number, number>()
  let position = parts[0]!.length
  order.forEach(([number, start], index) => {
    const end = index + 1 < order.length ? order[index + 1]![1] : layout.startxref
    const body = replaced.get(number) ?? pdf.subarray(start, end)
    offsets.set(number, position)
    parts.push(body)
    position += body.length
  })
  for (const [number, body] of [...added.entries()].sort((a, b) => a[0] - b[0])) {
    offsets.set(number, position)
    parts.push(body)
    position += body.length
  }
  // A loop, not Math.max(...keys): a 4,000-page PDF has more objects than a call has room for arguments.
  let size = 1
  for (const number of offsets.keys()) if (number + 1 > size) size = number + 1
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`
  for (let n = 1; n < size; n++) {
    const offset = offsets.get(n)
    xref += offset === undefined ? '0000000000 65535 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`
  }
  const trailer = layout.trailer.replace(/\/Size \d+/, `/Size ${size}`)
  parts.push(Buffer.from(`${xref}trailer\n${trailer}\nstartxref\n${position}\n%%EOF\n`, 'latin1'))
  return Buffer.concat(parts)
}

/** `N 0 obj\n<body>\nendobj\n`. */
export function objectText(number: number, body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${number} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')])
}

/** A stream object compressed with Flate, in Chromium's layout. */
export function flateObject(number: number, data: Buffer, extra = ''): Buffer {
  return objectText(number, Buffer.concat([Buffer.from(`<<${extra}/Filter /FlateDecode\n/Length ${data.length}>> stream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]))
}
