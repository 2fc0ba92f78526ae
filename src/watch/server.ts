import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readRegularFile } from '../load/safe-read.js'
import path from 'node:path'
import type { PaginateOptions } from '../paginate/types.js'
import { holdLayout } from '../print/pdf.js'
import { clientScript, endpoint, pagesSuffix, previewScript } from './client.js'

export interface PreviewServerOptions {
  /** Project root: served at `/` (sources, images). */
  root: string
  /** Output folder: served at `/output/` (the HTML edition and its assets). */
  outputDir: string
  /** Edition whose HTML `/` redirects to. */
  edition: string
  /** The current build state (`GET /__guidelines/state`, shown by the overlay). */
  state: () => unknown
  /**
   * The paged view of the edition (`/output/EDITION.pages.html`): the print's paginator (a
   * browser script), and the options of its run for the last build (hyphenation, line numbers).
   */
  pages?: { paginator: () => Promise<string>; options: () => Promise<PaginateOptions> }
}

export interface PreviewServer {
  /** `http://127.0.0.1:PORT/output/EDITION.html` */
  url: string
  /** `http://127.0.0.1:PORT/output/EDITION.pages.html`: the paged view (with `pages` in the options). */
  pagesUrl?: string
  port: number
  /** Send an event to every open page (`reload`, `diagnostics`). */
  send(event: string, data: unknown): void
  /** Pages connected now. */
  readonly clients: number
  close(): Promise<void>
}

/** Largest file the preview server sends (a 400-page PDF is about 10 MB). */
const maxServedBytes = 256 * 1024 * 1024

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
  '.md': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8'
}

/**
 * Content-Security-Policy of the pages served from the output folder: scripts only from this
 * server (the preview's own), none inline; no plug-ins, no other base URL.
 */
export const previewPolicy = "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"

/**
 * Serve the HTML edition on 127.0.0.1 with live reload: files under the output folder
 * (`/output/...`) and the project root (`/...`) only (judged by their real paths), never
 * dot-files, and only to requests for the address bound (`Host: 127.0.0.1:PORT` or
 * `localhost:PORT`; others get 421); HTML pages of the output
 * folder get the client script (events + diagnostics overlay). `/output/EDITION.pages.html` is
 * the paged view of the edition: its HTML held out of layout, with the paginator and the paged
 * client (src/watch/client.ts), which make the pages of the PDF in the browser. Port 0 picks a
 * free port.
 */
