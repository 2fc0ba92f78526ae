import { imageSize } from 'image-size'

/** Largest image file the press takes (a figure at print resolution is well under 5 MiB). */
export const maxImageBytes = 20 * 1024 * 1024

/** Most pixels a side of a raster image may have. */
export const maxImageSide = 10_000

/**
 * Most pixels a raster image may have: Chromium decodes every image whole (4 bytes a pixel) and
 * embeds it at its own resolution, so a 48 KB PNG of 20,000 x 20,000 took 4 GB to print and put
 * a decompression bomb into the PDF. A full A4 page at 300 dpi is 8.7 megapixels.
 */
export const maxImagePixels = 40_000_000

/** The image formats the press prints, by file extension. */
const formats: Record<string, Format> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', gif: 'gif', webp: 'webp', svg: 'svg' }
type Format = 'png' | 'jpg' | 'gif' | 'webp' | 'svg'
const names: Record<Format, string> = { png: 'PNG', jpg: 'JPEG', gif: 'GIF', webp: 'WebP', svg: 'SVG' }
const expected = 'expected a PNG, JPEG, GIF, WebP or SVG file whose content matches its name'

/** What is wrong with an image, for a diagnostic: the rule and the message. */
export interface ImageProblem {
  rule: 'image-invalid' | 'image-too-large'
  reason: string
}

/**
 * Check an image's bytes before the browser sees them: the content must be of the format its
 * name says (`format`: an extension such as `png`, or a MIME subtype such as `svg+xml`; any of
 * the five when unknown), complete (a PNG is walked chunk by chunk to its end), and a raster
 * image within maxImageSide a side and maxImagePixels. `label` names the image in messages.
 * Only headers are read: nothing is decoded.
 */
export function checkImage(bytes: Uint8Array, label: string, format: string | undefined): ImageProblem | undefined {
  if (bytes.length > maxImageBytes) return { rule: 'image-too-large', reason: `Unexpected image \`${label}\` of ${bytes.length} bytes, expected at most ${maxImageBytes} bytes` }
  const wanted = formats[(format ?? '').toLowerCase().replace(/\+xml$/, '').replace(/^jpe$/, 'jpg')]
  const found = detect(bytes)
  if (!found) return { rule: 'image-invalid', reason: `Unexpected image \`${label}\` whose content is not ${wanted ? `${article(names[wanted])} ${names[wanted]}` : 'an image the press prints'} image, ${expected}` }
  if (wanted && found !== wanted) return { rule: 'image-invalid', reason: `Unexpected image \`${label}\` whose content is ${article(names[found])} ${names[found]} image, not ${article(names[wanted])} ${names[wanted]}, ${expected}` }
  if (found === 'svg') return undefined // vector: printed as drawing operations, at no resolution
  if (found === 'png') {
    const damage = pngDamage(bytes)
    if (damage) return { rule: 'image-invalid', reason: `Unexpected image \`${label}\` that is ${damage}, expected a complete PNG file` }
  }
  let size: { width?: number; height?: number }
  try {
    size = imageSize(bytes)
  } catch {
    return { rule: 'image-invalid', reason: `Unexpected image \`${label}\` whose ${names[found]} header is damaged (no width and height), ${expected}` }
  }
  const width = size.width ?? 0
  const height = size.height ?? 0
  if (width === 0 || height === 0) return { rule: 'image-invalid', reason: `Unexpected image \`${label}\` of ${width} x ${height} pixels, expected an image with pixels` }
  if (width > maxImageSide || height > maxImageSide || width * height > maxImagePixels) {
    return {
      rule: 'image-too-large',
      reason: `Unexpected image \`${label}\` of ${width} x ${height} pixels, expected at most ${maxImageSide} pixels a side and ${maxImagePixels / 1_000_000} megapixels (a full A4 page at 300 dpi is 2480 x 3508)`
    }
  }
  return undefined
}

/** The format of an image from its first bytes (magic numbers), or undefined. */
function detect(bytes: Uint8Array): Format | undefined {
  const starts = (...values: number[]) => values.every((value, i) => bytes[i] === value)
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  if (starts(0xff, 0xd8, 0xff)) return 'jpg'
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif'
  if (starts(0x52, 0x49, 0x46, 0x46) && Buffer.from(bytes.subarray(8, 12)).toString('latin1') === 'WEBP') return 'webp'
  return isSvg(bytes) ? 'svg' : undefined
}

/**
 * Whether the text is an SVG document: its first element (after a byte order mark, an XML
 * declaration, comments, processing instructions and a doctype) is `<svg`. Scanned by hand, in
 * one pass: image-size looks only at the first 1000 characters (an SVG with a long comment
 * first is missed) and its pattern backtracks on many `<svg ` without `>`.
 */
function isSvg(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('utf8')
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4)
      if (end === -1) return false
      i = end + 3
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2)
      if (end === -1) return false
      i = end + 2
    } else if (text.startsWith('<!', i)) {
      // A doctype, with an internal subset in brackets perhaps.
      const bracket = text.indexOf('[', i)
      const close = text.indexOf('>', i)
      if (close === -1) return false
      if (bracket !== -1 && bracket < close) {
        const end = text.indexOf(']', bracket)
        const after = end === -1 ? -1 : text.indexOf('>', end)
        if (after === -1) return false
        i = after + 1
      } else i = close + 1
    } else {
      return /^<(?:[\w.-]+:)?svg[\s/>]/.test(text.slice(i, i + 64))
    }
  }
}

/**
 * Why a PNG is incomplete, or undefined: its chunks are walked from the signature (length, type,
 * data, CRC) to IEND without reading any data. A PNG cut short makes Chromium print part of it
 * or nothing, without a word.
 */
function pngDamage(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 8
  let first = true
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at)
    const type = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1')
    if (first && type !== 'IHDR' && type !== 'CgBI') return 'damaged (its first chunk is not IHDR)'
    first = false
    const next = at + 12 + length
    if (next > bytes.length) return `truncated (the ${type} chunk at byte ${at} needs ${next - bytes.length} more bytes than the file has)`
    if (type === 'IEND') return undefined
    at = next
  }
  return 'truncated (it ends before its IEND chunk)'
}

function article(word: string): string {
  return /^[AEIOS]/.test(word) ? 'an' : 'a'
}
