import type { Paragraph, PhrasingContent, Heading } from 'mdast'

// Anything between `{#` and `}` is taken (then validated), so a malformed id is reported, not printed.
const trailingId = /[ \t]*\{#([^{}\n]*)\}[ \t]*$/

/**
 * Take a trailing `{#id}` off the last text of a heading or paragraph.
 * Returns the id (possibly empty or invalid: the caller checks) and its offset in the source,
 * or undefined when there is none.
 */
export function takeTrailingId(node: Paragraph | Heading): { id: string; offset: number | undefined } | undefined {
  const last = node.children[node.children.length - 1]
  if (!last || last.type !== 'text') return undefined
  const match = trailingId.exec(last.value)
  if (!match) return undefined
  const offset = last.position?.start.offset === undefined ? undefined : last.position.start.offset + match.index + match[0].indexOf('{')
  last.value = last.value.slice(0, match.index).replace(/\s+$/, '')
  if (last.value === '') node.children.pop()
  return { id: match[1]!, offset }
}

/** Whether phrasing content is one image, with nothing but white space around it. */
export function isLoneImage(children: PhrasingContent[]): boolean {
  const significant = children.filter((child) => !(child.type === 'text' && child.value.trim() === '') && child.type !== 'break')
  return significant.length === 1 && significant[0]!.type === 'image'
}

/** Valid ids: lowercase letters, digits and hyphens, starting with a letter or digit. */
export const idPattern = /^[a-z0-9][a-z0-9-]*$/i
