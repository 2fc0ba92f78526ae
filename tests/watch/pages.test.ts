import { execFileSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'puppeteer'
import { contribution, fixture, startWatch } from './start.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'

// The paged view of `guidelines watch` as a writer sees it: the CLI (from dist/) on a copy of
// the fixture project, its publication edition (front matter, contents with page numbers,
// footnotes) opened in a browser at /output/publication.pages.html, compared with the PDF the
// same session prints, then a save while the window shows a page further on.


let project: string
let child: ChildProcess
let browser: Browser
let page: Page
let pagesUrl: string

interface Painted {
  pages: number
  folios: string[]
  paintedAt: number
}

/** Waits for the paged view to be painted after `since` (Date.now()). */
async function painted(since: number): Promise<Painted> {
  await page.waitForFunction((t: number) => ((globalThis as { guidelinesPreview?: Painted }).guidelinesPreview?.paintedAt ?? 0) > t, { timeout: 60_000 }, since)
  return page.evaluate(() => (globalThis as unknown as { guidelinesPreview: Painted }).guidelinesPreview)
}

/** The page box at the top of the window: its index, and how far into it the window starts. */
const topPage = () =>
  page.evaluate(() => {
    const pages = [...document.querySelectorAll('.pages > .page')]
    const index = pages.findIndex((p) => p.getBoundingClientRect().bottom > 0)
    return { index, offset: -pages[index]!.getBoundingClientRect().top }
  })

/** Letters and digits of a text, counted (the order of extraction differs between the page and pdftotext). */
function letters(text: string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const ch of text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')) counts[ch] = (counts[ch] ?? 0) + 1
  return counts
}

/** The text of each page box, with the words drawn in its SVG figures (which the PDF holds as text). */
const pageTexts = () =>
  page.evaluate(() =>
    Promise.all(
      [...document.querySelectorAll<HTMLElement>('.pages > .page')].map(async (p) => {
        const drawn = await Promise.all(
          [...p.querySelectorAll<HTMLImageElement>('img[src$=".svg"]')].map(async (img) => {
            const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml')
            return [...svg.querySelectorAll('text')].map((t) => t.textContent).join(' ')
          })
        )
        return `${p.innerText} ${drawn.join(' ')}`
      })
    )
  )

/** Each page of the PDF has the letters and digits of the page box at its place (the same lines on the same pages). */
function expectPdfPages(pdf: string, texts: string[]): void {
  const count = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
  expect(count).toBe(texts.length)
  for (const [i, text] of texts.entries()) {
    const printed = execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' })
    expect(letters(text), `page ${i + 1}`).toEqual(letters(printed))
  }
}

describe('guidelines watch: the paged view', () => {
  beforeAll(async () => {
    project = mkdtempSync(path.join(os.tmpdir(), 'guidelines-pages-'))
    cpSync(fixture, project, { recursive: true })
    // With the PDF (printed in the background once the HTML is served), to compare pages.
    const watch = await startWatch(project, ['--edition', 'publication'], /as pages, as they print: (http:\/\/127\.0\.0\.1:\d+\/\S+)/)
    child = watch.child
    pagesUrl = watch.url
    // The first PDF (after the first HTML build).
    const pdf = path.join(project, 'output', 'publication.pdf')
    for (let i = 0; i < 600 && !existsSync(pdf); i++) await new Promise((resolve) => setTimeout(resolve, 100))
    browser = await launchBrowser()
    page = await browser.newPage()
    await page.setViewport({ width: 1000, height: 1100 })
  })

  afterAll(async () => {
    if (browser) await closeBrowser(browser)
    if (child && child.exitCode === null) child.kill('SIGKILL')
    if (project) rmSync(project, { recursive: true, force: true })
  })

  it('is served beside the plain view, to its own address only', async () => {
    const base = new URL(pagesUrl).origin
    expect(pagesUrl).toBe(`${base}/output/publication.pages.html`)
    const served = await fetch(pagesUrl)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await served.text()
    // Held out of layout until paginated, as for the print; the paginator and the paged client.
    expect(html).toContain('html:not(.paginated) body > :not(template) { display: none !important }')
    expect(html).toContain('<script defer src="/__guidelines/paginate.js"></script><script defer src="/__guidelines/pages.js"></script></head>')
    expect(await (await fetch(`${base}/__guidelines/paginate.js`)).text()).toContain('guidelinesPaginate')
    const options = (await (await fetch(`${base}/__guidelines/paginate.json`)).json()) as { lineNumbers: boolean; hyphenation: Record<string, string> }
    expect(options.lineNumbers).toBe(false)
    expect(Object.values(options.hyphenation).some((word) => word.includes('\u00ad'))).toBe(true)
    // The plain view stays where it was.
    const plain = await (await fetch(`${base}/output/publication.html`)).text()
    expect(plain).toContain('<script src="/__guidelines/client.js"></script>')
    expect(plain).not.toContain('paginate.js')
    // DNS rebinding: the new routes answer only to the address bound (fetch cannot set Host).
    const status = (pathname: string) =>
      execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: attacker.example', `${base}${pathname}`], { encoding: 'utf8' })
    for (const pathname of ['/output/publication.pages.html', '/__guidelines/paginate.js', '/__guidelines/paginate.json', '/__guidelines/pages.js']) expect(status(pathname)).toBe('421')
    expect((await fetch(`${base}/output/..%2f..%2fguidelines.yaml.pages.html`)).status).toBe(404)
  })

  it('shows the pages of the PDF: page boxes, folios, footnotes at the page bottom, contents with page numbers', async () => {
    const since = Date.now()
    await page.goto(pagesUrl)
    const state = await painted(since)
    const view = await page.evaluate(() => {
      const pages = [...document.querySelectorAll<HTMLElement>('.pages > .page')]
      const box = (e: Element) => e.getBoundingClientRect()
      const pageOf = (e: Element) => pages.indexOf(e.closest<HTMLElement>('.page')!)
      const notes = [...document.querySelectorAll('.page-footnotes aside.footnote')].map((note) => {
        const area = box(note.closest('.page-area')!)
        const content = note.closest('.page-area')!.querySelector('.page-content')!
        const ref = document.querySelector(`sup.fnref a[href="#${note.id}"]`)!
        return { page: pageOf(note), refPage: pageOf(ref), gapToAreaBottom: area.bottom - box(note.closest('.page-footnotes')!).bottom, belowText: box(note).top >= box(content).bottom - 1 }
      })
      const toc = [...document.querySelectorAll<HTMLElement>('.toc-page[data-page-of]')].map((entry) => {
        const target = document.querySelector(entry.dataset.pageOf!)!
        return { printed: entry.textContent!.trim(), folio: target.closest<HTMLElement>('.page')!.dataset.folio }
      })
      return {
        sizes: pages.map((p) => [Math.round(box(p).width), Math.round(box(p).height)]),
        folios: pages.map((p) => p.dataset.folio),
        footers: pages.map((p) => p.querySelector('.page-footer')!.textContent!.replace(/\s+/g, ' ').trim()),
        notes,
        toc,
        gaps: pages.slice(1).map((p, i) => box(p).top - box(pages[i]!).bottom)
      }
    })

    // A4 page boxes (96 px to the inch), apart on a grey desk.
    expect(view.sizes.length).toBeGreaterThan(8)
    for (const [w, h] of view.sizes) expect([w, h]).toEqual([794, 1123])
    expect(Math.min(...view.gaps)).toBeGreaterThan(10)
    // Roman folios on the front matter, arabic from the first chapter, printed in the footers.
    expect(view.folios.slice(0, 3)).toEqual(['i', 'ii', 'iii'])
    expect(view.folios).toContain('1')
    expect(state.folios).toEqual(view.folios)
    const first = view.folios.indexOf('1')
    expect(view.footers[first]).toContain('1')
    // Each footnote at the bottom of the page that cites it, below the text.
    expect(view.notes.length).toBeGreaterThanOrEqual(2)
    for (const note of view.notes) {
      expect(note.page).toBe(note.refPage)
      expect(Math.abs(note.gapToAreaBottom)).toBeLessThan(2)
      expect(note.belowText).toBe(true)
    }
    // The contents give the folio of the page each part starts on.
    expect(view.toc.length).toBeGreaterThan(3)
    for (const entry of view.toc) expect(entry.printed).toBe(entry.folio)
    expect(view.toc.map((e) => e.printed)).toContain('1')

    // The same pages as the PDF this session printed: as many, each with the same text.
    expectPdfPages(path.join(project, 'output', 'publication.pdf'), await pageTexts())
  })

  it('shows a save within the pages and keeps the window on the page it showed', async () => {
    // The window on the third page of the body, 200 px into it.
    await page.evaluate(() => {
      const target = [...document.querySelectorAll<HTMLElement>('.pages > .page')].find((p) => p.dataset.folio === '3')!
      scrollTo(0, target.getBoundingClientRect().top + scrollY + 200)
      ;(globalThis as { sameDocument?: boolean }).sameDocument = true
    })
    const before = await topPage()
    expect(before.offset).toBeCloseTo(200, 0)
    const file = path.join(project, contribution)
    const marker = `Sentence${Date.now()} added while the pages were shown.`
    const since = Date.now()
    writeFileSync(file, readFileSync(file, 'utf8').replace('These test guidelines exist', `${marker} These test guidelines exist`))
    await painted(since)
    const after = await page.evaluate((text) => ({ found: document.querySelector('.pages')!.textContent!.includes(text), same: (globalThis as { sameDocument?: boolean }).sameDocument }), marker.slice(0, 21))
    expect(after.found).toBe(true)
    // Only the body changed: made again in the same document (fonts and styles kept).
    expect(after.same).toBe(true)
    expect(await topPage()).toEqual(before)

    // Still the PDF's pages: compared with the PDF printed after the save.
    const pdf = path.join(project, 'output', 'publication.pdf')
    for (let i = 0; i < 600 && statSync(pdf).mtimeMs <= since; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    expectPdfPages(pdf, await pageTexts())
  })

  it('keeps the pages a save did not change, and makes the same pages as a fresh run', async () => {
    interface Shown {
      mark?: number
      text: string
      folio?: string
      classes: string
      number?: string
    }
    const shown = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.pages > .page')].map((p) => ({ mark: (p as { mark?: number }).mark, text: p.innerText, folio: p.dataset.folio, classes: p.className, number: p.dataset.page }))
      )
    const without = (pages: Shown[]) => pages.map(({ mark: _mark, ...rest }) => rest)
    // A first run of the view, its page boxes marked with their index.
    const fresh = async () => {
      const since = Date.now()
      await page.reload()
      await painted(since)
      await page.evaluate(() => document.querySelectorAll('.pages > .page').forEach((p, i) => ((p as { mark?: number }).mark = i)))
      return shown()
    }
    const file = path.join(project, 'sections', '01-intro', 'scope-iaph.md')
    const original = readFileSync(file, 'utf8')
    const paragraphs = Array.from({ length: 24 }, (_, i) => `Paragraph ${i + 1} added by the test: the lanes of the harbour are inspected by both authorities on the days the schedule gives, and their findings go into one report that every party reads.${i === 12 ? '[^lanes]' : ''}`).join('\n\n')
    const longer = original.replace('The lanes of [](#tab-lanes)', `${paragraphs}\n\nThe lanes of [](#tab-lanes)`) + '\n[^lanes]: A note added by the test, which renumbers the notes after it.\n'
    const saves = [
      // Three pages more in the second contribution, with a note: the pages after it change (their note's number too).
      longer,
      // One word in the middle of the added text: the pages before and after it are the same.
      longer.replace('Paragraph 14 added', 'Paragraph 14, changed, added'),
      // Back as it was: three pages fewer.
      original
    ]
    await fresh()
    for (const [n, text] of saves.entries()) {
      const since = Date.now()
      writeFileSync(file, text)
      const state = await painted(since)
      const kept = await shown()
      const marked = kept.filter((p) => p.mark !== undefined)
      // The same pages as the paginator makes from scratch on the same build, kept pages and all.
      const again = await fresh()
      expect(without(kept), `save ${n + 1}`).toEqual(without(again))
      // Kept: the front matter and the first contribution, in place; after the one word, the pages after it too.
      expect((state as Painted & { kept: number }).kept, `save ${n + 1}`).toBe(marked.length)
      expect(kept.slice(0, 4).every((p, i) => p.mark === i), `save ${n + 1}`).toBe(true)
      if (n === 1) {
        // Laid out again: the page before the change (its end may depend on it), the changed page, the page after (it starts with the rest of a paragraph).
        expect(marked.length, 'save 2').toBeGreaterThanOrEqual(kept.length - 3)
        expect(kept[kept.length - 1]!.mark, 'save 2').toBe(again.length - 1)
      }
      for (const p of marked) expect(p.text).toBe(again[kept.indexOf(p)]!.text)
    }
    expect(saves[0]!.length).toBeGreaterThan(original.length)
  })

  it('reloads the page when more than the body changed, and comes back to the same page', async () => {
    const before = await topPage()
    const config = path.join(project, 'guidelines.yaml')
    const since = Date.now()
    // The title is in the head (<title>): a new document.
    writeFileSync(config, readFileSync(config, 'utf8').replace('title: Guidelines on Harbour Testing', 'title: Guidelines on Harbour Testing, revised'))
    await painted(since)
    const after = await page.evaluate(() => ({ title: document.title, same: (globalThis as { sameDocument?: boolean }).sameDocument }))
    expect(after.title).toContain('revised')
    expect(after.same).toBeUndefined()
    expect(await topPage()).toEqual(before)
  })
})
