// Blocks that do not fit their page: wider than the text block (content runs off the sheet and
// is cut at its edge) or taller than the page (kept alone on it, cut at its foot). Nothing of
// the text may be lost without a word: each is returned to Node (PaginateResult `overflows`),
// which reports it at the block's source line (rule `layout-overflow`).
import type { Handler } from './handler.js'
import type { Page } from './page.js'
import type { LayoutOverflow } from './types.js'

/** Tolerance (CSS px): sub-pixel layout and hanging punctuation are no overflow. */
const SLACK = 1

/** The overflow handler, and what it found once every page is laid out. */
export interface Overflows extends Handler {
  readonly overflows: LayoutOverflow[]
}

/** Finds the blocks of every page that overflow its text block, once all are laid out. */
export function createOverflows(): Overflows {
  const overflows: LayoutOverflow[] = []
  return {
    overflows,
    afterRendered(pages, layout) {
      pages.forEach((page, index) => {
        page.overflows ??= measurePage(page, layout.range)
        for (const found of page.overflows) overflows.push({ page: index + 1, folio: page.element.dataset.folio, ...found })
      })
    }
  }
}

/** The blocks and footnotes of `page` that overflow its text block. */
function measurePage(page: Page, range: Range): NonNullable<Page['overflows']> {
  const content = page.content.getBoundingClientRect()
  const area = page.area.getBoundingClientRect()
  const found: NonNullable<Page['overflows']> = []
  for (const node of [...page.placed.map((block) => block.node), ...(page.footnotes.children as HTMLCollectionOf<HTMLElement>)]) {
    const overflow = measure(node, content.right, area.bottom, range)
    if (overflow) found.push({ ...overflow, ...origin(node) })
  }
  return found
}

/** How far `node` runs beyond the right edge or the foot of the text block, if it does. */
function measure(node: HTMLElement, right: number, bottom: number, range: Range): Pick<LayoutOverflow, 'kind' | 'by'> | undefined {
  // Margin notes (writer codes of review copies) stand in the margin on purpose.
  if (!node.isConnected || /^(absolute|fixed)$/.test(getComputedStyle(node).position)) return undefined
  const rect = node.getBoundingClientRect()
  if (rect.bottom - bottom > SLACK) return { kind: 'tall', by: Math.round(rect.bottom - bottom) }
  // Content running out of a block of the right width (a long line of code, a word) widens its
  // scroll box; that is cheap to read, and only then is its text measured: a decoration set in
  // the margin on purpose (the cover's full-bleed background) holds no text.
  if (rect.right - right <= SLACK && rect.left + node.scrollWidth - right <= SLACK) return undefined
  let reach = rect.right
  if (rect.right - right <= SLACK) {
    // The text's own boxes (a range over the block would add the boxes of every element in it).
    reach = -Infinity
    const walker = node.ownerDocument.createTreeWalker(node, NodeFilter.SHOW_TEXT)
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      range.selectNodeContents(text)
      for (const box of range.getClientRects()) if (box.width > 0) reach = Math.max(reach, box.right)
    }
    for (const media of node.querySelectorAll('img, svg, video, canvas, table')) reach = Math.max(reach, media.getBoundingClientRect().right)
  }
  return reach - right > SLACK ? { kind: 'wide', by: Math.round(reach - right) } : undefined
}

/** Where `node` comes from: its contribution (`data-source`), its source line (its own `data-line` or its first descendant's), its tag and a little of its text. */
function origin(node: HTMLElement): Pick<LayoutOverflow, 'source' | 'line' | 'tag' | 'text'> {
  const lined = node.hasAttribute('data-line') ? node : node.querySelector('[data-line]')
  const source = node.closest('[data-source]')?.getAttribute('data-source') ?? undefined
  const line = lined ? Number(lined.getAttribute('data-line')) : undefined
  const text = (node.textContent ?? '').replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim().slice(0, 60)
  return { source, line, tag: node.tagName.toLowerCase(), text }
}
