import { watch, type FSWatcher } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Browser } from 'puppeteer'
import { build, type BuildResult } from '../build.js'
import { loadProject } from '../load/project.js'
import { diskReader } from '../load/readers.js'
import type { PaginateOptions } from '../paginate/types.js'
import { launchBrowser } from '../print/browser.js'
import { createHyphenator } from '../print/hyphenate.js'
import { readPaginator } from '../print/paginator.js'
import { longWords } from '../print/pdf.js'
import { diagnostics, type Diagnostic } from '../report/format.js'
import { ParseCache } from '../core/parse-cache.js'
import { BuildQueue, type BuildKind } from './queue.js'
import { startPreviewServer, type PreviewServer } from './server.js'

export interface WatchOptions {
  root: string
  /** Edition to preview and print; the first of guidelines.yaml by default. */
  edition?: string
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number
  /** Where results go; `ROOT/output` by default. */
  outputDir?: string
  /** Print the PDF in the background (default true; false: HTML preview only). */
  pdf?: boolean
  /** Milliseconds after the last change before the PDF is printed again. */
  pdfDelay?: number
  /** Called for everything the terminal may show. */
  onEvent?: (event: WatchEvent) => void
}

/** The state of the last build, as pages and the terminal see it. */
export interface BuildState {
  build: number
  kind: BuildKind
  /** Whether the outputs were written (no errors). */
  ok: boolean
  errors: number
  warnings: number
  diagnostics: Diagnostic[]
  /** Build time, ms, and its stages (build()'s timings). */
  ms: number
  timings: Record<string, number>
  /** From the first change seen to the end of this build (HTML builds after a change), ms. */
  latency?: number
  /** Contributions parsed, and reused from the cache. */
  parsed: number
  reused: number
  pdf?: string
  pages?: number
  /** Why the build failed (browser crash...), when it threw. */
  failure?: string
}

export type WatchEvent =
  | { type: 'listening'; url: string; pagesUrl: string; edition: string }
  | { type: 'change'; files: string[] }
  /** A PDF build starts. */
  | { type: 'printing' }
  /** A save came in while the PDF was being made: that build was stopped (the HTML goes first; the PDF is made again once saves stop). */
  | { type: 'print-stopped' }
  | { type: 'built'; state: BuildState; outputs: BuildResult['outputs'] }
  | { type: 'closed' }

export interface WatchSession {
  url: string
  /** The paged view: the edition as the pages it prints on, made in the browser by the print's paginator. */
  pagesUrl: string
  port: number
  edition: string
  /** Resolves when no build runs or waits (tests). */
  idle(): Promise<void>
  /** Stop watching and serving; waits for a running build, then closes the browser. */
  close(): Promise<void>
}

/** Milliseconds to gather the events of one save (editors write, rename, chmod). */
const settle = 15

/**
 * Watch a project: serve its HTML edition with live reload, rebuild the HTML on every change
 * (unchanged contributions come from a cache keyed by content), push `reload` to open pages,
 * and print the PDF again in the background once changes stop for `pdfDelay` ms, in one
 * browser kept for the session (the PDF only: a DOCX is `guidelines build`'s). Builds never
 * overlap (BuildQueue); a save stops a PDF build under way, so that the preview never waits
 * behind a print.
 */
