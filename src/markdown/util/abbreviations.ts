import type { GlossaryEntry } from '../../config/types.js'

/** One occurrence of a glossary abbreviation in a text. */
export interface AbbreviationMatch {
  index: number
  /** The text matched, e.g. `AEOs`. */
  text: string
  /** Part of a hyphenated compound (`AEO-certified`, `non-AEO`): linked, never expanded there. */
  compound: boolean
  entry: GlossaryEntry & { abbreviation: string }
}

/** Finds glossary abbreviations (and words of capitals that are not in the glossary). */
export interface AbbreviationMatcher {
  find(text: string): AbbreviationMatch[]
  unknown(text: string): Array<{ index: number; text: string }>
  /** Uses of glossary terms that have no abbreviation (glossaryTermPattern), in order. */
  terms(text: string): TermMatch[]
}

/** One use of a glossary term without an abbreviation ("single windows" for `Single Window`). */
export interface TermMatch {
  index: number
  /** The text matched, as written. */
  text: string
  entry: GlossaryEntry
}

/**
 * One pattern for the terms of `entries` (those without an abbreviation): whole phrases, in any
 * case (a term that is a word of capitals, `SVG`, only as written), a line break or several
 * spaces where the term has a space, and simple plurals (`-s`, `-es`, `-y` -> `-ies`). Longer
 * terms win at the same place. Undefined when there is none.
 */
export function glossaryTermPattern(entries: readonly GlossaryEntry[]): { patterns: RegExp[]; entryOf: (text: string) => GlossaryEntry | undefined } | undefined {
  const terms = entries.filter((entry) => !entry.abbreviation && entry.term.trim() !== '')
  if (terms.length === 0) return undefined
  const source = (term: string) => {
    const words = term.trim().split(/\s+/).map(escape)
    const last = words.pop()!
    const plural = /y$/i.test(last) && !/[aeiou]y$/i.test(last) ? `${last.slice(0, -1)}(?:y|ies)` : `${last}(?:e?s)?`
    return [...words, plural].join('\\s+')
  }
  const sorted = [...terms].sort((a, b) => b.term.length - a.term.length)
  const isCapitals = (entry: GlossaryEntry) => capitalsOf(entry.term.trim()) === entry.term.trim()
  // Whole words: no letter, digit, `_`, `/` or `-` on either side (`port-authority` is no use of "port authority").
  const whole = (alternatives: string[], flags: string) => new RegExp(`(?<![\\p{L}\\p{N}_/-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_/-])`, flags)
  const caseless = sorted.filter((entry) => !isCapitals(entry)).map((entry) => source(entry.term))
  const exact = sorted.filter(isCapitals).map((entry) => `${escape(entry.term.trim())}s?`)
  const patterns = [...(caseless.length > 0 ? [whole(caseless, 'giu')] : []), ...(exact.length > 0 ? [whole(exact, 'gu')] : [])]
  const normalise = (text: string) => text.replace(/\s+/g, ' ').toLowerCase()
  const byTerm = new Map(terms.map((entry) => [normalise(entry.term.trim()), entry]))
  const entryOf = (text: string) => {
    const key = normalise(text)
    return byTerm.get(key) ?? byTerm.get(key.replace(/ies$/, 'y')) ?? byTerm.get(key.replace(/es$/, '')) ?? byTerm.get(key.replace(/s$/, ''))
  }
  return { patterns, entryOf }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
// Words (maximal runs of letters, digits, `_`, `/` and `-`), then judged in code: a single pattern
// of two starred classes (`\p{Lu}[\p{Lu}\p{N}]*\p{Lu}[\p{Lu}\p{N}]*`) backtracks with the square of a
// long word's length (20,000 capitals followed by a small letter: 1.1 s; 200,000: minutes).
const words = /[\p{L}\p{N}_/-]+/gu
const capitalsWord = /^[\p{Lu}\p{N}]+s?$/u
const capital = /\p{Lu}/gu

/** The abbreviation-like part of a word (`AEO` of `AEOs`), or undefined: a capital, then capitals and digits with two capitals at least, and a plural `s`. */
function capitalsOf(word: string): string | undefined {
  if (!capitalsWord.test(word) || !/^\p{Lu}/u.test(word)) return undefined
  const stem = word.endsWith('s') ? word.slice(0, -1) : word
  let count = 0
  capital.lastIndex = 0
  while (capital.exec(stem) && ++count < 2);
  return count >= 2 ? stem : undefined
}

/**
 * The requirement keywords of RFC 2119 and RFC 8174 (MUST, MUST NOT, REQUIRED, SHALL, SHALL NOT,
 * SHOULD, SHOULD NOT, RECOMMENDED, NOT RECOMMENDED, MAY, OPTIONAL), word by word: written in
 * capitals on purpose, never abbreviations.
 */
export const requirementKeywords: readonly string[] = ['MUST', 'NOT', 'REQUIRED', 'SHALL', 'SHOULD', 'RECOMMENDED', 'MAY', 'OPTIONAL']

/**
 * Compile the glossary's abbreviations into one matcher of whole words; an abbreviation may
 * take a plural `s` (AEOs). Longer abbreviations win over shorter ones at the same place.
 * `unknown` passes over words that are known without being abbreviations: the RFC 2119
 * keywords, entries whose `term` is itself a word of capitals (`term: SVG`), and `ignore` (from
 * `abbreviations.ignore` in guidelines.yaml: words, or phrases such as `ORDER BY`, whose words are
 * passed over where the whole phrase stands).
 */
export function createAbbreviationMatcher(glossary: readonly GlossaryEntry[], ignore: readonly string[] = []): AbbreviationMatcher {
  const entries = glossary.filter((entry): entry is GlossaryEntry & { abbreviation: string } => Boolean(entry.abbreviation))
  const byAbbreviation = new Map(entries.map((entry) => [entry.abbreviation, entry]))
  const termPattern = glossaryTermPattern(glossary)
  const known = new Set([...requirementKeywords, ...glossary.map((entry) => entry.term.trim()).filter((term) => capitalsOf(term) === term), ...ignore.filter((word) => !word.includes(' '))])
  const phrases = ignore.filter((word) => word.includes(' '))
  const alternatives = [...byAbbreviation.keys()].sort((a, b) => b.length - a.length).map(escape)
  // Whole words; a hyphen may join one to a word (`AEO-certified`, `non-AEO`), not to a number or a space.
  const pattern = alternatives.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}_/])(?<!(?<!\\p{L})-)(${alternatives.join('|')})(s?)(?![\\p{L}\\p{N}_/])(?!-(?!\\p{L}))`, 'gu') : undefined
  return {
    terms(text) {
      if (!termPattern) return []
      const found: TermMatch[] = []
      for (const pattern of termPattern.patterns) {
        for (const match of text.matchAll(pattern)) {
          const entry = termPattern.entryOf(match[0])
          if (entry) found.push({ index: match.index, text: match[0], entry })
        }
      }
      // Two patterns (any case, exact case): in text order, the first of overlapping uses kept.
      found.sort((a, b) => a.index - b.index || b.text.length - a.text.length)
      const kept: TermMatch[] = []
      for (const match of found) {
        const last = kept[kept.length - 1]
        if (!last || match.index >= last.index + last.text.length) kept.push(match)
      }
      return kept
    },
    find(text) {
      if (!pattern) return []
      const found: AbbreviationMatch[] = []
      for (const match of text.matchAll(pattern)) {
        const compound = text[match.index - 1] === '-' || text[match.index + match[0].length] === '-'
        found.push({ index: match.index, text: match[0], entry: byAbbreviation.get(match[1]!)!, compound })
      }
      return found
    },
    unknown(text) {
      const found: Array<{ index: number; text: string }> = []
      let phraseEnd = -1
      // URLs written as text (`HTTPS://WWW.WCOOMD.ORG/x`, `www.WCO.org`): their words are no abbreviations.
      const urls = [...text.matchAll(/\b(?:[A-Za-z][A-Za-z\d+.-]*:\/\/|www\.)[^\s<>]*/gi)].map((url) => [url.index, url.index + url[0].length] as const)
      let next = 0 // words come in order: the URLs are passed once
      const inUrl = (index: number) => {
        while (next < urls.length && urls[next]![1] <= index) next++
        return next < urls.length && urls[next]![0] <= index
      }
      for (const match of text.matchAll(words)) {
        const stem = capitalsOf(match[0])
        if (!stem) continue
        if (match.index < phraseEnd || known.has(stem) || known.has(match[0])) continue
        const phrase = phrases.find((p) => text.startsWith(p, match.index) && !/[\p{L}\p{N}]/u.test(text[match.index + p.length] ?? ''))
        if (phrase) {
          phraseEnd = match.index + phrase.length
          continue
        }
        if (byAbbreviation.has(stem) || byAbbreviation.has(match[0])) continue
        if (urls.length > 0 && inUrl(match.index)) continue
        if (/^[IVXLCDM]+$/.test(stem) && stem.length <= 4) continue // roman numerals
        found.push({ index: match.index, text: stem })
      }
      return found
    }
  }
}

