import type { Browser } from 'puppeteer'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'
import { printPaginated } from '../helpers/paginated.js'

// A paragraph that crosses the page end with a footnote call in its first lines: once the
// note is placed, the two lines that would stay above it may no longer fit. The note must
// never be lost (publication p15 printed call 5 with no note): the paragraph moves on whole,
// or keeps enough lines, and every note sits on the page of its call.
// The paragraph starts one line lower in each chapter, so one of them meets that case.

const line = 'Customs and port authorities exchange data on ship and cargo.'
const chapters = Array.from({ length: 14 }, (_, i) => {
  const k = 28 + i
  const filler = Array.from({ length: k }, () => line).join('<br>')
  return `<section data-source="sections/c${i}.md">
  <h1 data-line="1">Chapter ${i}</h1>
  <p data-line="2">${filler}</p>
  <p data-line="4">Opening words of the paragraph that crosses the page, long enough to take two lines
  at least here, then the call<sup class="fnref"><a href="#fn-${i}">${i}</a></sup> CALL${i}END and more text after the call,
  ${'so that the paragraph runs on for several more lines on the page after this one, as real paragraphs do. '.repeat(4)}</p>
</section>`
}).join('\n')
const notes = Array.from({ length: 14 }, (_, i) => `<aside class="footnote" id="fn-${i}"><p>NOTE${i}START ${'A footnote of several lines that takes real room at the foot of the page. '.repeat(5)}</p></aside>`).join('')
const html = `<!doctype html><html lang="en"><head><title>Footnotes kept</title><style>
  body { font: 12pt/1.5 serif; margin: 0 } .page { padding: 20mm 20mm 15mm } h1 { break-before: page; font-size: 16pt; margin: 0 0 12pt }
  p { margin: 0 0 6pt; orphans: 2; widows: 2 }
</style></head><body>
<template id="page-footer"><p>Page <span data-page-number></span></p></template>
${chapters}
<section class="footnotes">${notes}</section>
</body></html>`

let browser: Browser
let pages: string[]

beforeAll(async () => {
  browser = await launchBrowser({ timeout: 30_000 })
  pages = (await printPaginated(browser, html)).pages
}, 90_000)
afterAll(async () => {
  await closeBrowser(browser)
})

it('prints every footnote on the page of its call, wherever the paragraph crosses the page end', () => {
  for (let i = 0; i < 14; i++) {
    const call = pages.findIndex((text) => text.includes(`CALL${i}END`))
    expect(call, `call ${i}`).toBeGreaterThanOrEqual(0)
    expect(pages[call], `note ${i} on the page of its call`).toContain(`NOTE${i}START`)
  }
})
