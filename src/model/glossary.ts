import type { GlossaryEntry } from '../config/types.js'

/**
 * A glossary entry as an edition uses it: the source entry, or its translation, which keeps
 * the source entry's anchor (`anchor`) so that links and `[](#gloss-aeo)` work in every language.
 */
export type GlossaryTerm = GlossaryEntry & { anchor?: string }

/** Slug of a glossary entry, used as its anchor (`gloss-aeo`); a translated entry keeps its source's. */
export function glossaryAnchor(entry: GlossaryTerm): string {
  if (entry.anchor) return entry.anchor
  const key = (entry.abbreviation ?? entry.term).toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return `gloss-${key}`
}
