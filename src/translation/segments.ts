import type { Nodes, Parent, PhrasingContent, Root, RootContent, Table } from 'mdast'
import { toString } from 'mdast-util-to-string'

/**
 * The translatable pieces of a Markdown contribution, and their inline markup as codes.
 *
 * A leaf is a block whose text a translator translates: a heading, a paragraph (also inside a
 * list item, a quote or a footnote), a table cell, a table caption, a figure's caption (its
 * image's alt text). Its content is a small tree of text and codes: a paired code (`pc`) for
 * markup around translatable text (emphasis, strong, strike-through, a link with text), a
 * placeholder (`ph`) for markup with nothing to translate inside (a reference `[](#id)`, a
 * footnote call, inline code, an image, raw HTML, a hard line break). A code carries the
 * Markdown it stands for, exactly as written, so that writing a translation back puts the
 * markup back byte for byte.
 */

/** What kind of markup a code stands for. */
export type CodeKind = 'emphasis' | 'strong' | 'delete' | 'link' | 'xref' | 'footnote' | 'code' | 'image' | 'html' | 'break' | 'other'

/** The Markdown behind one inline code. */
export interface Code {
  kind: CodeKind
  /** A placeholder's Markdown, or a paired code's opening Markdown (`*`, `[`). */
  start: string
  /** A paired code's closing Markdown (`*`, `](https://...)`). */
  end?: string
  /** What identifies the code when a translation is matched to its source: the kind, and the URL, id, label or code. */
  key: string
  /** What a CAT tool shows for it. */
  disp: string
}

export type Inline = TextPart | Placeholder | PairedCode
export interface TextPart {
  type: 'text'
  value: string
}
export interface Placeholder {
  type: 'ph'
  /** Numbered 1, 2, ... in the order of the source's codes; a translation's codes take their source's ids. */
  id: string
  code: Code
}
export interface PairedCode {
  type: 'pc'
  id: string
  code: Code
  children: Inline[]
}

/** What a leaf is, in words a translator reads ("paragraph", "list item", "table cell"). */
export type LeafKind = 'heading' | 'paragraph' | 'list item' | 'quote' | 'footnote' | 'table cell' | 'table caption' | 'figure caption'

/** One translatable block of a Markdown file. */
export interface Leaf {
  kind: LeafKind
  /** Where it is: indices of containers from the root (a table's caption is index -1 under its table). */
  path: number[]
  /** The block node (for a caption: the table or the figure's paragraph). */
  node: Nodes
  /** The root block it belongs to (numbered paragraphs are root paragraphs). */
  root: RootContent
  /** Text and codes, white space of line breaks made single spaces. */
  content: Inline[]
  /** Offsets in the file of the text a translation replaces (content only: no `#`, no `{#id}`, no list marker). */
  span: [number, number]
  /** Line of the block in the file. */
  line: number
  /** The `{#id}` of the block (root headings, paragraphs, captioned tables, figures). */
  id?: string
  /** The label of the footnote it is part of. */
  footnote?: string
  /** Plain text (for notes and for stable ids). */
  text: string
  /** Whether `content` must be written as plain text (a figure's alt text: no markup). */
  plain?: boolean
}

