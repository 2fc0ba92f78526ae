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
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const capitals = /(?<![\p{L}\p{N}_/-])(\p{Lu}[\p{Lu}\p{N}]*\p{Lu}[\p{Lu}\p{N}]*)(?:s)?(?![\p{L}\p{N}_/-])/gu

/**
 * Compile the glossary's abbreviations into one matcher of whole words; an abbreviation may
 * take a plural `s` (AEOs). Longer abbreviations win over shorter ones at the same place.
 */
export function createAbbreviationMatcher(glossary: readonly GlossaryEntry[]): AbbreviationMatcher {
  const entries = glossary.filter((entry): entry is GlossaryEntry & { abbreviation: string } => Boolean(entry.abbreviation))
  const byAbbreviation = new Map(entries.map((entry) => [entry.abbreviation, entry]))
  const alternatives = [...byAbbreviation.keys()].sort((a, b) => b.length - a.length).map(escape)
  // Whole words; a hyphen may join one to a word (`AEO-certified`, `non-AEO`), not to a number or a space.
  const pattern = alternatives.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}_/])(?<!(?<!\\p{L})-)(${alternatives.join('|')})(s?)(?![\\p{L}\\p{N}_/])(?!-(?!\\p{L}))`, 'gu') : undefined
  return {
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
      for (const match of text.matchAll(capitals)) {
        if (byAbbreviation.has(match[1]!) || byAbbreviation.has(match[0])) continue
        if (/^[IVXLCDM]+$/.test(match[1]!) && match[1]!.length <= 4) continue // roman numerals
        found.push({ index: match.index, text: match[1]! })
      }
      return found
    }
  }
}

