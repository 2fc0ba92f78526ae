import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'
import { makeAccessible, type AccessibleStats } from '../../src/print/accessible.js'
import { finishPdf } from '../../src/print/postprocess.js'
import { checkOpenedPdf, checkPdf } from '../../src/pdfua/index.js'
import { getArray, openPdf, reopenPdf, textOf, get } from '../../src/pdfua/document.js'
import { dropInlineSoftHyphens } from '../../src/print/soft-hyphens.js'
import { postprocessPdf } from '../../src/print/finish.js'
import { readStructTree } from '../../src/pdfua/structure.js'
import { PDFName, type PDFDict, type PDFRef } from 'pdf-lib'

// What Chromium prints for the constructs the press uses, before and after post-processing:
// before, the PDF/UA checks the issue lists fail; after, all pass and no pixel changed.

const html = `<!DOCTYPE html><html lang="en"><head><title>Sample</title><style>@page { size: A4; margin: 20mm }</style></head><body>
<div class="running" aria-hidden="true">Running head 12/34</div>
<div lang="fr">Organisation mondiale des douanes</div>
<h1>Title</h1>
<nav><h2>Contents</h2><ol lang="en-x-toc"><li><a href="#one">One</a></li><li><a href="#two">Two</a></li></ol></nav>
<h2 id="one">One</h2>
<p>Some <strong>strong</strong> and <em>emphasised</em> text with a call<sup class="fnref"><a href="#fn-1" id="fnref-1" role="doc-noteref">1</a></sup> and <a href="https://example.org/">a link</a>.</p>
<ul><li>First item</li><li><p>Second item</p><ul><li>nested</li></ul></li></ul>
<figure id="fig"><img alt="A red square" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='40' height='40'%3E%3Crect width='40' height='40' fill='red'/%3E%3C/svg%3E"><figcaption>Figure 1: A red square</figcaption></figure>
<p><img alt="" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='20'%3E%3Ccircle r='10' cx='10' cy='10' fill='blue'/%3E%3C/svg%3E"> decorative image before</p>
<h2 id="two">Two</h2>
<h4>A heading that skips a level</h4>
<p>The ef\u00adfi\u00adcient office.</p>
<aside class="footnote" id="fn-1" role="doc-footnote" lang="en-x-note"><a class="fn-num" href="#fnref-1">1</a><p>A footnote.</p></aside>
</body></html>`

let scratch: string
let browser: Browser
let raw: Uint8Array
let finished: Uint8Array
let stats: AccessibleStats

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'guidelines-accessible-'))
  browser = await launchBrowser()
  const page = await browser.newPage()
  await page.setContent(html)
  raw = await page.pdf({ printBackground: true, preferCSSPageSize: true, outline: true, tagged: true })
  const made = await makeAccessible(raw)
  stats = made.stats
  finished = finishPdf(made.pdf, { title: 'Sample', author: 'A; B', producer: 'Guidelines press test', language: 'en', date: new Date('2030-01-01T00:00:00Z') })
})

afterAll(async () => {
  await closeBrowser(browser)
  rmSync(scratch, { recursive: true, force: true })
})

