// Page boxes: one `.page` a sheet, with a header, an area for the content and its footnotes,
// and a footer. The markup is the contract with templates (docs/architecture.md, "Page model").
import type { Block } from './flow.js'
import { INLINE } from './flow.js'

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

/** An empty page box numbered `number` (1-based), not yet in the document. */
export function createPage(doc: Document, number: number): Page {
  const element = doc.createElement('div')
  element.className = 'page'
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

/** A page top needs no top margin (as at a native page break): the first block, and the first block inside it... lose theirs. */
export function resetTopMargins(page: Page): void {
  let first = page.content.firstElementChild as HTMLElement | null
  while (first) {
    first.style.marginTop = '0'
    first = first.firstElementChild && !INLINE.has(first.firstElementChild.tagName) ? (first.firstElementChild as HTMLElement) : null
  }
}
