// The press's paginator: runs in the page, before Chromium prints it.
//
// Chromium prints pages natively but has no page-bottom footnotes, no target-counter() for
// TOC page numbers and no string() running heads. A general paged-media polyfill (Paged.js)
// re-lays the whole document out and costs ~25 s for 650 pages. This paginator keeps Chromium's
// own layout engine for everything and only decides where pages end: it moves the flow, block
// by block, into fixed-size page boxes, measuring each block once after it is placed. Only the
// block that crosses the page end is looked at line by line. The page boxes are then printed
// natively, one box a sheet. The contract with templates is in docs/architecture.md ("Page model").
//
// Everything is per-run state inside guidelinesPaginate(); nothing lives at module level.
import { avoidsBreakAfter, avoidsBreakInside, breaksBefore } from './breaks.js'
import { takeFlow, type Block } from './flow.js'
import { createFolios } from './folios.js'
import { createFootnotes } from './footnotes.js'
import type { Handler } from './handler.js'
import { createHyphens } from './hyphens.js'
import { bottomOf as bottomIn, createLayout, EPSILON } from './layout.js'
import { createLayoutMap } from './layout-map.js'
import { createLineNumbers } from './line-numbers.js'
import { createLists } from './lists.js'
import { createPage, installPageStyle, resetTopMargins, type Page } from './page.js'
import { pageClasses } from './page-classes.js'
import { splitTable } from './tables.js'
import { startTimer } from './timing.js'
import type { PaginateOptions, PaginateResult } from './types.js'

declare global {
  /** The paginator, defined when dist/paginate.js is evaluated in the page. */
  // eslint-disable-next-line no-var
  var guidelinesPaginate: (options?: PaginateOptions) => PaginateResult
}

