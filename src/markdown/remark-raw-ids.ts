import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { walk } from './util/walk.js'
import type { Targets } from '../model/targets.js'
import { report } from '../report/rules.js'
import { scanTags } from './remark-html-balance.js'

/** Ids the press gives itself besides the targets: footnotes and their calls. */
const reserved = /^fn(?:ref)?-\d+$/

export interface RawIdsOptions {
  /** Every id of the document (outline, headings, paragraphs, tables, figures, glossary). */
  targets: Targets
}

/**
 * Pass 2: an id written in raw HTML (`<span id="x">`) that another part of the document already
 * has (an outline id, a `{#id}`, a glossary anchor, a footnote's `fn-N`, or a raw id of an
 * earlier contribution) is `id-duplicate`, at its tag: two elements with one id send every link
 * to the first. One renderer (one edition) keeps the raw ids it has seen.
 */
export default function remarkRawIds(options: RawIdsOptions) {
  const seen = new Map<string, string>()
  return (tree: Root, file: VFile) => {
    walk(tree, (node) => {
      if (node.type !== 'html') return
      for (const { id, place } of scanTags(node)) {
        if (id === undefined || id === '') continue
        const target = options.targets.get(id)
        const where = target ? `${target.label}${target.title && target.title !== target.label ? ` “${target.title}”` : ''}` : reserved.test(id) ? 'a footnote' : seen.get(id)
        if (where) report(file, 'id-duplicate', `Unexpected duplicate id \`${id}\` in raw HTML, already the id of ${where}`, place)
        else seen.set(id, `raw HTML at ${file.path}:${place?.line ?? 1}`)
      }
    })
  }
}
