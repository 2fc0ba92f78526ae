// Tables split between rows: the rows that do not fit move to a copy of the table, which repeats
// the head (thead) and takes the foot (tfoot). At least two body rows stay on each side of the
// break, and both parts keep the column widths the whole table had.
import { EPSILON } from './layout.js'

/** Body rows that stay on each side of a break (a lone row under its head reads as a stray). */
export const MIN_ROWS = 2

/**
 * Split `table` before its first body row that ends below `available` (a y in CSS px), keeping
 * at least `MIN_ROWS` body rows on each side: returns the rest, a `.continued` copy without id,
 * and marks `table` `.split`. Undefined (the table is left as it is, to move on whole) when it
 * has too few body rows, or too few fit. Before it splits, the table's column widths are fixed
 * as laid out (fixColumnWidths), so that the rest has the same columns.
 */
export function splitTable(table: HTMLTableElement, available: number): HTMLTableElement | undefined {
  const body = table.tBodies[0]
  if (!body || body.rows.length < 2 * MIN_ROWS) return undefined
  const rows = [...body.rows]
  let index = rows.findIndex((row) => row.getBoundingClientRect().bottom > available + EPSILON)
  if (index === -1) return undefined
  if (rows.length - index < MIN_ROWS) index = rows.length - MIN_ROWS
  if (index < MIN_ROWS) return undefined
  fixColumnWidths(table)
  const rest = table.cloneNode(false) as HTMLTableElement
  rest.removeAttribute('id')
  rest.classList.add('continued')
  for (const group of table.querySelectorAll(':scope > colgroup')) rest.appendChild(group.cloneNode(true))
  if (table.tHead) rest.appendChild(table.tHead.cloneNode(true))
  const restBody = body.cloneNode(false) as HTMLTableSectionElement
  for (const row of rows.slice(index)) restBody.appendChild(row)
  rest.appendChild(restBody)
  if (table.tFoot) rest.appendChild(table.tFoot)
  table.classList.add('split')
  return rest
}

/**
 * Fix the widths of `table`'s columns as they are laid out now (a `colgroup` of widths in px and
 * `table-layout: fixed`). Each part of a split table is laid out from its own rows: without this
 * the columns of the continuation differ from the first part's (measured up to 62 pt). Does
 * nothing to a table that has a colgroup already (a part of one split before).
 */
export function fixColumnWidths(table: HTMLTableElement): void {
  if (table.querySelector(':scope > colgroup')) return
  const model = widestRow(table)
  if (!model) return
  const widths = [...model.cells].map((cell) => cell.getBoundingClientRect().width)
  const total = table.getBoundingClientRect().width
  const group = table.ownerDocument.createElement('colgroup')
  for (const cell of model.cells) {
    const col = table.ownerDocument.createElement('col')
    if (cell.colSpan > 1) col.span = cell.colSpan
    group.appendChild(col)
  }
  const cols = [...group.children] as HTMLTableColElement[]
  cols.forEach((col, i) => (col.style.width = `${widths[i]}px`))
  table.insertBefore(group, table.tHead ?? table.tBodies[0] ?? null)
  table.style.tableLayout = 'fixed'
  table.style.width = `${total}px`
}

/** The row with the most cells (the head's, usually): its cells give the columns. */
function widestRow(table: HTMLTableElement): HTMLTableRowElement | undefined {
  let best: HTMLTableRowElement | undefined
  for (const row of table.rows) if (!best || row.cells.length > best.cells.length) best = row
  return best && best.cells.length > 0 ? best : undefined
}
