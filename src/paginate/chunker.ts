// The driver (Paged.js's Chunker): moves the blocks of the flow into page boxes, in order. Blocks
// are placed in batches sized from the room left and the average block height, then measured
// with one layout; only the block that crosses the page end is handled on its own: split (text
// between lines, tables between rows), kept alone on its page, or moved on with the headings
// before it. Features join in through the handlers' hooks.
import { avoidsBreakAfter, breaksBefore } from './breaks.js'
import { createContainers, type Containers } from './containers.js'
import type { Block } from './flow.js'
import type { Footnotes } from './footnotes.js'
import type { Handler } from './handler.js'
import { bottomOf, EPSILON, type Layout } from './layout.js'
import { createPage, resetTopMargins, type Page } from './page.js'
import { splitText } from './split.js'
import { splitTable } from './tables.js'

/** What the driver works with: measurement, the footnotes (they move the page's bottom) and every handler, in hook order. */
export interface ChunkParts {
  layout: Layout
  footnotes: Footnotes
  handlers: Handler[]
}

/** The state of one run of the driver, passed to its steps. */
interface Chunk extends ChunkParts {
  doc: Document
  /** The flow; the rest of a split block is inserted after it. */
  blocks: Block[]
  containers: Containers
  /** Holds the page boxes (`.pages`). */
  root: HTMLDivElement
  pages: Page[]
  /** The page being filled. */
  page: Page
  /** Average height of the blocks placed so far, to size the next batch. */
  averageHeight: number
  placedCount: number
  placedHeight: number
}

/** Lay `blocks` out into page boxes at the end of the body (in `.pages`), and return the pages. */
export function chunk(doc: Document, blocks: Block[], parts: ChunkParts): Page[] {
  const root = doc.createElement('div')
  root.className = 'pages'
  doc.body.appendChild(root)
  const first = createPage(doc, 1)
  root.appendChild(first.element)
  const run: Chunk = { ...parts, doc, blocks, containers: createContainers(parts.handlers), root, pages: [first], page: first, averageHeight: 40, placedCount: 0, placedHeight: 0 }
  let next = 0
  while (next < blocks.length) next = fill(run, next)
  finishPage(run, run.page)
  dropEmptyLastPage(run)
  return run.pages
}

/** Place a batch of blocks from `start` on the current page and settle it; returns the index of the next block to place. */
function fill(run: Chunk, start: number): number {
  const { batch, forced } = placeBatch(run, start)
  const over = firstOverflow(run, batch)
  settle(run, over === -1 ? batch : batch.slice(0, over))
  if (over !== -1) return onOverflow(run, batch[over], start + over)
  if (forced) newPage(run)
  return start + batch.length
}

/**
 * Place blocks from `start` while the room left (guessed from the average height) lasts, without
 * measuring them. `forced`: the batch stopped at a block that must start a new page.
 */
function placeBatch(run: Chunk, start: number): { batch: Block[]; forced: boolean } {
  const { page, blocks } = run
  const top = page.placed.length ? bottom(run, page.placed[page.placed.length - 1].node) : page.content.getBoundingClientRect().top
  let room = Math.floor((limit(run) - top) / run.averageHeight) - 1
  const batch: Block[] = []
  let i = start
  do {
    if (!place(run, blocks[i])) return { batch, forced: true }
    batch.push(blocks[i])
    i++
  } while (--room > 0 && i < blocks.length)
  return { batch, forced: false }
}

/**
 * The index in `batch` of the first block that ends below the page's limit, or -1. The blocks
 * after it are taken back (with their footnotes; `batch` is cut after it), which may leave it
 * room enough after all.
 */
function firstOverflow(run: Chunk, batch: Block[]): number {
  const end = limit(run)
  const over = batch.findIndex((block) => bottom(run, block.node) > end + EPSILON)
  if (over === -1) return -1
  for (let k = batch.length - 1; k > over; k--) detach(run, batch[k])
  batch.length = over + 1
  return bottom(run, batch[over].node) <= limit(run) + EPSILON ? -1 : over
}

/** `placed` are on the page for good: tell the handlers, and count them into the average height. */
function settle(run: Chunk, placed: Block[]): void {
  for (const block of placed) {
    for (const handler of run.handlers) handler.blockPlaced?.(block)
    run.placedCount++
    run.placedHeight += block.node.getBoundingClientRect().height
  }
  run.averageHeight = Math.max(12, run.placedHeight / Math.max(1, run.placedCount))
}

