// Page classes, so that templates can style a page by what it holds without :has() (which made
// Chromium restyle the whole document after every block moved): a page where a `[data-running]`
// title starts gets `page-opens-part` and `page-opens-<each class of that title>`; an element
// with `data-page-class="x y"` (or a container around it) adds `x y` to its page.
import type { Handler } from './handler.js'

/** Adds the page classes of each page once it is full. */
export const pageClasses: Handler = {
  afterPageLayout(page) {
    for (const block of page.placed) {
      if (block.node.getAttribute('data-running') !== null && !block.node.classList.contains('continued')) {
        page.element.classList.add('page-opens-part')
        for (const name of block.node.classList) page.element.classList.add(`page-opens-${name}`)
      }
      for (const element of [block.node, ...block.chain]) {
        const extra = element.getAttribute('data-page-class')
        if (extra) for (const name of extra.split(/\s+/)) if (name) page.element.classList.add(name)
      }
    }
  }
}