const trailingId = /[ \t]*\{#([^{}\n]*)\}[ \t]*$/

/**
 * The leaves of a pass-1 tree of `text` (the file the tree was parsed from), in document order,
 * with their codes numbered per leaf. Code blocks, raw HTML blocks, rules and definitions hold
 * nothing to translate and give no leaf; an empty block (an empty table cell) gives none.
 */
export function leavesOf(tree: Root, text: string): Leaf[] {
  const leaves: Leaf[] = []
  const children = blockChildren(tree)
  children.forEach((node, index) => walk(node, [index], node as RootContent, leaves, text, undefined, undefined))
  return leaves
}

/** The children the leaf walk descends into, the same in every tree (a translation's and its source's). */
export function blockChildren(node: Nodes): Nodes[] {
  if (node.type === 'root') return node.children.filter((child) => child.type !== 'yaml' && child.type !== 'definition')
  return 'children' in node ? (node.children as Nodes[]) : []
}

function walk(node: Nodes, path: number[], root: RootContent, out: Leaf[], text: string, container: LeafKind | undefined, footnote: string | undefined): void {
  const line = node.position?.start.line ?? 1
  switch (node.type) {
    case 'heading':
    case 'paragraph': {
      const id = path.length === 1 ? (node.data as { id?: string } | undefined)?.id : undefined
      if (node.type === 'paragraph' && node.data?.figure) {
        const image = node.data.figure
        const span = altSpan(image, text)
        if (span && image.alt) out.push({ kind: 'figure caption', path: [...path, -1], node, root, content: [{ type: 'text', value: normalize(image.alt) }], span, line, id, text: normalize(image.alt), plain: true })
        return
      }
      const kind: LeafKind = node.type === 'heading' ? 'heading' : (container ?? 'paragraph')
      const leaf = phrasingLeaf(node.children, text, { kind, path, node, root, line, id, footnote, hasId: Boolean(id) || takesTrailingId(node, path) })
      if (leaf) out.push(leaf)
      return
    }
    case 'table': {
      const table = node as Table
      if (table.data?.caption) {
        const leaf = phrasingLeaf(table.data.caption, text, { kind: 'table caption', path: [...path, -1], node, root, line: table.data.caption[0]?.position?.start.line ?? line, id: table.data.id, footnote, hasId: true, caption: true })
        if (leaf) out.push(leaf)
      }
      table.children.forEach((row, r) =>
        row.children.forEach((cell, c) => {
          const leaf = phrasingLeaf(cell.children, text, { kind: 'table cell', path: [...path, r, c], node: cell, root, line: cell.position?.start.line ?? line, footnote, hasId: false })
          if (leaf) out.push(leaf)
        })
      )
      return
    }
    case 'list':
    case 'listItem':
      blockChildren(node).forEach((child, index) => walk(child, [...path, index], root, out, text, 'list item', footnote))
      return
    case 'blockquote':
      blockChildren(node).forEach((child, index) => walk(child, [...path, index], root, out, text, container ?? 'quote', footnote))
      return
    case 'footnoteDefinition':
      blockChildren(node).forEach((child, index) => walk(child, [...path, index], root, out, text, 'footnote', node.label ?? node.identifier))
      return
    default:
      return
  }
}

// remark-attributes reads `{#id}` only on root blocks; elsewhere the text keeps it (and a
// diagnostic says so), so it stays part of the text to translate.
function takesTrailingId(_node: Nodes, path: number[]): boolean {
  return path.length === 1
}

interface LeafPlace {
  kind: LeafKind
  path: number[]
  node: Nodes
  root: RootContent
  line: number
  id?: string
  footnote?: string
  /** Whether a trailing `{#id}` may follow the content in the file (root headings and paragraphs, captions). */
  hasId: boolean
  caption?: boolean
}

function phrasingLeaf(children: readonly PhrasingContent[], text: string, place: LeafPlace): Leaf | undefined {
  const first = children[0]
  const last = children[children.length - 1]
  const startOffset = first?.position?.start.offset
  const endOffset = last?.position?.end.offset
  if (!first || !last || startOffset === undefined || endOffset === undefined) return undefined
  let start = startOffset
  let end = endOffset
  if (place.caption && first.type === 'text') {
    const prefix = /^Table:[ \t]*/.exec(text.slice(start, end))
    if (prefix) start += prefix[0].length
  }
  if (place.hasId) {
    const match = trailingId.exec(text.slice(start, end))
    if (match) end = start + match.index
  }
  const counter = { next: 1 }
  const content = trimEnds(inlines(children, text, counter))
  const plain = plainText(content)
  if (plain.trim() === '' && !content.some((part) => part.type !== 'text')) return undefined
  return { kind: place.kind, path: place.path, node: place.node, root: place.root, content, span: [start, end], line: place.line, id: place.id, footnote: place.footnote, text: plain }
}

/**
 * Text and codes of phrasing content. Codes are numbered in order (`counter`), paired codes
 * before their content. Text is the decoded text (escapes and character references resolved);
 * a soft line break is a space.
 */
export function inlines(children: readonly PhrasingContent[], text: string, counter: { next: number }): Inline[] {
  const out: Inline[] = []
  const push = (part: Inline) => {
    const previous = out[out.length - 1]
    if (part.type === 'text' && previous?.type === 'text') previous.value += part.value
    else out.push(part)
  }
  for (const node of children) {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    const raw = start !== undefined && end !== undefined ? text.slice(start, end) : ''
    if (node.type === 'text') {
      push({ type: 'text', value: normalize(node.value) })
      continue
    }
    if ((node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete' || node.type === 'link' || node.type === 'linkReference') && node.children.length > 0) {
      const first = node.children[0]!.position?.start.offset
      const last = node.children[node.children.length - 1]!.position?.end.offset
      if (start !== undefined && end !== undefined && first !== undefined && last !== undefined) {
        const id = String(counter.next++)
        const open = text.slice(start, first)
        const close = text.slice(last, end)
        const kind: CodeKind = node.type === 'linkReference' ? 'link' : node.type
        const key = node.type === 'link' ? `link ${node.url}` : node.type === 'linkReference' ? `link [${node.identifier}]` : kind
        const disp = node.type === 'link' ? `link ${node.url}` : node.type === 'linkReference' ? `link [${node.identifier}]` : kind
        out.push({ type: 'pc', id, code: { kind, start: open, end: close, key, disp }, children: inlines(node.children, text, counter) })
        continue
      }
    }
    const id = String(counter.next++)
    push({ type: 'ph', id, code: placeholder(node, raw) })
  }
  return out
}

function placeholder(node: PhrasingContent, raw: string): Code {
  switch (node.type) {
    case 'link':
      // A link without text is a reference: the press prints the target's label.
      return node.url.startsWith('#') ? { kind: 'xref', start: raw, key: `xref ${node.url}`, disp: `[→ ${node.url.slice(1)}]` } : { kind: 'link', start: raw, key: `link ${node.url}`, disp: node.url }
    case 'footnoteReference':
      return { kind: 'footnote', start: raw, key: `footnote ${node.identifier}`, disp: `[^${node.label ?? node.identifier}]` }
    case 'inlineCode':
      return { kind: 'code', start: raw, key: `code ${node.value}`, disp: node.value }
    case 'image':
      return { kind: 'image', start: raw, key: `image ${node.url}`, disp: `[image: ${node.alt ?? ''}]` }
    case 'html':
      return { kind: 'html', start: raw, key: `html ${node.value}`, disp: node.value }
    case 'break':
      return { kind: 'break', start: raw, key: 'break', disp: '↵' }
    default:
      return { kind: 'other', start: raw, key: `${node.type} ${raw}`, disp: raw }
  }
}

/** Soft line breaks (and the spaces around them) as one space: a CAT tool shows one line. */
function normalize(value: string): string {
  return value.replace(/[ \t]*\r?\n[ \t]*/g, ' ')
}

function trimEnds(parts: Inline[]): Inline[] {
  const first = parts[0]
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '')
  const last = parts[parts.length - 1]
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '')
  return parts.filter((part) => part.type !== 'text' || part.value !== '')
}