/**
 * `block` (at `index` in the flow) crosses the page end, or its footnotes do not fit: split it,
 * or keep it alone on its page, or move it to the next page with the headings before it. Starts
 * the next page; returns the index of the next block to place.
 */
function onOverflow(run: Chunk, block: Block, index: number): number {
  const { footnotes } = run
  const alone = run.page.placed.length === 1
  footnotes.lift(block)
  const available = limit(run)
  const rest = block.node instanceof HTMLTableElement ? splitTable(block.node, available) : splitText(run.doc, run.layout, block.node, available)
  if (rest) {
    footnotes.place(block, run.page)
    giveBackLines(run, block, rest)
    for (const handler of run.handlers) handler.onSplit?.(block.node)
    for (const handler of run.handlers) handler.blockPlaced?.(block)
    run.blocks.splice(index + 1, 0, { node: rest, chain: block.chain, continuation: true, notes: [] })
    newPage(run)
    return index + 1
  }
  if (alone) {
    // Nothing fits a whole page: keep it here (clipped) rather than loop.
    footnotes.restore(block, run.page)
    newPage(run)
    return index + 1
  }
  detach(run, block)
  // Keep headings with what follows them.
  let next = index
  while (run.page.placed.length > 1 && avoidsBreakAfter(run.page.placed[run.page.placed.length - 1].node)) {
    detach(run, run.page.placed[run.page.placed.length - 1])
    next--
  }
  run.containers.closeEmpty(run.page)
  newPage(run)
  return next
}

/** The kept part of a split block may not fit once its own footnotes are placed: move its last lines to the front of `rest` until it does. */
function giveBackLines(run: Chunk, block: Block, rest: HTMLElement): void {
  let guard = 0
  while (bottom(run, block.node) > limit(run) + EPSILON && guard++ < 20) {
    run.footnotes.lift(block)
    const more = splitText(run.doc, run.layout, block.node, limit(run) - 1)
    if (!more) break
    // Lines given back go in front of the rest, in their order.
    const back = run.doc.createDocumentFragment()
    while (more.firstChild) back.appendChild(more.firstChild)
    rest.insertBefore(back, rest.firstChild)
    run.footnotes.place(block, run.page)
  }
}

/**
 * Put `block` on the current page, in clones of its containers, with its footnotes. Returns
 * false, placing nothing, when the block (or a container it opens) must start a new page and
 * the page already has content.
 */
function place(run: Chunk, block: Block): boolean {
  const { page } = run
  const { parent, fresh } = run.containers.open(page, block.chain)
  parent.appendChild(block.node)
  if (page.placed.length > 0 && (fresh.some(breaksBefore) || breaksBefore(block.node))) {
    block.node.remove()
    run.containers.closeEmpty(page)
    return false
  }
  run.footnotes.place(block, page)
  page.placed.push(block)
  return true
}

/** Take the last block placed off the current page, with its footnotes and the container clones it leaves empty (the next page opens them first). */
function detach(run: Chunk, block: Block): void {
  const { page } = run
  const element = block.node
  const parent = element.parentNode as HTMLElement | null
  element.remove()
  run.footnotes.withdraw(block)
  let node = parent
  while (node && node !== page.content && node.children.length === 0) {
    const up = node.parentNode as HTMLElement | null
    run.containers.release(page, node)
    node = up
  }
  page.placed.pop()
}

/** Finish the current page and start the next. */
function newPage(run: Chunk): void {
  finishPage(run, run.page)
  run.page = createPage(run.doc, run.pages.length + 1)
  run.root.appendChild(run.page.element)
  run.pages.push(run.page)
}

function finishPage(run: Chunk, page: Page): void {
  for (const handler of run.handlers) handler.afterPageLayout?.(page)
  resetTopMargins(page)
}

/** The flow can end with a page break and nothing after it. */
function dropEmptyLastPage(run: Chunk): void {
  const last = run.pages[run.pages.length - 1]
  if (run.pages.length > 1 && !last.content.textContent.trim() && !last.content.querySelector('img, svg, table')) {
    last.element.remove()
    run.pages.pop()
  }
}

function limit(run: Chunk): number {
  return run.footnotes.limit(run.page)
}

function bottom(run: Chunk, element: Element): number {
  return bottomOf(element, run.page.chain)
}