describe('makeAccessible', () => {
  it('starts from a PDF that fails what the issue lists', async () => {
    const rules = new Set((await checkPdf(raw)).violations.map((v) => v.rule))
    for (const rule of ['pdfua-metadata', 'pdfua-content-untagged', 'pdfua-role-unmapped', 'pdfua-list-structure', 'pdfua-figure-alt', 'pdfua-link-tag', 'pdfua-link-contents', 'pdfua-heading-skip'] as const) expect(rules).toContain(rule)
  })

  it('gives a PDF that passes every check', async () => {
    expect((await checkPdf(finished)).violations).toEqual([])
  })

  it('retags what the page cannot say: TOC, Note with an ID, Link, LBody, Div around a figure, role map', async () => {
    const pdf = await openPdf(finished)
    const tree = readStructTree(pdf)!
    const types = tree.elems.map((e) => e.type)
    expect(types).toEqual(expect.arrayContaining(['TOC', 'TOCI', 'Note', 'LBody', 'Div']))
    expect(types.filter((t) => t === 'TOCI')).toHaveLength(2)
    expect([...tree.roleMap.entries()]).toEqual(expect.arrayContaining([['Em', 'Span'], ['Strong', 'Span']]))
    const note = tree.elems.find((e) => e.type === 'Note')!
    expect(textOf(get(pdf, note.dict, 'ID'))).toMatch(/^note-\d+$/)
    // The hints are gone; the French name keeps its own language.
    const langs = tree.elems.map((e) => textOf(get(pdf, e.dict, 'Lang'))).filter(Boolean)
    expect(langs).toEqual(expect.arrayContaining(['en', 'fr']))
    expect(langs.some((l) => l!.includes('-x-'))).toBe(false)
    expect(stats).toMatchObject({ tocs: 1, notes: 1, links: 1, figureGroups: 1, headings: 1 })
    expect(types).not.toContain('H4')
    expect(stats.listBodies).toBeGreaterThanOrEqual(3)
    expect(stats.artifacts).toBeGreaterThanOrEqual(1)
  })

  it('describes each link annotation by its text, or its address', async () => {
    const pdf = await openPdf(finished)
    const contents = pdf.pages.flatMap((page) => (getArray(pdf, page.dict, 'Annots')?.asArray() ?? []).map((item) => textOf(get(pdf, pdf.doc.context.lookup(item) as PDFDict, 'Contents'))))
    expect(contents).toEqual(expect.arrayContaining(['One', 'Two', '1', 'a link']))
  })

  it('changes no pixel and keeps the PDF valid for qpdf and poppler', () => {
    const before = path.join(scratch, 'before.pdf')
    const after = path.join(scratch, 'after.pdf')
    writeFileSync(before, raw)
    writeFileSync(after, finished)
    expect(execFileSync('qpdf', ['--check', after], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors')
    const render = (file: string) => execFileSync('pdftoppm', ['-r', '40', '-gray', file], { maxBuffer: 64 * 1024 * 1024 })
    expect(render(after).equals(render(before))).toBe(true)
    const text = execFileSync('pdftotext', [after, '-'], { encoding: 'utf8' })
    expect(text).toContain('Organisation mondiale des douanes')
    expect(text).toContain('Running head 12/34')
  })

  it('gives the same bytes twice', async () => {
    const again = finishPdf((await makeAccessible(raw)).pdf, { title: 'Sample', author: 'A; B', producer: 'Guidelines press test', language: 'en', date: new Date('2030-01-01T00:00:00Z') })
    expect(Buffer.from(again).equals(Buffer.from(finished))).toBe(true)
  })
})

describe('postprocessPdf', () => {
  const meta = { title: 'Sample', author: 'A; B', producer: 'Guidelines press test', language: 'en', date: new Date('2030-01-01T00:00:00Z'), attachment: { name: 'map.json', mime: 'application/json', description: 'A map', data: Buffer.from('{"a":1}') } }

  it('gives the bytes of the steps one after another (soft hyphens, accessibility, metadata), in one pass', async () => {
    const stepByStep = finishPdf((await makeAccessible(dropInlineSoftHyphens(raw))).pdf, meta)
    const onePass = await postprocessPdf(raw, { softHyphens: true, meta })
    expect(Buffer.from(dropInlineSoftHyphens(raw)).equals(Buffer.from(raw))).toBe(false) // the sample has a soft hyphen inside a line
    expect(Buffer.from(onePass.pdf).equals(Buffer.from(stepByStep))).toBe(true)
    const without = await postprocessPdf(raw, { softHyphens: false, meta })
    expect(Buffer.from(without.pdf).equals(Buffer.from(finishPdf((await makeAccessible(raw)).pdf, meta)))).toBe(true)
  })

  it('checks the output without parsing it again, with the result of checking its bytes', async () => {
    const done = await postprocessPdf(raw, { softHyphens: true, meta })
    const report = await done.check()
    expect(report).toEqual(await checkPdf(done.pdf))
    expect(report.violations).toEqual([])
    expect(report.pages).toBeGreaterThan(0)
  })

  it('reads the objects written anew from their bytes, not from the parse before', async () => {
    const pdf = await openPdf(raw)
    const catalogRef = pdf.doc.context.trailerInfo.Root as PDFRef
    // The catalog written again without its /Lang: the reopened document is the file's, and fails.
    const catalog = Buffer.from(`${catalogRef.objectNumber} 0 obj\n<</Type /Catalog\n/Pages ${(pdf.catalog.get(PDFName.of('Pages')) as PDFRef).objectNumber} 0 R>>\nendobj\n`, 'latin1')
    const report = checkOpenedPdf(reopenPdf(pdf, new Map([[catalogRef.objectNumber, catalog]])))
    expect(report.counts['pdfua-lang']).toBe(1)
    expect(report.counts['pdfua-tagged']).toBeGreaterThanOrEqual(1)
    expect(report.pages).toBe((await openPdf(raw)).pages.length)
  })
})
