// Blocks made to fit the width of the text block, once laid out on their page. Chromium lays a
// table out at least as wide as its columns' widest words, whatever the room: a table of ten
// columns or more ran off the sheet, cut at its edge. Such a table is set smaller, step by step
// (`data-fit="1"`, `"2"`: smaller type and cell padding, in base.css), and at last its cells may
// break words anywhere (`data-fit="3"`). What still does not fit is reported (overflow.ts).
import type { Handler } from './handler.js'

/** The steps of base.css for `table[data-fit]`, tried in order. */
const STEPS = ['1', '2', '3']

/** Fits wide tables to the width of their container once a batch of blocks is on the page (one layout for the batch). */
export function createFit(): Handler {
  return {
    blocksLaidOut(blocks) {
      // Tables are blocks of their own (flow.ts): a table is never inside another block.
      for (const block of blocks) if (block.node instanceof HTMLTableElement) fitTable(block.node)
    }
  }
}

/** Set `table` smaller, step by step, until it is no wider than its container's content box. */
function fitTable(table: HTMLTableElement): void {
  // A part of a table split before keeps the size (and the column widths) the first part had.
  if (table.dataset.fit || table.classList.contains('continued')) return
  const room = contentRight(table.parentElement)
  if (room === undefined) return
  for (const step of STEPS) {
    if (table.getBoundingClientRect().right <= room + 0.5) return
    table.dataset.fit = step
  }
}

/** The right edge of `element`'s content box (CSS px), or undefined without an element. */
function contentRight(element: HTMLElement | null): number | undefined {
  if (!element) return undefined
  const style = getComputedStyle(element)
  return element.getBoundingClientRect().right - (parseFloat(style.paddingRight) || 0) - (parseFloat(style.borderRightWidth) || 0)
}
