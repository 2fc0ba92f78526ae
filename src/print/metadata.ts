import type { EditionOptions, Guidelines } from '../config/types.js'

/** The document information a PDF carries (what `finishPdf` writes). */
export interface PdfMetadata {
  title: string
  author: string
  subject: string
  keywords: string[]
  language: string
  producer: string
}

/**
 * The PDF metadata of an edition, from guidelines.yaml: the edition's title (or the
 * document's), the publishing organisations' names as author, the subtitle as subject, the
 * document's `keywords` followed by the organisations' codes and the reference, its language.
 */
export function pdfMetadata(config: Guidelines, edition: EditionOptions, producer: string): PdfMetadata {
  return {
    title: edition.title ?? config.title,
    author: config.organisations.map((code) => config.contributors[code] ?? code).join('; '),
    subject: config.subtitle ?? config.title,
    keywords: [...(config.keywords ?? []), ...config.organisations, edition.reference ?? config.reference ?? ''].filter(Boolean),
    language: config.language,
    producer
  }
}
