import type { Browser } from 'puppeteer'
import { writeAtomic } from '../io/write.js'
import { renderDocx, type DocxEdition, type DocxEditionInput } from './edition.js'
import { browserRasteriser } from './raster.js'

export { renderDocx, wordLanguage, type DocxEdition, type DocxEditionInput } from './edition.js'
export { readSourceMap, blockBookmark, blockIndexOf, sourceMapNamespace } from './source-map.js'
export { isDocx, readReviewed, type ReviewedDocument, type ReviewMark } from './reviewed.js'
export { readDocxComments, type ReadDocxOptions } from './map.js'
export { markdownChanges, type SourceChange } from './edit.js'

/** What the build hands over for a DOCX edition besides its source map (`sources`, `origin`). */
export type DocxParts = Omit<DocxEditionInput, 'sources' | 'origin' | 'rasterise'>

/**
 * Render a DOCX edition and write it to `file` atomically. SVG figures are drawn as PNG fallbacks
 * in a page of `browser` (closed afterwards); without a browser they print their caption only.
 */
export async function writeDocxEdition(file: string, input: Omit<DocxEditionInput, 'rasterise'>, options: { browser?: Browser; signal?: AbortSignal; timeout?: number } = {}): Promise<DocxEdition> {
  const rasterise = options.browser ? browserRasteriser(options.browser, options.timeout) : undefined
  try {
    const edition = await renderDocx({ ...input, rasterise })
    await writeAtomic(file, edition.data, options.signal)
    return edition
  } finally {
    await rasterise?.close()
  }
}
