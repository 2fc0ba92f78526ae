import type { Nodes, Root, RootContent, Table } from 'mdast'
import type { Position } from 'unist'

/** One block of a contribution as its translation must mirror it. */
export interface BlockShape {
  /** What the block is, in words ("a heading (level 1)", "a table of 3 rows and 2 columns"). */
  kind: string
  /** The `{#id}` it defines, if any. */
  id?: string
  position?: Position
}

/**
 * The blocks of a parsed contribution in order, as a translation must mirror them: headings
 * (with their level), paragraphs, figures, tables (rows and columns), lists (items, ordered or
 * not, nested lists counted inside), block quotes, code, raw HTML, rules and footnote
 * definitions (with their label), each with the id it defines.
 */
export function blockShapes(tree: Root): BlockShape[] {
  return tree.children.filter((node) => node.type !== 'yaml' && node.type !== 'definition').map((node) => ({ kind: kindOf(node), id: (node.data as { id?: string } | undefined)?.id, position: node.position }))
}

function kindOf(node: RootContent): string {
  switch (node.type) {
    case 'heading':
      return `a heading (level ${node.depth})`
    case 'paragraph':
      return node.data?.figure ? 'a figure' : 'a paragraph'
    case 'table': {
      const table = node as Table
      return `a table of ${table.children.length} rows and ${table.children[0]?.children.length ?? 0} columns`
    }
    case 'list':
      return `${node.ordered ? 'an ordered' : 'a'} list of ${countItems(node)} items`
    case 'blockquote':
      return 'a block quote'
    case 'code':
      return 'a code block'
    case 'html':
      return 'raw HTML'
    case 'thematicBreak':
      return 'a rule'
    case 'footnoteDefinition':
      return `the footnote [^${node.label ?? node.identifier}]`
    default:
      return `a ${node.type}`
  }
}

function countItems(node: Nodes): number {
  let count = 0
  const walk = (n: Nodes) => {
    if (n.type === 'listItem') count++
    if ('children' in n) for (const child of n.children as Nodes[]) walk(child)
  }
  walk(node)
  return count
}

/** The first place where a translation's blocks differ from its source's, or undefined when they match. */
export function firstDifference(source: readonly BlockShape[], translation: readonly BlockShape[]): { index: number; source?: BlockShape; translation?: BlockShape } | undefined {
  const length = Math.max(source.length, translation.length)
  for (let index = 0; index < length; index++) {
    const a = source[index]
    const b = translation[index]
    if (!a || !b || a.kind !== b.kind || a.id !== b.id) return { index, source: a, translation: b }
  }
  return undefined
}
