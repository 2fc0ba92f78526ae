// mammoth's HTML to Markdown in the press's syntax, through hast and mdast (hast-util-from-html,
// hast-util-to-mdast, mdast-util-to-markdown with the GFM table, footnote and strikethrough
// extensions). The transforms between parsing and writing are the glue no library has: they
// know the press's conventions (`Table: Caption {#id}`, figures as a lone image with `{#id}`,
// references `[](#id)`, no hand numbering) and mammoth's HTML (note ids, bookmark anchors).
import type { Element, ElementContent, Root, RootContent, Text } from 'hast'
import type { FootnoteDefinition, Nodes as MdastNodes, PhrasingContent, Root as MdastRoot, BlockContent, DefinitionContent } from 'mdast'
import { fromHtml } from 'hast-util-from-html'
import { toMdast, type Handle, type State } from 'hast-util-to-mdast'
import { toString as hastToString } from 'hast-util-to-string'
import { toMarkdown } from 'mdast-util-to-markdown'
import { gfmTableToMarkdown } from 'mdast-util-gfm-table'
import { gfmFootnoteToMarkdown } from 'mdast-util-gfm-footnote'
import { gfmStrikethroughToMarkdown } from 'mdast-util-gfm-strikethrough'
import { slug } from 'github-slugger'
import { afterFigureLabel, afterTableLabel, labelLength } from './captions.js'
import { headingNumberLength, paragraphNumberLength } from './numbers.js'

/** Options of {@link htmlToMarkdown}. */
export interface MarkdownOptions {
  /** The prefix mammoth was given for note and bookmark ids. */
  idPrefix: string
  /** Ids used anywhere in the project: generated ids avoid them (and are added). */
  takenIds: Set<string>
  /** An internal link whose target the contribution cannot carry: its text is kept. */
  onDroppedLink: (anchor: string, text: string) => void
  /** A link with a URL the press does not allow (file:, a relative path...): its text is kept. */
  onDroppedUrl: (url: string, text: string) => void
}

/** What was written, for the summary line. */
export interface MarkdownCounts {
  headings: number
  tables: number
  figures: number
  footnotes: number
  references: number
  links: number
}

/** Markdown of a contribution's body (no front matter), and what it holds. */
export interface MarkdownResult {
  markdown: string
  counts: MarkdownCounts
}

