import { diffArrays } from 'diff'
import type { Nodes, Root } from 'mdast'
import { blockChildren, nodeText, type Inline, type Leaf } from './segments.js'

/**
 * Where a block of today's source was in an earlier version of it: containers (the root, lists,
 * list items, quotes, footnotes, tables, rows) are aligned level by level, their children by
 * type and text (a longest common subsequence; in a stretch that differs, removed and added
 * children of the same type are paired in order, as changed). A translation mirrors the source
 * it follows (`translates:`), so a block's place in the translation is its place in that source.
 */
export function pathAligner(current: Root, earlier: Root): (path: readonly number[]) => number[] | undefined {
  const memo = new Map<Nodes, Map<number, number>>()
  const alignChildren = (a: Nodes, b: Nodes) => {
    let map = memo.get(a)
    if (!map) {
      map = alignLists(blockChildren(a), blockChildren(b))
      memo.set(a, map)
    }
    return map
  }
  return (path) => {
    let a: Nodes = current
    let b: Nodes = earlier
    const out: number[] = []
    for (const index of path) {
      if (index === -1) {
        if (a.type !== b.type) return undefined
        out.push(-1)
        continue
      }
      const j = alignChildren(a, b).get(index)
      if (j === undefined) return undefined
      a = blockChildren(a)[index]!
      b = blockChildren(b)[j]!
      if (a.type !== b.type) return undefined
      out.push(j)
    }
    return out
  }
}

/** Index in `after` -> index in `before` for the children that correspond (same, or changed in place). */
function alignLists(after: readonly Nodes[], before: readonly Nodes[]): Map<number, number> {
  const signature = (node: Nodes) => `${node.type}:${nodeText(node)}`
  const map = new Map<number, number>()
  let i = 0
  let j = 0
  const removed: number[] = []
  const added: number[] = []
  const flush = () => {
    let k = 0
    for (const a of added) {
      while (k < removed.length && before[removed[k]!]!.type !== after[a]!.type) k++
      if (k >= removed.length) break
      map.set(a, removed[k]!)
      k++
    }
    removed.length = 0
    added.length = 0
  }
  for (const part of diffArrays(before.map(signature), after.map(signature))) {
    const count = part.count ?? part.value.length
    if (part.removed) {
      for (let k = 0; k < count; k++) removed.push(j + k)
      j += count
    } else if (part.added) {
      for (let k = 0; k < count; k++) added.push(i + k)
      i += count
    } else {
      flush()
      for (let k = 0; k < count; k++) map.set(i + k, j + k)
      i += count
      j += count
    }
  }
  flush()
  return map
}

/** The key of a leaf's place, to find the leaf at a path. */
export function pathKey(path: readonly number[]): string {
  return path.join('/')
}

/** Leaves by place. */
export function byPath(leaves: readonly Leaf[]): Map<string, Leaf> {
  return new Map(leaves.map((leaf) => [pathKey(leaf.path), leaf]))
}

/**
 * A content as one string that changes when its text or any code's Markdown identity changes
 * (the stale check: a link whose URL changed is a changed source).
 */
export function signature(parts: readonly Inline[]): string {
  return parts.map((part) => (part.type === 'text' ? part.value.replace(/\s+/g, ' ') : part.type === 'ph' ? `{${part.code.key}}` : `{${part.code.key}}${signature(part.children)}{/}`)).join('').trim()
}
