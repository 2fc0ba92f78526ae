// Text blocks split between lines at the page end: at least two lines stay, and at least two
// move on (orphans and widows; three of a code block). The lines that move go to a
// `.continued` copy of the block.
import { avoidsBreakInside } from './breaks.js'
import { EPSILON, type Layout } from './layout.js'

/** Blocks of text that may be split between lines. */
const TEXT_BLOCKS = new Set(['P', 'LI', 'DD', 'DT', 'BLOCKQUOTE', 'ADDRESS', 'DIV', 'ASIDE', 'FIGCAPTION', 'PRE'])

/** Lines that stay on each side of a split: a code block split after two lines is hard to read. */
function minimumLines(element: Element): number {
  return element.tagName === 'PRE' ? 3 : 2
}

/**
 * Split `element` after its last line that ends above `available` (a y in CSS px), keeping two
 * lines on each side (three of code): returns the rest, a `.continued` copy without ids, and
 * marks `element` `.split` (a justified one justifies its last line too, which is not the
 * paragraph's last). Undefined (the element is left as it is) when it cannot be split so.
 * `force`: split even a block that avoids breaks inside (it is alone and taller than the page).
 * `settle(line)`: called with the index of the last line that would stay; it may change the text
 * (hyphenation at the page end) and returns true when it did, and the lines are measured again.
 */
export function splitText(layout: Layout, element: HTMLElement, available: number, options: { force?: boolean; settle?: (element: HTMLElement, line: number) => boolean } = {}): HTMLElement | undefined {
  if (!TEXT_BLOCKS.has(element.tagName) || (!options.force && avoidsBreakInside(element))) return undefined
  const least = minimumLines(element)
  let bottoms: number[]
  let fit: number
  let tries = 0
  for (;;) {
    bottoms = layout.lineBottoms(element)
    // The kept part ends below its last line's glyphs by the half-leading (and its padding):
    // measured on the whole block, below its last line, and counted for the line the part ends with.
    const tail = bottoms.length ? Math.max(0, element.getBoundingClientRect().bottom - bottoms[bottoms.length - 1]) : 0
    fit = bottoms.filter((b) => b + tail <= available + EPSILON).length
    const total = bottoms.length
    if (fit < least) return undefined
    if (total - fit < least) fit = total - least
    if (fit < least) return undefined
    if (!options.settle || tries++ >= 3 || !options.settle(element, fit - 1)) break
  }
  const point = layout.pointBelow(element, bottoms[fit - 1])
  if (!point) return undefined
  const range = layout.range
  if ('before' in point) range.setStartBefore(point.before)
  else range.setStart(point.node, point.offset)
  range.setEnd(element, element.childNodes.length)
  const rest = element.cloneNode(false) as HTMLElement
  rest.removeAttribute('id')
  rest.classList.add('continued')
  rest.appendChild(range.extractContents())
  stripIds(element, rest)
  element.classList.add('split')
  if (getComputedStyle(element).textAlign === 'justify') element.style.textAlignLast = 'justify'
  return rest
}

/** Undo `splitText`: the rest's content back at the end of `element`, which loses its split marks. */
export function unsplit(element: HTMLElement, rest: HTMLElement): void {
  while (rest.firstChild) element.appendChild(rest.firstChild)
  element.classList.remove('split')
  element.style.removeProperty('text-align-last')
  if (!element.getAttribute('style')) element.removeAttribute('style')
  // Text nodes cut at the split point become one again (line breaking treats them alike, but the layout map walks them).
  element.normalize()
}

// extractContents() clones the elements the split point cuts through, ids and all: the clones
// in the rest lose the ids, which the part on the page (`kept`) keeps. Looked for in `kept`, not
// in the document: in the preview, the pages of the last run may still hold the same ids.
function stripIds(kept: Element, rest: Element): void {
  const elements = rest.querySelectorAll('[id]')
  if (elements.length === 0) return
  const ids = new Set([...kept.querySelectorAll('[id]')].map((element) => element.id))
  for (const element of elements) if (ids.has(element.id)) element.removeAttribute('id')
}
