// Text blocks split between lines at the page end: at least two lines stay, and at least two
// move on (orphans and widows). The lines that move go to a `.continued` copy of the block.
import { avoidsBreakInside } from './breaks.js'
import { EPSILON, type Layout } from './layout.js'

/** Blocks of text that may be split between lines. */
const TEXT_BLOCKS = new Set(['P', 'LI', 'DD', 'DT', 'BLOCKQUOTE', 'ADDRESS', 'DIV', 'ASIDE', 'FIGCAPTION'])

/**
 * Split `element` after its last line that ends above `available` (a y in CSS px), keeping two
 * lines on each side: returns the rest, a `.continued` copy without ids, and marks `element`
 * `.split` (a justified one justifies its last line too, which is not the paragraph's last).
 * Undefined (the element is left as it is) when it cannot be split so.
 */
export function splitText(doc: Document, layout: Layout, element: HTMLElement, available: number): HTMLElement | undefined {
  if (!TEXT_BLOCKS.has(element.tagName) || avoidsBreakInside(element)) return undefined
  const bottoms = layout.lineBottoms(element)
  let fit = bottoms.filter((b) => b <= available + EPSILON).length
  const total = bottoms.length
  if (fit < 2) return undefined
  if (total - fit < 2) fit = total - 2
  if (fit < 2) return undefined
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
  stripIds(doc, rest)
  element.classList.add('split')
  if (getComputedStyle(element).textAlign === 'justify') element.style.textAlignLast = 'justify'
  return rest
}

// extractContents() clones the elements the split point cuts through, ids and all: the clones
// in the rest lose the ids, which the part on the page keeps.
function stripIds(doc: Document, root: Element): void {
  for (const element of root.querySelectorAll('[id]')) {
    if (doc.getElementById(element.id) && doc.getElementById(element.id) !== element) element.removeAttribute('id')
  }
}
