import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'

/** An image ready for Word: its bytes, kind and size in CSS px (96 to the inch). */
export interface LoadedImage {
  type: 'png' | 'jpg' | 'gif' | 'bmp' | 'svg'
  data: Uint8Array
  /** The PNG Word shows where it cannot draw SVG (Word before 2016, and LibreOffice reads it too). */
  fallback?: Uint8Array
  width: number
  height: number
}

/** An SVG (or another format Word cannot show) drawn as a PNG, with the size it is drawn at in CSS px. */
export type Rasterise = (image: { data: Uint8Array; mime: string }) => Promise<{ png: Uint8Array; width: number; height: number }>

/**
 * Load every image the trees show (`img` elements; `src` relative to `outputDir`, as the HTML
 * edition has them): PNG, JPEG, GIF and BMP as they are, SVG with a PNG fallback, WebP as a PNG
 * (Word does not read it), both drawn by `rasterise`. An image that cannot be read is left out
 * (the document prints its alt text); `image-missing` was reported by the render already.
 */
export async function loadImages(trees: Array<Root | Element>, outputDir: string, rasterise: Rasterise | undefined): Promise<Map<string, LoadedImage>> {
  const sources = new Set<string>()
  for (const tree of trees) {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'img' && typeof node.properties.src === 'string') sources.add(node.properties.src)
    })
  }
  const out = new Map<string, LoadedImage>()
  for (const src of sources) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('file:')) continue
    const file = path.resolve(outputDir, decodeURI(src.replace(/^file:\/\//, '').split(/[?#]/)[0]!))
    const data = await readFile(file).catch(() => undefined)
    if (!data) continue
    const kind = sniff(data)
    if (kind === 'svg' || kind === 'webp') {
      if (!rasterise) continue
      const drawn = await rasterise({ data, mime: kind === 'svg' ? 'image/svg+xml' : 'image/webp' })
      out.set(src, kind === 'svg' ? { type: 'svg', data, fallback: drawn.png, width: drawn.width, height: drawn.height } : { type: 'png', data: drawn.png, width: drawn.width, height: drawn.height })
      continue
    }
    if (!kind) continue
    const size = pixelSize(data, kind)
    if (size) out.set(src, { type: kind, data, ...size })
  }
  return out
}

/** The image format from its first bytes (not the file name). */
export function sniff(data: Uint8Array): LoadedImage['type'] | 'webp' | undefined {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpg'
  if (b.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif'
  if (b.subarray(0, 2).toString('latin1') === 'BM') return 'bmp'
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp'
  if (/<svg[\s>]/i.test(b.subarray(0, 4096).toString('utf8'))) return 'svg'
  return undefined
}

/**
 * Width and height in CSS px of a raster image, from its header (pixels are px, as browsers take
 * them). Read here: four fixed header layouts, where a library would decode the image.
 */
export function pixelSize(data: Uint8Array, kind: LoadedImage['type']): { width: number; height: number } | undefined {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  try {
    if (kind === 'png') return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
    if (kind === 'gif') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) }
    if (kind === 'bmp') return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) }
    if (kind === 'jpg') {
      // Walk the markers to the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC).
      let at = 2
      while (at + 9 < b.length) {
        if (b[at] !== 0xff) return undefined
        const marker = b[at + 1]!
        const length = b.readUInt16BE(at + 2)
        if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { width: b.readUInt16BE(at + 7), height: b.readUInt16BE(at + 5) }
        at += 2 + length
      }
    }
  } catch {
    return undefined
  }
  return undefined
}
