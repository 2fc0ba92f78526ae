import type { Element, Nodes, Parent, Root } from 'hast'
import { walk } from './util/walk.js'

/** Elements that get `data-line`: the blocks a reader can point at in the printed page. */
export const sourceLineTags: ReadonlySet<string> = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'caption', 'figure', 'figcaption', 'dt', 'dd', 'blockquote', 'aside'])

/**
 * Put `data-line` (1-based line of the author's source where the element starts) on the block
 * elements of a contribution, so that the printed layout can be mapped back to the source
 * (`guidelines comments`). The line comes from the element's `position`; elements the
 * pipeline built without one (footnote bodies, table captions) take the line of their first
 * descendant that has one, else that of the nearest ancestor that has one (a caption whose
 * text lost its position in rehype-raw gets its table's line). `aside` only when it is a
 * footnote. Run after sanitizing.
 */
export default function rehypeSourceLines() {
  return (tree: Root) => {
    walk<Nodes, Parent>(tree, (node, _index, ancestors) => {
      if (node.type !== 'element' || !sourceLineTags.has(node.tagName)) return
      if (node.tagName === 'aside' && !classes(node).includes('footnote')) return
      const line = startLine(node) ?? [...ancestors].reverse().find((a) => a.position)?.position?.start.line
      if (line !== undefined) node.properties.dataLine = line
    })
  }
}

function classes(node: Element): string[] {
  const value = node.properties.className
  return Array.isArray(value) ? value.map(String) : String(value ?? '').split(/\s+/)
}

/** The node's own start line, else the earliest start line among its descendants. */
function startLine(node: Nodes): number | undefined {
  if (node.position?.start.line) return node.position.start.line
  let first: number | undefined
  if (!('children' in node)) return undefined
  walk<Nodes, Parent>(node, (child) => {
    const line = child.position?.start.line
    if (line !== undefined && (first === undefined || line < first)) first = line
  })
  return first
}
