import type { Root, RootContent } from 'mdast'

/**
 * The tree in document order with table captions in place: a new root whose children are the
 * tree's own blocks, each captioned table preceded by its caption as a paragraph (remark-
 * attributes moved the caption into `table.data.caption`, out of the tree). Phrasing is
 * shared, so plugins that change inline content (references, abbreviations, footnote calls)
 * reach captions too; changing the root's own children does not change the tree.
 */
export function withCaptions(tree: Root): Root {
  if (!tree.children.some((node) => node.type === 'table' && node.data?.caption)) return tree
  const children: RootContent[] = []
  for (const node of tree.children) {
    if (node.type === 'table' && node.data?.caption) children.push({ type: 'paragraph', children: node.data.caption })
    children.push(node)
  }
  return { ...tree, children }
}
