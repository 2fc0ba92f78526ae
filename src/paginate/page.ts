// Page boxes: one `.page` a sheet, with a header, an area for the content and its footnotes,
// and a footer. The markup is the contract with templates (docs/architecture.md, "Page model").
import type { Block } from './flow.js'
import { INLINE } from './flow.js'
import type { LayoutOverflow } from './types.js'

/** A page box, and what the flow put on it. */
export interface Page {
  element: HTMLDivElement
  header: HTMLDivElement
  area: HTMLDivElement
  content: HTMLDivElement
  footnotes: HTMLDivElement
  footer: HTMLDivElement
  /** Clones of the containers open at the end of the content, outermost first (containers.ts). */
  chain: Array<{ original: HTMLElement; clone: HTMLElement }>
  /** Blocks on the page, in order. */
  placed: Block[]
  /** A two-sided document's page left blank so that the next part opens on the side it asks for (no folio, no running head). */
  blank?: boolean
  /** What overflow.ts found on it, once measured: a page kept from the last run (memory.ts) is not measured again. */
  overflows?: Array<Omit<LayoutOverflow, 'page' | 'folio'>>
}

/**
 * Whether the document prints on both sides of the sheet: its style sheet sets the custom
 * property `--page-sides: 2` on the root. Then odd pages are right-hand pages (`page-recto`),
 * even ones left-hand pages (`page-verso`), `break-before: right | left` may leave a page blank,
 * and the page count is made even. Otherwise `right` and `left` breaks are plain page breaks.
 */
export function pageSides(doc: Document): 1 | 2 {
  return getComputedStyle(doc.documentElement).getPropertyValue('--page-sides').trim() === '2' ? 2 : 1
}

/**
 * Add the structural CSS the paginator relies on (templates style the rest: sizes, padding,
 * type), and the class `paginated` to the root, which shows the body (src/print/pdf.ts holds
 * it out of layout until then).
 */
export function installPageStyle(doc: Document): void {
  // Each page box is contained (size, layout, paint): a block placed on one page never makes
  // Chromium lay out or paint the others again, in the flow and in page.pdf() (measured at 409
  // pages: page.pdf() 3.8 s without, 2.9 s with).
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
}

/**
 * An empty page box numbered `number` (1-based), not yet in the document. In a two-sided
 * document (`sides` 2) it is a right-hand page (`page-recto`) when its number is odd, else a
 * left-hand one (`page-verso`): style sheets mirror margins, folios and running heads by them.
 */
export function createPage(doc: Document, number: number, sides: 1 | 2 = 1): Page {
  const element = doc.createElement('div')
  element.className = sides === 2 ? `page ${number % 2 === 1 ? 'page-recto' : 'page-verso'}` : 'page'
  element.dataset.page = String(number)
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
  return { element, header, area, content, footnotes, footer, chain: [], placed: [] }
}

/**
 * A page top needs no top margin (as at a native page break): the first block, and the first
 * block inside it... lose theirs. Empty markers before it (`[data-folio-start]`) do not count.
 */
export function resetTopMargins(page: Page): void {
  let first = firstBlock(page.content.firstElementChild)
  while (first) {
    first.style.marginTop = '0'
    first = first.firstElementChild && !INLINE.has(first.firstElementChild.tagName) ? firstBlock(first.firstElementChild) : null
  }
}

/** `element`, or the first sibling after it when it is an empty marker (no content, nothing laid out). */
function firstBlock(element: Element | null): HTMLElement | null {
  let current = element
  while (current && current.childNodes.length === 0 && current.nextElementSibling && current.tagName !== 'IMG' && current.tagName !== 'HR') current = current.nextElementSibling
  return current as HTMLElement | null
}
