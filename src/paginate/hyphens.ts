// Hyphenation of running prose. Node finds the hyphenation points (TeX patterns, see
// src/print/hyphenate.ts) and the paginator writes them into the page as soft hyphens (U+00AD)
// before anything is laid out. They stay in the page: those that do not end a line are taken
// out of the PDF's text afterwards (src/print/soft-hyphens.ts), not out of the page, which
// Chromium would then lay out again. A word broken at a page end keeps a visible hyphen.
//
// Chromium breaks the lines; the rules of the trade are kept by taking break points away
// (all soft hyphens of one word) where Chromium used one badly, and letting it break again:
// never a capitalised word (a proper name), a part of a compound (broken at its own hyphen
// only) or an address (broken after `/` and `.` instead, without a hyphen); and, once a block
// is laid out, never more than two hyphenated lines in a row, never the line before a
// paragraph's last (which would be a fragment), never the last line of a page, and in ragged
// text never a break whose first part is short (the line reads as well without it).
import type { Block } from './flow.js'
import type { Handler } from './handler.js'
import { lineBoxes, type LineBox } from './layout.js'

/** Long words of running prose (src/print/pdf.ts `longWords` finds a superset of them in the HTML). */
const LONG_WORD = /[\p{Ll}\p{Lu}][\p{Ll}'’]{6,}/gu
/** Never hyphenated: titles, code, table heads, captions, the TOC, subtitles, covers, and what asks not to be. */
const NOT_PROSE = 'h1, h2, h3, h4, h5, h6, .block-heading, code, pre, th, caption, abbr, template, style, script, .toc, nav, [data-no-hyphens], [class*="subtitle"], [class*="cover"]'
/** Running prose: paragraphs, list items, cells, definitions, quotes, figure captions, notes. */
const PROSE = 'p, li, td, dd, blockquote, figcaption, aside'
/** Addresses in running text; a trailing full stop, comma or bracket is the sentence's. */
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)\]’”]/g
/** Hyphens that join the parts of a compound: a word next to one is never hyphenated. */
const JOINERS = '-\u2010\u2011'
// The hyphen kept by a word broken at the page end (its soft hyphen no longer ends a line, so
// Chromium would draw none): U+002D HYPHEN-MINUS. At a soft-hyphen break Chromium draws U+2010
// HYPHEN when the font has it, as the shipped fonts do (U+002D otherwise), which is a little
// wider (11pt Source Serif 4: 4.89 px against 4.70), so the line still fits as measured.
const HYPHEN = '-'
const SHY = '\u00ad'
/** Blocks whose lines are looked at: text, and the cells of tables. */
const TEXT_UNITS = new Set(['P', 'LI', 'DD', 'BLOCKQUOTE', 'FIGCAPTION', 'ASIDE', 'DIV', 'TD'])
/**
 * Ragged text: a break whose first part is narrower than this share of the line is taken away
 * (the line ends a little shorter instead); justified text spreads the room over its spaces, so
 * only shorter first parts go there.
 */
const ZONE = { ragged: 0.07, justified: 0.05 }
/** Letters that a break leaves on the line in ragged text, at least: fewer make a first part narrower than the zone (7% of a 160 mm line is about 6 letters). */
const RAGGED_LETTERS = 4
/** Hyphenated lines in a row, at most. */
const MAX_RUN = 2
/** Passes over a block's lines: each takes one break away from each of its units. */
const MAX_PASSES = 8

/**
 * Soft hyphens into the long words of running prose (`words`: word -> hyphenated, from Node;
 * none without it), break points into addresses, the rules of the trade kept as each block is
 * laid out and split, and a visible hyphen at the end of the part of a split block that stays.
 */
