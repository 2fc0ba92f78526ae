// The driver (Paged.js's Chunker): moves the blocks of the flow into page boxes, in order. Blocks
// are placed in batches sized from the room left and the average block height, then measured
// with one layout; only the block that crosses the page end is handled on its own: split (text
// between lines, tables between rows), kept alone on its page, moved on with the headings
// before it (or with the end of the text before it, when it may not start a page), or, a
// figure, deferred to the next page while the text after it fills the room. Two-sided
// documents get blank pages where a part must open on a right-hand page, and an even count.
// Features join in through the handlers' hooks.
import { avoidsBreakAfter, avoidsBreakBefore, floats, strongestBreak, type BreakSide } from './breaks.js'
import { createContainers, type Containers } from './containers.js'
import type { Block } from './flow.js'
import type { Footnotes } from './footnotes.js'
import type { Resume, Start } from './memory.js'
import type { Handler } from './handler.js'
import { bottomOf, EPSILON, type Layout } from './layout.js'
import { createPage, pageSides, resetTopMargins, type Page } from './page.js'
import { splitText, unsplit } from './split.js'
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
  /** 2 when the document prints on both sides of the sheet (page.ts `pageSides`). */
  sides: 1 | 2
  /** Blocks on their page for good (the handlers heard of them): taking one back tells them. */
  settled: WeakSet<Block>
  /** Figures that did not fit the room left on their page: they open the next one. */
  deferred: Block[]
  /** Average height of the blocks placed so far, to size the next batch. */
  averageHeight: number
  placedCount: number
  placedHeight: number
  /** Where the pages that started clean started (memory.ts). */
  starts: Map<Page, Start>
  /** Pages of the last run still in `root` after this run's (memory.ts): new pages go before them. */
  rest: Page[]
  /** Times the footnotes disagreed with a page met again (`meet`). */
  noteLooks: number
  /** Page boxes in the document after the current page, not used yet (`addPage`). */
  spares: Page[]
}

/** What a run of the driver made: the pages, in order, and where those that started clean started (memory.ts). */
export interface Chunked {
  pages: Page[]
  starts: Map<Page, Start>
  /** Pages taken as they were from the last run (`resume`). */
  kept: number
}

/**
 * Lay `blocks` out into page boxes at the end of the body (in `.pages`), and return the pages.
 * With `resume` (the preview's memory of its last run, memory.ts), the pages it keeps stay as
 * they are, the run starts after them, and it takes on the last run's pages again where the flow
 * meets them.
 */
export function chunk(doc: Document, blocks: Block[], parts: ChunkParts, resume?: Resume): Chunked {
  const root = resume ? (resume.root as HTMLDivElement) : doc.createElement('div')
  if (!resume) {
    root.className = 'pages'
    doc.body.appendChild(root)
  }
  const sides = pageSides(doc)
  const start = resume?.start ?? { origin: 0, averageHeight: 40, placedCount: 0, placedHeight: 0 }
  const pages = resume ? [...resume.kept] : []
  const run: Chunk = { ...parts, doc, blocks, containers: createContainers(parts.handlers), root, pages, page: undefined!, sides, settled: new WeakSet(), deferred: [], ...start, starts: new Map(), rest: resume?.rest ?? [], noteLooks: 0, spares: [] }
  if (resume) keep(run, resume)
  addPage(run)
  let next = start.origin
  let met = false
  while (next < blocks.length) {
    if (run.page.placed.length === 0 && run.deferred.length === 0 && !blocks[next].continuation) {
      const { averageHeight, placedCount, placedHeight } = run
      run.starts.set(run.page, { origin: blocks[next].origin, averageHeight, placedCount, placedHeight })
      if (resume && meet(run, resume, blocks[next].origin)) {
        met = true
        break
      }
    }
    next = fill(run, next)
  }
  if (!met) {
    // Figures still waiting: on a page of their own after the text.
    while (run.deferred.length > 0) {
      if (run.page.placed.length > 0) newPage(run)
      else placeDeferred(run)
    }
    finishPage(run, run.page)
    dropSpares(run)
    dropEmptyLastPage(run)
    // A two-sided document ends on a left-hand page: the back of its last sheet.
    if (run.sides === 2 && run.pages.length % 2 === 1) {
      addPage(run)
      markBlank(run.page)
      finishPage(run, run.page)
    }
    for (const page of run.rest) page.element.remove()
  }
  dropSpares(run)
  return { pages: run.pages, starts: run.starts, kept: (resume?.kept.length ?? 0) + (met ? run.rest.length : 0) }
}

/** The blocks before `resume.start` are on the kept pages: the containers, the handlers and the pages' marks learn it, and the kept pages' starts carry over. */
function keep(run: Chunk, resume: Resume): void {
  for (const block of run.blocks) {
    if (block.origin >= resume.start.origin) break
    run.containers.keep(block.chain)
    for (const handler of run.handlers) handler.blockKept?.(block)
  }
  for (const page of resume.kept) takeOver(run, resume, page)
}

