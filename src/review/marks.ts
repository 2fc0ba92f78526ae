import type { Element, ElementContent, Parents, Text } from 'hast'
import { h } from 'hastscript'
import { toString } from 'hast-util-to-string'
import { diffWordsWithSpace } from 'diff'

/**
 * Plain helpers over hast text for change marks: flatten a block to the string that is
 * compared (keeping where each character came from), diff two such strings at word level, and
 * mark the result back onto the block as `<ins>` and `<del>`. No unified, no document state.
 */

/** Where a run of the compared string came from: a text node, or an atom (one character). */
interface Segment {
  kind: 'text' | 'atom'
  node: Text | Element
  parent: Parents
  start: number
  end: number
}

/** A block flattened for comparison. */
export interface Flat {
  /** What is compared: text with every white-space character as a space, atoms as one character each. */
  text: string
  segments: Segment[]
  block: Element
}

/**
 * Inline elements compared as a whole, by what they point at rather than what they print: a
 * cross-reference prints the target's current number ("Section 3.c"), a footnote call the
 * footnote's number, both of which change when something is inserted before them.
 */
function atomKey(node: Element): string | undefined {
  const classes = classList(node)
  if (node.tagName === 'a' && classes.includes('xref')) return `xref ${String(node.properties.href ?? '')}`
  if (node.tagName === 'sup' && classes.includes('fnref')) return 'fnref'
  if (node.tagName === 'img') return `img ${String(node.properties.src ?? '')}`
  if (node.tagName === 'br') return 'br'
  return undefined
}

/** Generated text that is not the author's: paragraph numbers, heading markers, footnote markers. */
function isGenerated(node: Element): boolean {
  const classes = classList(node)
  return classes.includes('para-num') || classes.includes('fn-num') || classes.includes('attribution') || classes.includes('gloss-expansion') || (node.tagName === 'span' && classes.includes('num'))
}

/**
 * Set apart the expansion the press writes around the first use of an abbreviation
 * ("Authorized Economic Operator (" before `a.gloss` AEO, ")" after it) as `span.gloss-expansion`,
 * which is not compared: which use comes first moves when text is inserted before it.
 * Call on both versions of a block before `flatten`.
 */
export function setApartExpansions(block: Element): void {
  const visit = (parent: Parents) => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i]!
      if (node.type !== 'element') continue
      const term = node.properties.title
      const before = parent.children[i - 1]
      const after = parent.children[i + 1]
      if (node.tagName === 'a' && classList(node).includes('gloss') && typeof term === 'string' && before?.type === 'text' && after?.type === 'text' && after.value.startsWith(')')) {
        const match = [`${term} (`, `${term}s (`].find((written) => before.value.endsWith(written))
        if (match) {
          const rest = before.value.slice(0, -match.length)
          const open = h('span.gloss-expansion', match)
          const close = h('span.gloss-expansion', ')')
          after.value = after.value.slice(1)
          parent.children.splice(i - 1, 3, ...(rest ? [{ type: 'text' as const, value: rest }] : []), open, node, close, ...(after.value ? [after] : []))
          i += rest ? 2 : 1
          continue
        }
      }
      visit(node)
    }
  }
  visit(block)
}

export function classList(node: Element): string[] {
  const value: unknown = node.properties.className
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : []
}

/**
 * Atoms become characters of the Unicode private use area, one per distinct key; the same
 * table must be used for both sides of a comparison.
 */
export class AtomTable {
  private readonly keys = new Map<string, string>()
  char(key: string): string {
    let char = this.keys.get(key)
    if (!char) {
      char = String.fromCodePoint(0xf0000 + this.keys.size)
      this.keys.set(key, char)
    }
    return char
  }
}

