import type { Root, Heading, Parent } from 'mdast'
import type { VFile } from 'vfile'
import { visitParents } from 'unist-util-visit-parents'
import { report } from '../report/rules.js'

/**
 * Pass 1: a heading inside a block quote, a list item or a footnote is no heading of the
 * document (the outline has only a contribution's top-level headings). It is reported
 * (`heading-nested`) and printed as a bold paragraph (src/markdown/handlers.ts): as an `<h1>` it
 * became a top-level bookmark of the PDF and an entry of its structure.
 */
export default function remarkNestedHeadings() {
  return (tree: Root, file: VFile) => {
    visitParents(tree, 'heading', (node: Heading, ancestors: Parent[]) => {
      const container = ancestors.find((a) => a.type === 'blockquote' || a.type === 'listItem' || a.type === 'footnoteDefinition')
      if (!container) return
      const where = container.type === 'blockquote' ? 'a block quote' : container.type === 'listItem' ? 'a list item' : 'a footnote'
      report(file, 'heading-nested', `Unexpected heading inside ${where}, expected headings at the top level of the contribution (it is printed as a bold paragraph, outside the table of contents and bookmarks)`, node)
      ;(node.data ??= {}).nested = true
    })
  }
}

declare module 'mdast' {
  interface HeadingData {
    /** A heading inside a quote, list item or footnote: printed as a paragraph. */
    nested?: boolean
  }
}
