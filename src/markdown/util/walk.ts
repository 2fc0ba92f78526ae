import type { Nodes, Parent } from 'mdast'
import type { Node, Parent as UnistParent } from 'unist'

/** What a `walk` visitor returns to leave the children of the node it visited unvisited. */
export const skip = 'skip'

/**
 * What a visitor returns: nothing (go on into the node's children), `skip` (not into them), or
 * an index of the node's parent to go on from, the node's children unvisited (after the visitor
 * replaced the node by others, or removed it: `index` to visit what took its place).
 */
export type WalkStep = typeof skip | number | void

/**
 * Visit every node of `tree` below it, depth first, in document order: `visitor(node, index,
 * ancestors)`, `ancestors` from the tree down to the node's parent (one array, changed as the walk
 * goes: copy it to keep it). Children are read after their parent's visit, each from its parent
 * at the time, so a visitor may replace or remove the node it visits and the siblings after it.
 *
 * What unist-util-visit(-parents) does, without its cost per node: it makes a closure for each
 * node, names it with `Object.defineProperty`, and copies the ancestors into a new array; measured
 * on a 415-page rebuild, that overhead was a quarter of the render (about 300 ms of 950), over
 * the eight plugins that walk each tree. Hand-written for that cost alone: the order and the
 * index to go on from are the library's.
 */
export function walk<N extends Node = Nodes, P extends UnistParent = Parent>(tree: UnistParent, visitor: (node: N, index: number, ancestors: readonly P[]) => WalkStep): void {
  const ancestors: P[] = []
  const into = (parent: P) => {
    ancestors.push(parent)
    const children = parent.children as N[]
    let index = 0
    while (index < children.length) {
      const node = children[index]!
      const step = visitor(node, index, ancestors)
      if (typeof step === 'number') {
        index = step
        continue
      }
      if (step !== skip && 'children' in node) into(node as unknown as P)
      index++
    }
    ancestors.pop()
  }
  into(tree as P)
}

/** Nodes that hold no block (heading, paragraph, list...): paragraphs, headings, tables (rows of cells of phrasing). */
export function holdsPhrasing(node: Nodes): boolean {
  return node.type === 'paragraph' || node.type === 'heading' || node.type === 'table'
}
