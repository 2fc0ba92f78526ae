// The layout map: where each element that carries its source line (`[data-line]`) was laid
// out, page by page. Node embeds it in the PDF's source map, so that `guidelines comments` can
// map an annotation back to a line of a contribution.
import type { Handler } from './handler.js'
import type { LayoutBlock } from './types.js'

/** The layout map handler, and the map once every page is laid out. */
export interface LayoutMap extends Handler {
  /** One entry per `[data-line]` element and page, in page order; undefined unless enabled. */
  readonly blocks: LayoutBlock[] | undefined
}

/** Maps every `[data-line]` element once all pages are laid out; does nothing unless `enabled`. */
export function createLayoutMap(enabled: boolean): LayoutMap {
  const blocks: LayoutBlock[] | undefined = enabled ? [] : undefined
  return {
    phase: 'layoutMap',
    blocks,
    afterRendered(pages, layout) {
      if (!blocks) return
      const range = layout.range
      pages.forEach((page, index) => {
        const pageBox = page.element.getBoundingClientRect()
        for (const element of page.element.querySelectorAll('[data-line]')) {
          range.selectNodeContents(element)
          const rects: LayoutBlock['rects'] = []
          for (const rect of range.getClientRects()) {
            if (rect.width === 0 || rect.height === 0) continue
            // Hundredths of a pixel, as the source map stores them: a third less to send to Node.
            rects.push({ x: hundredths(rect.left - pageBox.left), y: hundredths(rect.top - pageBox.top), w: hundredths(rect.width), h: hundredths(rect.height) })
          }
          const contribution = element.closest('[data-source]')
          blocks.push({
            page: index + 1,
            source: contribution ? (contribution.getAttribute('data-source') ?? undefined) : undefined,
            line: Number(element.getAttribute('data-line')),
            id: element.id || undefined,
            para: element.getAttribute('data-para') ? Number(element.getAttribute('data-para')) : undefined,
            continued: element.classList.contains('continued') || undefined,
            rects
          })
        }
      })
    }
  }
}

function hundredths(value: number): number {
  return Math.round(value * 100) / 100
}