const blockTags = new Set(['p', 'ul', 'ol', 'table', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'])
const allowedSchemes = /^(?:https?:|mailto:)/i

/**
 * Turn mammoth's HTML into the Markdown of a contribution. Headings start at `#` (the
 * shallowest Word level used), hand numbers go, captions become `Table: ... {#tab-...}` before
 * their table or the alt text of their figure (`{#fig-...}`), Word cross-references to a caption,
 * heading or paragraph become `[](#id)`, notes become GFM footnotes `[^n]` numbered in order.
 */
export function htmlToMarkdown(html: string, options: MarkdownOptions): MarkdownResult {
  const root = fromHtml(html, { fragment: true })
  const counts: MarkdownCounts = { headings: 0, tables: 0, figures: 0, footnotes: 0, references: 0, links: 0 }
  const notes = takeNotes(root, options.idPrefix)
  const bookmarks = takeBookmarks(root, options.idPrefix)
  const targets = linkTargets(root, options.idPrefix)
  const ids = new Ids(options.takenIds)
  const blockIds = new Map<Element, string>()

  normaliseHeadings(root, (heading) => {
    counts.headings++
    if ([...bookmarks].some(([name, block]) => block === heading && targets.has(name))) {
      const id = ids.make(hastToString(heading), '')
      blockIds.set(heading, id)
      heading.children.push({ type: 'text', value: ` {#${id}}` })
    }
  })
  const generated = captionTablesAndFigures(root, ids, blockIds, counts)
  stripParagraphNumbers(root, generated)
  // Paragraphs that a cross-reference points at get an id (`[](#id)` prints "paragraph N").
  for (const [name, block] of bookmarks) {
    if (!targets.has(name) || blockIds.has(block) || block.tagName !== 'p' || !root.children.includes(block)) continue
    const id = ids.make(hastToString(block).split(/\s+/).slice(0, 5).join(' '), 'para-')
    blockIds.set(block, id)
    block.children.push({ type: 'text', value: ` {#${id}}` })
  }
  rewriteLinks(root, options, bookmarks, blockIds, counts)
  for (const table of elements(root, 'table')) prepareTable(table)
  removeEmpty(root)

  const labels = new Map<string, string>()
  const handlers: Record<string, Handle> = {
    'fn-ref': (_state, node) => {
      const note = String(node.properties['dataNote'])
      let label = labels.get(note)
      if (!label) {
        label = String(labels.size + 1)
        labels.set(note, label)
      }
      return { type: 'footnoteReference', identifier: label, label }
    },
    'md-br': () => ({ type: 'html', value: '<br>' }),
    'xref-label': (_state, node) => ({ type: 'link', url: String(node.properties['href']), children: [] }),
    sup: (state, node) => wrapHtml(state, node, 'sup'),
    sub: (state, node) => wrapHtml(state, node, 'sub')
  }
  const tree = toMdast(root, { handlers }) as MdastRoot
  tighten(tree)
  const definitions: FootnoteDefinition[] = []
  // Notes are converted in the order of their first call; a note citing another adds to the end.
  for (let index = 0; index < labels.size; index++) {
    const [note, label] = [...labels][index]!
    const body = notes.get(note) ?? []
    const converted = toMdast({ type: 'root', children: body }, { handlers }) as MdastRoot
    tighten(converted)
    definitions.push({ type: 'footnoteDefinition', identifier: label, label, children: converted.children as Array<BlockContent | DefinitionContent> })
  }
  counts.footnotes = definitions.length
  tree.children.push(...definitions)
  const markdown = toMarkdown(tree, {
    extensions: [gfmTableToMarkdown(), gfmFootnoteToMarkdown(), gfmStrikethroughToMarkdown()],
    bullet: '-',
    emphasis: '*',
    strong: '*',
    listItemIndent: 'one',
    rule: '-',
    fences: true
  })
  return { markdown, counts }
}

/** Unique ids from text: `prefix` + slug of the first words, `-2`, `-3` on a clash. */
class Ids {
  constructor(private readonly taken: Set<string>) {}

  make(text: string, prefix: string): string {
    const words = slug(text).split('-').filter(Boolean).slice(0, 6).join('-') || 'item'
    let id = `${prefix}${words}`.replace(/^-+/, '')
    for (let n = 2; this.taken.has(id); n++) id = `${prefix}${words}-${n}`
    this.taken.add(id)
    return id
  }
}

function isElement(node: RootContent | ElementContent | undefined, tag?: string): node is Element {
  return !!node && node.type === 'element' && (tag === undefined || node.tagName === tag)
}

/** Every element named `tag` below `parent`, in document order. */
function elements(parent: Root | Element, tag: string): Element[] {
  const out: Element[] = []
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (!isElement(child)) continue
      if (child.tagName === tag) out.push(child)
      walk(child)
    }
  }
  walk(parent)
  return out
}

function classes(element: Element): string[] {
  const value = element.properties['className']
  return Array.isArray(value) ? value.map(String) : []
}

/**
 * mammoth writes the notes as a last `<ol>` of `<li id="PREFIXfootnote-N">`, each ending with a
 * back link, and calls as `<sup><a href="#PREFIXfootnote-N">[1]</a></sup>`. The list is taken
 * out (note id -> its content) and each call becomes an `fn-ref` element.
 */
