import type { Root, Nodes, Parent, Html } from 'mdast'
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { report } from '../report/rules.js'

/** Elements that never have an end tag. */
const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])
/** Elements whose end tag HTML lets an author leave out. */
const optionalEnd = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rt', 'rp', 'colgroup', 'caption'])

/** One start or end tag found in raw HTML, with its place in the source. */
export interface Tag {
  name: string
  end: boolean
  selfClosing: boolean
  place: Point | undefined
  /** Offset of the tag's `<` in the node's value. */
  index: number
  /** Length of the tag in the node's value (`<` to `>`). */
  length: number
  /** Value of the tag's `id` attribute, if it has one. */
  id?: string
}

const idPattern = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i

/**
 * Elements whose content the HTML parser reads as text up to their end tag (RCDATA, raw text,
 * plaintext). In prose, one of them swallows the text after it (to the end of the document for
 * `<plaintext>`) and the sanitizer then removes it with that text. Their tags are taken out in
 * pass 1, with their text kept.
 */
const swallowing = new Set(['textarea', 'xmp', 'title', 'plaintext', 'noembed', 'noframes', 'listing'])

/** Elements of code (never text for the reader): removed with their content, but only up to the end of their HTML. */
const code = new Set(['script', 'style', 'iframe', 'noscript'])

/** Deepest nesting of raw HTML elements (open and not yet closed) the press keeps. */
export const maxHtmlNesting = 64

/**
 * Pass 1: warn about raw HTML whose tags do not balance (`html-unbalanced`): an end tag with no
 * open element, or an element left open at the end of the block that holds it. The browser
 * would repair such HTML silently, often by swallowing the text after it. Tags are matched
 * among the raw HTML nodes of one parent (Markdown splits `<div>`, text, `</div>` into siblings).
 *
 * Also cut raw HTML nested deeper than maxHtmlNesting elements (counting those left open in the
 * blocks around it): 2,000 nested `<div>`s or 50,000 unclosed `<span>`s overflowed the stack of
 * the HTML parser and of every tree walk after it ("Maximum call stack size exceeded", no
 * position). The HTML from the tag that passes the limit to the end of its block is left out,
 * reported once per file as `source-too-deep` at that tag.
 */
export default function remarkHtmlBalance() {
  return (tree: Root, file: VFile) => {
    neutraliseSwallowing(tree, file)
    const parents: Array<{ parent: Parent; depth: number }> = [{ parent: tree, depth: 0 }]
    let reportedDepth = false
    while (parents.length > 0) {
      const { parent, depth } = parents.pop()!
      const open: Tag[] = []
      // Open tags by name, so that an end tag with no open element is known at once.
      const counts = new Map<string, number>()
      let cut = false
      for (const child of parent.children as Nodes[]) {
        if (child.type === 'html') {
          if (cut) {
            child.value = ''
            continue
          }
          for (const tag of scanTags(child)) {
            if (voidElements.has(tag.name) || tag.selfClosing) continue
            if (!tag.end) {
              if (depth + open.length >= maxHtmlNesting) {
                if (!reportedDepth) {
                  reportedDepth = true
                  report(file, 'source-too-deep', `Unexpected raw HTML nested deeper than ${maxHtmlNesting} elements, expected at most ${maxHtmlNesting} (the HTML from here to the end of the block is left out)`, tag.place)
                }
                child.value = child.value.slice(0, tag.index)
                cut = true
                break
              }
              open.push(tag)
              counts.set(tag.name, (counts.get(tag.name) ?? 0) + 1)
              continue
            }
            if (!counts.get(tag.name)) {
              if (!optionalEnd.has(tag.name)) report(file, 'html-unbalanced', `Unexpected end tag \`</${tag.name}>\` with no open \`<${tag.name}>\`, expected a matching start tag before it`, tag.place)
              continue
            }
            // Every tag searched past is closed here and leaves the stack: linear over the block.
            let match = open.length - 1
            while (open[match]!.name !== tag.name) match--
            const closed = open.splice(match)
            for (const t of closed) counts.set(t.name, counts.get(t.name)! - 1)
            for (const skipped of closed.slice(1)) unclosed(file, skipped)
          }
        } else if ('children' in child) {
          parents.push({ parent: child as Parent, depth: depth + open.length })
        }
      }
      // After a cut the block's HTML is incomplete by design: one message about it is enough.
      if (!cut) for (const tag of open) unclosed(file, tag)
    }
  }
}

