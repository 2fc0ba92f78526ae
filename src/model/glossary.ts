import type { GlossaryEntry } from '../config/types.js'

/** Slug of a glossary entry, used as its anchor (`gloss-aeo`). */
export function glossaryAnchor(entry: GlossaryEntry): string {
  const key = (entry.abbreviation ?? entry.term).toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return `gloss-${key}`
}