export function createHyphens(doc: Document, words: Record<string, string> | undefined): Handler {
  const checked = new WeakSet<Element>()
  // Made once the text is hyphenated: Chromium updates every live Range on each change of the text (layout.ts).
  let made: Range | undefined
  const measuring = () => (made ??= doc.createRange())
  return {
    beforeParsed(source) {
      for (const node of proseTextNodes(source)) {
        const text = node.data
        if (text.includes('://') || text.includes('www.')) breakAddresses(doc, node, words)
        else if (words) node.data = hyphenate(text, words)
      }
    },
    blockAdded(block) {
      if (!words || block.continuation || checked.has(block.node)) return
      // Ragged text: a break leaving fewer than RAGGED_LETTERS letters on the line is one the
      // zone rule takes away (below) once laid out; taken away now, it costs no layout.
      if (TEXT_UNITS.has(block.node.tagName) && getComputedStyle(block.node).textAlign !== 'justify') dropEarlyBreaks(block.node)
    },
    blocksLaidOut(blocks) {
      if (!words) return
      const units = blocks.flatMap((block) => unitsOf(block, checked))
      const range = measuring()
      let pending = units
      for (let pass = 0; pass < MAX_PASSES && pending.length > 0; pass++) {
        // Measure every unit first, then change: one layout for the pass, not one a unit.
        const found = pending.map((unit) => ({ unit, bad: badBreaks(unit, range) }))
        pending = []
        for (const { unit, bad } of found) {
          if (bad.length === 0) continue
          // From the end, so that the offsets of the earlier ones in the same text hold.
          for (const hyphen of bad.reverse()) unhyphenate(hyphen.node, hyphen.offset)
          pending.push(unit)
        }
      }
      for (const unit of units) checked.add(unit)
    },
    beforeSplit(element, line) {
      if (!words) return false
      // No hyphen at the foot of a page: the word moves whole to the next line.
      const ends = lineEndHyphens(element, measuring())
      const last = ends.hyphens.find((hyphen) => hyphen.line === line)
      if (!last) return false
      unhyphenate(last.node, last.offset)
      return true
    },
    onSplit(kept) {
      const walker = doc.createTreeWalker(kept, NodeFilter.SHOW_TEXT)
      let lastText: Text | undefined
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) if (node.data.trim()) lastText = node
      if (lastText && lastText.data.endsWith(SHY)) lastText.data = lastText.data.slice(0, -1) + HYPHEN
    }
  }
}

/** `text` with the long words hyphenated, but for capitalised words (names) and the parts of compounds. */
function hyphenate(text: string, words: Record<string, string>): string {
  return text.replace(LONG_WORD, (word, offset: number) => {
    const hyphenated = words[word]
    if (!hyphenated || /^\p{Lu}/u.test(word)) return word
    if (JOINERS.includes(text.charAt(offset - 1)) || JOINERS.includes(text.charAt(offset + word.length))) return word
    return hyphenated
  })
}

/**
 * Split `node` at its addresses: the text around them is hyphenated, the addresses are not, and
 * get a break opportunity (`<wbr>`) after each `/` and `.` inside them (none in the scheme's
 * `//`): a line may end there, without a hyphen that is no part of the address.
 */
function breakAddresses(doc: Document, node: Text, words: Record<string, string> | undefined): void {
  const text = node.data
  const fragment = doc.createDocumentFragment()
  let at = 0
  for (const match of text.matchAll(URL)) {
    const before = text.slice(at, match.index)
    if (before) fragment.appendChild(doc.createTextNode(words ? hyphenate(before, words) : before))
    const address = match[0]
    const scheme = /^https?:\/\//.exec(address)?.[0].length ?? 0
    let piece = address.slice(0, scheme)
    for (let i = scheme; i < address.length; i++) {
      piece += address[i]
      if ((address[i] === '/' || address[i] === '.') && i < address.length - 1) {
        fragment.append(doc.createTextNode(piece), doc.createElement('wbr'))
        piece = ''
      }
    }
    if (piece) fragment.appendChild(doc.createTextNode(piece))
    at = match.index + address.length
  }
  const after = text.slice(at)
  if (after) fragment.appendChild(doc.createTextNode(words ? hyphenate(after, words) : after))
  node.replaceWith(fragment)
}

/** The text units of a block whose lines are looked at: the block, or the cells of a table; and its footnotes. None twice. */
function unitsOf(block: Block, checked: WeakSet<Element>): HTMLElement[] {
  // The rest of a split block is looked at again: the foot of the page before may have changed its lines.
  const node = block.node
  const units: HTMLElement[] = []
  if (node instanceof HTMLTableElement) units.push(...node.querySelectorAll<HTMLElement>('td'))
  else if (TEXT_UNITS.has(node.tagName)) units.push(node)
  for (const note of block.notes) units.push(...note.querySelectorAll<HTMLElement>('p'))
  return units.filter((unit) => !checked.has(unit) && unit.textContent!.includes(SHY))
}

/** A soft hyphen that ends line `line` of its unit (Chromium draws a hyphen there). */
interface LineEnd {
  node: Text
  offset: number
  line: number
  /** Its drawn hyphen. */
  rect: DOMRect
}

