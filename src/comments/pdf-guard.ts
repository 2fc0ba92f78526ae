import { inflateSync, constants } from 'node:zlib'

/** Largest PDF `comments` reads (a 400-page edition is about 10 MB). */
export const maxPdfBytes = 256 * 1024 * 1024

/** Most bytes one compressed stream of a PDF may inflate to. */
export const maxStreamBytes = 64 * 1024 * 1024

/** Most bytes all compressed streams of a PDF together may inflate to. */
export const maxInflatedBytes = 512 * 1024 * 1024

/** Named error: a PDF that `comments` refuses to read (a decompression bomb). */
export class PdfGuardError extends Error {
  override name = 'PdfGuardError'
}

/**
 * Inflate `data` (zlib) to at most `limit` bytes; throws PdfGuardError past it. A stream cut
 * short gives what it holds (as PDF readers do); other damage throws zlib's error.
 */
export function inflateBounded(data: Uint8Array, limit: number, what: string): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: limit, finishFlush: constants.Z_SYNC_FLUSH })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new PdfGuardError(`${what} inflates to more than ${limit} bytes (a decompression bomb?)`)
    }
    throw error
  }
}

/**
 * Refuse a PDF whose compressed streams inflate to more than maxStreamBytes each or
 * maxInflatedBytes together, before pdf.js decodes any of them: pdf.js inflates without a bound
 * (an attachment of 65 KB that inflates to 2 GB took 4.2 GB of memory, a larger one crashed the
 * process). Every `stream ... endstream` whose filters start with FlateDecode is inflated here,
 * through each FlateDecode layer in a row ([/FlateDecode /FlateDecode] is a bomb of bombs), with
 * zlib's `maxOutputLength`. Streams cannot live inside object streams (PDF 1.7, 7.5.7), so a scan
 * of the file's top level finds them all. Throws PdfGuardError; damaged streams are left to pdf.js.
 */
export function guardPdfStreams(bytes: Uint8Array): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  const keyword = /\bstream(?:\r\n|\n|\r)/g
  let total = 0
  for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
    const start = match.index + match[0].length
    const end = text.indexOf('endstream', start)
    if (end === -1) break
    keyword.lastIndex = end + 'endstream'.length
    // The stream's dictionary: from its object's `obj` (at most 64 KiB back) to the keyword.
    const object = text.lastIndexOf('obj', match.index)
    const dictionary = text.slice(Math.max(object, match.index - 65_536), match.index)
    const layers = flateLayers(dictionary)
    if (layers === 0) continue
    const name = /(\d+)\s+(\d+)\s+obj\s*$/.exec(text.slice(Math.max(0, object - 24), object + 3))
    const what = `Stream ${name ? `${name[1]} ${name[2]} R` : `at byte ${start}`}`
    let data: Buffer = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start)
    try {
      for (let layer = 0; layer < layers; layer++) data = inflateBounded(data, Math.min(maxStreamBytes, maxInflatedBytes - total), what)
    } catch (error) {
      if (error instanceof PdfGuardError) throw error
      continue // damaged: pdf.js copes (or reports) as it does
    }
    total += data.length
  }
}

/** How many FlateDecode filters in a row a stream dictionary starts its `/Filter` with. */
function flateLayers(dictionary: string): number {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z]+)/.exec(dictionary)?.[1]
  if (!filter) return 0
  const names = filter.match(/\/[A-Za-z]+/g) ?? []
  let count = 0
  while (count < names.length && (names[count] === '/FlateDecode' || names[count] === '/Fl')) count++
  return count
}
