import type { Root, Table, Paragraph, PhrasingContent, Image } from 'mdast'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { toString } from 'mdast-util-to-string'
import { report } from '../report/rules.js'
import { holdsPhrasing, skip, walk } from './util/walk.js'
import { idPattern, isLoneImage, takeTrailingId } from './util/attributes.js'

declare module 'mdast' {
  interface TableData {
    /** Caption from a preceding `Table: ...` paragraph. */
    caption?: PhrasingContent[]
    id?: string
  }
  interface ParagraphData {
    id?: string
    /** Set when the paragraph is an image alone with an id: a numbered figure. */
    figure?: Image
  }
  interface HeadingData {
    id?: string
  }
}

/**
 * Read the attribute syntax of contributions: `{#id}` at the end of a heading or paragraph,
 * `Table: Caption {#id}` right before a table, and an image alone in its paragraph followed by
 * `{#id}`, which makes it a figure. Ids land in `node.data.id`; the syntax is removed.
 */
export default function remarkAttributes() {
  return (tree: Root, file: VFile) => {
    const place = location(file)
    const children = tree.children
    for (let index = 0; index < children.length; index++) {
      const node = children[index]!
      if (node.type !== 'heading' && node.type !== 'paragraph') continue
      const taken = takeTrailingId(node)
      if (taken) {
        const point = taken.offset === undefined ? node.position?.start : place.toPoint(taken.offset)
        if (!idPattern.test(taken.id)) {
          report(file, 'id-invalid', `Unexpected id \`${taken.id}\`, expected letters, digits and hyphens`, point)
        } else {
          node.data = { ...node.data, id: taken.id.toLowerCase() }
        }
      }
      if (node.type !== 'paragraph') continue
      const caption = tableCaption(node)
      if (caption) {
        const next = children[index + 1]
        if (next && next.type === 'table') {
          if (toString({ type: 'paragraph', children: caption }).trim() === '') {
            report(file, 'caption-empty', 'Unexpected empty table caption, expected the caption after `Table:`', node.position?.start)
          }
          next.data = { ...next.data, caption, id: node.data?.id }
          children.splice(index, 1)
          index--
        } else {
          report(file, 'caption-orphan', 'Unexpected table caption, expected a table right after it', node.position?.start)
        }
        continue
      }
      if (node.data?.id && isLoneImage(node.children)) {
        node.data.figure = node.children.find((child): child is Image => child.type === 'image')
      }
    }
    // Ids are read on top-level blocks only; inside a list or quote `{#id}` would print as text.
    walk(tree, (node, _index, ancestors) => {
      if (node.type !== 'paragraph' && node.type !== 'heading') return holdsPhrasing(node) ? skip : undefined
      const parent = ancestors[ancestors.length - 1]!
      if (parent.type === 'root') return skip
      const taken = takeTrailingId(node)
      if (!taken) return skip
      const point = taken.offset === undefined ? node.position?.start : place.toPoint(taken.offset)
      report(file, 'id-invalid', `Unexpected id \`${taken.id}\` inside a ${containers[parent.type] ?? 'block'}, expected ids only on top-level headings, paragraphs, table captions and figures`, point)
      return skip
    })
  }
}

const containers: Record<string, string> = { blockquote: 'quote', listItem: 'list item', footnoteDefinition: 'footnote', tableCell: 'table cell' }

function tableCaption(paragraph: Paragraph): PhrasingContent[] | undefined {
  const first = paragraph.children[0]
  if (!first || first.type !== 'text' || !first.value.startsWith('Table:')) return undefined
  const rest = first.value.slice('Table:'.length).replace(/^\s+/, '')
  const caption = paragraph.children.slice(1)
  return rest ? [{ ...first, value: rest }, ...caption] : caption
}
