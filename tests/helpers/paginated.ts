import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'puppeteer'
import { printPdf } from '../../src/print/pdf.js'
import { paginatorScript, readPaginator } from '../../src/print/paginator.js'

/**
 * `html` paginated as the build does (dist/paginate.js through printPdf) and printed: the PDF's
 * path and the text of each page (pdftotext, `-layout` when asked).
 */
export async function printPaginated(browser: Browser, html: string, options: { layout?: boolean } = {}): Promise<{ pdf: string; pages: string[] }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'press-paginated-'))
  const htmlFile = path.join(folder, 'document.html')
  writeFileSync(htmlFile, html)
  const printed = await printPdf(browser, { htmlFile, allowed: [folder], timeout: 60_000, script: paginatorScript(await readPaginator(), {}) })
  const pdf = path.join(folder, 'document.pdf')
  writeFileSync(pdf, printed.pdf)
  const text = execFileSync('pdftotext', [...(options.layout ? ['-layout'] : []), pdf, '-'], { encoding: 'utf8' })
  // pdftotext ends every page with a form feed: the last piece is empty.
  return { pdf, pages: text.split('\f').slice(0, -1) }
}
