import { createHash } from 'node:crypto'
import { DocxError } from '../ooxml/package.js'
import { captionStyles } from './styles.js'

/** An image taken out of the document, to be written next to the contribution. */
export interface ExtractedImage {
  /** Path relative to the contribution (`images/wco-1.png`). */
  path: string
  data: Uint8Array
  contentType: string
}

/** What mammoth made of the document. */
export interface Converted {
  html: string
  images: ExtractedImage[]
  /** mammoth's own warnings that the importer does not already report. */
  warnings: string[]
}

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
  'image/webp': 'webp'
}

/** Prefix of the ids mammoth gives notes and bookmarks in its HTML. */
export const htmlIdPrefix = 'docx-'

/**
 * mammoth's style map, on top of its defaults (Heading 1-6, lists, footnotes): captions get a
 * class the importer looks for, Word's deeper headings and quotes have a place, and underline is
 * left out (Markdown has none; the loss is reported from the XML).
 */
const styleMap = [
  ...captionStyles.map((name) => `p[style-name='${name}'] => p.caption:fresh`),
  ...[7, 8, 9].flatMap((n) => [`p.Heading${n} => h6:fresh`, `p[style-name='heading ${n}'] => h6:fresh`]),
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  'u => '
]

/** mammoth warnings about things the importer reports itself (or that lose nothing). */
const known = [/^Unrecognised (paragraph|run|table|numbering) style/, /unrecognised element was ignored: (m:|w:fldSimple|wps:|wpg:|w14:|w15:|mc:|v:|o:|w:permStart|w:permEnd|w:proofErr|w:bookmarkEnd|w:customXml|w:noBreakHyphen)/, /^Image of type .* is unlikely to display/]

/**
 * Convert a .docx (already prepared: tracked changes applied, fields rewritten) to HTML with
 * mammoth. Images become `imageFolder/stem-N.ext` (one file per distinct picture), except those
 * a browser cannot show, which get an empty `src` (the losses scan reports them). External files
 * are never read.
 */
export async function convertWithMammoth(data: Uint8Array, options: { imageFolder: string; stem: string }): Promise<Converted> {
  const { default: mammoth } = await import('mammoth')
  const images: ExtractedImage[] = []
  const byHash = new Map<string, string>()
  const convertImage = mammoth.images.imgElement(async (image) => {
    const extension = extensions[image.contentType]
    if (!extension) return { src: '' }
    const bytes = new Uint8Array(await image.readAsBuffer())
    const hash = createHash('sha256').update(bytes).digest('hex')
    const existing = byHash.get(hash)
    if (existing) return { src: existing }
    const file = `${options.imageFolder}/${options.stem}-${images.length + 1}.${extension}`
    byHash.set(hash, file)
    images.push({ path: file, data: bytes, contentType: image.contentType })
    return { src: file }
  })
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) },
      { styleMap, includeEmbeddedStyleMap: false, externalFileAccess: false, idPrefix: htmlIdPrefix, convertImage }
    )
  } catch (error) {
    // A part the importer does not read itself (numbering, a relationship...) is broken.
    throw new DocxError(`mammoth cannot read it: ${(error as Error).message}`, { cause: error })
  }
  const warnings = [...new Set(result.messages.filter((m) => !known.some((pattern) => pattern.test(m.message))).map((m) => m.message))]
  return { html: result.value, images, warnings }
}
