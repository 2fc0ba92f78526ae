import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Browser } from 'puppeteer'
import { writeAtomic } from '../io/write.js'
import { renderDocx, type DocxEdition, type DocxEditionInput } from './edition.js'
import { browserRasteriser } from './raster.js'

export { renderDocx, wordLanguage, type DocxEdition, type DocxEditionInput } from './edition.js'
export { readSourceMap, blockBookmark, blockIndexOf, sourceMapNamespace } from './source-map.js'
export { isDocx, readReviewed, type ReviewedDocument, type ReviewMark } from './reviewed.js'
export { readDocxComments, type ReadDocxOptions } from './map.js'
export { markdownChanges, type SourceChange } from './edit.js'

/** What the build hands over for a DOCX edition besides its source map (`sources`, `origin`). */
export type DocxParts = Omit<DocxEditionInput, 'sources' | 'origin' | 'rasterise'>

/**
 * Render a DOCX edition and write it to `file` atomically. SVG figures are drawn as PNG fallbacks
 * in a page of `browser` (closed afterwards); without a browser they print their caption only.
 */
export async function writeDocxEdition(file: string, input: Omit<DocxEditionInput, 'rasterise'>, options: { browser?: Browser; signal?: AbortSignal; timeout?: number } = {}): Promise<DocxEdition> {
  const rasterise = options.browser ? browserRasteriser(options.browser, options.timeout) : undefined
  try {
    const edition = await renderDocx({ ...input, rasterise })
    await writeAtomic(file, edition.data, options.signal)
    return edition
  } finally {
    await rasterise?.close()
  }
}

/** Messages to the worker (src/word/docx-worker.ts): the edition to write, then the images it asked for. */
export type WorkerRequest =
  | { type: 'write'; file: string; input: Omit<DocxEditionInput, 'rasterise' | 'text'>; rasterise: boolean }
  | { type: 'raster'; id: number; result?: { png: Uint8Array; width: number; height: number }; error?: string }

/** Messages from the worker: an image to draw, and the end. */
export type WorkerReply = { type: 'rasterise'; id: number; image: { data: Uint8Array; mime: string } } | { type: 'done'; edition: DocxEdition } | { type: 'error'; message: string; stack?: string }

/**
 * The worker's script beside this module (dist/word/, or dist/bundle/ in the bundle); undefined
 * when running from the TypeScript sources, or when GUIDELINES_DOCX_WORKER=0 asks for the main
 * thread.
 */
function workerScript(): string | undefined {
  if (process.env['GUIDELINES_DOCX_WORKER'] === '0') return undefined
  const file = fileURLToPath(new URL('./docx-worker.js', import.meta.url))
  return existsSync(file) ? file : undefined
}

/**
 * `writeDocxEdition` in a worker thread: the DOCX is laid out and zipped (seconds of work for a
 * long document, most of it in the docx package's page number estimate) while the main thread
 * prints the PDF. The text renderer is made again in the worker for `input.language`; SVG
 * figures are still drawn by `browser`, on the main thread's request. Without the worker's
 * script (running from the sources, or GUIDELINES_DOCX_WORKER=0), the same in this thread. The
 * edition's `data` is not returned (it is in `file`). The docx package numbers bookmarks and
 * footnotes with counters global to its module: a fresh worker starts them afresh each time,
 * as a fresh process does.
 */
export async function writeDocxEditionInWorker(file: string, input: Omit<DocxEditionInput, 'rasterise'>, options: { browser?: Browser; signal?: AbortSignal; timeout?: number } = {}): Promise<DocxEdition> {
  const script = workerScript()
  if (!script) return writeDocxEdition(file, input, options)
  options.signal?.throwIfAborted()
  const rasterise = options.browser ? browserRasteriser(options.browser, options.timeout) : undefined
  const worker = new Worker(script)
  const { text: _text, ...transferable } = input
  let stop: (() => void) | undefined
  try {
    return await new Promise<DocxEdition>((resolve, reject) => {
      stop = () => reject(options.signal?.reason ?? new Error('Stopped'))
      options.signal?.addEventListener('abort', stop, { once: true })
      worker.on('error', reject)
      worker.on('exit', (code) => reject(new Error(`The DOCX worker stopped (exit code ${code})`)))
      worker.on('message', (message: WorkerReply) => {
        if (message.type === 'done') resolve(message.edition)
        else if (message.type === 'error') reject(Object.assign(new Error(message.message), { stack: message.stack }))
        else if (message.type === 'rasterise') {
          rasterise!(message.image).then(
            (result) => worker.postMessage({ type: 'raster', id: message.id, result } satisfies WorkerRequest),
            (error: unknown) => worker.postMessage({ type: 'raster', id: message.id, error: (error as Error).message } satisfies WorkerRequest)
          )
        }
      })
      worker.postMessage({ type: 'write', file, input: transferable, rasterise: Boolean(rasterise) } satisfies WorkerRequest)
    })
  } finally {
    if (stop) options.signal?.removeEventListener('abort', stop)
    await worker.terminate()
    await rasterise?.close()
  }
}
