import type { Root, Text, PhrasingContent, Parent, Nodes } from 'mdast'
import type { VFile } from 'vfile'
import { skip, walk } from './util/walk.js'
import { expansionPlace, type AbbreviationMatch, type AbbreviationMatcher, type TermMatch } from './util/abbreviations.js'
import { glossaryAnchor } from '../model/glossary.js'
import { withCaptions } from './util/captions.js'

export interface GlossaryOptions {
  matcher: AbbreviationMatcher
  /**
   * Per contribution (by its file), the abbreviations to expand at their first use there: in
   * the text, or in a footnote (from the fold, `Numbered.expand`). None for a file not in it.
   */
  expand: ReadonlyMap<VFile, ReadonlyMap<string, 'text' | 'note'>>
  /**
   * Per contribution, the glossary terms (without an abbreviation) whose first use in their
   * chapter is there: linked to their entry (src/link/glossary-terms.ts).
   */
  terms?: ReadonlyMap<VFile, ReadonlySet<string>>
  /** Language of the text: "a"/"an" before an expansion is English only. */
  language?: string
}

/**
 * Pass 2: link every use of a glossary abbreviation to its entry, and expand the first use in
 * the document's text ("Authorized Economic Operator (AEO)"), or in a footnote for one the text
 * never uses (`options.expand`, from the fold). Headings, links and code are left alone.
 */
export default function remarkGlossary(options: GlossaryOptions) {
  const { matcher } = options
  return (tree: Root, file: VFile) => {
    const pending = new Map(options.expand.get(file))
    const termsToLink = new Set(options.terms?.get(file) ?? [])
    walk(withCaptions(tree), (node, index, ancestors) => {
      if (node.type === 'heading' || node.type === 'link' || node.type === 'linkReference') return skip
      if (node.type !== 'text') return
      const abbreviations = matcher.find(node.value)
      // The first use of a term in this contribution, when it is its chapter's first: a link.
      const terms = termsToLink.size === 0 || ancestors.some((a) => a.type === 'footnoteDefinition') ? [] : matcher.terms(node.value).filter((use) => termsToLink.delete(use.entry.term))
      if (abbreviations.length === 0 && terms.length === 0) return
      const matches = mergeUses(abbreviations, terms)
      const parent = ancestors[ancestors.length - 1]!
      const replacement: PhrasingContent[] = []
      let last = 0
      for (const match of matches) {
        if (match.index > last) replacement.push({ type: 'text', value: node.value.slice(last, match.index) })
        if (!('compound' in match)) {
          replacement.push({ type: 'link', url: `#${glossaryAnchor(match.entry)}`, title: match.entry.term, data: { hProperties: { className: ['gloss', 'gloss-term'] } }, children: [{ type: 'text', value: match.text }] })
          last = match.index + match.text.length
          continue
        }
        const abbreviation = match.entry.abbreviation
        const link: PhrasingContent = {
          type: 'link',
          url: `#${glossaryAnchor(match.entry)}`,
          title: match.entry.term,
          data: { hProperties: { className: ['gloss'] } },
          children: [{ type: 'text', value: match.text }]
        }
        const due = !match.compound && pending.get(abbreviation) === (ancestors.some((a) => a.type === 'footnoteDefinition') ? 'note' : 'text')
        // Written out by the author right there: that was the expansion. Inside parentheses: a
        // later use in running text is expanded instead.
        const place = due ? expansionPlace(...blockText(ancestors, node, match.index, match.text.length), match.entry.term) : undefined
        if (place === 'in-place') pending.delete(abbreviation)
        if (due && place === undefined) {
          pending.delete(abbreviation)
          const plural = match.text.endsWith('s') && !abbreviation.endsWith('s') ? 's' : ''
          if (!options.language || options.language.toLowerCase().startsWith('en')) fixArticle(replacement, match.entry.term)
          replacement.push({ type: 'text', value: `${match.entry.term}${plural} (` }, link, { type: 'text', value: ')' })
        } else {
          replacement.push(link)
        }
        last = match.index + match.text.length
      }
      if (last < node.value.length) replacement.push({ type: 'text', value: node.value.slice(last) })
      parent.children.splice(index, 1, ...(replacement as never[]))
      return index + replacement.length
    })
  }
}

/**
 * "an MoU" becomes "a Memorandum of Understanding (MoU)": the article before an expanded
 * abbreviation follows the term's first letter (a vowel letter takes "an").
 */
function fixArticle(before: PhrasingContent[], term: string): void {
  const last = before[before.length - 1]
  if (!last || last.type !== 'text') return
  const article = /(^|\s)(an?|An?) $/.exec(last.value)
  if (!article) return
  const vowel = /^[aeiou]/i.test(term)
  const capital = article[2]!.startsWith('A')
  const wanted = `${capital ? 'A' : 'a'}${vowel ? 'n' : ''}`
  last.value = last.value.slice(0, last.value.length - article[2]!.length - 1) + wanted + ' '
}

/**
 * The text of the block around a use (its paragraph, table cell or list item) before and after
 * the characters [index, index + length) of `node`.
 */
function blockText(ancestors: readonly Parent[], node: Text, index: number, length: number): [string, string] {
  const block = [...ancestors].reverse().find((a) => a.type === 'paragraph' || a.type === 'tableCell' || a.type === 'listItem') ?? ancestors[ancestors.length - 1]!
  let before = ''
  let after = ''
  let passed = false
  const walk = (current: Nodes) => {
    if (current === node) {
      before += node.value.slice(0, index)
      after += node.value.slice(index + length)
      passed = true
      return
    }
    if (current.type === 'text' || current.type === 'inlineCode') {
      if (passed) after += current.value
      else before += current.value
      return
    }
    if ('children' in current) for (const child of current.children) walk(child as Nodes)
  }
  walk(block as Nodes)
  return [before, after]
}

/** Abbreviation and term uses of one text in order; a term use inside an abbreviation's (or the reverse) is dropped. */
function mergeUses(abbreviations: AbbreviationMatch[], terms: TermMatch[]): Array<AbbreviationMatch | TermMatch> {
  if (terms.length === 0) return abbreviations
  const all = [...abbreviations, ...terms].sort((a, b) => a.index - b.index || b.text.length - a.text.length)
  const kept: Array<AbbreviationMatch | TermMatch> = []
  for (const use of all) {
    const previous = kept[kept.length - 1]
    if (!previous || use.index >= previous.index + previous.text.length) kept.push(use)
  }
  return kept
}