/**
 * Take out the tags of elements that would swallow the text after them (`<textarea>`, `<xmp>`,
 * `<title>`, `<plaintext>`...: their text is kept) and the rest of an HTML node after a `<script>`,
 * `<style>`, `<iframe>` or `<noscript>` that the node does not close (else the Markdown after it
 * would be taken as its content and removed with it). Each is reported (`html-unsafe`) at its
 * tag.
 */
function neutraliseSwallowing(tree: Root, file: VFile): void {
  const nodes: Html[] = []
  const stack: Nodes[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'html') nodes.push(node)
    else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes)
  }
  for (const node of nodes) {
    const tags = scanTags(node)
    const cuts: Array<[number, number]> = []
    const lastEnd = new Map<string, number>()
    tags.forEach((tag, index) => tag.end && lastEnd.set(tag.name, index))
    for (const [index, tag] of tags.entries()) {
      if (swallowing.has(tag.name)) {
        if (!tag.end) report(file, 'html-unsafe', `Unexpected \`<${tag.name}>\` in the text, removed (its text is kept); expected HTML the press allows (a \`<${tag.name}>\` takes the text after it as its own)`, tag.place)
        cuts.push([tag.index, tag.index + tag.length])
      } else if (code.has(tag.name) && !tag.end && !tag.selfClosing && (lastEnd.get(tag.name) ?? -1) < index) {
        report(file, 'html-unsafe', `Unexpected \`<${tag.name}>\` that is never closed, removed with the rest of its HTML; expected \`</${tag.name}>\` in the same HTML (the text after it is kept)`, tag.place)
        cuts.push([tag.index, node.value.length])
        break
      }
    }
    for (const [from, to] of cuts.reverse()) node.value = node.value.slice(0, from) + node.value.slice(to)
  }
}

function unclosed(file: VFile, tag: Tag): void {
  if (optionalEnd.has(tag.name)) return
  report(file, 'html-unbalanced', `Unexpected \`<${tag.name}>\` that is never closed, expected \`</${tag.name}>\` in the same block`, tag.place)
}

/**
 * The start and end tags of a raw HTML node, in order, skipping comments, declarations,
 * processing instructions and the text of `script`, `style` and `textarea`. A small lexer over
 * the HTML tokenizer's states for tags (names, quoted attribute values), not a regular expression.
 */
export function scanTags(node: Html): Tag[] {
  const text = node.value
  const start = node.position?.start
  const tags: Tag[] = []
  // Tags come in order: the walk to each goes on from the previous one (from the start each
  // time, 50,000 tags in one node took the square of its length).
  let line = start?.line ?? 1
  let column = start?.column ?? 1
  let walked = 0
  const pointAt = (index: number): Point | undefined => {
    if (!start) return undefined
    for (; walked < index; walked++) {
      if (text[walked] === '\n') {
        line++
        column = 1
      } else column++
    }
    return { line, column, offset: start.offset === undefined ? undefined : start.offset + index } as Point
  }
  let i = 0
  let rawText: string | undefined
  while (i < text.length) {
    const lt = text.indexOf('<', i)
    if (lt === -1) break
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4)
      i = close === -1 ? text.length : close + 3
      continue
    }
    if (text[lt + 1] === '!' || text[lt + 1] === '?') {
      const close = text.indexOf('>', lt)
      i = close === -1 ? text.length : close + 1
      continue
    }
    const end = text[lt + 1] === '/'
    let j = lt + (end ? 2 : 1)
    const nameStart = j
    if (!/[A-Za-z]/.test(text[j] ?? '')) {
      i = lt + 1
      continue
    }
    while (j < text.length && !/[\s/>]/.test(text[j]!)) j++
    const name = text.slice(nameStart, j).toLowerCase()
    // Attributes: skip to the `>` that ends the tag, honouring quoted values.
    let quote: string | undefined
    let selfClosing = false
    while (j < text.length) {
      const c = text[j]!
      if (quote) {
        if (c === quote) quote = undefined
      } else if (c === '"' || c === "'") quote = c
      else if (c === '>') break
      j++
    }
    selfClosing = text[j - 1] === '/'
    i = j + 1
    if (rawText) {
      if (end && name === rawText) rawText = undefined
      else continue
    }
    const id = end ? undefined : idPattern.exec(text.slice(lt, j + 1))
    tags.push({ name, end, selfClosing, place: pointAt(lt), index: lt, length: j + 1 - lt, ...(id ? { id: id[1] ?? id[2] ?? id[3] ?? '' } : {}) })
    if (!end && !selfClosing && (name === 'script' || name === 'style' || name === 'textarea')) rawText = name
  }
  return tags
}
