import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { walk } from './util/walk.js'
import { report } from '../report/rules.js'

/**
 * Pass 2 (after the fold gave headings their ids): warn (`xref-self`) about a cross-reference
 * that points at the heading, paragraph, table or figure that contains it; in print it names
 * the very block the reader is in, which is almost always a slip of the id.
 */
export default function remarkXrefSelf() {
  return (tree: Root, file: VFile) => {
    walk(tree, (node, _index, ancestors) => {
      if (node.type !== 'link' || !node.url.startsWith('#')) return
      const id = safeDecode(node.url.slice(1))
      const holder = ancestors.find((a) => {
        const data = (a.data ?? {}) as { id?: string; autoId?: string }
        return data.id === id || data.autoId === id
      })
      if (holder) {
        report(file, 'xref-self', `Unexpected reference to \`#${id}\` inside the ${holder.type === 'heading' ? 'heading' : holder.type === 'table' ? 'table' : 'paragraph'} it names, expected a reference to another part of the document`, node)
      }
    })
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