function takeNotes(root: Root, prefix: string): Map<string, ElementContent[]> {
  const noteId = new RegExp(`^${prefix}((?:foot|end)note-[-\\d]+)$`)
  const notes = new Map<string, ElementContent[]>()
  root.children = root.children.filter((child) => {
    if (!isElement(child, 'ol')) return true
    const items = child.children.filter((c): c is Element => isElement(c))
    if (items.length === 0 || !items.every((li) => li.tagName === 'li' && noteId.test(String(li.properties['id'] ?? '')))) return true
    for (const li of items) {
      const key = noteId.exec(String(li.properties['id']))![1]!
      notes.set(key, withoutBackLinks(li.children, prefix))
    }
    return false
  })
  const call = new RegExp(`^#${prefix}((?:foot|end)note-[-\\d]+)$`)
  const replace = (parent: Root | Element) => {
    parent.children = parent.children.map((child) => {
      if (!isElement(child)) return child
      if (child.tagName === 'sup') {
        const links = child.children.filter((c): c is Element => isElement(c))
        const match = links.length === 1 && links[0]!.tagName === 'a' ? call.exec(String(links[0]!.properties['href'] ?? '')) : null
        if (match) return { type: 'element', tagName: 'fn-ref', properties: { dataNote: match[1] }, children: [] }
      }
      replace(child)
      return child
    }) as typeof parent.children
  }
  replace(root)
  for (const body of notes.values()) for (const node of body) if (isElement(node)) replace(node)
  return notes
}

function withoutBackLinks(children: ElementContent[], prefix: string): ElementContent[] {
  const back = new RegExp(`^#${prefix}(?:foot|end)note-ref-`)
  const clean = (nodes: ElementContent[]): ElementContent[] =>
    nodes
      .filter((node) => !(isElement(node, 'a') && back.test(String(node.properties['href'] ?? ''))))
      .map((node) => (isElement(node) ? { ...node, children: clean(node.children) } : node))
  const cleaned = clean(children)
  // The back link was preceded by a space in the last paragraph.
  const last = [...cleaned].reverse().find((node) => isElement(node))
  if (last && isElement(last)) {
    const tail = last.children.at(-1)
    if (tail?.type === 'text') tail.value = tail.value.replace(/\s+$/, '')
  }
  return cleaned
}

/** Bookmark anchors (`<a id>` with no href) are removed; name -> the top-level block holding it. */
function takeBookmarks(root: Root, prefix: string): Map<string, Element> {
  const bookmarks = new Map<string, Element>()
  for (const block of root.children) {
    if (!isElement(block)) continue
    const visit = (parent: Element) => {
      parent.children = parent.children.filter((child) => {
        if (!isElement(child)) return true
        if (child.tagName === 'a' && child.properties['href'] === undefined) {
          const id = String(child.properties['id'] ?? '')
          if (id.startsWith(prefix)) bookmarks.set(id.slice(prefix.length), block)
          // Bookmarks are empty in mammoth's HTML; keep anything that is not.
          return child.children.some((c) => c.type !== 'text' || c.value.trim() !== '')
        }
        visit(child)
        return true
      })
    }
    visit(block)
  }
  return bookmarks
}

/** Names of the bookmarks that internal links point at. */
function linkTargets(root: Root, prefix: string): Set<string> {
  const targets = new Set<string>()
  for (const a of elements(root, 'a')) {
    const href = String(a.properties['href'] ?? '')
    if (href.startsWith(`#${prefix}`)) targets.add(href.slice(prefix.length + 1))
  }
  return targets
}

/** Headings from `#`, shallowest level first; their hand numbers removed. */
function normaliseHeadings(root: Root, each: (heading: Element) => void): void {
  const headings = root.children.filter((c): c is Element => isElement(c) && /^h[1-6]$/.test(c.tagName))
  if (headings.length === 0) return
  const shallowest = Math.min(...headings.map((h) => Number(h.tagName[1])))
  for (const heading of headings) {
    heading.tagName = `h${Number(heading.tagName[1]) - shallowest + 1}`
    trimStart(heading, headingNumberLength)
    each(heading)
  }
}

/**
 * Remove the first `measure(text)` characters of an element's text (a hand number), looking
 * through leading inline wrappers and across text nodes (`<strong>1.</strong> Text`).
 */
