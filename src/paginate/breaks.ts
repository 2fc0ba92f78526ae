// Where a page may end: the CSS fragmentation properties as Chromium computes them, and the
// elements the press never splits or never leaves at a page end whatever their style.

/** The page a block must start: a new one, or a new right-hand (recto) or left-hand (verso) one. */
export type BreakSide = 'page' | 'right' | 'left'

/**
 * The forced break before `element`, if any: `break-before: page` gives `page`; `right` and
 * `recto` give `right`; `left` and `verso` give `left` (on one-sided documents both are pages).
 */
export function breakBefore(element: Element): BreakSide | undefined {
  const value = getComputedStyle(element).breakBefore
  if (value === 'page') return 'page'
  if (value === 'right' || value === 'recto') return 'right'
  if (value === 'left' || value === 'verso') return 'left'
  return undefined
}

/** Whether `element` must start a page (`break-before: page | left | right | recto | verso`). */
export function breaksBefore(element: Element): boolean {
  return breakBefore(element) !== undefined
}

/**
 * The strongest forced break among `elements` (containers opening, then the block): a side
 * (right or left) wins over a plain page break, the innermost side over outer ones.
 */
export function strongestBreak(elements: Element[]): BreakSide | undefined {
  let found: BreakSide | undefined
  for (const element of elements) {
    const side = breakBefore(element)
    if (side && (found === undefined || side !== 'page')) found = side
  }
  return found
}

/** Whether a page must not end right after `element` (`break-after: avoid | avoid-page`, and every heading). */
export function avoidsBreakAfter(element: Element): boolean {
  const computed = getComputedStyle(element)
  return computed.breakAfter === 'avoid' || computed.breakAfter === 'avoid-page' || /^H[1-6]$/.test(element.tagName)
}

/** Whether a page must not end right before `element` (`break-before: avoid | avoid-page`: an end mark stays with the text it ends). */
export function avoidsBreakBefore(element: Element): boolean {
  const value = getComputedStyle(element).breakBefore
  return value === 'avoid' || value === 'avoid-page'
}

/** Whether `element` moves whole to the next page rather than split (`break-inside: avoid | avoid-page`, figures, images, rows, rules). */
export function avoidsBreakInside(element: Element): boolean {
  const value = getComputedStyle(element).breakInside
  return value === 'avoid' || value === 'avoid-page' || ['FIGURE', 'IMG', 'SVG', 'TR', 'HR'].includes(element.tagName)
}

/** Whether `element` floats: a figure that does not fit the room left waits for the next page while the text after it fills the room. */
export function floats(element: Element): boolean {
  return element.tagName === 'FIGURE'
}