/** `page` of the last run is one of this run's pages as it is: the handlers hear of it again (folios, page classes), and its start carries over. */
function takeOver(run: Chunk, resume: Resume, page: Page): void {
  for (const handler of run.handlers) handler.afterPageLayout?.(page)
  const start = resume.startOf(page)
  if (start) run.starts.set(page, start)
}

/** How many times the footnotes may disagree with a page met again before the run stops looking (each look reads the pages after). */
const NOTE_LOOKS = 3

/**
 * The current page, empty, starts with block `origin`: when a page of the last run started so,
 * with the same blocks after it and the same footnotes still to place, it and the pages after it
 * take the current page's place, and the run is done. Returns whether they did.
 */
function meet(run: Chunk, resume: Resume, origin: number): boolean {
  const at = resume.match(origin, run.pages.length - 1, run.sides)
  if (at === undefined || run.noteLooks >= NOTE_LOOKS) return false
  const taken = run.rest.slice(at)
  if (!notesAgree(run, taken)) {
    run.noteLooks++
    return false
  }
  run.page.element.remove()
  run.starts.delete(run.pages.pop()!)
  dropSpares(run)
  for (const page of run.rest.slice(0, at)) page.element.remove()
  run.rest = taken
  for (const page of taken) {
    run.pages.push(page)
    page.element.dataset.page = String(run.pages.length)
    takeOver(run, resume, page)
  }
  run.page = run.pages[run.pages.length - 1]
  return true
}

/**
 * Whether `pages` (of the last run) hold the notes this run would put on them: each note they
 * cite is at their foot exactly when this run has not placed it before (a note cited twice, or a
 * citation moved into the changed pages, would otherwise be lost or printed twice).
 */
function notesAgree(run: Chunk, pages: Page[]): boolean {
  const there = new Set<string>()
  for (const page of pages) for (const note of page.footnotes.children) there.add(note.id)
  for (const page of pages) {
    for (const link of page.content.querySelectorAll('sup.fnref a[href^="#fn-"], a.fnref[href^="#fn-"]')) {
      const id = link.getAttribute('href')!.slice(1)
      if (there.has(id) === run.footnotes.placed(id)) return false
    }
  }
  return true
}

/** Place a batch of blocks from `start` on the current page and settle it; returns the index of the next block to place. */
function fill(run: Chunk, start: number): number {
  const { batch, forced } = placeBatch(run, start)
  for (const handler of run.handlers) handler.blocksLaidOut?.(batch)
  const over = firstOverflow(run, batch)
  settle(run, over === -1 ? batch : batch.slice(0, over))
  if (over !== -1) return onOverflow(run, batch[over], start + over)
  if (forced) {
    // Figures waiting for the next page go on a page of their own before a part that opens one.
    if (run.deferred.length > 0) newPage(run)
    newPage(run)
  }
  return start + batch.length
}

/**
 * Place blocks from `start` while the room left (guessed from the average height) lasts, without
 * measuring them. `forced`: the batch stopped at a block that must start a new page.
 */
function placeBatch(run: Chunk, start: number): { batch: Block[]; forced: boolean } {
  const { blocks } = run
  const batch: Block[] = []
  let i = start
  let room = 0
  do {
    if (!place(run, blocks[i])) return { batch, forced: true }
    // The room is guessed once the first block is on the page (it may have opened a new one).
    if (batch.length === 0) room = roomLeft(run)
    batch.push(blocks[i])
    i++
  } while (--room > 0 && i < blocks.length)
  return { batch, forced: false }
}

/** How many blocks of average height fit below the last one placed (at least one more is tried). */
function roomLeft(run: Chunk): number {
  const { page } = run
  const start = page.content.getBoundingClientRect().top
  // Never above the page's content: a block not shown (a contents level the template hides)
  // has an empty box at 0, which made the room the page's whole distance from the document's
  // top (at 4,746 pages, batches of thousands of contents entries, nearly all taken back).
  const top = page.placed.length > 1 ? Math.max(start, bottom(run, page.placed[page.placed.length - 2].node)) : start
  return Math.floor((limit(run) - top) / run.averageHeight) - 1
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
    run.settled.add(block)
    run.placedCount++
    run.placedHeight += block.node.getBoundingClientRect().height
  }
  run.averageHeight = Math.max(12, run.placedHeight / Math.max(1, run.placedCount))
}

/**
 * `block` (at `index` in the flow) crosses the page end, or its footnotes do not fit: split it,
 * or keep it alone on its page, or defer it (a figure), or move it to the next page with the
 * headings before it (and the end of the text before it, when it may not start a page). Starts
 * the next page unless the block was deferred; returns the index of the next block to place.
 */
