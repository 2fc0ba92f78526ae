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
import { bottomOf as bottomIn, createLayout, EPSILON, lineBoxes } from './layout.js'
import { splitTable } from './tables.js'
import { startTimer } from './timing.js'
import type { LayoutBlock, PaginateOptions, PaginateResult } from './types.js'

declare global {
  /** The paginator, defined when dist/paginate.js is evaluated in the page. */
  // eslint-disable-next-line no-var
  var guidelinesPaginate: (options?: PaginateOptions) => PaginateResult
}

/** One block of the flow, with the chain of containers (originals) around it. */
interface Block {
  node: HTMLElement
  chain: HTMLElement[]
  /** The rest of a block split at a page end. */
  continuation?: boolean
  /** Footnotes placed with it on its page. */
  notes: HTMLElement[]
}

/** A page box while the flow fills it. */
interface Page {
  element: HTMLDivElement
  header: HTMLDivElement
  footer: HTMLDivElement
  area: HTMLDivElement
  content: HTMLDivElement
  footnotes: HTMLDivElement
  /** Clones of the containers open at the end of the content, outermost first. */
  chain: Array<{ original: HTMLElement; clone: HTMLElement }>
  placed: Block[]
  running: string | undefined
  lastRunning?: string
  folioStart: boolean
}

