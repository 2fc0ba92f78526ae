import type { Heading, Image, Link, Paragraph, Parent, Root, Table } from 'mdast'
import { toString } from 'mdast-util-to-string'
import type { VFile } from 'vfile'
import { report } from '../report/rules.js'
import { walk } from './util/walk.js'

declare module 'mdast' {
  interface ImageData {
    /** Marked `{.decorative}`: no text alternative, an artifact in the PDF. */
    decorative?: boolean
  }
}

/** `{.decorative}` right after an image. */
const decorativeMark = /^[ \t]*\{\.decorative\}/

/** Link texts that say nothing of where the link goes. */
const vagueLinkText = /^(here|click here|this link|link|read more|more|this|this page|see here)$/i

/**
 * What an author can do for the accessibility of the PDF, checked where it is written (pass 1,
 * after remark-attributes): an image without alt text (`image-alt-missing`; it is then printed
 * as decorative, hidden from assistive technology), a table whose header row is empty
 * (`table-header-missing`), a heading that skips a level (`heading-skip`), and a link whose text
 * is only its address or "here" (`link-text-unclear`). `![](x.png){.decorative}` marks an image
 * as decorative on purpose: no warning, an artifact in the PDF.
 */
export default function remarkAccessibility() {
  return (tree: Root, file: VFile) => {
    // One walk: images are handled as met (a decorative mark is taken out of the text), tables,
    // headings and links after it, each kind in document order as before.
    const tables: Table[] = []
    const headings: Heading[] = []
    const links: Link[] = []
    walk(tree, (node, index, ancestors) => {
      if (node.type === 'image') image(node, index, ancestors[ancestors.length - 1]!, file)
      else if (node.type === 'table') tables.push(node)
      else if (node.type === 'heading') headings.push(node)
      else if (node.type === 'link') links.push(node)
    })
    for (const node of tables) {
      const header = node.children[0]
      if (header && header.children.every((cell) => toString(cell).trim() === '')) report(file, 'table-header-missing', 'Unexpected table without a header row (its first row is empty), expected column headings in the first row', node.position?.start)
    }
    let previous = 0
    for (const node of headings) {
      if (node.depth > previous + 1) report(file, 'heading-skip', `Unexpected heading level ${'#'.repeat(node.depth)} after ${previous === 0 ? 'the start of the contribution' : '#'.repeat(previous)}, expected ${'#'.repeat(previous + 1)} (a level is skipped)`, node.position?.start)
      previous = node.depth
    }
    for (const node of links) {
      const text = toString(node).trim()
      const url = node.url.replace(/^mailto:/, '')
      if (text === '') continue // `[](#id)`: the press writes the target's label
      if (text === node.url || text === url || /^(https?:\/\/|www\.)\S+$/i.test(text)) report(file, 'link-text-unclear', `Unexpected link text that is only an address (${text}), expected words saying where it leads`, node.position?.start)
      else if (vagueLinkText.test(text)) report(file, 'link-text-unclear', `Unexpected link text “${text}”, expected words saying where it leads (read out of context by screen readers)`, node.position?.start)
    }
  }
}

function image(node: Image, index: number, parent: Parent, file: VFile): void {
  const next = parent.children[index + 1]
  if (next?.type === 'text' && decorativeMark.test(next.value)) {
    next.value = next.value.replace(decorativeMark, '')
    if (next.value === '') parent.children.splice(index + 1, 1)
    node.data = { ...node.data, decorative: true, hProperties: { ...(node.data?.hProperties ?? {}), alt: '' } }
    return
  }
  if (node.alt && node.alt.trim() !== '') return
  // A figure's alt text is its caption: an empty one is reported as `caption-empty`.
  if (parent.type === 'paragraph' && (parent as Paragraph).data?.figure === node) return
  node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), alt: '' } }
  report(file, 'image-alt-missing', 'Unexpected image without alt text, expected a description in `![...](...)` (or `{.decorative}` after it if it only decorates); it is printed as decorative, hidden from screen readers', node.position?.start)
}
