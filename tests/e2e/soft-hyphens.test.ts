import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'puppeteer'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'
import { printPdf } from '../../src/print/pdf.js'
import { dropInlineSoftHyphens } from '../../src/print/soft-hyphens.js'

// Chromium puts every soft hyphen of the page into the PDF's text; dropInlineSoftHyphens takes
// out those inside lines (src/print/soft-hyphens.ts). Printed by Chromium, read back by poppler.
const words = 'In­ter­na­tio­nal co­ope­ra­tion be­tween Cus­toms ad­mi­nis­tra­tions and port au­tho­ri­ties is in­dis­pen­sable for the ef­fi­cient fa­ci­li­ta­tion of trade, dif­fe­rent sys­tems, and the se­cu­ri­ty of the in­ter­na­tio­nal sup­ply chain.'
const html = `<!doctype html><html lang="en"><head><title>Soft hyphens</title><style>p { width: 260px; font: 16px serif; text-align: justify }</style></head>
<body>${Array.from({ length: 6 }, () => `<p>${words.replaceAll('\u00ad', '&shy;')}</p>`).join('')}</body></html>`

let browser: Browser
let folder: string
let before: string
let after: string
beforeAll(async () => {
  browser = await launchBrowser({ timeout: 30_000 })
  folder = mkdtempSync(path.join(os.tmpdir(), 'press-shy-'))
  const htmlFile = path.join(folder, 'shy.html')
  writeFileSync(htmlFile, html)
  const printed = await printPdf(browser, { htmlFile, allowed: [folder], timeout: 30_000 })
  before = path.join(folder, 'before.pdf')
  after = path.join(folder, 'after.pdf')
  writeFileSync(before, printed.pdf)
  writeFileSync(after, dropInlineSoftHyphens(printed.pdf))
}, 60_000)
afterAll(async () => {
  await closeBrowser(browser)
})

const text = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })

describe('dropInlineSoftHyphens', () => {
  it('leaves soft hyphens only where they end a line', () => {
    expect(text(before).split('\n').some((line) => /\u00ad\p{L}/u.test(line))).toBe(true) // Chromium's own output has them inside lines
    const lines = text(after).split('\n')
    const kept = lines.filter((line) => line.includes('\u00ad'))
    expect(kept.length).toBeGreaterThan(3)
    for (const line of kept) expect(line).toMatch(/\p{L}\u00ad[\u2010-]?\s*$/u)
  })

  it('keeps every word, also where a ligature forms across a soft hyphen (ef-fi-cient)', () => {
    const joined = text(after).replace(/\u00ad[\u2010-]?\s*\n\s*/g, '').replace(/\s+/g, ' ')
    expect(joined).toContain('the efficient facilitation of trade, different systems')
    expect(joined.match(/International cooperation between Customs administrations/g)?.length).toBe(6)
  })

  it('changes no pixel and gives a valid PDF', () => {
    execFileSync('qpdf', ['--check', after])
    const render = (pdf: string) => execFileSync('pdftoppm', ['-r', '50', '-gray', pdf], { maxBuffer: 64 * 1024 * 1024 })
    expect(render(after).equals(render(before))).toBe(true)
  })

  it('returns a PDF that has nothing to remove as it is', () => {
    const clean = dropInlineSoftHyphens(dropInlineSoftHyphens(Buffer.from(execFileSync('cat', [before]))))
    expect(Buffer.from(dropInlineSoftHyphens(clean)).equals(Buffer.from(clean))).toBe(true)
  })
})
