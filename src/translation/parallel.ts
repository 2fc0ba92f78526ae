import type { Element, ElementContent, Root as Hast, RootContent } from 'hast'
import { h } from 'hastscript'
import { visit } from 'unist-util-visit'
import type { Parsed } from '../core/parse.js'
import { renderDocument, type DocumentOptions, type RenderedContribution, type RenderedDocument } from '../core/render.js'
import type { LanguageStatus } from './state.js'

/**
 * A bilingual review copy (`parallel: [en, fr]`): the document rendered in both languages, each
 * contribution's blocks paired in rows of two columns (the translation mirrors its source
 * block by block, so the n-th block of one is the n-th of the other): paragraph numbers once,
 * in the gutter (the right column's are hidden by the style sheet; its ids are prefixed `fr-`); headings, tables and lists side by side. The right language's footnotes get
 * their own ids (`fn-fr-3`), so each column's calls put their notes at the bottom of the page.
 * A row whose source changed since its translation (from `status`, by source line) is marked
 * `parallel-stale`, every row of a contribution not translated yet `parallel-untranslated`,
 * each with a flag in the right margin in the words of `flags`. The outline, titles and the
 * press's words are the right language's.
 */
export async function parallelDocument(parsed: Parsed, options: DocumentOptions & { languages: readonly [string, string]; status?: LanguageStatus; flags: { stale: string; untranslated: string } }): Promise<RenderedDocument> {
  const [leftLanguage, rightLanguage] = options.languages
  const left = await renderDocument(parsed, { ...options, language: leftLanguage })
  const right = await renderDocument(parsed, { ...options, language: rightLanguage })
  const changed = new Map((options.status?.contributions ?? []).map((entry) => [entry.source, new Set((entry.changes ?? []).filter((c) => c.kind !== 'removed').map((c) => c.line))]))
  const sections = right.sections.map((section, s) => ({
    ...section,
    contributions: section.contributions.map((contribution, c) => {
      const source = left.sections[s]?.contributions[c]
      if (!source) return contribution
      const sourcePath = source.source
      return { ...contribution, tree: pairBlocks(source, contribution, rightLanguage, changed.get(sourcePath) ?? new Set(), options.flags) }
    })
  }))
  return { ...right, sections }
}

/** The two trees of one contribution as rows of two cells, footnotes after them. */
function pairBlocks(left: RenderedContribution, right: RenderedContribution, rightLanguage: string, changedLines: ReadonlySet<number>, flags: { stale: string; untranslated: string }): Hast {
  const leftTree = structuredClone(left.tree)
  const rightTree = structuredClone(right.tree)
  // The right column's footnotes and calls: their own ids, the same numbers.
  visit(rightTree, 'element', (node: Element) => {
    const id = node.properties.id
    if (typeof id === 'string') node.properties.id = /^fn(ref)?-/.test(id) ? id.replace(/^(fn(?:ref)?)-/, `$1-${rightLanguage}-`) : `${rightLanguage}-${id}`
    const href = node.properties.href
    if (typeof href === 'string' && /^#fn(ref)?-/.test(href)) node.properties.href = href.replace(/^#(fn(?:ref)?)-/, `#$1-${rightLanguage}-`)
  })
  const blocks = (tree: Hast) => tree.children.filter((node): node is Element => node.type === 'element')
  const isNote = (node: Element) => node.tagName === 'aside' && ((node.properties.className as string[] | undefined) ?? []).includes('footnote')
  const leftBlocks = blocks(leftTree).filter((node) => !isNote(node))
  const rightBlocks = blocks(rightTree).filter((node) => !isNote(node))
  const notes = [...blocks(leftTree).filter(isNote), ...blocks(rightTree).filter(isNote)]
  const rows: ElementContent[] = []
  const count = Math.max(leftBlocks.length, rightBlocks.length)
  for (let i = 0; i < count; i++) {
    const a = leftBlocks[i]
    const b = rightBlocks[i]
    const line = Number(a?.properties.dataLine)
    const stale = !right.untranslated && changedLines.has(line)
    const className = ['parallel-row', 'keep', ...(stale ? ['parallel-stale'] : []), ...(right.untranslated ? ['parallel-untranslated'] : []), ...(a && /^h\d$/.test(a.tagName) ? ['parallel-heading'] : [])]
    const flag = stale ? flags.stale : right.untranslated ? flags.untranslated : undefined
    rows.push(
      h('div', { className, dataLine: a?.properties.dataLine }, [
        h('div.parallel-cell.parallel-left', { lang: left.language }, a ? [a] : []),
        h('div.parallel-cell.parallel-right', { lang: right.language }, b ? [b] : []),
        ...(flag ? [h('span.parallel-flag', { lang: rightLanguage }, flag)] : [])
      ])
    )
  }
  return { type: 'root', children: [h('div.parallel', rows), ...(notes as RootContent[])] }
}