/** Elements whose text is apart from their neighbours' (a gap, `\n`, separates them in the compared string). */
const blockTags = new Set(['p', 'li', 'tr', 'td', 'th', 'caption', 'dt', 'dd', 'div', 'blockquote', 'pre', 'figure', 'figcaption', 'ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'section', 'aside', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/**
 * Flatten `block` to the string compared, in document order. Text inside separate blocks
 * (cells, list items, paragraphs of a quote) is kept apart by a gap, which no node holds.
 */
export function flatten(block: Element, atoms: AtomTable): Flat {
  const segments: Segment[] = []
  let text = ''
  const gap = () => {
    if (text !== '' && !text.endsWith('\n')) text += '\n'
  }
  const walk = (parent: Parents) => {
    for (const child of parent.children) {
      if (child.type === 'text') {
        if (child.value === '') continue
        segments.push({ kind: 'text', node: child, parent, start: text.length, end: text.length + child.value.length })
        text += child.value.replace(/\s/g, ' ')
      } else if (child.type === 'element') {
        if (isGenerated(child)) continue
        const key = atomKey(child)
        if (key) {
          const char = atoms.char(key)
          segments.push({ kind: 'atom', node: child, parent, start: text.length, end: text.length + char.length })
          text += char
        } else if (blockTags.has(child.tagName)) {
          gap()
          walk(child)
          gap()
        } else {
          walk(child)
        }
      }
    }
  }
  walk(block)
  return { text: text.replace(/\n$/, ''), segments, block }
}

/** One run of a word diff, as positions in the new and the old string. */
export interface Change {
  kind: 'insert' | 'delete'
  /** Position in the new string (where a deletion is shown). */
  at: number
  length: number
  /** Position in the old string (deletions). */
  from: number
  words: number
}

/**
 * Word-level differences between two flattened strings (`diffWordsWithSpace`). Runs that are
 * only white space (a paragraph re-wrapped in the source) are not changes.
 */
export function compareText(before: string, after: string): Change[] {
  const changes: Change[] = []
  let at = 0
  let from = 0
  for (const part of mergeReplacements(diffWordsWithSpace(before, after))) {
    const length = part.value.length
    const visible = part.value.trim() !== ''
    if (part.added) {
      // White space around an insertion stays unmarked: no underlined spaces.
      const lead = part.value.length - part.value.trimStart().length
      const trail = part.value.length - part.value.trimEnd().length
      if (visible) changes.push({ kind: 'insert', at: at + lead, length: length - lead - trail, from, words: countWords(part.value) })
      at += length
    } else if (part.removed) {
      if (visible) changes.push({ kind: 'delete', at, length, from, words: countWords(part.value) })
      from += length
    } else {
      at += length
      from += length
    }
  }
  return changes
}

type Part = { value: string; added?: boolean; removed?: boolean }

/**
 * Word by word replacements separated by single spaces ("changes soon" -> "changed now" gives
 * del changes, ins changed, space, del soon, ins now) read better as one: del "changes soon",
 * ins "changed now". Two runs that each replace something are merged across white space.
 */
function mergeReplacements(parts: readonly Part[]): Part[] {
  // Groups: a run of removed/added parts, or one unchanged part.
  const groups: Array<{ removed: string; added: string; same?: string }> = []
  for (const part of parts) {
    const last = groups[groups.length - 1]
    if (!part.added && !part.removed) groups.push({ removed: '', added: '', same: part.value })
    else if (last && last.same === undefined) part.added ? (last.added += part.value) : (last.removed += part.value)
    else groups.push({ removed: part.removed ? part.value : '', added: part.added ? part.value : '' })
  }
  const replaces = (g: (typeof groups)[number] | undefined) => g !== undefined && g.same === undefined && g.removed !== '' && g.added !== ''
  const merged: typeof groups = []
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!
    const previous = merged[merged.length - 1]
    if (group.same !== undefined && /^\s+$/.test(group.same) && replaces(previous) && replaces(groups[i + 1])) {
      const next = groups[++i]!
      previous!.removed += group.same + next.removed
      previous!.added += group.same + next.added
      continue
    }
    merged.push({ ...group })
  }
  return merged.flatMap((g) => (g.same !== undefined ? [{ value: g.same }] : [...(g.removed ? [{ value: g.removed, removed: true }] : []), ...(g.added ? [{ value: g.added, added: true }] : [])]))
}

/** Words (letters, digits, atoms) in a run, at least one. */
function countWords(value: string): number {
  return Math.max(1, (value.match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []).length)
}

/**
 * Mark `changes` on the block of `after`: inserted runs wrapped in `<ins>` (inside whatever
 * inline element holds them), deleted runs (text taken from `before`) as `<del>` where they
 * stood. Mutates the block's tree.
 */
export function applyChanges(after: Flat, before: Flat | undefined, changes: Change[]): void {
  const inserts = changes.filter((c) => c.kind === 'insert').map((c) => [c.at, c.at + c.length] as const)
  const deletes = changes.filter((c) => c.kind === 'delete').map((c) => ({ at: c.at, nodes: before ? slice(before, c.from, c.from + c.length) : [] }))
  const inserted = (position: number) => inserts.some(([start, end]) => position >= start && position < end)
  const last = after.segments[after.segments.length - 1]
  if (!last) {
    for (const { nodes } of deletes) after.block.children.push(del(nodes))
    return
  }
  // A deletion goes to the segment at its position, or the next one (past a gap), or after the last.
  const owners = new Map<Segment, Array<{ at: number; nodes: ElementContent[] }>>()
  for (const d of deletes) {
    const owner = after.segments.find((segment) => segment.end > d.at) ?? last
    const at = d.at < owner.start ? owner.start : d.at >= owner.end ? owner.end : d.at
    owners.set(owner, [...(owners.get(owner) ?? []), { at, nodes: d.nodes }])
  }
  for (const segment of after.segments) {
    const own = owners.get(segment) ?? []
    const out: ElementContent[] = []
    if (segment.kind === 'atom') {
      for (const d of own) if (d.at === segment.start) out.push(del(d.nodes))
      out.push(inserted(segment.start) ? h('ins', [segment.node as Element]) : (segment.node as Element))
      for (const d of own) if (d.at !== segment.start) out.push(del(d.nodes))
    } else {
      const value = (segment.node as Text).value
      const cuts = new Set<number>([segment.start, segment.end])
      for (const [start, end] of inserts) {
        if (start > segment.start && start < segment.end) cuts.add(start)
        if (end > segment.start && end < segment.end) cuts.add(end)
      }
      for (const d of own) if (d.at < segment.end) cuts.add(d.at)
      const points = [...cuts].sort((a, b) => a - b)
      for (let i = 0; i < points.length - 1; i++) {
        const [a, b] = [points[i]!, points[i + 1]!]
        for (const d of own) if (d.at === a) out.push(del(d.nodes))
        const piece: Text = { type: 'text', value: value.slice(a - segment.start, b - segment.start) }
        out.push(inserted(a) ? h('ins', [piece]) : piece)
      }
      for (const d of own) if (d.at >= segment.end) out.push(del(d.nodes))
    }
    if (out.length === 1 && out[0] === segment.node) continue
    const index = segment.parent.children.indexOf(segment.node as never)
    segment.parent.children.splice(index, 1, ...(out as never[]))
  }
}

/** Wrap every text of `block` in `<ins>` (or `<del>`): a block inserted or deleted whole. */
export function markAll(block: Element, tag: 'ins' | 'del', atoms: AtomTable): number {
  const flat = flatten(block, atoms)
  if (flat.segments.length === 0) return 0
  for (const segment of flat.segments) {
    const index = segment.parent.children.indexOf(segment.node as never)
    segment.parent.children.splice(index, 1, h(tag, [segment.node as ElementContent]))
  }
  return countWords(flat.text)
}

/** The old text between two positions, as nodes for a `<del>` (atoms as inert copies). */
function slice(flat: Flat, start: number, end: number): ElementContent[] {
  const nodes: ElementContent[] = []
  let previous: Segment | undefined
  for (const segment of flat.segments) {
    if (segment.end <= start || segment.start >= end) continue
    // Text of two cells or items: keep a space between them.
    if (previous && previous.end < segment.start) nodes.push({ type: 'text', value: ' ' })
    previous = segment
    if (segment.kind === 'atom') nodes.push(inert(segment.node as Element))
    else nodes.push({ type: 'text', value: (segment.node as Text).value.slice(Math.max(start, segment.start) - segment.start, Math.min(end, segment.end) - segment.start) })
  }
  return nodes
}

function del(nodes: ElementContent[]): Element {
  return h('del', nodes)
}

/**
 * A copy of earlier content that cannot clash with the current document: no ids, no source
 * lines, links turned into spans (a deleted reference must not count as a reference, nor a deleted footnote
 * call pull a footnote onto its page), paragraph numbers dropped.
 */
export function inert<T extends Element>(node: T): T {
  const copy = structuredClone(node)
  const strip = (element: Element) => {
    delete element.properties.id
    delete element.properties.dataPara
    delete element.properties.dataLine // a line of the earlier source, not of the current one
    if (element.tagName === 'a') {
      element.tagName = 'span'
      // A deleted footnote call remembers its note: shown too when the note is gone (linkDeletedNotes).
      if (String(element.properties.href ?? '').startsWith('#fn-')) element.properties.dataDeletedNote = String(element.properties.href).slice(1)
      delete element.properties.href
      delete element.properties.role
    }
    if (element.tagName === 'sup' && classList(element).includes('fnref')) element.properties.className = ['fnref-deleted']
    if (element.tagName === 'aside') element.tagName = 'div'
    element.children = element.children.filter((child) => !(child.type === 'element' && classList(child).includes('para-num')))
    for (const child of element.children) if (child.type === 'element') strip(child)
  }
  strip(copy)
  return copy
}

/** Text used to match blocks: words only, lower case, atoms kept. */
export function words(flat: Flat): string[] {
  return flat.text.toLowerCase().match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []
}

/** Dice coefficient of two bags of words (1 for two empty bags). */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1
  if (a.length === 0 || b.length === 0) return 0
  const counts = new Map<string, number>()
  for (const word of a) counts.set(word, (counts.get(word) ?? 0) + 1)
  let common = 0
  for (const word of b) {
    const n = counts.get(word) ?? 0
    if (n > 0) {
      common++
      counts.set(word, n - 1)
    }
  }
  return (2 * common) / (a.length + b.length)
}

export { toString as blockText }
