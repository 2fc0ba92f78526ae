// Where a page may end: the CSS fragmentation properties as Chromium computes them, and the
// elements the press never splits or never leaves at a page end whatever their style.

/** Whether `element` must start a page (`break-before: page | left | right | recto | verso`). */
export function breaksBefore(element: Element): boolean {
  const value = getComputedStyle(element).breakBefore
  return value === 'page' || value === 'left' || value === 'right' || value === 'recto' || value === 'verso'
}

/** Whether a page must not end right after `element` (`break-after: avoid | avoid-page`, and every heading). */
export function avoidsBreakAfter(element: Element): boolean {
  const computed = getComputedStyle(element)
  return computed.breakAfter === 'avoid' || computed.breakAfter === 'avoid-page' || /^H[1-6]$/.test(element.tagName)
}

/** Whether `element` moves whole to the next page rather than split (`break-inside: avoid | avoid-page`, figures, images, code, rows, rules). */
export function avoidsBreakInside(element: Element): boolean {
  const value = getComputedStyle(element).breakInside
  return value === 'avoid' || value === 'avoid-page' || ['FIGURE', 'IMG', 'PRE', 'SVG', 'TR', 'HR'].includes(element.tagName)
}
