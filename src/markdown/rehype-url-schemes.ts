import type { Nodes, Parent, Root } from 'hast'
import { walk } from './util/walk.js'

/**
 * Write the scheme of every `href` and `src` in lower case (`HTTPS://x` -> `https://x`,
 * `MAILTO:a@b` -> `mailto:a@b`), before rehype-unsafe and rehype-sanitize judge it: schemes are
 * case-insensitive (RFC 3986, 3.1), and the sanitizer compares them as written, so a link
 * written in capitals (common in documents from elsewhere) lost its URL without a warning.
 */
export default function rehypeUrlSchemes() {
  return (tree: Root) => {
    walk<Nodes, Parent>(tree, (node) => {
      if (node.type !== 'element') return
      for (const name of ['href', 'src']) {
        const value = node.properties[name]
        if (typeof value !== 'string') continue
        const scheme = /^\s*([A-Za-z][A-Za-z\d+.-]*):/.exec(value)
        if (scheme && /[A-Z]/.test(scheme[1]!)) node.properties[name] = value.trimStart().replace(scheme[1]!, scheme[1]!.toLowerCase())
      }
    })
  }
}