/** `text` lower-cased with every run of white space (line breaks of the source included) as one space. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase()
}

/**
 * Whether `text` (a paragraph, cell or item) writes `term` out, in any case and across line
 * breaks of the source ("Public Key\nInfrastructure" writes out "Public Key Infrastructure").
 */
export function writesOut(text: string, term: string): boolean {
  return normalise(text).includes(normalise(term).trim())
}

/**
 * Whether the first use of an abbreviation, with `before` and `after` the text of its block on
 * either side, is a place to write its term out: not where the author already did so in place
 * ("Public Key Infrastructure (PKI)", "PKI (Public Key Infrastructure)": `in-place`), and not
 * inside parentheses ("(e.g. SQL, HQL)": an expansion there nests parentheses: `parenthesis`).
 * Undefined where an expansion reads well.
 */
export function expansionPlace(before: string, after: string, term: string): 'in-place' | 'parenthesis' | undefined {
  const wanted = normalise(term).trim()
  if (/\(\s*$/.test(before) && normalise(before).replace(/\s*\(\s*$/, '').endsWith(wanted)) return 'in-place'
  if (normalise(after).replace(/^s?\s*\(\s*/, '').startsWith(wanted) && /^s?\s*\(/.test(after)) return 'in-place'
  let depth = 0
  for (const c of before) {
    if (c === '(') depth++
    else if (c === ')' && depth > 0) depth--
  }
  return depth > 0 ? 'parenthesis' : undefined
}
