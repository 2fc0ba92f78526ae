// Measurement: where blocks and lines end. Chromium lays everything out; the paginator only asks
// where things landed, through getBoundingClientRect() and one Range.

/** Tolerance of a comparison of positions, in CSS px (sub-pixel layout). */
export const EPSILON = 0.5

/** A line of text, from the top of its highest box to the bottom of its lowest, in CSS px. */
export interface LineBox {
  top: number
  bottom: number
}

/** Where to split a text block: before a character of a text node, or before a node (an inline wrapper that starts there). */
export type SplitPoint = { node: Text; offset: number } | { before: Node }

/** Measurement through the one Range of a run. */
export interface Layout {
  /**
   * The Range every measurement uses (line numbers and the layout map too): Chromium updates
   * each live Range on every DOM mutation, and ranges made per block stay live until collected
   * (measured: 7,500 of them made later text changes cost 1 s more at 409 pages).
   */
  readonly range: Range
  /** Bottoms of the lines of `element`'s text, top to bottom. */
  lineBottoms(element: Element): number[]
  /** The first text position of `element` whose line lies below `y`, as a point to split at. */
  pointBelow(element: Element, y: number): SplitPoint | undefined
}

/** Measurement for one run; creates its Range (make it after the text of the page is changed, so that no change updates it). */
export function createLayout(doc: Document): Layout {
  const range = doc.createRange()
  return {
    range,
    lineBottoms(element) {
      range.selectNodeContents(element)
      return lineBoxes(range.getClientRects()).map((line) => line.bottom)
    },
    pointBelow(element, y) {
      const walker = doc.createTreeWalker(element, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (node.data.length === 0) continue
        range.selectNodeContents(node)
        const rects = range.getClientRects()
        if (rects.length === 0 || rects[rects.length - 1].bottom <= y + EPSILON) continue
        let lo = 0
        let hi = node.data.length - 1
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          range.setStart(node, mid)
          range.setEnd(node, mid + 1)
          const r = range.getClientRects()
          const top = r.length ? r[r.length - 1].top : -Infinity
          if (top >= y - EPSILON) hi = mid
          else lo = mid + 1
        }
        // Split before inline wrappers (links, footnote calls) that start right here.
        let at: SplitPoint = { node, offset: lo }
        if (lo === 0) {
          let inner: Node = node
          while (inner.parentNode !== element && inner.parentNode!.firstChild === inner) inner = inner.parentNode!
          if (inner.parentNode !== element || inner !== node) at = { before: inner === node ? node : inner }
        }
        return at
      }
      return undefined
    }
  }
}

/**
 * Lines of text boxes, top to bottom: boxes that overlap vertically by half the smaller one are
 * one line (a footnote call or superscript sits higher than its line, but on it). Boxes of no
 * size, and taller than 60 px (images, not text), are left out.
 */
export function lineBoxes(rectList: DOMRectList): LineBox[] {
  const rects = [...rectList].filter((r) => r.height > 0 && r.height <= 60 && r.width > 0).sort((a, b) => a.top - b.top)
  const lines: LineBox[] = []
  for (const rect of rects) {
    const line = lines.find((t) => Math.min(t.bottom, rect.bottom) - Math.max(t.top, rect.top) >= 0.5 * Math.min(t.bottom - t.top, rect.height))
    if (line) {
      line.top = Math.min(line.top, rect.top)
      line.bottom = Math.max(line.bottom, rect.bottom)
    } else lines.push({ top: rect.top, bottom: rect.bottom })
  }
  return lines.sort((a, b) => a.top - b.top)
}

/** The bottom of `element` on its page, with the bottom padding and border of the containers open around it (boxed summaries, quotes). */
export function bottomOf(element: Element, open: ReadonlyArray<{ clone: Element }>): number {
  const rect = element.getBoundingClientRect()
  let bottom = rect.bottom
  for (let i = open.length - 1; i >= 0; i--) {
    const computed = getComputedStyle(open[i].clone)
    bottom += (parseFloat(computed.paddingBottom) || 0) + (parseFloat(computed.borderBottomWidth) || 0)
  }
  return bottom
}