/** The span of a figure's alt text in `text` (between `![` and the `]` that closes it). */
function altSpan(image: { position?: { start: { offset?: number }; end: { offset?: number } } }, text: string): [number, number] | undefined {
  const start = image.position?.start.offset
  const end = image.position?.end.offset
  if (start === undefined || end === undefined || !text.startsWith('![', start)) return undefined
  let depth = 0
  for (let i = start + 2; i < end; i++) {
    const char = text[i]
    if (char === '\\') i++
    else if (char === '[') depth++
    else if (char === ']') {
      if (depth === 0) return [start + 2, i]
      depth--
    }
  }
  return undefined
}

/** The text of a content, without its codes' markup (what a reader reads, codes shown by their `disp` for placeholders). */
export function plainText(parts: readonly Inline[]): string {
  return parts.map((part) => (part.type === 'text' ? part.value : part.type === 'pc' ? plainText(part.children) : part.code.kind === 'break' ? ' ' : part.code.disp)).join('')
}

/**
 * A content as one comparable string: text, and each code as its id and kind (`{1:emphasis}`
 * ... `{/1}`, `{2:xref}`). Two contents are the same translation when their canonical strings
 * are equal.
 */
export function canonical(parts: readonly Inline[]): string {
  return parts.map((part) => (part.type === 'text' ? part.value.replace(/[{}\\]/g, '\\$&') : part.type === 'ph' ? `{${part.id}:${part.code.kind}}` : `{${part.id}:${part.code.kind}}${canonical(part.children)}{/${part.id}}`)).join('')
}