function trimStart(element: Element, measure: (text: string) => number): boolean {
  const leading = leadingTexts(element)
  let length = measure(leading.map((t) => t.value).join(''))
  if (length === 0) return false
  for (const text of leading) {
    const taken = Math.min(length, text.value.length)
    text.value = text.value.slice(taken)
    length -= taken
    if (length === 0) break
  }
  return true
}

/** The text nodes at the start of an element, in order, up to the first image or enough text. */
function leadingTexts(element: Element): Text[] {
  const out: Text[] = []
  let size = 0
  const walk = (node: Element): boolean => {
    for (const child of node.children) {
      if (size > 24) return false
      if (child.type === 'text') {
        out.push(child)
        size += child.value.length
      } else if (isElement(child)) {
        if (child.tagName === 'img' || child.tagName === 'fn-ref' || child.tagName === 'br') return false
        if (!walk(child)) return false
      }
    }
    return true
  }
  walk(element)
  return out
}

/**
 * Top-level tables and lone images with their caption paragraphs (Word's Caption style, or text
 * starting "Table 1:" / "Figure 2 -", before or after): a `Table: Caption {#tab-...}` paragraph
 * before the table, the caption as the figure's alt text with `{#fig-...}`. Returns the
 * paragraphs made here (not to be treated as body text).
 */
function captionTablesAndFigures(root: Root, ids: Ids, blockIds: Map<Element, string>, counts: MarkdownCounts): Set<Element> {
  const generated = new Set<Element>()
  const consumed = new Set<Element>()
  const blocks = () => root.children.filter((c): c is Element => isElement(c))
  const neighbours = (block: Element) => {
    const list = blocks()
    const index = list.indexOf(block)
    return { before: list[index - 1], after: list[index + 1] }
  }
  const isCaption = (p: Element | undefined, kind: 'table' | 'figure'): p is Element => {
    if (!p || p.tagName !== 'p' || consumed.has(p) || generated.has(p) || isLoneImage(p)) return false
    const text = hastToString(p)
    const asTable = afterTableLabel(text) !== undefined
    const asFigure = afterFigureLabel(text) !== undefined
    if (kind === 'table') return asTable || (classes(p).includes('caption') && !asFigure)
    return asFigure || (classes(p).includes('caption') && !asTable)
  }
  for (const block of blocks()) {
    if (block.tagName === 'table') {
      counts.tables++
      const { before, after } = neighbours(block)
      const caption = isCaption(before, 'table') ? before : isCaption(after, 'table') ? after : undefined
      if (!caption) continue
      consumed.add(caption)
      trimStart(caption, (text) => labelLength(text, 'table'))
      const text = hastToString(caption).trim()
      const id = ids.make(text || 'table', 'tab-')
      blockIds.set(block, id)
      const paragraph: Element = { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Table: ' }, ...trimEdges(caption.children), { type: 'text', value: ` {#${id}}` }] }
      generated.add(paragraph)
      root.children.splice(root.children.indexOf(caption), 1)
      root.children.splice(root.children.indexOf(block), 0, paragraph)
      // A cross-reference to the caption's bookmark is a reference to the table.
      blockIds.set(caption, id)
    } else if (block.tagName === 'p' && isLoneImage(block)) {
      const image = elements(block, 'img')[0]!
      const { before, after } = neighbours(block)
      const caption = isCaption(after, 'figure') ? after : isCaption(before, 'figure') ? before : undefined
      let text: string
      if (caption) {
        consumed.add(caption)
        trimStart(caption, (t) => labelLength(t, 'figure'))
        text = hastToString(caption).replace(/\s+/g, ' ').trim()
        root.children.splice(root.children.indexOf(caption), 1)
      } else {
        // Word's generated alt text ends with this line; it is not a caption.
        text = String(image.properties['alt'] ?? '').replace(/\s*Description automatically generated\.?\s*$/i, '').replace(/\s+/g, ' ').trim()
      }
      if (!text) continue
      counts.figures++
      const id = ids.make(text, 'fig-')
      image.properties['alt'] = text
      block.children = [image, { type: 'text', value: `\n{#${id}}` }]
      blockIds.set(block, id)
      if (caption) blockIds.set(caption, id)
      generated.add(block)
    }
  }
  // Caption paragraphs next to nothing they could caption stay as text.
  return generated
}

function isLoneImage(p: Element): boolean {
  const significant = p.children.filter((c) => !(c.type === 'text' && c.value.trim() === '') && !isElement(c, 'br'))
  return significant.length === 1 && isElement(significant[0], 'img')
}

function trimEdges(children: ElementContent[]): ElementContent[] {
  const copy = children.map((c) => ({ ...c })) as ElementContent[]
  const first = copy[0]
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '')
  const last = copy.at(-1)
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '')
  return copy
}

