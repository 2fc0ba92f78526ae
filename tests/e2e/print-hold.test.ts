import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'puppeteer'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'
import { holdLayout, longWords, printPdf } from '../../src/print/pdf.js'

// A paginated print holds the body out of layout until the paginator has run, so the fonts its
// text needs are loaded explicitly first (src/print/pdf.ts: holdLayout, loadFontsForText).

// Running the page script once put V8's String.prototype in dictionary mode for the rest of the
// process (puppeteer's `page.evaluate(string)` does `Object.assign(string, ...)`), and every string
// method called after the print ran 3-7x slower: post-processing and the PDF/UA check read the
// whole PDF's page content a character at a time. V8's own view of the object is the only direct
// witness; the natives syntax is allowed for functions compiled from here on.
setFlagsFromString('--allow-natives-syntax')
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean

const require = createRequire(import.meta.url)
const fontFolder = path.join(path.dirname(require.resolve('@fontsource/source-serif-4/package.json')), 'files')

describe('holdLayout', () => {
  it('puts the rule right after <head>, or first when there is no head', () => {
    const held = holdLayout(Buffer.from('<!doctype html><html><head lang="en"><title>T</title></head><body><p>x</p></body></html>')).toString()
    expect(held).toMatch(/^<!doctype html><html><head lang="en"><style id="guidelines-hold">html:not\(\.paginated\) body > :not\(template\) \{ display: none !important \}<\/style><title>/)
    expect(holdLayout(Buffer.from('<p>x</p>')).toString()).toMatch(/^<style id="guidelines-hold">.*<\/style><p>x<\/p>$/)
  })
})

describe('printing with a paginator', () => {
  let browser: Browser
  let folder: string
  beforeAll(async () => {
    browser = await launchBrowser({ timeout: 30_000 })
    folder = mkdtempSync(path.join(os.tmpdir(), 'press-hold-'))
  })
  afterAll(async () => {
    await closeBrowser(browser)
  })

  const face = (file: string, range: string) =>
    `@font-face { font-family: 'Serif Test'; font-weight: 400; src: url(file://${path.join(fontFolder, file)}) format('woff2'); unicode-range: ${range}; }`
  const page = (text: string) => `<!doctype html><html lang="en"><head><title>Hold</title><style>
${face('source-serif-4-latin-400-normal.woff2', 'U+0000-00FF')}
${face('source-serif-4-latin-ext-400-normal.woff2', 'U+0100-024F')}
body { font-family: 'Serif Test', monospace; font-size: 20px }
</style></head><body><p id="p">${text}</p></body></html>`

  // The "paginator": reports what it finds when it starts, then lets the content be laid out.
  const probe = `globalThis.probe = () => {
    const before = document.getElementById('p').getBoundingClientRect().height
    document.documentElement.classList.add('paginated')
    const faces = []
    document.fonts.forEach((f) => faces.push(f.status))
    return { before, after: document.getElementById('p').getBoundingClientRect().height, faces }
  }`

  it('lays nothing out before the script, and loads the faces the text needs first', async () => {
    const htmlFile = path.join(folder, 'latin.html')
    writeFileSync(htmlFile, page('Customs and ports'))
    const printed = await printPdf(browser, { htmlFile, allowed: [folder, fontFolder], timeout: 30_000, script: { source: probe, call: 'probe', argument: {} } })
    expect(printed.layout).toEqual({ before: 0, after: expect.any(Number), faces: ['loaded', 'unloaded'] })
    expect((printed.layout as { after: number }).after).toBeGreaterThan(10)
  })

  it('bounds each step of a print by the timeout, not the whole print', async () => {
    // Two steps of 2.5 s each (the words hyphenated while the page loads, the script), 5 s in
    // all: a timeout of 4 s stops neither; a frozen step is stopped (the faults tests).
    const htmlFile = path.join(folder, 'slow.html')
    writeFileSync(htmlFile, page('Customs and ports'))
    const wait = (ms: number) => {
      const end = Date.now() + ms
      while (Date.now() < end);
    }
    const slow = `globalThis.slow = () => { const end = Date.now() + 2500; while (Date.now() < end); document.documentElement.classList.add('paginated'); return 'done' }`
    const started = Date.now()
    const printed = await printPdf(browser, {
      htmlFile,
      allowed: [folder, fontFolder],
      timeout: 4_000,
      script: { source: slow, call: 'slow', argument: {} },
      hyphenate: () => {
        wait(2500)
        return {}
      }
    })
    expect(Date.now() - started).toBeGreaterThan(5_000)
    expect(printed.layout).toBe('done')
    expect(Buffer.from(printed.pdf).subarray(0, 5).toString()).toBe('%PDF-')
  }, 30_000)

  it('loads the Latin Extended face when the text has such a letter', async () => {
    const htmlFile = path.join(folder, 'ext.html')
    writeFileSync(htmlFile, page('Port of Gdańsk'))
    const printed = await printPdf(browser, { htmlFile, allowed: [folder, fontFolder], timeout: 30_000, script: { source: probe, call: 'probe', argument: {} } })
    expect((printed.layout as { faces: string[] }).faces).toEqual(['loaded', 'loaded'])
  })

  it('runs the script and leaves String.prototype with fast properties', async () => {
    const htmlFile = path.join(folder, 'prototype.html')
    writeFileSync(htmlFile, '<!doctype html><html lang="en"><head><title>Script</title></head><body><p>Text.</p></body></html>')
    expect(hasFastProperties(String.prototype)).toBe(true)
    const source = 'globalThis.countParagraphs = (argument) => ({ paragraphs: document.querySelectorAll("p").length, label: argument.label }); document.documentElement.classList.add("paginated")'
    const printed = await printPdf<{ paragraphs: number; label: string }>(browser, { htmlFile, allowed: [folder], timeout: 60_000, script: { source, call: 'countParagraphs', argument: { label: 'run' } } })
    expect(printed.layout).toEqual({ paragraphs: 1, label: 'run' })
    expect(Buffer.from(printed.pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(hasFastProperties(String.prototype)).toBe(true)
  })

  it('fails with the page error when the script throws', async () => {
    const htmlFile = path.join(folder, 'prototype.html')
    const script = { source: 'throw new Error("broken paginator")', call: 'nothing', argument: {} }
    await expect(printPdf(browser, { htmlFile, allowed: [folder], timeout: 60_000, script })).rejects.toThrow('broken paginator')
  })

  it('lays the body out as usual when no script paginates it', async () => {
    const htmlFile = path.join(folder, 'plain.html')
    writeFileSync(htmlFile, page('Customs and ports'))
    const printed = await printPdf(browser, { htmlFile, allowed: [folder, fontFolder], timeout: 30_000 })
    expect(printed.pdf.byteLength).toBeGreaterThan(1000)
    expect(Buffer.from(printed.pdf).toString('latin1')).toContain('SourceSerif4')
  })
})

describe('longWords', () => {
  it('lists the distinct long words of the text, not of tags, style sheets or scripts', () => {
    const html = '<html><head><style>.international { font-family: "Internationalisation" }</style><script>const cooperation = 1</script></head><body><p class="customsadministration">Cooperation between <em>Customs</em> administrations, and cooperation again; Cus<b>toms</b> ports.</p></body></html>'
    expect(longWords(html).sort()).toEqual(['Cooperation', 'Customs', 'administrations', 'between', 'cooperation'])
  })
})
