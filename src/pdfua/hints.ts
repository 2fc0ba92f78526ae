/**
 * Structure hints: how the page tells post-processing what Chromium's tagger cannot express.
 * Chromium maps an element's `lang` into the PDF (`/Lang` on its structure element) when it
 * differs from its parent's, and little else of the DOM; a private-use subtag (RFC 5646, `x-`)
 * on the document's language is a valid language tag that leaves the language unchanged for
 * browsers and screen readers, and arrives in the PDF on exactly the element that carries it.
 * `src/print/accessible.ts` reads it back, retags the element, and removes the hint.
 *
 * - `x-toc` on a list (`<ol>`): a table of contents (TOC, its items TOCI).
 * - `x-note` on a footnote (`<aside>`): a Note, with a unique /ID.
 */
export type HintKind = 'toc' | 'note'

/** The `lang` value that carries `kind` for a document in `language`. */
export function structureHint(language: string, kind: HintKind): string {
  return `${language}-x-${kind}`
}

/** The hint a `/Lang` value carries, and the language it stands for; undefined when it carries none. */
export function parseHint(lang: string): { kind: HintKind; language: string } | undefined {
  const match = /^(.*?)-x-(toc|note)$/i.exec(lang)
  return match ? { kind: match[2]!.toLowerCase() as HintKind, language: match[1]! } : undefined
}