/** Every code of a content, in order (a paired code before what it holds). */
export function codesOf(parts: readonly Inline[]): Array<Placeholder | PairedCode> {
  return parts.flatMap((part) => (part.type === 'text' ? [] : part.type === 'ph' ? [part] : [part, ...codesOf(part.children)]))
}

/**
 * Give the codes of a translation's content the ids of its source's codes: each code takes the
 * id of the first unused source code with the same `key` (kind and URL, id, label or code), else
 * of the first unused one of the same kind (a link to the translated page of a site). Undefined
 * when a code has no counterpart, or a source code none (the markup differs from the source's).
 */
export function matchCodes(translation: readonly Inline[], source: readonly Inline[]): Inline[] | undefined {
  const sourceCodes = codesOf(source)
  const targetCodes = codesOf(translation)
  if (sourceCodes.length !== targetCodes.length) return undefined
  const used = new Set<string>()
  const ids = new Map<Placeholder | PairedCode, string>()
  for (const pass of ['key', 'kind'] as const) {
    for (const code of targetCodes) {
      if (ids.has(code)) continue
      const match = sourceCodes.find((s) => !used.has(s.id) && s.type === code.type && (pass === 'key' ? s.code.key === code.code.key : s.code.kind === code.code.kind))
      if (match) {
        used.add(match.id)
        ids.set(code, match.id)
      }
    }
  }
  if (ids.size !== targetCodes.length) return undefined
  const renumber = (parts: readonly Inline[]): Inline[] => parts.map((part) => (part.type === 'text' ? { ...part } : part.type === 'ph' ? { ...part, id: ids.get(part)! } : { ...part, id: ids.get(part)!, children: renumber(part.children) }))
  return renumber(translation)
}

/** Where the escaped text stands: at the start of its block, in a table cell, or in plain text (alt text). */
export interface MarkdownContext {
  table?: boolean
  plain?: boolean
}

/**
 * Markdown for a content whose codes are the source's (`codes`, by id): codes as the Markdown
 * they stand for, text escaped so that it reads back as the same text (no emphasis, link,
 * list, heading or table syntax made by accident). Spaces just inside a paired formatting code
 * are moved outside it, where Markdown needs them (`*x *` is no emphasis); a letter just
 * outside a delimiter (`a*.b*`, `x**y**z`), which would let it open and close alike (CommonMark's
 * flanking rules) and pair it with the wrong one, is written as a character reference, as
 * mdast-util-to-markdown does for whole documents. What Markdown cannot keep at all (both sides
 * punctuation against nested delimiters) the import finds when it reads the text back.
 */