globalThis.guidelinesPaginate = function guidelinesPaginate(options: PaginateOptions = {}): PaginateResult {
  const doc = document
  const body = doc.body
  const timer = startTimer()
  installPageStyle(doc)
  const footnotes = createFootnotes(doc)
  const folios = createFolios(doc)
  const layoutMap = createLayoutMap(Boolean(options.layoutMap))
  // The features, in the order their hooks run (footnotes leave the flow before page references get room).
  const handlers: Handler[] = [createHyphens(doc, options.hyphenation), footnotes, folios, pageClasses, createLists(), createLineNumbers(doc, Boolean(options.lineNumbers)), layoutMap]
  for (const handler of handlers) handler.beforeParsed?.()

  const TEXT_BLOCKS = new Set(['P', 'LI', 'DD', 'DT', 'BLOCKQUOTE', 'ADDRESS', 'DIV', 'ASIDE', 'FIGCAPTION'])
  const layout = createLayout(doc)
  const range = layout.range
  timer.end('setup')
  const queue = takeFlow(doc)
  // Containers lose their children as blocks move out; keep shallow originals to clone from.
  const opened = new Set<Element>()
  const originOf = new WeakMap<Element, HTMLElement>()

  // --- Pages -----------------------------------------------------------------------------------
  const pagesRoot = doc.createElement('div')
  pagesRoot.className = 'pages'
  body.appendChild(pagesRoot)
  const pages: Page[] = []
  let page!: Page

  function newPage(): Page {
    if (page) finishPage(page)
    page = createPage(doc, pages.length + 1)
    pagesRoot.appendChild(page.element)
    pages.push(page)
    return page
  }

  // Open clones of the containers around a block on the current page, reusing what is open.
  function openChain(chain: HTMLElement[]): { parent: HTMLElement; fresh: HTMLElement[] } {
    let common = 0
    while (common < page.chain.length && common < chain.length && page.chain[common].original === chain[common]) common++
    page.chain.length = common
    const fresh: HTMLElement[] = []
    for (let i = common; i < chain.length; i++) {
      const original = chain[i]
      const clone = original.cloneNode(false) as HTMLElement
      if (opened.has(original)) {
        clone.removeAttribute('id')
        clone.classList.add('continued')
        const inner = chain[i + 1]
        for (const handler of handlers) handler.containerContinued?.(clone, original, inner && opened.has(inner) ? inner : undefined)
      }
      opened.add(original)
      originOf.set(clone, original)
      const parent = i === 0 ? page.content : page.chain[i - 1].clone
      parent.appendChild(clone)
      page.chain.push({ original, clone })
      fresh.push(clone)
    }
    return { parent: page.chain.length ? page.chain[page.chain.length - 1].clone : page.content, fresh }
  }
  function limit(): number {
    return footnotes.limit(page)
  }

  function bottomOf(element: Element): number {
    return bottomIn(element, page.chain)
  }

  function detach(item: Block): void {
    const element = item.node
    const parent = element.parentNode as HTMLElement | null
    element.remove()
    footnotes.withdraw(item)
    // Remove containers left empty by the move, and let the next page open them first.
    let node = parent
    while (node && node !== page.content && node.children.length === 0) {
      const up = node.parentNode as HTMLElement | null
      release(node)
      node = up
    }
    page.placed.pop()
  }

  // Put a block on the current page. Returns false, placing nothing, when the block (or a
  // container it opens) must start a new page and the page already has content.
  function place(item: Block): boolean {
    const { parent, fresh } = openChain(item.chain)
    parent.appendChild(item.node)
    if (page.placed.length > 0 && (fresh.some(breaksBefore) || breaksBefore(item.node))) {
      item.node.remove()
      closeEmpty()
      return false
    }
    footnotes.place(item, page)
    page.placed.push(item)
    return true
  }

  function closeEmpty(): void {
    for (let i = page.chain.length - 1; i >= 0; i--) {
      if (page.chain[i].clone.childNodes.length === 0) release(page.chain[i].clone)
    }
  }

  // Remove an empty container clone; if it was the container's first appearance, the next page
  // opens it afresh (with its id, not as a continuation).
  function release(clone: HTMLElement): void {
    clone.remove()
    const original = originOf.get(clone)
    if (original && !clone.classList.contains('continued')) opened.delete(original)
    const index = page.chain.findIndex((c) => c.clone === clone)
    if (index !== -1) page.chain.length = index
  }

  // --- Splitting a block at the page end ---------------------------------------------------------
  function stripIds(fragmentRoot: Element): void {
    for (const element of fragmentRoot.querySelectorAll('[id]')) {
      if (doc.getElementById(element.id) && doc.getElementById(element.id) !== element) element.removeAttribute('id')
    }
  }

  function splitText(element: HTMLElement, available: number): HTMLElement | undefined {
    if (!TEXT_BLOCKS.has(element.tagName) || avoidsBreakInside(element)) return undefined
    const bottoms = layout.lineBottoms(element)
    let fit = bottoms.filter((b) => b <= available + EPSILON).length
    const total = bottoms.length
    if (fit < 2) return undefined
    if (total - fit < 2) fit = total - 2
    if (fit < 2) return undefined
    const point = layout.pointBelow(element, bottoms[fit - 1])
    if (!point) return undefined
    if ('before' in point) range.setStartBefore(point.before)
    else range.setStart(point.node, point.offset)
    range.setEnd(element, element.childNodes.length)
    const rest = element.cloneNode(false) as HTMLElement
    rest.removeAttribute('id')
    rest.classList.add('continued')
    rest.appendChild(range.extractContents())
    stripIds(rest)
    element.classList.add('split')
    if (getComputedStyle(element).textAlign === 'justify') element.style.textAlignLast = 'justify'
    return rest
  }

  // --- Main loop -----------------------------------------------------------------------------------
  // Blocks are placed in batches sized from the space left and the average block height, then
  // measured with one layout; only the block that crosses the page end is handled one by one.
  let averageHeight = 40
  let placedCount = 0
  let placedHeight = 0
  newPage()
  let i = 0
  while (i < queue.length) {
    const top = page.placed.length ? bottomOf(page.placed[page.placed.length - 1].node) : page.content.getBoundingClientRect().top
    let room = Math.floor((limit() - top) / averageHeight) - 1
    const batch: Block[] = []
    let forced = false
    do {
      const item = queue[i]
      if (!place(item)) {
        forced = true
        break
      }
      batch.push(item)
      i++
    } while (--room > 0 && i < queue.length)
    const end = limit()
    let over = batch.findIndex((item) => bottomOf(item.node) > end + EPSILON)
    if (over !== -1) {
      // Take back what follows the first block that does not fit, with its footnotes.
      for (let k = batch.length - 1; k > over; k--) {
        detach(batch[k])
        i--
      }
      batch.length = over + 1
      if (bottomOf(batch[over].node) <= limit() + EPSILON) over = -1
    }
    for (const item of over === -1 ? batch : batch.slice(0, over)) {
      for (const handler of handlers) handler.blockPlaced?.(item)
      placedCount++
      placedHeight += item.node.getBoundingClientRect().height
    }
    averageHeight = Math.max(12, placedHeight / Math.max(1, placedCount))
    if (over === -1) {
      if (forced) newPage()
      continue
    }
    const item = batch[over]
    i-- // the index of `item`
    // The block crosses the page end (or its footnotes do not fit).
    const alone = page.placed.length === 1
    footnotes.lift(item)
    const available = limit()
    const rest = item.node instanceof HTMLTableElement ? splitTable(item.node, available) : splitText(item.node, available)
    if (rest) {
      footnotes.place(item, page)
      // The first part's own notes may push its last lines down: give back lines until it fits.
      let guard = 0
      while (bottomOf(item.node) > limit() + EPSILON && guard++ < 20) {
        footnotes.lift(item)
        const more = splitText(item.node, limit() - 1)
        if (!more) break
        // Lines given back go in front of the rest, in their order.
        const back = doc.createDocumentFragment()
        while (more.firstChild) back.appendChild(more.firstChild)
        rest.insertBefore(back, rest.firstChild)
        footnotes.place(item, page)
      }
      for (const handler of handlers) handler.onSplit?.(item.node)
      for (const handler of handlers) handler.blockPlaced?.(item)
      queue.splice(i + 1, 0, { node: rest, chain: item.chain, continuation: true, notes: [] })
      i++
      newPage()
      continue
    }
    if (alone) {
      // Nothing fits a whole page: keep it here (clipped) rather than loop.
      footnotes.restore(item, page)
      i++
      newPage()
      continue
    }
    detach(item)
    // Keep headings with what follows them.
    while (page.placed.length > 1 && avoidsBreakAfter(page.placed[page.placed.length - 1].node)) {
      detach(page.placed[page.placed.length - 1])
      i--
    }
    closeEmpty()
    newPage()
  }
  finishPage(page)

  function finishPage(p: Page): void {
    for (const handler of handlers) handler.afterPageLayout?.(p)
    resetTopMargins(p)
  }

  timer.end('flow')
  // Drop a trailing empty page.
  const lastPage = pages[pages.length - 1]
  if (pages.length > 1 && !lastPage.content.textContent.trim() && !lastPage.content.querySelector('img, svg, table')) {
    lastPage.element.remove()
    pages.pop()
  }

  for (const handler of handlers) {
    if (!handler.afterRendered) continue
    handler.afterRendered(pages, layout)
    if (handler.phase) timer.end(handler.phase)
  }
  return { pages: pages.length, front: folios.front, folios: folios.folios, pageOf: folios.pageOf, blocks: layoutMap.blocks, phases: timer.phases, ms: timer.total() }
}
