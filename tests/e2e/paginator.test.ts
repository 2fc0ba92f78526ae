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

// The paginator as the build runs it (dist/paginate.js through printPdf), on a small document:
// what it returns (src/paginate/types.ts, PaginateResult) must say what the PDF shows.

const sentence = 'Customs and port authorities exchange data on the ship, the cargo and the crew before arrival, so that risk management can start early. '
const html = `<!doctype html><html lang="en"><head><title>Paginator contract</title><style>
  body { font: 12pt/1.5 serif } .page { padding: 20mm 20mm 15mm } h1 { break-before: page; font-size: 16pt }
</style></head><body>
<template id="page-footer"><p>Page <span data-page-number></span> of <span data-page-count></span></p></template>
<section class="cover"><p>Cover of the guidelines</p><p>Chapter two starts on page <span data-page-of="#chapter-two"></span>.</p></section>
<section data-source="sections/one.md" data-folio-start>
  <h1 id="chapter-one" data-running data-line="1">Chapter one</h1>
  <p data-line="3" id="long">${sentence.repeat(40)}Noted.<sup class="fnref"><a href="#fn-1">1</a></sup></p>
</section>
<section data-source="sections/two.md"><h1 id="chapter-two" data-running data-line="1">Chapter two</h1><p data-line="4">${sentence}</p></section>
<section class="footnotes"><aside class="footnote" id="fn-1"><p>The footnote text.</p></aside></section>
</body></html>`

let browser: Browser
let folder: string
let layout: PaginateResult
/** Text of each page of the PDF. */
let pages: string[]

async function paginate(options: { layoutMap?: boolean }): Promise<{ layout: PaginateResult; pdf: Uint8Array }> {
  const htmlFile = path.join(folder, 'contract.html')
  const printed = await printPdf(browser, { htmlFile, allowed: [folder], timeout: 30_000, script: paginatorScript(await readPaginator(), options) })
  return { layout: printed.layout!, pdf: printed.pdf }
}

beforeAll(async () => {
  browser = await launchBrowser({ timeout: 30_000 })
  folder = mkdtempSync(path.join(os.tmpdir(), 'press-paginator-'))
  writeFileSync(path.join(folder, 'contract.html'), html)
  const printed = await paginate({ layoutMap: true })
  layout = printed.layout
  const pdf = path.join(folder, 'contract.pdf')
  writeFileSync(pdf, printed.pdf)
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
  pages = Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }))
}, 60_000)
afterAll(async () => {
  await closeBrowser(browser)
})

describe('what the paginator returns', () => {
  it('has the fields Node reads, and the phases in their order', () => {
    expect(Object.keys(layout).sort()).toEqual(['blocks', 'folios', 'front', 'kept', 'ms', 'overflows', 'pageOf', 'pages', 'phases'])
    expect(Object.keys(layout.phases)).toEqual(['setup', 'flow', 'folios', 'lineNumbers', 'layoutMap'])
    for (const ms of [layout.ms, ...Object.values(layout.phases)]) expect(ms).toBeGreaterThanOrEqual(0)
  })

  it('counts the pages of the PDF and gives each the folio printed on it', () => {
    expect(pages.length).toBe(4)
    expect(layout.pages).toBe(pages.length)
    expect(layout.front).toBe(1)
    expect(layout.folios).toEqual(['i', '1', '2', '3'])
    layout.folios.forEach((folio, i) => expect(pages[i]).toContain(`Page ${folio} of 3`))
  })

  it('gives the folio of the page holding each target of a page reference', () => {
    const holding = pages.findIndex((text) => /^\s*Chapter two\s*$/m.test(text))
    expect(layout.pageOf).toEqual({ 'chapter-two': layout.folios[holding] })
    expect(pages[0]).toContain(`Chapter two starts on page ${layout.folios[holding]}.`)
  })

  it('maps each [data-line] element to the pages it lies on, a split one on each', () => {
    const long = layout.blocks!.filter((block) => block.source === 'sections/one.md' && block.line === 3)
    expect(long.map((block) => [block.page, block.continued ?? false])).toEqual([
      [2, false],
      [3, true]
    ])
    expect(long[0]).toMatchObject({ source: 'sections/one.md', line: 3, id: 'long' })
    expect(long[1]!.id).toBeUndefined()
    expect(layout.blocks!.find((block) => block.source === 'sections/two.md' && block.line === 1)).toMatchObject({ page: 4, id: 'chapter-two' })
    // Line boxes in CSS px of the sheet (210mm = 793.7 px wide, 297mm = 1122.5 px high).
    for (const block of layout.blocks!) {
      expect(block.rects.length).toBeGreaterThan(0)
      for (const r of block.rects) expect(r.x >= 0 && r.y >= 0 && r.x + r.w <= 794 && r.y + r.h <= 1123).toBe(true)
    }
  })

  it('puts the footnote on the page of its call', () => {
    const call = pages.findIndex((text) => text.includes('Noted.'))
    expect(call).toBe(2)
    expect(pages[call]).toContain('The footnote text.')
  })

  it('returns no layout map unless asked', async () => {
    const { layout: plain } = await paginate({})
    expect('blocks' in plain).toBe(false)
    expect(plain.folios).toEqual(layout.folios)
  })
})
