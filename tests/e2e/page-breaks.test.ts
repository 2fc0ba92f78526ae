import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PaginateResult } from '../../src/paginate/types.js'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'
import { printPdf } from '../../src/print/pdf.js'
import { paginatorScript, readPaginator } from '../../src/print/paginator.js'

// Page breaks the paginator decides, on documents of exact geometry (lines of 20 px, 52 of them
// to a page): an end mark that may not open a page, a figure that waits for the next page while
// the text after it moves up, parts that open on right-hand pages of a two-sided document, and
// blocks that cannot fit, returned for Node to report. Each read back from the PDF.

/** 52 lines of 20 px fill the 1040 px of each page's area (297 mm less 2 x 10 mm padding is 1046.9 px). */
const style = `
  body { font: 14px/20px monospace; }
  .page { padding: 10mm; }
  .page-footer { position: absolute; bottom: 2mm; left: 10mm; }
  p { margin: 0; }
  figure { margin: 0; break-inside: avoid; }
  .end-mark { break-before: avoid; }
  section.part { break-before: right; }
`

/** A paragraph of `count` lines ("<prefix>1" to "<prefix>N"), one a line. */
const lines = (prefix: string, count: number, from = 1) => Array.from({ length: count }, (_, i) => `${prefix}${from + i}`).join('<br>')

let browser: Browser
let folder: string
let paginator: string

/** Print `body` (with `extra` CSS) through the paginator: what it returned, and the text of each page. */
async function print(name: string, body: string, extra = ''): Promise<{ layout: PaginateResult; pages: string[] }> {
  const htmlFile = path.join(folder, `${name}.html`)
  writeFileSync(htmlFile, `<!doctype html><html lang="en"><head><title>${name}</title><style>${style}${extra}</style></head><body>
<template id="page-footer"><p class="folio">folio <span data-page-number></span></p></template>
${body}</body></html>`)
  const printed = await printPdf(browser, { htmlFile, allowed: [folder], timeout: 30_000, script: paginatorScript(paginator, {}) })
  const pdf = path.join(folder, `${name}.pdf`)
  writeFileSync(pdf, printed.pdf)
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
  const pages = Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }))
  return { layout: printed.layout!, pages }
}

beforeAll(async () => {
  browser = await launchBrowser({ timeout: 30_000 })
  folder = mkdtempSync(path.join(os.tmpdir(), 'press-breaks-'))
  paginator = await readPaginator()
}, 60_000)
afterAll(async () => {
  await closeBrowser(browser)
})

describe('page breaks', () => {
  it('never leaves an end mark (break-before: avoid) alone on a page: the last two lines of the text come along', async () => {
    const { pages } = await print('end-mark', `<p>${lines('line', 52)}</p><p class="end-mark">* * *</p>`)
    expect(pages.length).toBe(2)
    expect(pages[0]).toMatch(/\bline50\b/)
    expect(pages[0]).not.toMatch(/\bline51\b/)
    expect(pages[1]).toMatch(/line51\s+line52\s+\* \* \*/)
  })

  it('lets the text after a figure that does not fit move up, and opens the next page with the figure', async () => {
    const figure = '<figure><div style="height: 600px; background: #ccc">figure</div><figcaption>Figure 1</figcaption></figure>'
    const { pages } = await print('float', `<p>${lines('before', 30)}</p>${figure}<p>${lines('after', 15)}</p><p>${lines('more', 20)}</p>`)
    // The 15 lines after the figure fill the room under the first 30 (and 7 more lines).
    expect(pages[0]).toMatch(/\bafter15\b/)
    expect(pages[0]).toMatch(/\bmore7\b/)
    expect(pages[0]).not.toMatch(/Figure 1/)
    expect(pages[1]!.trim()).toMatch(/^figure\s+Figure 1\s+more8\b/)
  })

  it('opens a part on a right-hand page of a two-sided document, with a blank left-hand page before it when needed, and ends on a left-hand page', async () => {
    const body = `<section class="part"><p>${lines('one', 60)}</p></section><section class="part"><p>${lines('two', 10)}</p></section><section class="part"><p>${lines('three', 10)}</p></section>`
    const { layout, pages } = await print('sides', body, ':root { --page-sides: 2 }')
    // one: pages 1-2; two: page 3; blank page 4; three: page 5; blank page 6.
    expect(pages.length).toBe(6)
    expect(layout.pages).toBe(6)
    expect(pages[0]).toMatch(/\bone1\b/)
    expect(pages[1]).toMatch(/\bone60\b/)
    expect(pages[2]).toMatch(/\btwo1\b/)
    expect(pages[3]!.trim()).toBe('')
    expect(pages[4]).toMatch(/\bthree1\b/)
    expect(pages[5]!.trim()).toBe('')
    // Blank pages count (folio 4 and 6 are not printed).
    expect(layout.folios).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(pages[4]).toMatch(/folio 5/)
  })

  it('keeps one-sided documents free of blank pages: a right-hand break is a page break', async () => {
    const body = `<section class="part"><p>${lines('one', 60)}</p></section><section class="part"><p>${lines('two', 10)}</p></section>`
    const { pages } = await print('one-side', body)
    expect(pages.length).toBe(3)
    expect(pages.every((text) => text.trim() !== '')).toBe(true)
  })

  it('returns the blocks wider than the text block or taller than the page, with their source and line', async () => {
    const body = `<div class="contribution" data-source="sections/a.md"><p data-line="3">${lines('ok', 3)}</p>
      <div class="keep" data-line="7" style="width: 300mm">wide block</div>
      <table><tbody><tr><td data-line="12">${lines('tall', 60)}</td></tr></tbody></table></div>`
    const { layout } = await print('overflow', body)
    expect(layout.overflows.map(({ kind, source, line, tag, page }) => ({ kind, source, line, tag, page }))).toEqual([
      { kind: 'wide', source: 'sections/a.md', line: 7, tag: 'div', page: 1 },
      { kind: 'tall', source: 'sections/a.md', line: 12, tag: 'table', page: 2 }
    ])
    expect(layout.overflows[0]!.by).toBeGreaterThan(300)
  })
})
