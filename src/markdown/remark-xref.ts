import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { walk } from './util/walk.js'
import { toString } from 'mdast-util-to-string'
import { report } from '../report/rules.js'
import type { Targets } from '../model/targets.js'
import { withCaptions } from './util/captions.js'

export interface XrefOptions {
  targets: Targets
}

/**
 * Pass 2: resolve cross-references. A link to `#id` must name a target of the document
 * (else `xref-unresolved`); with empty text it shows the target's label ("Section 3.c").
 */
export default function remarkXref(options: XrefOptions) {
  return (tree: Root, file: VFile) => {
    walk(withCaptions(tree), (node) => {
      if (node.type !== 'link' || !node.url.startsWith('#')) return
      const id = decodeId(node.url.slice(1))
      // Ids are lowercase; `{#My-Id}` is accepted as `my-id`, so `[](#My-Id)` finds it too.
      const target = options.targets.get(id) ?? options.targets.get(id.toLowerCase())
      if (!target) {
        report(file, 'xref-unresolved', `Unexpected reference to \`#${id}\`, expected the id of a chapter, section, heading, paragraph, table, figure or glossary entry`, node.position)
        return
      }
      node.url = `#${target.id}`
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, className: ['xref', `xref-${target.kind}`] } }
      if (toString(node).trim() === '') node.children = [{ type: 'text', value: bindNumber(target.label) }]
    })
  }
}

/**
 * A label's numbers stay on the line of their words: "Section 3.b.ii", "Section a of Annex I",
 * never "Section" at a line end (a no-break space before each number: digits, a roman numeral,
 * a letter, with their dotted parts).
 */
export function bindNumber(label: string): string {
  return label.replace(/ (?=(?:\d+|[IVXLCDM]+|[ivxlcdm]+|\p{Ll})(?:\.[\p{L}\d]+)*(?=[\s,;:)]|$))/gu, '\u00a0')
}

/** Decode `%XX` escapes of a fragment; a malformed escape is kept as written (and then unresolved), never thrown. */
function decodeId(fragment: string): string {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return fragment
  }
}
