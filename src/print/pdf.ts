import { realpathSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Browser, HTTPRequest, Page } from 'puppeteer'
import { BrowserError } from './browser.js'
import { partJoiner } from './join.js'
import { withShippedFonts } from './svg-fonts.js'
import { readRegularFile } from '../load/safe-read.js'
import { maxImageBytes } from '../markdown/image-check.js'

/**
 * An in-page script run before printing (the paginator): `source` defines the global function
 * `call`, which is called with `argument` and returns a `Result` (carried back as JSON).
 */
export interface PageScript<Result = unknown> {
  source: string
  call: string
  argument: object
  /** Never set: what `call` returns, declared by whoever makes the script (print/paginator.ts). */
  readonly returns?: Result
}

export interface PrintOptions<Result = unknown> {
  /** The HTML file to print (loaded by file URL, so relative assets resolve). */
  htmlFile: string
  /** Folders the page may load files from (project root, the press's assets); nothing else. */
  allowed: string[]
  /** In-page script run before printing (the paginator), with its argument. */
  script?: PageScript<Result>
  /** Hyphenates the page's long words (soft hyphens) before the script runs; see hyphenate.ts. Called with the words of the HTML while the page loads. */
  hyphenate?: (words: string[]) => Record<string, string>
  /** Milliseconds for each step of the print (the page, its load, the fonts, the script, each part of the PDF, the join) before it is abandoned. */
  timeout?: number
  /** Name of the document in error messages (the HTML file's name by default). */
  label?: string
  /** Aborts the print (Ctrl-C): rejects with the signal's reason. */
  signal?: AbortSignal
  /** A blank page of `browser` opened ahead (openPage), while the HTML was being made; a new one otherwise. */
  page?: Promise<Page>
  /**
   * A paginated document of more than twice this many pages prints in parts of about this many
   * (`printPages`); 400 by default.
   */
  partPages?: number
}

/**
 * Open a blank page to print in later, with request interception on (so that its first request
 * is already checked). Call once, on a browser just started: its own blank page is taken
 * (starting another renderer process costs CPU that the build's own work needs on two cores).
 */
export async function openPage(browser: Browser): Promise<Page> {
  const [first] = await browser.pages()
  const page = first && first.url() === 'about:blank' ? first : await browser.newPage()
  await page.setRequestInterception(true)
  return page
}

/**
 * Content-Security-Policy of the printed page, sent with the document itself (so no template
 * can leave it out): no script of the content runs (the paginator runs through the DevTools
 * protocol, which CSP does not govern), nothing loads but local files and data: URLs.
 */
export const printPolicy =
  "default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'; " +
  "img-src file: data:; style-src file: 'unsafe-inline'; font-src file: data:; media-src 'none'; connect-src 'none'"


export interface Printed<Result = unknown> {
  pdf: Uint8Array
  /** What the in-page script returned (page count, page of each heading...); undefined without a script. */
  layout: Result | undefined
  /** URLs the page tried to load and was refused. */
  blocked: string[]
  /** Errors the page reported. */
  pageErrors: string[]
  /** Milliseconds of each step: page (open it), load (navigation), fonts, hyphenate (Node), script, pdf. */
  steps: Record<string, number>
}

/**
 * Print one HTML file to a tagged PDF with bookmarks in a new page of `browser`. The page may
 * load only files under `allowed`; every other request (network, files elsewhere) is blocked
 * and listed. Fails with BrowserError when the browser crashes or the time is up.
 */