export async function startWatch(options: WatchOptions): Promise<WatchSession> {
  const root = path.resolve(options.root)
  const outputDir = path.resolve(options.outputDir ?? path.join(root, 'output'))
  const emit = options.onEvent ?? (() => undefined)
  const pdfDelay = options.pdfDelay ?? 1500
  const printing = options.pdf !== false
  const edition = options.edition ?? (await defaultEdition(root))
  const cache = new ParseCache()
  let browser: Browser | undefined
  let state: BuildState | undefined
  let count = 0
  let firstChange: number | undefined
  let changed = new Set<string>()
  // The PDF build running now, stopped by a save: an HTML build must not wait behind a print
  // (seconds at 400 pages).
  let print: AbortController | undefined
  let lastHtml: { build: number; html: string; paginate: NonNullable<BuildResult['outputs'][number]['paginate']> } | undefined

  const run = async (kind: BuildKind) => {
    const since = kind === 'html' ? firstChange : undefined
    if (kind === 'html') firstChange = undefined
    const started = performance.now()
    let result: BuildResult | undefined
    let failure: string | undefined
    const stop = kind === 'pdf' ? new AbortController() : undefined
    try {
      if (stop) {
        print = stop
        emit({ type: 'printing' })
      }
      if (kind === 'pdf' && !browser?.connected) browser = await launchBrowser()
      // The PDF only (the DOCX of a `format: [pdf, docx]` edition is `guidelines build`'s).
      result = await build({ root, outputDir, editions: [edition], print: kind === 'pdf', browser: kind === 'pdf' ? browser : undefined, cache, signal: stop?.signal, docx: false })
    } catch (error) {
      failure = (error as Error).message ?? String(error)
    } finally {
      if (print === stop) print = undefined
    }
    // Stopped by a save: nothing to show (the last PDF stays; the next is on its way).
    if (stop?.signal.aborted) return emit({ type: 'print-stopped' })
    const ended = performance.now()
    const list = result ? diagnostics(result.files) : []
    const errors = list.filter((d) => d.severity === 'error').length
    const output = result?.outputs[0]
    if (kind === 'html' && output?.html && output.paginate && !failure) lastHtml = { build: count + 1, html: output.html, paginate: output.paginate }
    state = {
      build: ++count,
      kind,
      ok: Boolean(output) && !failure,
      errors,
      warnings: list.length - errors,
      diagnostics: list,
      ms: ended - started,
      timings: result?.timings ?? {},
      latency: since === undefined ? undefined : ended - since,
      parsed: cache.stats.parsed,
      reused: cache.stats.reused,
      pdf: output?.pdf,
      pages: output?.pages,
      failure
    }
    // A new page only when the HTML was written; otherwise open pages keep the last good one
    // and show why in the overlay.
    if (kind === 'html' && state.ok) server.send('reload', state)
    else server.send(kind === 'pdf' ? 'pdf' : 'diagnostics', state)
    emit({ type: 'built', state, outputs: result?.outputs ?? [] })
  }

  const queue = new BuildQueue(run)
  // The paged view runs the print's paginator in the writer's browser, with the options the
  // print gives it: the words of the last HTML written hyphenated (once a build, when a page
  // asks), the line numbers of review editions.
  let paginator: Promise<string> | undefined
  const hyphenators = new Map<string, ReturnType<typeof createHyphenator>>()
  let paginateOptions: { build: number; options: Promise<PaginateOptions> } | undefined
  const pages = {
    paginator: () => (paginator ??= readPaginator()),
    options: (): Promise<PaginateOptions> => {
      const built = lastHtml
      if (!built) return Promise.resolve({})
      if (paginateOptions?.build !== built.build) {
        const { language, lineNumbers } = built.paginate
        if (!hyphenators.has(language)) hyphenators.set(language, createHyphenator(language))
        const hyphenate = hyphenators.get(language)
        paginateOptions = {
          build: built.build,
          options: readFile(built.html, 'utf8').then((html) => ({ lineNumbers, ...(hyphenate ? { hyphenation: hyphenate(longWords(html)) } : {}) }))
        }
      }
      return paginateOptions.options
    }
  }
  const server: PreviewServer = await startPreviewServer({ root, outputDir, edition, state: () => state ?? { diagnostics: [] }, pages }, options.port)

  let htmlTimer: NodeJS.Timeout | undefined
  let pdfTimer: NodeJS.Timeout | undefined
  const outputRelative = path.relative(root, outputDir)
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, filename) => {
    const relative = filename ? String(filename).split(path.sep).join('/') : ''
    if (!relevant(relative, outputRelative)) return
    firstChange ??= performance.now()
    changed.add(relative)
    clearTimeout(htmlTimer)
    htmlTimer = setTimeout(() => {
      emit({ type: 'change', files: [...changed].sort() })
      changed = new Set()
      print?.abort(new Error('A save came in while printing'))
      queue.request('html')
    }, settle)
    clearTimeout(pdfTimer)
    if (printing) pdfTimer = setTimeout(() => queue.request('pdf'), pdfDelay)
  })
  watcher.on('error', () => undefined)

  queue.request('html')
  if (printing) queue.request('pdf')
  emit({ type: 'listening', url: server.url, pagesUrl: server.pagesUrl!, edition })

  let closing: Promise<void> | undefined
  return {
    url: server.url,
    pagesUrl: server.pagesUrl!,
    port: server.port,
    edition,
    idle: () => queue.idle(),
    close() {
      closing ??= (async () => {
        watcher.close()
        clearTimeout(htmlTimer)
        clearTimeout(pdfTimer)
        await queue.close()
        await server.close()
        await browser?.close().catch(() => undefined)
        emit({ type: 'closed' })
      })()
      return closing
    }
  }
}

/** Whether a changed path (relative to the root) can change the document. */
export function relevant(relative: string, outputRelative: string): boolean {
  if (relative === '') return true
  if (!outputRelative.startsWith('..') && outputRelative !== '' && (relative === outputRelative || relative.startsWith(`${outputRelative}/`))) return false
  const segments = relative.split('/')
  if (segments.some((s) => s.startsWith('.') || s === 'node_modules' || s === 'dist')) return false
  const name = segments[segments.length - 1]!
  // Editors' swap, backup and probe files.
  if (name.endsWith('~') || name.endsWith('.swp') || name.endsWith('.swx') || name.startsWith('#') || name === '4913') return false
  return true
}

async function defaultEdition(root: string): Promise<string> {
  const project = await loadProject(diskReader(root))
  return Object.keys(project.config?.editions ?? {})[0] ?? 'working-document'
}
