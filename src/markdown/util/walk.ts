import type { Nodes, Parent } from 'mdast'

/** What a `walk` visitor returns to leave the children of the node it visited unvisited. */
export const skip = 'skip'

/**
 * Visit every node of `tree` below it, depth first, in document order: `visitor(node, index,
 * ancestors)`, `ancestors` from the tree down to the node's parent (one array, changed as the walk
 * goes: copy it to keep it). Children are read after their parent's visit, each from its parent
 * at the time, so a visitor may remove the siblings after the node it visits.
 *
 * What unist-util-visit-parents does for pass 1, without its cost per node (a closure and a copy
 * of the ancestors for each, a type test per visit): a table of a few hundred rows has thousands of
 * cells and texts, walked by each plugin.
 */
export function walk(tree: Parent, visitor: (node: Nodes, index: number, ancestors: readonly Parent[]) => typeof skip | void): void {
  const ancestors: Parent[] = []
  const into = (parent: Parent) => {
    ancestors.push(parent)
    const children = parent.children as Nodes[]
    for (let index = 0; index < children.length; index++) {
      const node = children[index]!
      if (visitor(node, index, ancestors) !== skip && 'children' in node) into(node)
    }
    ancestors.pop()
  }
  into(tree)
}

/** Nodes that hold no block (heading, paragraph, list...): paragraphs, headings, tables (rows of cells of phrasing). */
export function holdsPhrasing(node: Nodes): boolean {
  return node.type === 'paragraph' || node.type === 'heading' || node.type === 'table'
}
