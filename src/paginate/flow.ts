// The flow: the body of the document taken apart into blocks, in document order. Containers
// (sections, lists, quotes...) are walked into; every other element is a block, placed whole or
// split at a page end. Each block keeps the chain of containers around it, which the pages
// open again as clones (containers.ts).

/** Containers: walked into, unless they hold text of their own (then they are blocks). */
const CONTAINERS = new Set(['SECTION', 'DIV', 'MAIN', 'ARTICLE', 'NAV', 'HEADER', 'FOOTER', 'OL', 'UL', 'DL', 'BLOCKQUOTE', 'LI', 'ASIDE'])

/** Inline elements: a container that holds one is a block of text. */
export const INLINE = new Set(['A', 'ABBR', 'B', 'BR', 'CODE', 'DEL', 'EM', 'I', 'IMG', 'INS', 'KBD', 'MARK', 'Q', 'S', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'U', 'SVG', 'TIME', 'VAR', 'WBR'])

/**
 * One block of the flow, with the chain of containers (the originals) around it, outermost
 * first. The rest of a block split at a page end is a block too, a `continuation`: what
 * Paged.js keeps as a BreakToken, here simply the next block to place.
 */
export interface Block {
  node: HTMLElement
  chain: HTMLElement[]
  /** The rest of a block split at a page end. */
  continuation?: boolean
  /** Footnotes placed with it on its page (footnotes.ts). */
  notes: HTMLElement[]
  /** Its place in the flow as taken (the rest of a split block has its block's). */
  origin: number
}

/**
 * Take the flow out of `source` (the body, or a new build's body waiting in the page, see
 * memory.ts): everything but `<template>`, `<script>` and `<style>` moves into a fragment, and
 * its blocks are returned in document order. Call after the handlers' beforeParsed (footnotes
 * are out of the flow by then).
 */
export function takeFlow(source: HTMLElement): Block[] {
  keepLastEntries(source)
  const flow = source.ownerDocument.createDocumentFragment()
  for (const child of [...source.childNodes]) {
    if (child.nodeName === 'TEMPLATE' || child.nodeName === 'SCRIPT' || child.nodeName === 'STYLE') continue
    flow.appendChild(child)
  }
  const blocks: Block[] = []
  flatten(flow, [], blocks)
  return blocks
}

/**
 * The last entry of the contents and of the lists of figures and tables never opens a page
 * alone: it avoids the break before it (as an end mark does), so the entry before comes along.
 * The last entry shown, that is: a template may hide a level of the contents. Read while the
 * lists are in the document (a detached element has no computed style).
 */
function keepLastEntries(source: HTMLElement): void {
  for (const list of source.querySelectorAll<HTMLElement>('ol.toc-list, ol.lof-list')) {
    const shown = [...list.children].filter((entry) => getComputedStyle(entry).display !== 'none')
    const last = shown[shown.length - 1] as HTMLElement | undefined
    if (last && shown.length > 2 && !last.style.breakBefore) last.style.breakBefore = 'avoid'
  }
}

function flatten(container: ParentNode, chain: HTMLElement[], blocks: Block[]): void {
  for (const child of [...container.childNodes]) {
    if (child.nodeType !== 1) continue
    // Blocks are HTML elements, or SVG and MathML ones, which have the members used here too.
    const element = child as HTMLElement
    if (isContainer(element)) {
      const next = chain.concat([element])
      flatten(element, next, blocks)
    } else {
      // A paragraph that leads into a list stays with it (the proof reader's "lead-in line
      // stranded at the foot of the page"): set here, once, rather than by a `:has()` rule that
      // Chromium would re-evaluate on every move of the paginator.
      if (element.tagName === 'P' && /^(UL|OL)$/.test(element.nextElementSibling?.tagName ?? '') && !element.style.breakAfter) element.style.breakAfter = 'avoid'
      blocks.push({ node: element, chain, notes: [], origin: blocks.length })
    }
  }
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
