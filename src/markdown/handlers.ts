import type { Element, ElementContent } from 'hast'
import type { Heading, Paragraph, Parents, Table } from 'mdast'
import { defaultHandlers, type State } from 'mdast-util-to-hast'
import { h } from 'hastscript'
import { toString } from 'hast-util-to-string'

/**
 * mdast-util-to-hast handlers that print the numbers the fold wrote into `node.data`:
 * heading markers and ranks, paragraph numbers, table and figure captions. Positions are kept
 * (`state.patch`), so rehype plugins and the paginator can still point at the author's line.
 */
export const handlers = {
  heading(state: State, node: Heading, parent: Parents | undefined): Element {
    const data = node.data ?? {}
    const children = state.all(node)
    if (data.nested) {
      // Inside a quote or list (remark-nested-headings): no heading of the document's outline.
      const paragraph = h('p', { className: ['heading-nested', 'block-heading', `block-heading-${node.depth}`] }, children)
      state.patch(node, paragraph)
      return paragraph
    }
    const result = h(`h${data.rank ?? node.depth}`, { id: data.id ?? data.autoId }, data.marker ? [h('span.num', data.marker), ' ', ...children] : children)
    state.patch(node, result)
    return result
  },

  paragraph(state: State, node: Paragraph): Element {
    const data = node.data ?? {}
    if (data.figure && data.figureNumber !== undefined) {
      const image = data.figure
      const img = h('img', { src: image.url, alt: image.alt ?? '', title: image.title ?? undefined })
      // The image's own position, so that a missing file is reported where the author wrote it.
      state.patch(image, img)
      const result = h('figure.figure', { id: data.id }, [
        img,
        h('figcaption', [h('span.caption-label', data.captionLabel ?? `Figure ${data.figureNumber}`), data.captionSeparator ?? ': ', image.alt ?? ''])
      ])
      state.patch(node, result)
      return result
    }
    const children = state.all(node)
    const result = h('p', { id: data.id, className: data.number === undefined ? undefined : ['para'], dataPara: data.number }, data.number === undefined ? children : [h('span.para-num', `${data.number}.`), ...children])
    state.patch(node, result)
    return result
  },

  table(state: State, node: Table): Element {
    const table = defaultHandlers.table(state, node)
    const data = node.data ?? {}
    if (data.number === undefined || !data.caption) return table
    const caption = data.caption.flatMap((child) => state.one(child, node) ?? []) as ElementContent[]
    // An empty caption (reported as caption-empty) prints the label alone.
    const text = caption.length > 0 && toString({ type: 'root', children: caption }).trim() !== ''
    table.children.unshift(h('caption', [h('span.caption-label', data.captionLabel ?? `Table ${data.number}`), ...(text ? [data.captionSeparator ?? ': ', ...caption] : [])]))
    table.properties = { ...table.properties, id: data.id, className: ['numbered'] }
    return table
  }
}
