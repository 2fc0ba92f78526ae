import { VFile } from 'vfile'
import { report } from '../report/rules.js'
import type { PdfUaReport } from './check.js'
import { pdfuaRules, type PdfUaRuleId } from './rules.js'

/**
 * The failures of a PDF/UA check as diagnostics on a VFile for the PDF (`path`, relative to the
 * project root): one error `pdfua` per failure listed, its message led by the checker's rule id
 * and ending with the page; one more per rule for the failures only counted.
 */
export function pdfuaDiagnostics(path: string, checked: PdfUaReport): VFile {
  const file = new VFile({ path })
  const listed = new Map<PdfUaRuleId, number>()
  for (const violation of checked.violations) {
    listed.set(violation.rule, (listed.get(violation.rule) ?? 0) + 1)
    const where = [violation.page ? `page ${violation.page}` : '', violation.object && !violation.message.includes(violation.object) ? `object ${violation.object}` : ''].filter(Boolean).join(', ')
    report(file, 'pdfua', `${violation.rule}: ${violation.message}${where && !violation.message.includes(`page ${violation.page}`) ? ` (${where})` : ''}`)
  }
  for (const [rule, count] of Object.entries(checked.counts) as Array<[PdfUaRuleId, number]>) {
    const more = count - (listed.get(rule) ?? 0)
    if (more > 0) report(file, 'pdfua', `${rule}: ${more} more like the above (${pdfuaRules[rule].summary})`)
  }
  return file
}
