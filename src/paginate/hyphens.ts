// Hyphenation of running prose. Node finds the hyphenation points (TeX patterns, see
// src/print/hyphenate.ts) and the paginator writes them into the page as soft hyphens (U+00AD)
// before anything is laid out. They stay in the page: those that do not end a line are taken
// out of the PDF's text afterwards (src/print/soft-hyphens.ts), not out of the page, which
// Chromium would then lay out again. A word broken at a page end keeps a visible hyphen.
import type { Handler } from './handler.js'

/** Long words of running prose (src/print/pdf.ts `longWords` finds a superset of them in the HTML). */
const LONG_WORD = /[\p{Ll}\p{Lu}][\p{Ll}'’]{6,}/gu
/** Never hyphenated: titles, code, table heads, captions, the TOC, subtitles, covers, and what asks not to be. */
const NOT_PROSE = 'h1, h2, h3, h4, h5, h6, code, pre, th, caption, abbr, template, style, script, .toc, nav, [data-no-hyphens], [class*="subtitle"], [class*="cover"]'
/** Running prose: paragraphs, list items, cells, definitions, quotes, figure captions, notes. */
const PROSE = 'p, li, td, dd, blockquote, figcaption, aside'
// The hyphen kept by a word broken at the page end (its soft hyphen no longer ends a line, so
// Chromium would draw none): U+002D HYPHEN-MINUS. At a soft-hyphen break Chromium draws U+2010
// HYPHEN when the font has it, as the shipped fonts do (U+002D otherwise), which is a little
// wider (11pt Source Serif 4: 4.89 px against 4.70), so the line still fits as measured.
const HYPHEN = '-'

/**
 * Soft hyphens into the long words of running prose (`words`: word -> hyphenated, from Node;
 * none without it), and a visible hyphen at the end of the part of a split block that stays.
 */
export function createHyphens(doc: Document, words: Record<string, string> | undefined): Handler {
  return {
    beforeParsed() {
      if (!words) return
      for (const node of proseTextNodes(doc.body)) {
        node.data = node.data.replace(LONG_WORD, (word) => words[word] || word)
      }
    },
    onSplit(kept) {
      const walker = doc.createTreeWalker(kept, NodeFilter.SHOW_TEXT)
      let lastText: Text | undefined
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) if (node.data.trim()) lastText = node
      if (lastText && lastText.data.endsWith('\u00ad')) lastText.data = lastText.data.slice(0, -1) + HYPHEN
    }
  }
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
