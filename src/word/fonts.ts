import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { inflateSync } from 'node:zlib'

const require = createRequire(import.meta.url)

/** One family's faces as TrueType/OpenType files, for Word to embed (regular, bold, italic, bold italic). */
export interface FontFaces {
  name: string
  regular: Buffer
  bold?: Buffer
  italic?: Buffer
  boldItalic?: Buffer
}

/**
 * The press's two families (the faces a DOCX edition uses), from the @fontsource packages the
 * PDF editions print with: Source Serif 4 (text) and Source Sans 3 (headings, tables, captions),
 * Latin subset, as TrueType/OpenType files. Word and LibreOffice embed fonts in a document as
 * such files; @fontsource ships WOFF, which they cannot read, so the files are unpacked here.
 */
export async function pressFonts(): Promise<FontFaces[]> {
  const face = async (pkg: string, family: string, weight: number, style: 'normal' | 'italic') => sfntOfWoff(await readFile(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files', `${family}-latin-${weight}-${style}.woff`)))
  const [serif, serifBold, serifItalic, serifBoldItalic, sans, sansBold, sansItalic] = await Promise.all([
    face('@fontsource/source-serif-4', 'source-serif-4', 400, 'normal'),
    face('@fontsource/source-serif-4', 'source-serif-4', 700, 'normal'),
    face('@fontsource/source-serif-4', 'source-serif-4', 400, 'italic'),
    face('@fontsource/source-serif-4', 'source-serif-4', 700, 'italic'),
    face('@fontsource/source-sans-3', 'source-sans-3', 400, 'normal'),
    face('@fontsource/source-sans-3', 'source-sans-3', 700, 'normal'),
    face('@fontsource/source-sans-3', 'source-sans-3', 400, 'italic')
  ])
  return [
    { name: 'Source Serif 4', regular: serif, bold: serifBold, italic: serifItalic, boldItalic: serifBoldItalic },
    { name: 'Source Sans 3', regular: sans, bold: sansBold, italic: sansItalic }
  ]
}

/**
 * The TrueType/OpenType file inside a WOFF 1.0 file (W3C WOFF File Format 1.0): the tables
 * inflated and laid out again behind an sfnt header. Written here because the format is a
 * header and a table directory around zlib streams (the whole format is this function), where
 * a font library would bring a font editor along.
 */
export function sfntOfWoff(woff: Uint8Array): Buffer {
  const data = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength)
  if (data.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font')
  const flavor = data.readUInt32BE(4)
  const count = data.readUInt16BE(12)
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20
    const tag = data.readUInt32BE(at)
    const offset = data.readUInt32BE(at + 4)
    const compressed = data.readUInt32BE(at + 8)
    const length = data.readUInt32BE(at + 12)
    const checksum = data.readUInt32BE(at + 16)
    const raw = data.subarray(offset, offset + compressed)
    return { tag, checksum, bytes: compressed < length ? inflateSync(raw) : Buffer.from(raw) }
  })
  const power = 2 ** Math.floor(Math.log2(count))
  const header = Buffer.alloc(12 + 16 * count)
  header.writeUInt32BE(flavor, 0)
  header.writeUInt16BE(count, 4)
  header.writeUInt16BE(power * 16, 6)
  header.writeUInt16BE(Math.log2(power), 8)
  header.writeUInt16BE(count * 16 - power * 16, 10)
  const bodies: Buffer[] = []
  let offset = header.length
  tables.forEach((table, i) => {
    header.writeUInt32BE(table.tag, 12 + i * 16)
    header.writeUInt32BE(table.checksum, 16 + i * 16)
    header.writeUInt32BE(offset, 20 + i * 16)
    header.writeUInt32BE(table.bytes.length, 24 + i * 16)
    const padded = Buffer.alloc(Math.ceil(table.bytes.length / 4) * 4)
    table.bytes.copy(padded)
    bodies.push(padded)
    offset += padded.length
  })
  return Buffer.concat([header, ...bodies])
}
