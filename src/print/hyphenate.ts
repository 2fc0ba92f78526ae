import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * Pattern files of the `hyphen` package by language. English documents use Liang's US patterns
 * with their exception list: the British ones broke words where a proof reader reads another
 * word (res-ults, re-cords); `en-gb` asks for them still.
 */
const patterns: Record<string, string> = { en: 'en-us', 'en-gb': 'en-gb', 'en-us': 'en-us', fr: 'fr', es: 'es', de: 'de', pt: 'pt', it: 'it', nl: 'nl' }

/** Letters that stay on each side of a break, in every language: fewer read as a stray (re-, -al). */
const MIN_LETTERS = 3

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
      const hyphenated = withMinimumLetters(hyphen.hyphenateSync(word, { minWordLength: 7 }))
      if (hyphenated !== word) out[word] = hyphenated
    }
    return out
  }
}

/** `hyphenated` without the soft hyphens that leave fewer than MIN_LETTERS letters before or after them. */
export function withMinimumLetters(hyphenated: string): string {
  const parts = hyphenated.split('\u00ad')
  const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length
  const total = letters(hyphenated)
  let before = 0
  let out = parts[0]!
  for (let i = 1; i < parts.length; i++) {
    before += letters(parts[i - 1]!)
    out += (before >= MIN_LETTERS && total - before >= MIN_LETTERS ? '\u00ad' : '') + parts[i]
  }
  return out
}
