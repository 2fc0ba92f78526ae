import type { Browser } from 'puppeteer'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'
import { printPaginated } from '../helpers/paginated.js'

// An item of an ordered list split across pages (review copy p29 printed the rest of item 1 as
// "2.", and the next items as 3 and 4): the rest prints no number, the next items keep theirs.
// The list starts one line lower in each chapter, so that its first item crosses the page end
// in several of them, as one text block (an item of one paragraph) and as an item of two blocks,
// and so that its one-line lead-in ("The steps taken are:") falls at the foot of a page.

const line = 'Customs and port authorities exchange data on ship and cargo.'
const long = 'listing all data elements requested from shipping agents, carriers and terminal operators by the Maritime Single Window, the Customs systems and the port systems, with their definitions and formats. '.repeat(2)
const chapters = Array.from({ length: 10 }, (_, i) => {
  const filler = Array.from({ length: 30 + i }, () => line).join('<br>')
  const first = i % 2 === 0 ? `<li>FIRST${i} ${long}</li>` : `<li><p>FIRST${i} ${long}</p><p>${long}</p></li>`
  return `<section><h1>Chapter ${i}</h1><p>${filler}</p><p>LEAD${i} The steps taken are:</p><ol>${first}<li>SECOND${i} Mapping each element.</li><li>THIRD${i} Rationalization of the rest.</li></ol></section>`
}).join('\n')
const html = `<!doctype html><html lang="en"><head><title>Split items</title><style>
  body { font: 12pt/1.5 serif; margin: 0 } .page { padding: 20mm 20mm 15mm } h1 { break-before: page; font-size: 16pt; margin: 0 0 12pt }
  p { margin: 0 0 6pt } li p { margin: 0 }
</style></head><body>
${chapters}
</body></html>`

let browser: Browser
let pages: string[]

beforeAll(async () => {
  browser = await launchBrowser({ timeout: 30_000 })
  pages = (await printPaginated(browser, html, { layout: true })).pages
}, 90_000)
afterAll(async () => {
  await closeBrowser(browser)
})

it('prints the rest of a split item without a number, and the next items with theirs', () => {
  let split = 0
  for (let i = 0; i < 10; i++) {
    expect(pages.join('\f'), `chapter ${i}`).toMatch(new RegExp(`1\\.\\s+FIRST${i} `))
    expect(pages.join('\f'), `chapter ${i}`).toMatch(new RegExp(`2\\.\\s+SECOND${i} `))
    expect(pages.join('\f'), `chapter ${i}`).toMatch(new RegExp(`3\\.\\s+THIRD${i} `))
    const first = pages.findIndex((page) => page.includes(`FIRST${i} `))
    const second = pages.findIndex((page) => page.includes(`SECOND${i} `))
    const body = (pages[first + 1] ?? '').split('\n').filter((l) => l.trim() !== '')
    // The item crossed the page end when the next page does not open with the second item.
    if (second > first && !(body[0] ?? '').includes(`SECOND${i}`)) {
      split++
      // The page the item continues on starts with its text, no marker (nor a number 1, 2 or 4).
      expect(body[0], `chapter ${i}`).not.toMatch(/^\s*\d+\.\s/)
    }
  }
  expect(split).toBeGreaterThanOrEqual(2)
})

it('never leaves the line that leads into a list alone at the foot of a page', () => {
  for (let i = 0; i < 10; i++) {
    const lead = pages.findIndex((page) => page.includes(`LEAD${i} `))
    const first = pages.findIndex((page) => page.includes(`FIRST${i} `))
    expect(first, `chapter ${i}`).toBe(lead)
  }
})

// A contents list whose last shown entry would open a page alone, with a hidden level (a
// template's `display: none`) between it and the entry before: the entry before comes along.
it('never opens a page with the last entry of the contents alone', async () => {
  const entry = (text: string, hidden = false) => `<li class="toc-entry"${hidden ? ' style="display: none"' : ''}><a href="#x">${text}</a></li>`
  const documents = Array.from({ length: 8 }, (_, i) => {
    const entries = Array.from({ length: 36 + i }, (_, n) => entry(`Entry ${i}-${n}`)).join('')
    return `<section style="break-before: page"><ol class="toc-list">${entries}${entry(`Hidden ${i}`, true)}${entry(`LAST${i} entry`)}${entry(`Hidden ${i}b`, true)}</ol></section>`
  }).join('\n')
  const html = `<!doctype html><html lang="en"><head><title>Contents</title><style>
    body { font: 12pt/1.5 serif; margin: 0 } .page { padding: 20mm 20mm 15mm } ol { margin: 0 }
  </style></head><body>${documents}</body></html>`
  const { pages: contents } = await printPaginated(browser, html, { layout: true })
  let alone = 0
  for (const page of contents) {
    const lines = page.split('\n').filter((l) => l.trim() !== '')
    if (lines.some((l) => /LAST\d entry/.test(l))) {
      expect(lines.length, page).toBeGreaterThan(1)
      if (lines.length === 2) alone++
    }
  }
  // Some documents put the last entry at the top of a page: there, the entry before came along.
  expect(alone).toBeGreaterThanOrEqual(1)
}, 60_000)
