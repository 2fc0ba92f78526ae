import type { EditionOptions, Guidelines, TranslationConfig } from '../config/types.js'

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
 * document's `keywords` followed by the organisations' codes and the reference, and the
 * edition's language; in another language than the document's, the texts of its translation
 * (`translations/LANG/guidelines.yaml`) where it has them.
 */
export function pdfMetadata(config: Guidelines, edition: EditionOptions, producer: string, translation?: TranslationConfig): PdfMetadata {
  const language = edition.parallel?.[1] ?? edition.language ?? config.language
  const local = language === config.language ? undefined : translation
  return {
    title: edition.title ?? local?.title ?? config.title,
    author: config.organisations.map((code) => local?.contributors?.[code] ?? config.contributors[code] ?? code).join('; '),
    subject: local?.subtitle ?? config.subtitle ?? local?.title ?? config.title,
    keywords: [...(config.keywords ?? []), ...config.organisations, edition.reference ?? config.reference ?? ''].filter(Boolean),
    language,
    producer
  }
}
