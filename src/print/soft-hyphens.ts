import { deflateSync, inflateSync } from 'node:zlib'

/**
 * A span of text with its own text for extraction, as Chromium prints it around what it drew
 * for a soft hyphen: `/Span <</ActualText <FEFF00AD>>> BDC` then the space glyph at no width (or
 * nothing), or, where a ligature forms across the soft hyphen ("ef-fi-cient"), the ligature
 * glyph with `<FEFF 0066 00AD 0066 0069>`. A span followed by the end of the text object (`ET`)
 * ends a line: there the soft hyphen marks a discretionary hyphen, and stays.
 * Groups: the text (UTF-16BE after the byte order mark), what the span draws.
 */
const actualTextSpan = /\/Span<<\/ActualText <FEFF((?:[0-9A-F]{4})*)> >> BDC\n([^]*?)EMC\n/gi

/** A span's replacement: without its soft hyphens (nothing left: without the span and its glyph, only its positioning kept). */
function withoutSoftHyphens(span: string, text: string, body: string, at: number, content: string): string {
  if (content.startsWith('ET', at + span.length)) return span
  const units = text.match(/[0-9A-F]{4}/gi) ?? []
  const kept = units.filter((unit) => unit.toUpperCase() !== '00AD')
  if (kept.length === units.length || body.includes('BDC')) return span
  if (kept.length > 0) return span.replace(`<FEFF${text}>`, `<FEFF${kept.join('')}>`)
  // The space glyph (at no width) alone: the next glyphs are placed from its `Td`, which stays.
  const drawn = /^(?:([-\d.]+ [-\d.]+ Td) )?(?:<[0-9A-F]+> Tj\n)?$/i.exec(body)
  if (!drawn) return span
  return drawn[1] ? `${drawn[1]}\n` : ''
}

/** One page content stream (decoded, latin1) without its soft hyphens inside lines; the same string when it has none. */
export function removeInlineSoftHyphens(content: string): string {
  if (!/ActualText <FEFF00AD>/i.test(content)) return content
  return content.replace(actualTextSpan, withoutSoftHyphens)
}

/**
 * Remove the soft hyphens inside lines from the page content streams of a PDF printed by
 * Chromium, keeping those that end a line. Soft hyphens make line breaking in the page
 * (hyphenate.ts); taking the unused ones out of the page's text instead, after layout, made
 * Chromium lay every paragraph out again (0.8 s of 7.5 s at 409 pages). Only page content
 * streams are read; the objects that change are rewritten in place and every later offset of
 * the cross-reference table moved by as much, so the file stays a single classic revision.
 * Returns the input when there is nothing to remove or the structure is not Chromium's.
 */
export function dropInlineSoftHyphens(input: Uint8Array): Uint8Array {
  const pdf = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  const text = pdf.toString('latin1')
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1])
  if (!Number.isFinite(startxref) || !text.startsWith('xref', startxref)) return input
  const contents = new Set(Array.from(text.matchAll(/\/Contents (\d+) 0 R/g), (m) => m[1]!))
  // Each page content stream: where its object's stream data and /Length are.
  const found: Array<{ start: number; end: number; lengthAt: number; lengthEnd: number }> = []
  const streams = /\n(\d+) 0 obj\n<<\/Filter \/FlateDecode\n\/Length (\d+)>> stream\n/g
  for (let m = streams.exec(text); m; m = streams.exec(text)) {
    const start = m.index + m[0].length
    const length = Number(m[2])
    streams.lastIndex = start + length
    if (!contents.has(m[1]!)) continue
    const lengthAt = m.index + m[0].lastIndexOf(`/Length ${length}>>`) + '/Length '.length
    found.push({ start, end: start + length, lengthAt, lengthEnd: lengthAt + String(length).length })
  }
  // Synchronous zlib: the asynchronous one costs the main thread more in stream machinery for
  // 400 small buffers than the work itself. Level 4: 0.16 s for 30 MB at 409 pages, where the
  // default level 6 took 0.33 s, for content streams 16% larger (3.9 MB instead of 3.35 MB).
  const changes: Array<(typeof found)[number] & { data: Buffer }> = []
  for (const stream of found) {
    let content: string
    try {
      content = inflateSync(pdf.subarray(stream.start, stream.end)).toString('latin1')
    } catch {
      continue
    }
    const cleaned = removeInlineSoftHyphens(content)
    if (cleaned !== content) changes.push({ ...stream, data: deflateSync(Buffer.from(cleaned, 'latin1'), { level: 4 }) })
  }
  if (changes.length === 0) return input

  // The file again, each changed stream (and its /Length) replaced; `shift` maps an old offset to its new one.
  const parts: Buffer[] = []
  const moves: Array<{ at: number; delta: number }> = []
  let from = 0
  let delta = 0
  for (const change of changes) {
    const length = Buffer.from(String(change.data.length), 'latin1')
    parts.push(pdf.subarray(from, change.lengthAt), length, pdf.subarray(change.lengthEnd, change.start), change.data)
    delta += length.length - (change.lengthEnd - change.lengthAt) + change.data.length - (change.end - change.start)
    moves.push({ at: change.end, delta })
    from = change.end
  }
  const shift = (offset: number) => {
    // The last move at or before `offset` (moves are in file order).
    let lo = 0
    let hi = moves.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (moves[mid]!.at <= offset) lo = mid + 1
      else hi = mid
    }
    return offset + (lo > 0 ? moves[lo - 1]!.delta : 0)
  }
  // The cross-reference table: entries are fixed-width, so only their offsets change.
  const table = text.slice(startxref, text.indexOf('trailer', startxref)).replace(/^(\d{10}) (\d{5}) n/gm, (_, offset: string, generation: string) => `${String(shift(Number(offset))).padStart(10, '0')} ${generation} n`)
  const trailer = text.slice(text.indexOf('trailer', startxref)).replace(/startxref\s+\d+/, `startxref\n${shift(startxref)}`)
  parts.push(pdf.subarray(from, startxref), Buffer.from(table + trailer, 'latin1'))
  return Buffer.concat(parts)
}