function onOverflow(run: Chunk, block: Block, index: number): number {
  const { footnotes } = run
  const alone = run.page.placed.length === 1
  footnotes.lift(block)
  const available = limit(run)
  // Alone on its page, a block that avoids breaks inside is split all the same: it cannot fit any page whole.
  const rest = split(run, block, available, alone)
  if (rest && keepsItsNotes(run, block, rest, alone)) {
    for (const handler of run.handlers) handler.onSplit?.(block.node)
    for (const handler of run.handlers) handler.blockPlaced?.(block)
    run.settled.add(block)
    run.blocks.splice(index + 1, 0, { node: rest, chain: block.chain, continuation: true, notes: [], origin: block.origin })
    newPage(run)
    return index + 1
  }
  if (alone) {
    // Nothing fits a whole page: keep it here (clipped, and reported) rather than loop.
    footnotes.restore(block, run.page)
    newPage(run)
    return index + 1
  }
  // Read while the block is in the page (a detached element has no computed style).
  const endMark = avoidsBreakBefore(block.node)
  detach(run, block)
  if (floats(block.node)) {
    // The text after the figure fills the room; the figure opens the next page.
    run.containers.closeEmpty(run.page)
    run.deferred.push(block)
    return index + 1
  }
  let next = index
  if (endMark) {
    // Blocks not shown (a contents level the template hides) take no room: they come along first.
    while (run.page.placed.length > 1 && getComputedStyle(run.page.placed[run.page.placed.length - 1].node).display === 'none') {
      detach(run, run.page.placed[run.page.placed.length - 1])
      next--
    }
    // An end mark never opens a page alone: the last lines of the text before it come along.
    const carried = next === index ? carryLastLines(run, index) : undefined
    if (carried !== undefined) {
      newPage(run)
      return carried
    }
    if (run.page.placed.length > 1) {
      detach(run, run.page.placed[run.page.placed.length - 1])
      next--
    }
  }
  // Keep headings with what follows them. A text that does so too (a paragraph that leads into
  // a list) sends its last two lines along when it has four or more, and goes whole else.
  while (run.page.placed.length > 1 && avoidsBreakAfter(run.page.placed[run.page.placed.length - 1].node)) {
    if (next === index && !/^H[1-6]$/.test(run.page.placed[run.page.placed.length - 1].node.tagName)) {
      const carried = carryLastLines(run, index)
      if (carried !== undefined) {
        newPage(run)
        return carried
      }
    }
    detach(run, run.page.placed[run.page.placed.length - 1])
    next--
  }
  run.containers.closeEmpty(run.page)
  newPage(run)
  return next
}

/** Split `block` at `available`: tables between rows, text between lines (the hyphenation of the page's last line settled by the handlers). */
function split(run: Chunk, block: Block, available: number, force: boolean): HTMLElement | undefined {
  if (block.node instanceof HTMLTableElement) return splitTable(block.node, available)
  return splitText(run.layout, block.node, available, { force, settle: (element, line) => run.handlers.some((handler) => handler.beforeSplit?.(element, line) === true) })
}

/**
 * The last block placed on the page, a text of four lines or more, is split so that its last
 * two lines move to the next page (with the block at `index`, which may not start a page).
 * Returns the index of the block to place next (the lines moved), or undefined when the block
 * before is no such text.
 */
function carryLastLines(run: Chunk, index: number): number | undefined {
  const { page } = run
  if (page.placed.length === 0) return undefined
  const previous = page.placed[page.placed.length - 1]
  const lines = run.layout.lineBottoms(previous.node)
  if (lines.length < 4 || previous.node instanceof HTMLTableElement) return undefined
  run.footnotes.lift(previous)
  // Where the part that stays ends: below its last line's glyphs as far as the block ends below its own last line's.
  const tail = previous.node.getBoundingClientRect().bottom - lines[lines.length - 1]
  const rest = splitText(run.layout, previous.node, lines[lines.length - 3] + tail)
  run.footnotes.place(previous, page)
  if (!rest) return undefined
  for (const handler of run.handlers) handler.onSplit?.(previous.node)
  run.blocks.splice(index, 0, { node: rest, chain: previous.chain, continuation: true, notes: [], origin: previous.origin })
  return index
}

/**
 * Place the footnotes of the kept part of a split block. The kept part may not fit once they
 * are placed: move its last lines to the front of `rest` until it does. When it cannot (no two
 * lines stay with their notes), the split is undone, the notes lifted, and false returned: the
 * block moves on whole, its notes with it; alone on its page (nothing would fit better on the
 * next page), or a table, it stays split with its notes.
 */