export async function startPreviewServer(options: PreviewServerOptions, port: number): Promise<PreviewServer> {
  const root = path.resolve(options.root)
  const outputDir = path.resolve(options.outputDir)
  const streams = new Set<ServerResponse>()
  const views = { html: `/output/${encodeURIComponent(options.edition)}.html`, pages: `/output/${encodeURIComponent(options.edition)}${pagesSuffix}` }
  const pagesScript = previewScript('pages')

  // Host names this server answers to, once its port is known (below).
  let hosts = new Set<string>()
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    // DNS rebinding: a page of any site can resolve its own name to 127.0.0.1 and read this
    // server as same-origin; the Host header still carries that name, so anything but the
    // address bound is refused.
    if (!hosts.has((request.headers.host ?? '').toLowerCase())) return end(response, 421, 'Misdirected request: this server answers only to its own address')
    const url = new URL(request.url ?? '/', 'http://localhost')
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      return end(response, 400, 'Bad request')
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return end(response, 405, 'Method not allowed')
    if (pathname === '/') {
      response.writeHead(302, { location: `/output/${encodeURIComponent(options.edition)}.html` })
      return response.end()
    }
    if (pathname === `${endpoint}/events`) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      response.write(': connected\n\n')
      streams.add(response)
      request.on('close', () => streams.delete(response))
      return
    }
    if (pathname === `${endpoint}/client.js`) return end(response, 200, clientScript, types['.js'])
    if (pathname === `${endpoint}/state`) {
      const state = options.state()
      return end(response, 200, JSON.stringify(state && typeof state === 'object' ? { ...state, views: options.pages ? views : { html: views.html } } : state), types['.json'])
    }
    const paged = options.pages
    if (paged && pathname === `${endpoint}/pages.js`) return end(response, 200, pagesScript, types['.js'])
    if (paged && pathname === `${endpoint}/paginate.js`) return end(response, 200, await paged.paginator(), types['.js'])
    if (paged && pathname === `${endpoint}/paginate.json`) return end(response, 200, JSON.stringify(await paged.options()), types['.json'])
    const pagesView = paged !== undefined && pathname === `/output/${options.edition}${pagesSuffix}`

    const file = resolveFile(pagesView ? `/output/${options.edition}.html` : pathname, root, outputDir)
    if (!file) return end(response, 404, 'Not found')
    // A regular file whose real path (symbolic links followed) is in the folder served: a link
    // in the project to /etc/passwd is not served.
    const read = await readRegularFile(file.absolute, { limit: maxServedBytes, within: [file.output ? outputDir : root] })
    if (!read.ok) return end(response, read.failure.kind === 'outside' ? 403 : 404, read.failure.kind === 'outside' ? 'Forbidden' : 'Not found')
    const type = types[path.extname(file.absolute).toLowerCase()] ?? 'application/octet-stream'
    let body: Buffer | string = read.bytes
    const page = file.output && type.startsWith('text/html')
    if (pagesView) body = injectPages(holdLayout(read.bytes).toString('utf8'))
    else if (page) body = injectClient(body.toString('utf8'))
    response.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
      'x-content-type-options': 'nosniff',
      ...(page ? { 'content-security-policy': previewPolicy } : {})
    })
    response.end(request.method === 'HEAD' ? undefined : body)
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) end(response, 500, String((error as Error).message ?? error))
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  hosts = new Set([`127.0.0.1:${actual}`, `localhost:${actual}`])
  // Keeps connections of pages that wait for events from being cut by proxies or timeouts.
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n')
  }, 15_000)
  heartbeat.unref()

  return {
    url: `http://127.0.0.1:${actual}${views.html}`,
    pagesUrl: options.pages ? `http://127.0.0.1:${actual}${views.pages}` : undefined,
    port: actual,
    get clients() {
      return streams.size
    },
    send(event, data) {
      const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
      for (const stream of streams) stream.write(text)
    },
    async close() {
      clearInterval(heartbeat)
      for (const stream of streams) stream.end()
      streams.clear()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}

/**
 * The file a URL path names: `/output/...` in the output folder, anything else in the project
 * root. Undefined for paths that leave those folders or pass through a dot-file or dot-folder.
 */
export function resolveFile(pathname: string, root: string, outputDir: string): { absolute: string; output: boolean } | undefined {
  if (pathname.includes('\0')) return undefined
  const segments = pathname.split('/').filter((s) => s !== '')
  if (segments.some((s) => s.startsWith('.') || s.includes('\\'))) return undefined
  const [first, ...rest] = segments
  const output = first === 'output'
  const base = output ? outputDir : root
  const absolute = path.resolve(base, ...(output ? rest : segments))
  const inside = (folder: string) => absolute === folder || absolute.startsWith(folder + path.sep)
  if (!inside(base)) return undefined
  // The root's own output/ folder is the output folder; node_modules is never a project file.
  if (!output && segments[0] === 'node_modules') return undefined
  return { absolute, output: output || inside(outputDir) }
}

/** Add the client script at the end of the body (or of the document). */
export function injectClient(html: string): string {
  const tag = `<script src="${endpoint}/client.js"></script>`
  const at = html.lastIndexOf('</body>')
  return at === -1 ? html + tag : html.slice(0, at) + tag + html.slice(at)
}

/**
 * The paged view's scripts, deferred (they run once the document is parsed, in order): the
 * paginator, then the paged client. In the head, so that the paginator never takes them for
 * content of the flow.
 */
export function injectPages(html: string): string {
  const tags = `<script defer src="${endpoint}/paginate.js"></script><script defer src="${endpoint}/pages.js"></script>`
  const head = /<\/head\s*>/i.exec(html)
  return head ? html.slice(0, head.index) + tags + html.slice(head.index) : tags + html
}

function end(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  response.end(body)
}
