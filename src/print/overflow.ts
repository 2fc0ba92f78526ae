import type { VFile } from 'vfile'
import type { LayoutOverflow } from '../paginate/types.js'
import { report } from '../report/rules.js'

/** CSS px (96 a inch) in millimetres, rounded up: what a writer measures the overflow in. */
const millimetres = (px: number) => Math.ceil((px * 25.4) / 96)

/**
 * Report each block the paginator found not to fit its page (`overflows`, src/paginate/overflow.ts)
 * as a `layout-overflow` warning at the block's source line in its contribution (found among
 * `files` by project-relative path); a block outside contributions (generated lists, the
 * glossary) is reported on `fallback` (guidelines.yaml). `edition` names the PDF.
 */
export function reportOverflows(overflows: readonly LayoutOverflow[], files: readonly VFile[], fallback: VFile, edition: string): void {
  for (const overflow of overflows) {
    const file = (overflow.source && files.find((f) => f.path === overflow.source)) || undefined
    const what = overflow.tag === 'table' ? 'table' : overflow.tag === 'pre' ? 'code block' : overflow.tag === 'figure' || overflow.tag === 'img' ? 'figure' : `block (${overflow.tag})`
    const size = overflow.kind === 'wide' ? `wider than the text block by ${millimetres(overflow.by)} mm` : `taller than the page by ${millimetres(overflow.by)} mm`
    const where = `page ${overflow.folio ?? overflow.page} of \`${edition}\``
    const start = file ? '' : ` (“${overflow.text}”)`
    report(file ?? fallback, 'layout-overflow', `Unexpected ${what} ${size} on ${where}${start}: what lies beyond is cut off; expected a block that fits (shorten its longest line or word, split the table, or divide the text)`, file && overflow.line ? { line: overflow.line, column: 1 } : undefined)
  }
}
