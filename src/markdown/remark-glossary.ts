import type { Root, Text, PhrasingContent, Parent } from 'mdast'
import type { VFile } from 'vfile'
import { visitParents, SKIP } from 'unist-util-visit-parents'
import type { AbbreviationMatcher } from './util/abbreviations.js'
import { glossaryAnchor } from '../model/glossary.js'
import { withCaptions } from './util/captions.js'

export interface GlossaryOptions {
  matcher: AbbreviationMatcher
  /**
   * Per contribution (by its file), the abbreviations to expand at their first use there: in
   * the text, or in a footnote (from the fold, `Numbered.expand`). None for a file not in it.
   */
  expand: ReadonlyMap<VFile, ReadonlyMap<string, 'text' | 'note'>>
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
    visitParents(withCaptions(tree), 'text', (node: Text, ancestors: Parent[]) => {
      if (ancestors.some((a) => a.type === 'heading' || a.type === 'link' || a.type === 'linkReference')) return SKIP
      const matches = matcher.find(node.value)
      if (matches.length === 0) return
      const parent = ancestors[ancestors.length - 1]!
      const replacement: PhrasingContent[] = []
      let last = 0
      for (const match of matches) {
        if (match.index > last) replacement.push({ type: 'text', value: node.value.slice(last, match.index) })
        const abbreviation = match.entry.abbreviation
        const link: PhrasingContent = {
          type: 'link',
          url: `#${glossaryAnchor(match.entry)}`,
          title: match.entry.term,
          data: { hProperties: { className: ['gloss'] } },
          children: [{ type: 'text', value: match.text }]
        }
        if (!match.compound && pending.get(abbreviation) === (ancestors.some((a) => a.type === 'footnoteDefinition') ? 'note' : 'text')) {
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
      const index = parent.children.indexOf(node as never)
      parent.children.splice(index, 1, ...(replacement as never[]))
      return [SKIP, index + replacement.length]
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