export async function printPdf<Result = unknown>(browser: Browser, options: PrintOptions<Result>): Promise<Printed<Result>> {
  const timeout = options.timeout ?? 120_000
  const label = options.label ?? path.basename(options.htmlFile)
  // A frozen browser never answers: even opening the page is bounded by the timeout.
  // A crash is noticed at once (puppeteer leaves some calls pending when the browser dies).
  let onDisconnect: (() => void) | undefined
  const crashed = new Promise<never>((_, reject) => {
    onDisconnect = () => reject(new BrowserError(`The browser crashed or was closed while printing ${label}`))
    if (!browser.connected) onDisconnect()
    else browser.once('disconnected', onDisconnect)
  })
  crashed.catch(() => undefined)
  const opened = performance.now()
  const page = await bounded(Promise.race([options.page ?? browser.newPage(), crashed]), timeout, () =>
    browser.connected ? new BrowserError(`The browser did not open a page to print ${label} within ${Math.round(timeout / 1000)} s`) : new BrowserError(`The browser crashed or was closed while printing ${label}`)
  ).catch((error: unknown) => {
    browser.off('disconnected', onDisconnect!)
    throw error
  })
  const blocked: string[] = []
  const pageErrors: string[] = []
  let hyphenation: Record<string, string> | undefined
  // Symbolic links are followed before judging, so a link in the project cannot reach elsewhere.
  const allowed = options.allowed.map((folder) => realFile(folder) + path.sep)
  const documentFile = realFile(options.htmlFile)
  let timer: NodeJS.Timeout | undefined
  let settled = false
  try {
    page.on('request', (request: HTTPRequest) => {
      const url = request.url()
      if (url.startsWith('data:')) return void request.continue()
      if (url.startsWith('file:')) {
        const file = realFile(fileURLToPath(url))
        if (file === documentFile && request.isNavigationRequest()) {
          return void readFile(file).then(
            (body) => {
              void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': printPolicy }, body: options.script ? holdLayout(body) : body })
              // While the browser parses the page and loads its fonts, Node hyphenates its words.
              // (A failure here is met again, and reported, where the dictionary is needed.)
              try {
                if (options.hyphenate && options.script) hyphenation = options.hyphenate(longWords(body.toString('utf8')))
              } catch {
                // left undefined
              }
            },
            () => request.abort('failed')
          )
        }
        if (allowed.some((folder) => file.startsWith(folder))) {
          // SVG figures print with the shipped fonts, not the machine's (see svg-fonts.ts).
          if (/\.svg$/i.test(file) && request.resourceType() === 'image') {
            // Read as every project file is: a regular file, bounded (the build checked it; this is the print).
            return void readRegularFile(file, { limit: maxImageBytes }).then((read) =>
              read.ok ? request.respond({ status: 200, contentType: 'image/svg+xml', body: withShippedFonts(read.bytes.toString('utf8')) }) : request.abort('failed')
            )
          }
          return void request.continue()
        }
      }
      blocked.push(url)
      void request.abort('blockedbyclient')
    })
    page.on('pageerror', (error) => pageErrors.push(String((error as Error).message ?? error)))
    const steps: Record<string, number> = {}
    let mark = opened
    // The timeout bounds each step of the print (the page's load, its fonts, the paginator, each
    // part of the PDF, the join), not the whole: a document of 4,000 pages takes minutes in all
    // (at 4,746 pages on a loaded machine, the paginator 62 s, the parts 214 s), and a browser
    // that freezes is still stopped within the timeout of the step it froze in.
    let expire: ((error: Error) => void) | undefined
    const expired = new Promise<never>((_, reject) => (expire = reject))
    // Once the print is settled (printed, failed or stopped), a step still under way in the
    // browser that finishes later must not arm the timeout again: a timer of minutes would keep
    // a stopped CLI alive.
    const arm = () => {
      if (settled) return
      clearTimeout(timer)
      timer = setTimeout(() => expire!(new BrowserError(`Printing ${label} took longer than ${Math.round(timeout / 1000)} s and was stopped`)), timeout)
    }
    arm()
    const step = (name: string) => {
      const now = performance.now()
      steps[name] = now - mark
      mark = now
      arm()
    }
    const work = (async () => {
      // Inside the timed work: a browser that freezes now must not hold the print beyond the timeout.
      await page.setRequestInterception(true)
      step('page')
      await page.goto(pathToFileURL(options.htmlFile).href, { waitUntil: 'load', timeout })
      step('load')
      // Content held out of layout (see holdLayout) asks for no font: load those its text needs.
      await page.evaluate(options.script ? loadFontsForText : () => document.fonts.ready.then(() => undefined))
      step('fonts')
      let layout: Result | undefined
      if (options.script) {
        await evaluateScript(page, options.script.source)
        const argument: Record<string, unknown> = { ...options.script.argument }
        if (options.hyphenate) {
          argument['hyphenation'] = hyphenation ?? options.hyphenate(longWords(await readFile(options.htmlFile, 'utf8')))
          step('hyphenate')
        }
        // What the page returns is taken to be what the script declares (PageScript's Result).
        layout = (await page.evaluate((call, arg) => (globalThis as unknown as Record<string, (a: unknown) => unknown>)[call]!(arg), options.script.call, argument as never)) as Result
        step('script')
      }
      const pdf = await printPages(page, timeout, options.partPages ?? 400, step, arm)
      return { pdf, layout }
    })()
    const aborted = new Promise<never>((_, reject) => {
      const signal = options.signal
      if (!signal) return
      if (signal.aborted) reject(signal.reason)
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
    work.catch(() => undefined)
    const { pdf, layout } = await Promise.race([work, expired, aborted, crashed])
    return { pdf, layout, blocked, pageErrors, steps }
  } catch (error) {
    if (error instanceof BrowserError || options.signal?.aborted) throw error
    if (!browser.connected) throw new BrowserError(`The browser crashed or was closed while printing ${label}`, { cause: error })
    throw new BrowserError(`The browser failed while printing ${label}: ${(error as Error).message}`, { cause: error })
  } finally {
    settled = true
    browser.off('disconnected', onDisconnect!)
    clearTimeout(timer)
    // Stopped (Ctrl-C, SIGTERM): the browser is killed next; a page busy printing may take
    // seconds to close, and the press must stop within one.
    if (options.signal?.aborted) page.close().catch(() => undefined)
    else await bounded(page.close(), Math.min(5_000, timeout), () => new Error('page did not close')).catch(() => undefined)
  }
}

/**
 * Run `source` (a script: the paginator's bundle) in the page, through the DevTools protocol
 * rather than `page.evaluate(source)`. Puppeteer marks an evaluated string with
 * `Object.assign(source, {...})`, and V8 then keeps `String.prototype` in dictionary mode for the
 * rest of the process: every string method called after the print (`charCodeAt`, `slice`,
 * `indexOf`...) ran 3-7 times slower. Post-processing and the PDF/UA check of this repository's
 * document at 10x, which read 33 MB of page content a character at a time, took 2.2 and 1.0 s
 * instead of 1.5 and 0.6 s (tests/e2e/print-hold.test.ts).
 */
async function evaluateScript(page: Page, source: string): Promise<void> {
  const session = await page.createCDPSession()
  try {
    const { exceptionDetails } = await session.send('Runtime.evaluate', { expression: source })
    if (exceptionDetails) throw new Error(`The page script failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
  } finally {
    await session.detach().catch(() => undefined)
  }
}

/**
 * The distinct long words of an HTML text (tags, style sheets and scripts left out): a superset
 * of those the paginator hyphenates (src/paginate/hyphens.ts `LONG_WORD`, in running prose only).
 */
export function longWords(html: string): string[] {
  const text = html.replace(/<(style|script)\b[^]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' ')
  return [...new Set(text.match(/[\p{Ll}\p{Lu}][\p{Ll}'’]{6,}/gu) ?? [])]
}

/**
 * The page's content as served when a script paginates it: nothing of the body is laid out
 * until the script has run (it adds the class `paginated` to the root). Laying out the whole
 * unpaginated document first, only for the paginator to move every block into page boxes, was
 * a third of the page's load time (measured: 1.2 s of 1.2 s at 400 pages). A style element
 * right after `<head>` (or at the start when there is none) does it; the CSP allows inline style.
 */
export function holdLayout(html: Buffer): Buffer {
  const rule = Buffer.from('<style id="guidelines-hold">html:not(.paginated) body > :not(template) { display: none !important }</style>')
  const head = /<head(\s[^>]*)?>/i.exec(html.subarray(0, 4096).toString('latin1'))
  const at = head ? head.index + head[0].length : 0
  return Buffer.concat([html.subarray(0, at), rule, html.subarray(at)])
}

/**
 * Runs in the page: load every font face whose unicode-range meets the text of the document
 * (and of its templates), then wait until fonts are ready. With the body held out of layout,
 * Chromium would otherwise load no font before the paginator measures the first block. `text`:
 * the text to look at instead of the body's (the preview's new build, src/watch/client.ts: its
 * body shares the page with the pages of the last run, which need no fonts they do not have).
 */
/* c8 ignore start */
export async function loadFontsForText(text?: string): Promise<void> {
  const points = new Set<number>()
  for (let c = 0x20; c < 0x7f; c++) points.add(c)
  // Each UTF-16 unit of the BMP looked at once (a text of 1.8 million characters has a few
  // hundred different ones); a surrogate pair is added as its code point.
  const seen = new Uint8Array(0x10000)
  const add = (value: string) => {
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i)
      if (seen[unit] === 1) continue
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
        points.add(value.codePointAt(i)!)
        i++
        continue
      }
      seen[unit] = 1
      points.add(unit)
    }
  }
  add(text ?? document.body.textContent ?? '')
  add(document.title)
  document.querySelectorAll('template').forEach((template) => add(template.content.textContent ?? ''))
  const covers = (range: string) =>
    range.split(',').some((part) => {
      const [from, to] = part.trim().replace(/^U\+/i, '').split('-').map((hex) => parseInt(hex.replace(/\?/g, '0'), 16))
      const end = to ?? (part.includes('?') ? parseInt(part.trim().slice(2).replace(/\?/g, 'F'), 16) : from!)
      for (const point of points) if (point >= from! && point <= end) return true
      return false
    })
  const loads: Array<Promise<unknown>> = []
  document.fonts.forEach((face) => {
    if (face.status === 'unloaded' && covers(face.unicodeRange)) loads.push(face.load().catch(() => undefined))
  })
  await Promise.all(loads)
  await document.fonts.ready
}
/* c8 ignore stop */

/** The real path of `file` (symbolic links followed), or its resolved path when it does not exist. */
function realFile(file: string): string {
  try {
    return realpathSync.native(file)
  } catch {
    return path.resolve(file)
  }
}

/** `promise`, or a rejection with `error()` after `ms` milliseconds. */
async function bounded<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  promise.catch(() => undefined)
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(error()), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The page printed (`page.pdf()`, tagged, with its outline). A paginated document of more than
 * twice `partPages` pages is printed in parts, each its pages alone (the others' boxes taken out
 * of the document, keepPages), and the parts joined (join.ts): Chromium's print grows faster
 * than the page count (this repository's document at 30x, 1,434 pages: 55-62 s printed whole,
 * 34-37 s in three or six parts), and a part costs about what a document of its size costs.
 * Hidden (`display: none`) rather than taken out, the other pages still cost each part's print
 * in proportion to the whole document (at 100x, parts of 400 pages took ~18 s; taken out, 8-11
 * s). A part starts at a page whose first heading is of the top level, so that every part's
 * outline is whole.
 */
async function printPages(page: Page, timeout: number, partPages: number, step: (name: string) => void, partDone: () => void): Promise<Uint8Array> {
  const options = { printBackground: true, preferCSSPageSize: true, outline: true, tagged: true, timeout } as const
  const starts = await page.evaluate(partStarts, partPages)
  if (starts.length < 2) {
    const pdf = await page.pdf(options)
    step('pdf')
    return pdf
  }
  const joiner = partJoiner()
  let printed: Uint8Array | undefined
  for (let k = 0; k < starts.length; k++) {
    await page.evaluate(keepPages, starts[k]!, starts[k + 1] ?? Number.MAX_SAFE_INTEGER)
    // The print is asked for first (the page's fonts were loaded before the paginator ran: no
    // wait for them), then Node joins the part before while Chromium prints this one.
    const printing = page.pdf({ ...options, waitForFonts: false })
    printing.catch(() => undefined)
    if (printed) await joiner.add(printed)
    printed = await printing
    partDone()
  }
  await joiner.add(printed!)
  await page.evaluate(restorePages)
  step('pdf')
  const joined = await joiner.finish()
  step('join')
  return joined
}

/** In the page: the first page of each part, or none when the document prints whole. */
function partStarts(partPages: number): number[] {
  const pages = [...document.querySelectorAll<HTMLElement>('.pages > .page')]
  if (pages.length <= 2 * partPages) return []
  const levelOf = (page: HTMLElement) => Number(page.querySelector('h1, h2, h3, h4, h5, h6')?.tagName.slice(1) ?? 7)
  const levels = pages.map(levelOf)
  const top = Math.min(...levels)
  const starts = [0]
  for (let i = 1; i < pages.length; i++) if (i - starts[starts.length - 1]! >= partPages && levels[i] === top) starts.push(i)
  return starts
}

/**
 * In the page: only the page boxes from `first` to before `end` are in the document (the others
 * kept aside, out of the DOM), and a hidden box of stand-ins for the document's link targets.
 * Chromium makes a link to a named destination only when its target is in the document, and
 * writes a destination only for a target some link in the document points at (it looks for
 * them in the DOM, laid out or not): a target laid out elsewhere gets an empty element with its
 * id, a target laid out here a link to it.
 */
function keepPages(first: number, end: number): void {
  type State = { pages: HTMLElement[]; parent: HTMLElement; anchors: HTMLElement; linksFrom: string[][]; targetsOn: string[][]; pageOf: Map<string, number> }
  const store = globalThis as unknown as { guidelinesParts?: State }
  if (!store.guidelinesParts) {
    const pages = [...document.querySelectorAll<HTMLElement>('.pages > .page')]
    const anchors = document.createElement('div')
    anchors.hidden = true
    // Each page's links (the ids they point at) and each link target's page (-1: outside the
    // page boxes, always in the document), found once.
    // A malformed escape in a link (`#%zz`) is taken as written, not a failed print.
    const decode = (fragment: string) => {
      try {
        return decodeURIComponent(fragment)
      } catch {
        return fragment
      }
    }
    const linksFrom = pages.map((box) => [...box.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')].map((link) => decode(link.getAttribute('href')!.slice(1))).filter(Boolean))
    const index = new Map(pages.map((box, i) => [box, i]))
    const pageOf = new Map<string, number>()
    const targetsOn: string[][] = pages.map(() => [])
    for (const id of new Set(linksFrom.flat())) {
      const target = document.getElementById(id)
      if (!target) continue
      const page = index.get(target.closest<HTMLElement>('.pages > .page')!) ?? -1
      pageOf.set(id, page)
      if (page >= 0) targetsOn[page]!.push(id)
    }
    store.guidelinesParts = { pages, parent: pages[0]!.parentElement!, anchors, linksFrom, targetsOn, pageOf }
    document.body.append(anchors)
  }
  const { pages, parent, anchors, linksFrom, targetsOn, pageOf } = store.guidelinesParts
  const last = Math.min(end, pages.length)
  pages.forEach((box, i) => {
    if (i < first || i >= last) box.remove()
  })
  for (let i = first; i < last; i++) parent.append(pages[i]!)
  const stand = document.createDocumentFragment()
  const elsewhere = new Set<string>()
  for (let i = first; i < last; i++) {
    for (const id of linksFrom[i]!) {
      const page = pageOf.get(id)
      if (page !== undefined && page >= 0 && (page < first || page >= last)) elsewhere.add(id)
    }
    for (const id of targetsOn[i]!) {
      const link = document.createElement('a')
      link.href = `#${encodeURIComponent(id)}`
      stand.append(link)
    }
  }
  for (const id of elsewhere) {
    const anchor = document.createElement('a')
    anchor.id = id
    stand.append(anchor)
  }
  anchors.replaceChildren(stand)
}

/** In the page: every page box back in the document, in order, and the stand-ins gone (after keepPages). */
function restorePages(): void {
  const store = globalThis as unknown as { guidelinesParts?: { pages: HTMLElement[]; parent: HTMLElement; anchors: HTMLElement } }
  const state = store.guidelinesParts
  if (!state) return
  for (const box of state.pages) state.parent.append(box)
  state.anchors.remove()
  delete store.guidelinesParts
}