// Long words of running prose (paragraphs, list items, cells, notes), not titles or code.
const LONG_WORD = /[\p{Ll}\p{Lu}][\p{Ll}'’]{6,}/gu
const NOT_PROSE = 'h1, h2, h3, h4, h5, h6, code, pre, th, caption, abbr, template, style, script, .toc, nav, [data-no-hyphens], [class*="subtitle"], [class*="cover"]'
const PROSE = 'p, li, td, dd, blockquote, figcaption, aside'
function proseTextNodes(): Text[] {
  // One walk down the tree, skipping excluded subtrees whole (a closest() per text node cost
  // twice as much).
  const nodes: Text[] = []
  const stack: Array<[Element, boolean]> = [[document.body, false]]
  while (stack.length > 0) {
    const [element, inProse] = stack.pop()!
    if (element.matches(NOT_PROSE)) continue
    const prose = inProse || element.matches(PROSE)
    for (let child = element.lastChild; child; child = child.previousSibling) {
      if (child.nodeType === 1) stack.push([child as Element, prose])
      else if (child.nodeType === 3 && prose) nodes.push(child as Text)
    }
  }
  return nodes
}

globalThis.guidelinesPaginate = function guidelinesPaginate(options: PaginateOptions = {}): PaginateResult {
  const doc = document
  const body = doc.body
  const timer = startTimer()

  // Containers are walked into; every other element is a block ("leaf") placed whole or split.
  const CONTAINERS = new Set(['SECTION', 'DIV', 'MAIN', 'ARTICLE', 'NAV', 'HEADER', 'FOOTER', 'OL', 'UL', 'DL', 'BLOCKQUOTE', 'LI', 'ASIDE'])
  const INLINE = new Set(['A', 'ABBR', 'B', 'BR', 'CODE', 'DEL', 'EM', 'I', 'IMG', 'INS', 'KBD', 'MARK', 'Q', 'S', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'U', 'SVG', 'TIME', 'VAR', 'WBR'])
  const TEXT_BLOCKS = new Set(['P', 'LI', 'DD', 'DT', 'BLOCKQUOTE', 'ADDRESS', 'DIV', 'ASIDE', 'FIGCAPTION'])
  // The hyphen kept by a word broken at the page end (its soft hyphen no longer ends a line, so
  // Chromium would draw none): U+002D HYPHEN-MINUS. At a soft-hyphen break Chromium draws U+2010
  // HYPHEN when the font has it, as the shipped fonts do (U+002D otherwise), which is a little
  // wider (11pt Source Serif 4: 4.89 px against 4.70), so the line still fits as measured.
  const HYPHEN = '-'

  // Structural CSS the paginator relies on; templates style the rest (sizes, padding, type).
  // Each page box is contained (size, layout, paint): a block placed on one page never makes
  // Chromium lay out or paint the others again, in the flow below and in page.pdf() (measured
  // at 409 pages: page.pdf() 3.8 s without, 2.9 s with).
  const style = doc.createElement('style')
  style.textContent = `
    @page { size: A4; margin: 0 }
    html, body { margin: 0 !important; padding: 0 !important; }
    .pages { display: block; }
    .page { width: 210mm; height: 297mm; box-sizing: border-box; position: relative; overflow: hidden; contain: size layout paint;
            display: flex; flex-direction: column; break-after: page; page-break-after: always; }
    .page:last-child { break-after: auto; page-break-after: auto; }
    .page-header, .page-footer { flex: none; }
    .page-area { flex: 1 1 auto; position: relative; min-height: 0; }
    .page-content { display: flow-root; }
    .page-footnotes { position: absolute; left: 0; right: 0; bottom: 0; }
    .page-footnotes:empty { display: none; }
    .line-numbers { position: absolute; left: 0; top: 0; width: 0; height: 0; }
    .line-numbers span { position: absolute; font-family: 'Source Sans 3', sans-serif; font-size: 7pt; color: #777;
                         text-align: right; width: 10mm; line-height: 1; }
  `
  doc.head.appendChild(style)
  // Style sheets key on this class, never on :has(.page): a :has() over the body makes Chromium
  // restyle the whole document after every block moved (measured: 40 ms a page instead of 3).
  doc.documentElement.classList.add('paginated')

  // --- Hyphenation of running prose (soft hyphens from Node's patterns: see src/print/hyphenate.ts)
  // The soft hyphens stay in the page; those that do not end a line are taken out of the PDF's
  // text afterwards (src/print/soft-hyphens.ts), not out of the page, which Chromium would then
  // lay out again.
  if (options.hyphenation) {
    const words = options.hyphenation
    for (const node of proseTextNodes()) {
      node.data = node.data.replace(LONG_WORD, (word) => words[word] || word)
    }
  }

  const layout = createLayout(doc)
  const range = layout.range
  timer.end('setup')
  // --- The flow -----------------------------------------------------------------------------
  const templates: Record<string, HTMLTemplateElement> = {}
  for (const name of ['page-header', 'page-footer', 'page-header-first', 'page-footer-first', 'page-header-front', 'page-footer-front']) {
    const element = doc.getElementById(name)
    if (element && element instanceof HTMLTemplateElement) templates[name] = element
  }
  const notes = new Map<string, HTMLElement>()
  for (const aside of doc.querySelectorAll<HTMLElement>('aside.footnote')) {
    notes.set(aside.id, aside)
    aside.remove()
  }
  for (const list of doc.querySelectorAll('section.footnotes')) list.remove()
  for (const ref of doc.querySelectorAll('[data-page-of]')) if (!ref.textContent) ref.textContent = '000'

  const source = doc.createDocumentFragment()
  for (const child of [...body.childNodes]) {
    if (child.nodeName === 'TEMPLATE' || child.nodeName === 'SCRIPT' || child.nodeName === 'STYLE') continue
    source.appendChild(child)
  }

  function isContainer(element: Element): boolean {
    if (!CONTAINERS.has(element.tagName) || element.children.length === 0) return false
    if (element.classList.contains('keep') || element.classList.contains('footnote')) return false
    for (const child of element.childNodes) {
      if (child.nodeType === 3 && (child as Text).data.trim() !== '') return false
      if (child.nodeType === 1 && INLINE.has((child as Element).tagName) && !isMarginNote(child as Element)) return false
    }
    return true
  }

  // Margin notes (writer codes of review editions) are positioned out of the flow: blocks, not text.
  function isMarginNote(element: Element): boolean {
    return element.classList.contains('attribution') || element.hasAttribute('data-margin-note')
  }

  // Every block in document order, with the chain of containers (originals) around it.
  const queue: Block[] = []
  function flatten(container: ParentNode, chain: HTMLElement[]): void {
    for (const child of [...container.childNodes]) {
      if (child.nodeType !== 1) continue
      // Blocks are HTML elements, or SVG and MathML ones, which have the same members used here.
      const element = child as HTMLElement
      if (isContainer(element)) {
        const next = chain.concat([element])
        flatten(element, next)
      } else {
        queue.push({ node: element, chain, notes: [] })
      }
    }
  }
  flatten(source, [])
  // Containers lose their children as blocks move out; keep shallow originals to clone from.
  const opened = new Set<Element>()
  const originOf = new WeakMap<Element, HTMLElement>()
  const placedItems = new Map<Element, number>()

  // --- Pages -----------------------------------------------------------------------------------
  const pagesRoot = doc.createElement('div')
  pagesRoot.className = 'pages'
  body.appendChild(pagesRoot)
  const pages: Page[] = []
  let page!: Page

  function newPage(): Page {
    if (page) finishPage(page)
    const element = doc.createElement('div')
    element.className = 'page'
    element.dataset.page = String(pages.length + 1)
    const header = doc.createElement('div')
    header.className = 'page-header'
    // Running heads and folios repeat on every page: not part of the reading order.
    header.setAttribute('aria-hidden', 'true')
    const area = doc.createElement('div')
    area.className = 'page-area'
    const content = doc.createElement('div')
    content.className = 'page-content'
    const footnotes = doc.createElement('div')
    footnotes.className = 'page-footnotes'
    footnotes.setAttribute('role', 'doc-endnotes')
    area.append(content, footnotes)
    const footer = doc.createElement('div')
    footer.className = 'page-footer'
    footer.setAttribute('aria-hidden', 'true')
    element.append(header, area, footer)
    pagesRoot.appendChild(element)
    page = { element, header, footer, area, content, footnotes, chain: [], placed: [], running: undefined, folioStart: false }
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
        if (original.tagName === 'OL') {
          const start = Number(original.getAttribute('start') || 1)
          const placed = placedItems.get(original) || 0
          clone.setAttribute('start', String(start + Math.max(0, placed - (continuesItem(chain, i) ? 1 : 0))))
        }
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
  // Whether the list item right inside chain[i] is a continuation (its number was shown already).
  function continuesItem(chain: HTMLElement[], i: number): boolean {
    const inner = chain[i + 1]
    return Boolean(inner && inner.tagName === 'LI' && opened.has(inner))
  }

  function citedNotes(element: Element): HTMLElement[] {
    const found: HTMLElement[] = []
    for (const link of element.querySelectorAll('sup.fnref a[href^="#fn-"], a.fnref[href^="#fn-"]')) {
      const aside = notes.get(link.getAttribute('href')!.slice(1))
      if (aside && !aside.isConnected && !found.includes(aside)) found.push(aside)
    }
    return found
  }

  // Bottom limit for content on the current page: the top of the footnotes, or the area's end.
  function limit(): number {
    const area = page.area.getBoundingClientRect()
    if (page.footnotes.firstChild) return page.footnotes.getBoundingClientRect().top - gapAboveNotes()
    return area.bottom
  }
  let noteGap: number | undefined
  function gapAboveNotes(): number {
    if (noteGap === undefined) noteGap = parseFloat(getComputedStyle(page.footnotes).marginTop) || 0
    return noteGap
  }

  function bottomOf(element: Element): number {
    return bottomIn(element, page.chain)
  }

  function detach(item: Block): void {
    const element = item.node
    const parent = element.parentNode as HTMLElement | null
    element.remove()
    for (const aside of item.notes || []) aside.remove()
    item.notes = []
    // Remove containers left empty by the move, and let the next page open them first.
    let node = parent
    while (node && node !== page.content && node.children.length === 0) {
      const up = node.parentNode as HTMLElement | null
      release(node)
      node = up
    }
    page.placed.pop()
  }

  // Ordered lists continue their numbering on the next page: count the items placed.
  function countItem(item: Block): void {
    const list = item.chain[item.chain.length - 1]
    if (list && !item.continuation) placedItems.set(list, (placedItems.get(list) || 0) + 1)
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
    item.notes = citedNotes(item.node)
    for (const aside of item.notes) page.footnotes.appendChild(aside)
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

  // A word broken at the page end keeps its hyphen (the same glyph Chromium draws for a soft one).
  function keepHyphenAtEnd(element: Element): void {
    const walker = doc.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    let lastText: Text | undefined
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) if (node.data.trim()) lastText = node
    if (lastText && lastText.data.endsWith('\u00ad')) lastText.data = lastText.data.slice(0, -1) + HYPHEN
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
      if (item.node.tagName === 'LI') countItem(item)
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
    for (const aside of item.notes) aside.remove()
    const available = limit()
    const rest = item.node instanceof HTMLTableElement ? splitTable(item.node, available) : splitText(item.node, available)
    if (rest) {
      item.notes = citedNotes(item.node)
      for (const aside of item.notes) page.footnotes.appendChild(aside)
      // The first part's own notes may push its last lines down: give back lines until it fits.
      let guard = 0
      while (bottomOf(item.node) > limit() + EPSILON && guard++ < 20) {
        for (const aside of item.notes) aside.remove()
        const more = splitText(item.node, limit() - 1)
        if (!more) break
        // Lines given back go in front of the rest, in their order.
        const back = doc.createDocumentFragment()
        while (more.firstChild) back.appendChild(more.firstChild)
        rest.insertBefore(back, rest.firstChild)
        item.notes = citedNotes(item.node)
        for (const aside of item.notes) page.footnotes.appendChild(aside)
      }
      keepHyphenAtEnd(item.node)
      if (item.node.tagName === 'LI') countItem(item)
      queue.splice(i + 1, 0, { node: rest, chain: item.chain, continuation: true, notes: [] })
      i++
      newPage()
      continue
    }
    if (alone) {
      // Nothing fits a whole page: keep it here (clipped) rather than loop.
      for (const aside of item.notes) page.footnotes.appendChild(aside)
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
    for (const item of p.placed) {
      const running = item.node.getAttribute('data-running')
      if (running !== null) {
        if (p.running === undefined) p.running = running
        p.lastRunning = running
      }
      if (item.node.hasAttribute('data-folio-start') || item.chain.some((c) => c.hasAttribute('data-folio-start'))) p.folioStart = true
      // Page classes: templates style opening pages without :has() (see docs/architecture.md).
      if (running !== null && !item.node.classList.contains('continued')) {
        p.element.classList.add('page-opens-part')
        for (const name of item.node.classList) p.element.classList.add(`page-opens-${name}`)
      }
      for (const element of [item.node, ...item.chain]) {
        const extra = element.getAttribute('data-page-class')
        if (extra) for (const name of extra.split(/\s+/)) if (name) p.element.classList.add(name)
      }
    }
    // A page top needs no top margin (as at a native page break).
    let first = p.content.firstElementChild as HTMLElement | null
    while (first) {
      first.style.marginTop = '0'
      first = first.firstElementChild && !INLINE.has(first.firstElementChild.tagName) ? (first.firstElementChild as HTMLElement) : null
    }
  }

  timer.end('flow')
  // Drop a trailing empty page.
  const lastPage = pages[pages.length - 1]
  if (pages.length > 1 && !lastPage.content.textContent.trim() && !lastPage.content.querySelector('img, svg, table')) {
    lastPage.element.remove()
    pages.pop()
  }

  // --- Folios, running heads, page references ----------------------------------------------------
  const startIndex = pages.findIndex((p) => p.folioStart || p.element.querySelector('[data-folio-start]'))
  const front = startIndex > 0 ? startIndex : 0
  const count = pages.length - front
  const roman = (n: number) => {
    const table: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]
    let s = ''
    for (const [value, letters] of table) while (n >= value) { s += letters; n -= value }
    return s
  }
  const title = doc.title
  let running = ''
  const folios: string[] = []
  pages.forEach((p, index) => {
    const isFront = index < front
    const folio = isFront ? roman(index + 1) : String(index - front + 1)
    folios.push(folio)
    p.element.dataset.folio = folio
    if (index === 0) p.element.classList.add('page-first')
    if (isFront) p.element.classList.add('page-front')
    if (p.running !== undefined) running = p.running
    const pick = (kind: string) => templates[`page-${kind}-${index === 0 ? 'first' : ''}`] || (isFront && templates[`page-${kind}-front`]) || templates[`page-${kind}`]
    for (const [kind, box] of [['header', p.header], ['footer', p.footer]] as const) {
      const template = index === 0 ? templates[`page-${kind}-first`] || pick(kind) : pick(kind)
      if (!template) continue
      box.appendChild(template.content.cloneNode(true))
      for (const slot of box.querySelectorAll('[data-page-number]')) slot.textContent = folio
      for (const slot of box.querySelectorAll('[data-page-count]')) slot.textContent = String(count)
      for (const slot of box.querySelectorAll('[data-running-chapter]')) slot.textContent = running
      for (const slot of box.querySelectorAll('[data-running-title]')) slot.textContent = title
    }
    if (p.lastRunning !== undefined) running = p.lastRunning
  })
  const pageOf: Record<string, string> = {}
  for (const ref of doc.querySelectorAll('[data-page-of]')) {
    const target = doc.getElementById(ref.getAttribute('data-page-of')!.replace(/^#/, ''))
    const box = target && target.closest<HTMLElement>('.page')
    ref.textContent = box ? box.dataset.folio! : '?'
    if (box) pageOf[target.id] = box.dataset.folio!
  }

  timer.end('folios')
  // --- Review: line numbers restarting on each page ------------------------------------------------
  if (options.lineNumbers) {
    for (const p of pages) {
      const pageBox = p.element.getBoundingClientRect()
      range.selectNodeContents(p.content)
      const tops = lineBoxes(range.getClientRects())
      const layer = doc.createElement('div')
      layer.className = 'line-numbers'
      layer.setAttribute('aria-hidden', 'true')
      tops.forEach((line, n) => {
        const span = doc.createElement('span')
        span.textContent = String(n + 1)
        span.style.top = `${line.bottom - pageBox.top - 9}px`
        span.style.left = `calc(${p.content.getBoundingClientRect().left - pageBox.left}px - 13mm)`
        layer.appendChild(span)
      })
      p.element.appendChild(layer)
    }
  }

  timer.end('lineNumbers')
  // --- Layout map (for mapping PDF annotations back to sources) -----------------------------------
  const hundredths = (v: number) => Math.round(v * 100) / 100
  let blocks: LayoutBlock[] | undefined
  if (options.layoutMap) {
    const list: LayoutBlock[] = []
    blocks = list
    pages.forEach((p, index) => {
      const pageBox = p.element.getBoundingClientRect()
      for (const element of p.element.querySelectorAll('[data-line]')) {
        range.selectNodeContents(element)
        const rects: LayoutBlock['rects'] = []
        for (const rect of range.getClientRects()) {
          if (rect.width === 0 || rect.height === 0) continue
          // Hundredths of a pixel, as the source map stores them: a third less to send to Node.
          rects.push({ x: hundredths(rect.left - pageBox.left), y: hundredths(rect.top - pageBox.top), w: hundredths(rect.width), h: hundredths(rect.height) })
        }
        const contribution = element.closest('[data-source]')
        list.push({
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

  timer.end('layoutMap')
  return { pages: pages.length, front, folios, pageOf, blocks, phases: timer.phases, ms: timer.total() }
}
