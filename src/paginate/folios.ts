// Folios and running heads: each page gets its number (roman before the page holding
// `[data-folio-start]`, arabic from it), its header and footer from the templates, with the
// folio, the page count, the running chapter and the title filled in (none on a blank page);
// page references (`[data-page-of]`) get the folio of their target's page.
import type { Handler } from './handler.js'
import type { Page } from './page.js'

/** Header and footer templates, by id: the plain ones, and those of the first page and of front-matter pages. */
const TEMPLATE_IDS = ['page-header', 'page-footer', 'page-header-first', 'page-footer-first', 'page-header-front', 'page-footer-front']

/** The folios handler, and what it found once every page is laid out. */
export interface Folios extends Handler {
  /** The folio of each page, in order. */
  readonly folios: string[]
  /** Number of front-matter pages (roman folios). */
  readonly front: number
  /** Folio of the page holding each target of a page reference, by id. */
  readonly pageOf: Record<string, string>
}

/** What a page's blocks say about its running head and its folio. */
interface Marks {
  /** The first `[data-running]` title that starts on the page. */
  running?: string
  /** The last one: the running head of the pages after it. */
  lastRunning?: string
  /** Whether arabic folios start on this page. */
  folioStart: boolean
}

/** Folios, running heads and page references of one run. */
export function createFolios(doc: Document): Folios {
  const templates: Record<string, HTMLTemplateElement> = {}
  const marks = new Map<Page, Marks>()
  const folios: string[] = []
  const pageOf: Record<string, string> = {}
  let front = 0
  return {
    phase: 'folios',
    folios,
    pageOf,
    get front() {
      return front
    },
    beforeParsed(source) {
      for (const id of TEMPLATE_IDS) {
        // The new build's first (its body may wait beside the pages of the last run, memory.ts).
        const element = source.querySelector(`template#${id}`) ?? doc.getElementById(id)
        if (element instanceof HTMLTemplateElement) templates[id] = element
      }
      // Page references are laid out with room for three digits, filled in at the end.
      for (const ref of source.querySelectorAll('[data-page-of]')) if (!ref.textContent) ref.textContent = '000'
    },
    afterPageLayout(page) {
      const mark: Marks = { folioStart: false }
      for (const block of page.placed) {
        const running = block.node.getAttribute('data-running')
        if (running !== null) {
          if (mark.running === undefined) mark.running = running
          mark.lastRunning = running
        }
        if (block.node.hasAttribute('data-folio-start') || block.chain.some((c) => c.hasAttribute('data-folio-start'))) mark.folioStart = true
      }
      marks.set(page, mark)
    },
    afterRendered(pages) {
      const startIndex = pages.findIndex((p) => marks.get(p)!.folioStart || p.element.querySelector('[data-folio-start]'))
      front = startIndex > 0 ? startIndex : 0
      const count = pages.length - front
      const title = doc.title
      let running = ''
      pages.forEach((page, index) => {
        const mark = marks.get(page)!
        const isFront = index < front
        const folio = isFront ? roman(index + 1) : String(index - front + 1)
        folios.push(folio)
        page.element.dataset.folio = folio
        page.element.classList.toggle('page-first', index === 0)
        page.element.classList.toggle('page-front', isFront)
        if (mark.running !== undefined) running = mark.running
        // A page left blank (two-sided documents) counts, but shows neither folio nor running head.
        if (page.blank) return
        for (const [kind, box] of [['header', page.header], ['footer', page.footer]] as const) {
          // A page kept from the last run has them: its folio or running head may have changed.
          box.replaceChildren()
          const template = (index === 0 && templates[`page-${kind}-first`]) || (isFront && templates[`page-${kind}-front`]) || templates[`page-${kind}`]
          if (!template) continue
          box.appendChild(template.content.cloneNode(true))
          for (const slot of box.querySelectorAll('[data-page-number]')) slot.textContent = folio
          for (const slot of box.querySelectorAll('[data-page-count]')) slot.textContent = String(count)
          for (const slot of box.querySelectorAll('[data-running-chapter]')) slot.textContent = running
          for (const slot of box.querySelectorAll('[data-running-title]')) slot.textContent = title
        }
        if (mark.lastRunning !== undefined) running = mark.lastRunning
      })
      fillPageReferences(doc, pageOf)
    }
  }
}

/** Write into each page reference the folio of its target's page (`?` when there is none), and note it in `pageOf`. */
function fillPageReferences(doc: Document, pageOf: Record<string, string>): void {
  const refs = [...doc.querySelectorAll('[data-page-of]')]
  if (refs.length === 0) return
  // The targets found in one walk of the document, the first of each id in tree order (as
  // getElementById finds it). In the preview, the new body waits in the document beside the
  // pages of the last run (memory.ts): every id was there twice for a while, and Chromium then
  // finds each one again by walking the document. At 10x, 1,514 contents entries took 540 ms.
  const wanted = new Set(refs.map((ref) => ref.getAttribute('data-page-of')!.replace(/^#/, '')))
  const targets = new Map<string, Element>()
  for (const element of doc.querySelectorAll('[id]')) if (wanted.has(element.id) && !targets.has(element.id)) targets.set(element.id, element)
  for (const ref of refs) {
    const target = targets.get(ref.getAttribute('data-page-of')!.replace(/^#/, ''))
    const box = target && target.closest<HTMLElement>('.page')
    ref.textContent = box ? box.dataset.folio! : '?'
    if (box) pageOf[target.id] = box.dataset.folio!
  }
}

/** `n` in lower-case roman numerals. */
function roman(n: number): string {
  const table: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]
  let s = ''
  for (const [value, letters] of table) {
    while (n >= value) {
      s += letters
      n -= value
    }
  }
  return s
}
