import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** Pattern files of the `hyphen` package by language (English documents use British patterns). */
const patterns: Record<string, string> = { en: 'en-gb', 'en-gb': 'en-gb', 'en-us': 'en-us', fr: 'fr', es: 'es', de: 'de', pt: 'pt', it: 'it', nl: 'nl' }

/** Longest word hyphenated (in UTF-16 units); longer ones are left as they are. */
export const maxHyphenatedLength = 64

/**
 * A hyphenator for `language` from the `hyphen` package's TeX patterns, so that line-end
 * hyphenation does not depend on the browser's downloadable dictionaries (headless Chromium
 * has none). Takes the distinct long words of the page and returns each with soft hyphens
 * (U+00AD); the paginator puts them into the printed copy only, so the HTML edition, the
 * review diff and annotation mapping see clean text. Undefined for languages without patterns.
 */
export function createHyphenator(language: string): ((words: string[]) => Record<string, string>) | undefined {
  const tag = language.toLowerCase()
  const name = patterns[tag] ?? patterns[tag.split('-')[0]!]
  if (!name) return undefined
  // The patterns load on first use (~15 ms), which comes while the browser loads the page.
  let hyphen: { hyphenateSync: (text: string, options: object) => string } | undefined
  return (words) => {
    hyphen ??= require(`hyphen/${name}`) as { hyphenateSync: (text: string, options: object) => string }
    const out: Record<string, string> = {}
    for (const word of words) {
      // The pattern matcher's time grows with the square of a word's length (20,000 letters:
      // 2.6 s; 200,000: hours, blocking the process); no language's patterns need more than a
      // few dozen letters, and such a "word" is no word a reader hyphenates.
      if (word.length > maxHyphenatedLength) continue
      const hyphenated = hyphen.hyphenateSync(word, { minWordLength: 7 })
      if (hyphenated !== word) out[word] = hyphenated
    }
    return out
  }
}