/** Hand numbers off top-level paragraphs and paragraphs in quotes. */
function stripParagraphNumbers(root: Root, generated: Set<Element>): void {
  for (const block of root.children) {
    if (!isElement(block)) continue
    if (block.tagName === 'p' && !generated.has(block)) trimStart(block, paragraphNumberLength)
    if (block.tagName === 'blockquote') for (const p of elements(block, 'p')) trimStart(p, paragraphNumberLength)
  }
}

/**
 * Internal links to a bookmark the contribution carries become references: `[](#id)` when their
 * text is a label Word generated ("Table 1", "Figure 2", "Section 3"), which the press prints
 * with the right number; `[their words](#id)` otherwise. Links it cannot carry, and URLs the press
 * refuses, keep their text only.
 */
function rewriteLinks(root: Root, options: MarkdownOptions, bookmarks: Map<string, Element>, blockIds: Map<Element, string>, counts: MarkdownCounts): void {
  const visit = (parent: Root | Element) => {
    const out: Array<RootContent | ElementContent> = []
    for (const child of parent.children) {
      if (!isElement(child)) {
        out.push(child)
        continue
      }
      visit(child)
      if (child.tagName !== 'a') {
        out.push(child)
        continue
      }
      const href = String(child.properties['href'] ?? '')
      const text = hastToString(child)
      if (href.startsWith(`#${options.idPrefix}`)) {
        const name = href.slice(options.idPrefix.length + 1)
        const block = bookmarks.get(name)
        const id = block ? blockIds.get(block) : undefined
        if (id) {
          counts.references++
          child.properties = { href: `#${id}` }
          // Emptied only in mdast: an empty element here would let the white space after it collapse.
          if (isLabel(text)) child.tagName = 'xref-label'
          out.push(child)
          continue
        }
        options.onDroppedLink(name, text)
        out.push(...child.children)
        continue
      }
      if (allowedSchemes.test(href)) {
        counts.links++
        child.properties = { href }
        out.push(child)
        continue
      }
      if (href) options.onDroppedUrl(href, text)
      out.push(...child.children)
    }
    parent.children = out as typeof parent.children
  }
  visit(root)
}

/** Whether a cross-reference's text is a generated label (the press prints its own). */
function isLabel(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim()
  return afterTableLabel(t)?.trim() === '' || afterFigureLabel(t)?.trim() === '' || /^(?:section|chapter|annex|paragraph|para\.|§)\s*[\dA-Za-z]+(?:[.-][\dA-Za-z]+)*\.?$/i.test(t) || /^\d+(?:\.\d+)*\.?$/.test(t)
}

/**
 * A table as GFM can hold it: a header row (the first row when Word marked none: hast-util-to-mdast
 * would add an empty one), header cells without the bold Word puts in them, and each cell on one
 * line: several paragraphs or a list joined with `<br>` (the losses scan reports it).
 */