export function toMarkdown(parts: readonly Inline[], codes: ReadonlyMap<string, Code>, context: MarkdownContext = {}): string {
  const tokens: Token[] = []
  const emit = (list: readonly Inline[]) => {
    for (const part of list) {
      if (part.type === 'text') {
        tokens.push({ kind: 'text', value: escapeText(part.value, context) })
        continue
      }
      const code = codes.get(part.id)!
      if (part.type === 'ph') {
        tokens.push({ kind: 'code', value: code.start })
        continue
      }
      const inner = [...part.children]
      const delimited = /^[*_~]/.test(code.start)
      const lead = delimited && inner[0]?.type === 'text' ? /^\s*/.exec(inner[0].value)![0] : ''
      const tail = delimited && inner[inner.length - 1]?.type === 'text' ? /\s*$/.exec((inner[inner.length - 1] as TextPart).value)![0] : ''
      if (lead) inner[0] = { type: 'text', value: (inner[0] as TextPart).value.slice(lead.length) }
      if (tail) {
        const last = inner[inner.length - 1] as TextPart
        inner[inner.length - 1] = { type: 'text', value: last.value.slice(0, last.value.length - tail.length) }
      }
      if (lead) tokens.push({ kind: 'text', value: escapeText(lead, context) })
      tokens.push({ kind: delimited ? 'open' : 'code', value: code.start })
      emit(inner.filter((p) => p.type !== 'text' || p.value !== ''))
      tokens.push({ kind: delimited ? 'close' : 'code', value: code.end ?? '' })
      if (tail) tokens.push({ kind: 'text', value: escapeText(tail, context) })
    }
  }
  emit(parts)
  const list = tokens.filter((token) => token.value !== '')
  const before = (i: number) => list[i - 1]?.value.slice(-1) ?? ''
  const after = (i: number) => list[i + 1]?.value[0] ?? ''
  for (let i = 0; i < list.length; i++) {
    const token = list[i]!
    // A delimiter against a letter outside it could also close (or open): make it open (close) only.
    if (token.kind === 'open' && isWordChar(before(i)) && list[i - 1]!.kind === 'text') list[i - 1]!.value = encodeLast(list[i - 1]!.value)
    if (token.kind === 'close' && isWordChar(after(i)) && list[i + 1]!.kind === 'text') list[i + 1]!.value = encodeFirst(list[i + 1]!.value)
    // Text ending in `!` before a link's `[` would make an image.
    if (token.value.startsWith('[') && token.kind === 'code' && before(i) === '!' && list[i - 1]!.kind === 'text' && !list[i - 1]!.value.endsWith('\\!')) list[i - 1]!.value = `${list[i - 1]!.value.slice(0, -1)}\\!`
  }
  const markdown = list.map((token) => token.value).join('')
  return context.plain ? markdown : escapeBlockStart(markdown)
}

/** A piece of Markdown being assembled: text (escaped), a code, or a formatting delimiter. */
interface Token {
  kind: 'text' | 'code' | 'open' | 'close'
  value: string
}

const punctuationPattern = /[\p{P}\p{S}]/u

function isPunctuation(char: string): boolean {
  return char !== '' && punctuationPattern.test(char)
}

function isWordChar(char: string): boolean {
  return char !== '' && !/\s/.test(char) && !isPunctuation(char)
}

function encodeLast(value: string): string {
  const char = [...value].pop()!
  return value.slice(0, value.length - char.length) + reference(char)
}

function encodeFirst(value: string): string {
  const char = String.fromCodePoint(value.codePointAt(0)!)
  return reference(char) + value.slice(char.length)
}

function reference(char: string): string {
  return `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`
}

/**
 * Escape what Markdown would read as markup in translated text (by hand: no library escapes a
 * fragment for the middle of a block; mdast-util-to-markdown's `safe` escapes whole documents).
 * Backslash escapes are CommonMark's: any ASCII punctuation may take one.
 */
function escapeText(value: string, context: MarkdownContext): string {
  const text = value.replace(/\s*\r?\n\s*/g, ' ')
  if (context.plain) return text.replace(/[\\[\]]/g, '\\$&')
  return text
    .replace(/[\\`*_[\]<~]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/\|/g, context.table ? '\\|' : '|')
}

// At the start of a block, these would make a heading, a quote, a list or a rule.
function escapeBlockStart(markdown: string): string {
  return markdown.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2')
}

/** The text of a node as the stale check and ids see it (as `toString`, spaces normalised). */
export function nodeText(node: Nodes | Parent): string {
  return toString(node).replace(/\s+/g, ' ').trim()
}
