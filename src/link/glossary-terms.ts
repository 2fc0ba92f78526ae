import type { VFile } from 'vfile'
import type { SectionContent } from './number.js'

/**
 * Which contribution links each glossary term (one without an abbreviation) to its entry: the
 * one of its first use in each chapter (annex, or the front matter), in print order, from the
 * uses pass 1 noted (`collected.terms`). Kept apart from the fold of number.ts: terms need
 * nothing of the numbering, only the print order.
 */
export function termLinks(content: readonly SectionContent[]): Map<VFile, Set<string>> {
  const links = new Map<VFile, Set<string>>()
  const linkedIn = new Map<string, Set<string>>()
  for (const { section, contributions } of content) {
    const chapter = `${section.part.kind}:${section.part.id}`
    const seen = linkedIn.get(chapter) ?? new Set<string>()
    linkedIn.set(chapter, seen)
    for (const { file, collected } of contributions) {
      const mine = new Set<string>()
      for (const term of collected.terms ?? []) {
        if (seen.has(term)) continue
        seen.add(term)
        mine.add(term)
      }
      links.set(file, mine)
    }
  }
  return links
}