function keepsItsNotes(run: Chunk, block: Block, rest: HTMLElement, alone: boolean): boolean {
  run.footnotes.place(block, run.page)
  let guard = 0
  while (bottom(run, block.node) > limit(run) + EPSILON && guard++ < 20) {
    run.footnotes.lift(block)
    const more = splitText(run.layout, block.node, limit(run) - 1)
    if (!more) {
      // A table is split between rows, and its rows are not given back here: it stays as split.
      if (alone || block.node instanceof HTMLTableElement) {
        run.footnotes.place(block, run.page)
        return true
      }
      unsplit(block.node, rest)
      return false
    }
    // Lines given back go in front of the rest, in their order.
    const back = run.doc.createDocumentFragment()
    while (more.firstChild) back.appendChild(more.firstChild)
    rest.insertBefore(back, rest.firstChild)
    run.footnotes.place(block, run.page)
  }
  return true
}

/**
 * Put `block` on the current page, in clones of its containers, with its footnotes. Returns
 * false, placing nothing, when the block (or a container it opens) must start a new page and
 * the page already has content. On an empty page of the wrong side (a part that opens on a
 * right-hand page, on a left-hand one), the page is left blank and the block goes on the next.
 */
function place(run: Chunk, block: Block): boolean {
  const { page } = run
  const { parent, fresh } = run.containers.open(page, block.chain)
  parent.appendChild(block.node)
  // A container continued from the page before opened long ago: its break is behind it.
  const side = strongestBreak([...fresh.filter((clone) => !clone.classList.contains('continued')), block.node])
  if (side && page.placed.length > 0) {
    block.node.remove()
    run.containers.closeEmpty(page)
    return false
  }
  if (side && run.sides === 2 && !onSide(page, side)) {
    block.node.remove()
    run.containers.closeEmpty(page)
    markBlank(page)
    newPage(run)
    return place(run, block)
  }
  for (const handler of run.handlers) handler.blockAdded?.(block)
  run.footnotes.place(block, page)
  page.placed.push(block)
  return true
}

/** Whether `page` is on the side a break asks for (any page for a plain page break). */
function onSide(page: Page, side: BreakSide): boolean {
  if (side === 'page') return true
  return page.element.classList.contains(side === 'right' ? 'page-recto' : 'page-verso')
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
  if (run.settled.has(block)) {
    run.settled.delete(block)
    for (const handler of run.handlers) handler.blockRemoved?.(block)
  }
}

/** Finish the current page and start the next, with the figures deferred to it at its top. */
function newPage(run: Chunk): void {
  finishPage(run, run.page)
  addPage(run)
  placeDeferred(run)
}

/**
 * Page boxes are added to the document a batch at a time, and used one by one. A block placed
 * on a page makes Chromium lay out that page box only (it is contained), but a page box added
 * to `.pages` makes it lay out the document, which looks at every page box again: one layout of
 * the whole list a page added grows with the square of the page count (at 4,746 pages, 4,559
 * layouts of the document took ~5 ms each, the paginator's layout time 21.7 ms a page against
 * 5.0 at 488 pages). A batch of a quarter of the pages made so far (4 to 64) keeps that to a
 * few dozen layouts. The boxes not used are removed at the end (`dropSpares`).
 */
function addPage(run: Chunk): void {
  if (run.spares.length === 0) {
    const count = Math.max(4, Math.min(64, Math.ceil(run.pages.length / 4)))
    const batch = run.doc.createDocumentFragment()
    for (let i = 0; i < count; i++) {
      const page = createPage(run.doc, run.pages.length + 1 + i, run.sides)
      run.spares.push(page)
      batch.appendChild(page.element)
    }
    // Before the last run's pages that wait there (memory.ts): they stay laid out.
    run.root.insertBefore(batch, run.rest[0]?.element ?? null)
  }
  run.page = run.spares.shift()!
  run.pages.push(run.page)
}

/** Remove the page boxes added but not used. */
function dropSpares(run: Chunk): void {
  for (const page of run.spares) page.element.remove()
  run.spares = []
}

/** Put the deferred figures at the top of the current (new) page, as many as fit; the others wait for the next. */
function placeDeferred(run: Chunk): void {
  while (run.deferred.length > 0) {
    const block = run.deferred[0]
    if (!place(run, block)) break
    if (run.page.placed.length > 1 && bottom(run, block.node) > limit(run) + EPSILON) {
      detach(run, block)
      run.containers.closeEmpty(run.page)
      break
    }
    run.deferred.shift()
    settle(run, [block])
  }
}

/** A page left blank: no content, and neither folio nor running head (folios.ts). */
function markBlank(page: Page): void {
  page.blank = true
  page.element.classList.add('page-blank')
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
    run.page = run.pages[run.pages.length - 1]
  }
}

function limit(run: Chunk): number {
  return run.footnotes.limit(run.page)
}

function bottom(run: Chunk, element: Element): number {
  return bottomOf(element, run.page.chain)
}
