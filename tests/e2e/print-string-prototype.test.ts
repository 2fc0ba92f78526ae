import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'puppeteer'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'
import { printPdf } from '../../src/print/pdf.js'

// Running the page script (the paginator) once put V8's String.prototype in dictionary mode for
// the rest of the process (puppeteer's `page.evaluate(string)` does `Object.assign(string, ...)`),
// and every string method called after the print ran 3-7x slower: post-processing and the PDF/UA
// check read the whole PDF's page content a character at a time. V8's own view of the object is
// the only direct witness; the natives syntax is allowed for functions compiled from here on.
setFlagsFromString('--allow-natives-syntax')
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean

describe('printing with a page script', () => {
  let browser: Browser
  let folder: string
  beforeAll(async () => {
    browser = await launchBrowser({ timeout: 30_000 })
    folder = mkdtempSync(path.join(os.tmpdir(), 'press-prototype-'))
  })
  afterAll(async () => {
    await closeBrowser(browser)
    rmSync(folder, { recursive: true, force: true })
  })

  it('runs the script and leaves String.prototype with fast properties', async () => {
    const htmlFile = path.join(folder, 'doc.html')
    writeFileSync(htmlFile, '<!doctype html><html lang="en"><head><title>Script</title></head><body><p>Text.</p></body></html>')
    expect(hasFastProperties(String.prototype)).toBe(true)
    const source = 'globalThis.countParagraphs = (argument) => ({ paragraphs: document.querySelectorAll("p").length, label: argument.label }); document.documentElement.classList.add("paginated")'
    const printed = await printPdf<{ paragraphs: number; label: string }>(browser, { htmlFile, allowed: [folder], timeout: 60_000, script: { source, call: 'countParagraphs', argument: { label: 'run' } } })
    expect(printed.layout).toEqual({ paragraphs: 1, label: 'run' })
    expect(Buffer.from(printed.pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(hasFastProperties(String.prototype)).toBe(true)
  })

  it('fails with the page error when the script throws', async () => {
    const htmlFile = path.join(folder, 'doc.html')
    const script = { source: 'throw new Error("broken paginator")', call: 'nothing', argument: {} }
    await expect(printPdf(browser, { htmlFile, allowed: [folder], timeout: 60_000, script })).rejects.toThrow('broken paginator')
  })
})
