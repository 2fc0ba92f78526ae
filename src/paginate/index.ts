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
// The split follows Paged.js: a driver (chunker.ts) moves the flow's blocks (flow.ts) into page
// boxes (page.ts), measuring through layout.ts; every feature is a handler (handler.ts) on the
// run's hooks. Everything is per-run state made here; the modules hold only constants. The
// preview asks a run to be remembered (memory.ts): the next one, on a new build's body handed
// over by `guidelinesNextBody`, keeps the pages that did not change.
import { chunk } from './chunker.js'
import { takeFlow } from './flow.js'
import { createFit } from './fit.js'
import { createFolios } from './folios.js'
import { createFootnotes } from './footnotes.js'
import type { Handler } from './handler.js'
import { createHyphens } from './hyphens.js'
import { createLayout } from './layout.js'
import { createLayoutMap } from './layout-map.js'
import { createLineNumbers } from './line-numbers.js'
import { createLists } from './lists.js'
import { blockKeys, planResume, type Memory } from './memory.js'
import { createOverflows } from './overflow.js'
import { installPageStyle } from './page.js'
import { pageClasses } from './page-classes.js'
import { startTimer } from './timing.js'
import type { PaginateOptions, PaginateResult } from './types.js'

declare global {
  /** The paginator, defined when dist/paginate.js is evaluated in the page (src/print/paginator.ts). */
  // eslint-disable-next-line no-var
  var guidelinesPaginate: (options?: PaginateOptions) => PaginateResult
  /**
   * Put `body` (a new build's, adopted into this document) in place of the body of a document
   * the paginator ran on with `remember`, keeping that run's pages laid out beside it; the next
   * `guidelinesPaginate` keeps those that did not change. False (nothing done) without such a
   * run: then replace the body, and remove the paginator's styles, as before a first run.
   */
  // eslint-disable-next-line no-var
  var guidelinesNextBody: (body: HTMLElement) => boolean
}

/** The last run's, when it was asked to remember. */
let memory: Memory | undefined

globalThis.guidelinesPaginate = function guidelinesPaginate(options: PaginateOptions = {}): PaginateResult {
  const doc = document
  const timer = startTimer()
  const previous = memory?.holder ? memory : undefined
  memory = undefined
  const source = previous?.holder ?? doc.body
  const footnotes = createFootnotes()
  const folios = createFolios(doc)
  const layoutMap = createLayoutMap(Boolean(options.layoutMap))
  const overflows = createOverflows()
  // In the order their hooks run: tables are fitted to the width before lines are looked at;
  // footnotes leave the flow before page references get room; folios are known before
  // overflows name their pages.
  const handlers: Handler[] = [createFit(), createHyphens(doc, options.hyphenation), footnotes, folios, overflows, pageClasses, createLists(), createLineNumbers(doc, Boolean(options.lineNumbers)), layoutMap]
  for (const handler of handlers) handler.beforeParsed?.(source)
  // Made after the text changes of beforeParsed (hyphenation), which it would have to follow.
  const layout = createLayout(doc)
  const blocks = takeFlow(source)
  // Only now: the class `paginated` shows the body, which would make Chromium compute the style
  // of the whole flow at the first style read (the contents' entries in takeFlow), to no use
  // once the flow has left it (at 10x, one style recalculation of 169 ms).
  if (!previous) installPageStyle(doc)
  const keys = options.remember || previous ? blockKeys(blocks) : undefined
  timer.end('setup')

  const { pages, starts, kept } = chunk(doc, blocks, { layout, footnotes, handlers }, previous && keys ? planResume(previous, keys) : undefined)
  if (options.remember && keys) memory = { root: pages[0].element.parentElement!, keys, pages, starts }
  timer.end('flow')

  for (const handler of handlers) {
    if (!handler.afterRendered) continue
    handler.afterRendered(pages, layout)
    if (handler.phase) timer.end(handler.phase)
  }
  return { pages: pages.length, front: folios.front, folios: folios.folios, pageOf: folios.pageOf, overflows: overflows.overflows, blocks: layoutMap.blocks, phases: timer.phases, ms: timer.total(), kept }
}

globalThis.guidelinesNextBody = function guidelinesNextBody(body: HTMLElement): boolean {
  const doc = document
  // The body's attributes (a class a style sheet keys on) are no part of the blocks' keys: when they change, nothing is kept.
  const attributes = (element: HTMLElement) => [...element.attributes].map((attribute) => `${attribute.name}=${attribute.value}`).join('\n')
  if (!memory || !memory.root.isConnected || attributes(body) !== attributes(doc.body)) {
    memory = undefined
    return false
  }
  const { root } = memory
  for (const child of [...doc.body.childNodes]) if (child !== root) child.remove()
  // Held out of layout until the run takes its flow out (laid out, it would cost a whole layout of the document).
  const holder = doc.createElement('div')
  holder.style.setProperty('display', 'none', 'important')
  holder.append(...body.childNodes)
  doc.body.insertBefore(holder, root)
  memory.holder?.remove()
  memory.holder = holder
  return true
}
