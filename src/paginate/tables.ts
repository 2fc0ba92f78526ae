// Tables split between rows: the rows that do not fit move to a copy of the table, which repeats
// the head (thead) and takes the foot (tfoot).
import { EPSILON } from './layout.js'

/**
 * Split `table` before its first body row that ends below `available` (a y in CSS px): returns
 * the rest, a `.continued` copy without id, and marks `table` `.split`. Undefined (the table is
 * left as it is) when it has fewer than two body rows or even its first row does not fit.
 */
export function splitTable(table: HTMLTableElement, available: number): HTMLTableElement | undefined {
  const body = table.tBodies[0]
  if (!body || body.rows.length < 2) return undefined
  const rows = [...body.rows]
  const index = rows.findIndex((row) => row.getBoundingClientRect().bottom > available + EPSILON)
  if (index <= 0) return undefined
  const rest = table.cloneNode(false) as HTMLTableElement
  rest.removeAttribute('id')
  rest.classList.add('continued')
  if (table.tHead) rest.appendChild(table.tHead.cloneNode(true))
  const restBody = body.cloneNode(false) as HTMLTableSectionElement
  for (const row of rows.slice(index)) restBody.appendChild(row)
  rest.appendChild(restBody)
  if (table.tFoot) rest.appendChild(table.tFoot)
  table.classList.add('split')
  return rest
}
