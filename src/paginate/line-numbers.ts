// Line numbers of review editions: every line of a page's content is numbered in the left
// margin, from 1 on each page, so that reviewers can say "page 12, line 30".
import type { Handler } from './handler.js'
import { lineBoxes } from './layout.js'

/** Numbers the lines of every page once all are laid out; does nothing unless `enabled`. */
export function createLineNumbers(doc: Document, enabled: boolean): Handler {
  return {
    phase: 'lineNumbers',
    afterRendered(pages, layout) {
      if (!enabled) return
      const range = layout.range
      for (const page of pages) {
        // A page kept from the last run (memory.ts) has its numbers.
        if (page.element.querySelector(':scope > .line-numbers')) continue
        const pageBox = page.element.getBoundingClientRect()
        range.selectNodeContents(page.content)
        const lines = lineBoxes(range.getClientRects())
        const layer = doc.createElement('div')
        layer.className = 'line-numbers'
        layer.setAttribute('aria-hidden', 'true')
        lines.forEach((line, n) => {
          const span = doc.createElement('span')
          span.textContent = String(n + 1)
          span.style.top = `${line.bottom - pageBox.top - 9}px`
          span.style.left = `calc(${page.content.getBoundingClientRect().left - pageBox.left}px - 13mm)`
          layer.appendChild(span)
        })
        page.element.appendChild(layer)
      }
    }
  }
}
