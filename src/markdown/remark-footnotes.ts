import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { skip, walk } from './util/walk.js'
import { withCaptions } from './util/captions.js'

export interface FootnotesOptions {
  /** Per contribution (by its file): footnote label -> document-wide number (from the fold, `Numbered.footnotes`). */
  numbers: ReadonlyMap<VFile, ReadonlyMap<string, number>>
}

/**
 * Pass 2: give footnotes their document-wide numbers. A reference becomes
 * `<sup class="fnref"><a href="#fn-N">N</a></sup>`; a definition becomes
 * `<aside class="footnote" id="fn-N">`, which assembly gathers (HTML) and the paginator places
 * at the bottom of the page that cites it (PDF). Definitions never referenced are dropped.
 */
export default function remarkFootnotes(options: FootnotesOptions) {
  return (tree: Root, file: VFile) => {
    const numbers = options.numbers.get(file) ?? new Map<string, number>()
    const seen = new Set<number>()
    // Calls may stand in table captions too (outside the tree, see withCaptions).
    walk(withCaptions(tree), (node, index, ancestors) => {
      if (node.type !== 'footnoteReference') return
      const parent = ancestors[ancestors.length - 1]!
      const number = numbers.get(node.identifier)
      if (number === undefined) return
      const first = !seen.has(number)
      seen.add(number)
      parent.children[index] = {
        type: 'footnoteCall',
        data: { hName: 'sup', hProperties: { className: ['fnref'] } },
        children: [
          {
            type: 'link',
            url: `#fn-${number}`,
            data: { hProperties: { id: first ? `fnref-${number}` : undefined, role: 'doc-noteref' } },
            children: [{ type: 'text', value: String(number) }]
          }
        ]
      } as never
      return skip
    })
    walk(tree, (node, index, ancestors) => {
      if (node.type !== 'footnoteDefinition') return
      const parent = ancestors[ancestors.length - 1]!
      const number = numbers.get(node.identifier)
      if (number === undefined) {
        parent.children.splice(index, 1)
        return index
      }
      parent.children[index] = {
        type: 'footnoteBody',
        data: { hName: 'aside', hProperties: { className: ['footnote'], id: `fn-${number}`, role: 'doc-footnote', dataFn: number } },
        children: [
          { type: 'footnoteMarker', data: { hName: 'a', hProperties: { className: ['fn-num'], href: `#fnref-${number}` } }, children: [{ type: 'text', value: String(number) }] },
          ...node.children
        ]
      } as never
      return skip
    })
  }
}