/** The unit's lines, and its soft hyphens that end a line: a soft hyphen inside a line is drawn at no width. */
function lineEndHyphens(unit: Element, range: Range): { lines: LineBox[]; hyphens: LineEnd[] } {
  range.selectNodeContents(unit)
  const lines = lineBoxes(range.getClientRects())
  const hyphens: LineEnd[] = []
  if (lines.length < 2) return { lines, hyphens }
  // A word on two lines is taller than one line, however the lines are spaced.
  const lineHeight = 1.5 * Math.min(...lines.map((l) => l.bottom - l.top))
  const walker = unit.ownerDocument.createTreeWalker(unit, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data
    for (let shy = text.indexOf(SHY); shy !== -1; ) {
      // One measurement a word: only a word laid out on two lines holds a soft hyphen that ends one.
      const start = wordStart(text, shy)
      const end = wordEnd(text, shy)
      range.setStart(node, start)
      range.setEnd(node, end)
      if (range.getBoundingClientRect().height < lineHeight) {
        shy = text.indexOf(SHY, end)
        continue
      }
      for (let offset = shy; offset !== -1 && offset < end; offset = text.indexOf(SHY, offset + 1)) {
      range.setStart(node, offset)
      range.setEnd(node, offset + 1)
      const rect = [...range.getClientRects()].find((r) => r.width > 0.5)
      if (!rect) continue
      const middle = (rect.top + rect.bottom) / 2
      const line = lines.findIndex((l) => middle >= l.top - 0.5 && middle <= l.bottom + 0.5)
      if (line !== -1) hyphens.push({ node, offset, line, rect })
      }
      shy = text.indexOf(SHY, end)
    }
  }
  return { lines, hyphens }
}

/**
 * The breaks of `unit` that the rules forbid, in text order: every one whose first part is too
 * short (each forbids a break of its own word only, so they are taken away together), and the
 * first that makes a run of more than two or ends the line before the paragraph's last (the
 * lines after it move, so the next is found once they are laid out again).
 */
function badBreaks(unit: HTMLElement, range: Range): LineEnd[] {
  const { lines, hyphens } = lineEndHyphens(unit, range)
  if (hyphens.length === 0) return []
  const zone = unit.getBoundingClientRect().width * (getComputedStyle(unit).textAlign === 'justify' ? ZONE.justified : ZONE.ragged)
  const bad: LineEnd[] = []
  let run = 0
  let previous = -2
  for (const hyphen of hyphens) {
    if (firstPartWidth(hyphen, range) < zone) {
      bad.push(hyphen)
      continue
    }
    run = hyphen.line === previous + 1 ? run + 1 : 1
    previous = hyphen.line
    if (run > MAX_RUN || hyphen.line === lines.length - 2) {
      bad.push(hyphen)
      break
    }
  }
  return bad
}

/** The width of the part of a broken word that stays on the line, with its hyphen. */
function firstPartWidth(hyphen: LineEnd, range: Range): number {
  const start = wordStart(hyphen.node.data, hyphen.offset)
  range.setStart(hyphen.node, start)
  range.setEnd(hyphen.node, hyphen.offset + 1)
  const rects = [...range.getClientRects()].filter((r) => Math.abs(r.top - hyphen.rect.top) < 1)
  return rects.length ? Math.max(...rects.map((r) => r.right)) - Math.min(...rects.map((r) => r.left)) : Infinity
}

/** Where the word holding `offset` starts in `text`. */
function wordStart(text: string, offset: number): number {
  let start = offset
  while (start > 0 && !/\s/.test(text.charAt(start - 1))) start--
  return start
}

/** Take the soft hyphens out of `element`'s words that leave fewer than RAGGED_LETTERS letters before them. */
function dropEarlyBreaks(element: Element): void {
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (!node.data.includes(SHY)) continue
    const data = node.data.replace(/\S*\u00ad\S*/g, (word) => {
      let letters = 0
      let out = ''
      for (const char of word) {
        if (char === SHY) {
          if (letters >= RAGGED_LETTERS) out += char
          continue
        }
        if (/\p{L}/u.test(char)) letters++
        else if (JOINERS.includes(char)) letters = 0
        out += char
      }
      return out
    })
    if (data !== node.data) node.data = data
  }
}

/** Where the word holding `offset` ends in `text` (the index after it). */
function wordEnd(text: string, offset: number): number {
  let end = offset
  while (end < text.length && !/\s/.test(text.charAt(end))) end++
  return end
}

/** Take every soft hyphen out of the word of `node` that holds `offset`: it may no longer break. */
function unhyphenate(node: Text, offset: number): void {
  const text = node.data
  const start = wordStart(text, offset)
  const end = wordEnd(text, offset)
  node.data = text.slice(0, start) + text.slice(start, end).replaceAll(SHY, '') + text.slice(end)
}

/** The text nodes of running prose under `root`, in no particular order. */
function proseTextNodes(root: Element): Text[] {
  // One walk down the tree, skipping excluded subtrees whole (a closest() per text node cost
  // twice as much).
  const nodes: Text[] = []
  const stack: Array<[Element, boolean]> = [[root, false]]
  while (stack.length > 0) {
    const [element, inProse] = stack.pop()!
    if (element.matches(NOT_PROSE)) continue
    const prose = inProse || element.matches(PROSE)
    for (let child = element.lastChild; child; child = child.previousSibling) {
      if (child.nodeType === 1) stack.push([child as Element, prose])
      else if (child.nodeType === 3 && prose) nodes.push(child as Text)
    }
  }
  return nodes
}
