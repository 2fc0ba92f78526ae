import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { report } from '../report/rules.js'
import { holdsPhrasing, skip, walk } from './util/walk.js'

/**
 * Pass 1: a heading inside a block quote, a list item or a footnote is no heading of the
 * document (the outline has only a contribution's top-level headings). It is reported
 * (`heading-nested`) and printed as a bold paragraph (src/markdown/handlers.ts): as an `<h1>` it
 * became a top-level bookmark of the PDF and an entry of its structure.
 */
export default function remarkNestedHeadings() {
  return (tree: Root, file: VFile) => {
    walk(tree, (node, _index, ancestors) => {
      if (node.type !== 'heading') return holdsPhrasing(node) ? skip : undefined
      const container = ancestors.find((a) => a.type === 'blockquote' || a.type === 'listItem' || a.type === 'footnoteDefinition')
      if (!container) return skip
      const where = container.type === 'blockquote' ? 'a block quote' : container.type === 'listItem' ? 'a list item' : 'a footnote'
      report(file, 'heading-nested', `Unexpected heading inside ${where}, expected headings at the top level of the contribution (it is printed as a bold paragraph, outside the table of contents and bookmarks)`, node)
      ;(node.data ??= {}).nested = true
      return skip
    })
  }
}

declare module 'mdast' {
  interface HeadingData {
    /** A heading inside a quote, list item or footnote: printed as a paragraph. */
    nested?: boolean
  }
}
