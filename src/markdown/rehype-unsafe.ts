import type { Root, Nodes, Parent } from 'hast'
import type { Options as SanitizeSchema } from 'rehype-sanitize'
import type { VFile } from 'vfile'
import { skip, walk } from './util/walk.js'
import { report } from '../report/rules.js'

type Definition = string | [string, ...Array<string | number | boolean | RegExp | null | undefined>]

/**
 * Runs just before rehype-sanitize, with the same schema: warns (`html-unsafe`) about each
 * element, attribute and URL the sanitizer is about to remove, at the author's line and column,
 * so that a writer learns why a `<script>`, an `onclick` or a `javascript:` link disappeared.
 * Changes nothing itself.
 */
export default function rehypeUnsafe(schema: SanitizeSchema) {
  const tagNames = new Set(schema.tagNames ?? [])
  const strip = new Set(schema.strip ?? [])
  const attributes = schema.attributes ?? {}
  const protocols = schema.protocols ?? {}
  return (tree: Root, file: VFile) => {
    walk<Nodes, Parent>(tree, (node) => {
      if (node.type !== 'element') return
      const element = node
      const tag = element.tagName
      if (!tagNames.has(tag)) {
        const what = strip.has(tag) ? 'with its content' : 'its content is kept as text'
        report(file, 'html-unsafe', `Unexpected \`<${tag}>\` element, removed (${what}); expected HTML the press allows (no scripts, frames, forms, objects, styles or meta)`, element)
        if (strip.has(tag)) return skip
        return
      }
      for (const [name, value] of Object.entries(element.properties)) {
        if (value === undefined || value === null || value === false) continue
        const definitions = [...(attributes[tag] ?? []), ...(attributes['*'] ?? [])] as Definition[]
        if (!allowed(definitions, name, value)) {
          report(file, 'html-unsafe', `Unexpected attribute \`${attributeName(name)}\` on \`<${tag}>\`, removed; expected attributes the press allows (no event handlers or styles)`, element)
          continue
        }
        const schemes = (protocols as Record<string, string[] | undefined>)[name]
        if (schemes && typeof value === 'string') {
          const scheme = protocolOf(value)
          if (scheme !== undefined && !schemes.includes(scheme)) {
            report(file, 'html-unsafe', `Unexpected \`${scheme}:\` URL in \`${attributeName(name)}\` of \`<${tag}>\`, removed; expected ${schemes.map((s) => `${s}:`).join(', ')} or a file of the project`, element)
          }
        }
      }
      return
    })
  }
}

function allowed(definitions: Definition[], name: string, value: unknown): boolean {
  for (const definition of definitions) {
    if (definition === name) return true
    if (Array.isArray(definition) && definition[0] === name) {
      const values = Array.isArray(value) ? value : [value]
      const accepted = definition.slice(1)
      if (values.some((v) => accepted.some((a) => (a instanceof RegExp ? a.test(String(v)) : a === v)))) return true
    }
  }
  return false
}

/** The scheme of a URL (`javascript`), or undefined for a relative URL; as hast-util-sanitize reads it. */
function protocolOf(url: string): string | undefined {
  const colon = url.indexOf(':')
  if (colon === -1) return undefined
  for (const c of ['/', '?', '#']) {
    const at = url.indexOf(c)
    if (at !== -1 && at < colon) return undefined
  }
  return url.slice(0, colon).toLowerCase()
}

/** `onClick` -> `onclick`, `dataFoo` -> `data-foo`, `httpEquiv` -> `http-equiv`. */
function attributeName(property: string): string {
  if (/^on[A-Z]/.test(property)) return property.toLowerCase()
  return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