function prepareTable(table: Element): void {
  const rows = elements(table, 'tr')
  const hasHeader = elements(table, 'thead').length > 0 || elements(table, 'th').length > 0
  if (!hasHeader && rows[0]) {
    for (const cell of rows[0].children) if (isElement(cell, 'td')) cell.tagName = 'th'
  }
  for (const cell of [...elements(table, 'td'), ...elements(table, 'th')]) {
    cell.children = flattenCell(cell.children)
    if (cell.tagName === 'th') cell.children = unbold(cell.children)
  }
}

function flattenCell(children: ElementContent[]): ElementContent[] {
  const blocks = children.filter((c) => isElement(c) && blockTags.has(c.tagName)) as Element[]
  if (blocks.length === 0) return children
  const lines: ElementContent[][] = []
  const addList = (list: Element, depth: number) => {
    let n = 0
    for (const li of list.children) {
      if (!isElement(li, 'li')) continue
      n++
      const marker = list.tagName === 'ol' ? `${n}. ` : '• '
      const inline = li.children.filter((c) => !(isElement(c) && (c.tagName === 'ul' || c.tagName === 'ol')))
      lines.push([{ type: 'text', value: `${'\u00a0'.repeat(depth * 2)}${marker}` }, ...inlineOf(inline)])
      for (const nested of li.children) if (isElement(nested) && (nested.tagName === 'ul' || nested.tagName === 'ol')) addList(nested, depth + 1)
    }
  }
  for (const block of blocks) {
    if (block.tagName === 'ul' || block.tagName === 'ol') addList(block, 0)
    else if (block.tagName === 'table') lines.push([{ type: 'text', value: hastToString(block).replace(/\s+/g, ' ').trim() }])
    else lines.push(inlineOf(block.children))
  }
  const out: ElementContent[] = []
  lines.forEach((line, index) => {
    if (index > 0) out.push({ type: 'element', tagName: 'md-br', properties: {}, children: [] })
    out.push(...line)
  })
  return out
}

/** Inline content of blocks (paragraphs inside list items), blocks joined by a space. */
function inlineOf(nodes: ElementContent[]): ElementContent[] {
  const out: ElementContent[] = []
  for (const node of nodes) {
    if (isElement(node) && blockTags.has(node.tagName)) {
      if (out.length > 0) out.push({ type: 'text', value: ' ' })
      out.push(...inlineOf(node.children))
    } else {
      out.push(node)
    }
  }
  return out
}

function unbold(children: ElementContent[]): ElementContent[] {
  const significant = children.filter((c) => !(c.type === 'text' && c.value.trim() === ''))
  if (significant.length === 1 && isElement(significant[0]) && (significant[0].tagName === 'strong' || significant[0].tagName === 'b')) return significant[0].children
  return children
}

/** Paragraphs and list items left empty (a number alone, a removed image) go. */
function removeEmpty(root: Root): void {
  for (const img of elements(root, 'img')) if (!img.properties['src']) img.tagName = 'span'
  const empty = (element: Element) => hastToString(element).trim() === '' && elements(element, 'img').length === 0 && elements(element, 'fn-ref').length === 0
  root.children = root.children.filter((child) => !(isElement(child) && (child.tagName === 'p' || /^h[1-6]$/.test(child.tagName)) && empty(child)))
}

/**
 * Word's lists are tight: an item is one paragraph and its sub-list. hast-util-to-mdast calls an
 * item with a nested list "spread", which would put blank lines between the items.
 */
function tighten(tree: MdastRoot): void {
  const walk = (node: MdastNodes) => {
    if (node.type === 'list') node.spread = false
    if (node.type === 'listItem') node.spread = node.children.filter((child) => child.type === 'paragraph').length > 1
    if ('children' in node) for (const child of node.children) walk(child as MdastNodes)
  }
  walk(tree)
}

/** `<sup>`/`<sub>` as raw HTML around their content (the press's sanitizer keeps both). */
function wrapHtml(state: State, node: Element, tag: string): MdastNodes[] {
  const inner = state.all(node) as PhrasingContent[]
  return [{ type: 'html', value: `<${tag}>` }, ...inner, { type: 'html', value: `</${tag}>` }]
}
