import { request } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { injectPages, startPreviewServer, type PreviewServer } from '../../src/watch/server.js'

// The preview server's routes for the pages view, on a folder of its own (no build, no browser).

let root: string
const servers: PreviewServer[] = []

/** GET `pathname` with the Host header given (fetch cannot set it). */
function get(server: PreviewServer, pathname: string, host = `127.0.0.1:${server.port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: pathname, headers: { host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title></head><body><p>Text</p></body></html>'

describe('preview server: the pages view', () => {
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'guidelines-server-'))
    mkdirSync(path.join(root, 'output'))
    writeFileSync(path.join(root, 'output', 'ed.html'), html)
    writeFileSync(path.join(root, 'output', 'other.html'), html)
  })

  afterAll(async () => {
    for (const server of servers) await server.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('serves the edition held out of layout with the paginator and the paged client, and their options', async () => {
    const server = await startPreviewServer(
      { root, outputDir: path.join(root, 'output'), edition: 'ed', state: () => ({ build: 1 }), pages: { paginator: async () => 'globalThis.guidelinesPaginate = () => ({})', options: async () => ({ lineNumbers: true, hyphenation: { example: 'ex\u00adam\u00adple' } }) } },
      0
    )
    servers.push(server)
    expect(server.pagesUrl).toBe(`http://127.0.0.1:${server.port}/output/ed.pages.html`)
    const pages = await get(server, '/output/ed.pages.html')
    expect(pages.status).toBe(200)
    expect(pages.headers['content-security-policy']).toBe("script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")
    expect(pages.body).toBe(
      '<!doctype html><html lang="en"><head><style id="guidelines-hold">html:not(.paginated) body > :not(template) { display: none !important }</style><meta charset="utf-8"><title>T</title>' +
        '<script defer src="/__guidelines/paginate.js"></script><script defer src="/__guidelines/pages.js"></script></head><body><p>Text</p></body></html>'
    )
    expect((await get(server, '/__guidelines/paginate.js')).body).toBe('globalThis.guidelinesPaginate = () => ({})')
    expect(JSON.parse((await get(server, '/__guidelines/paginate.json')).body)).toEqual({ lineNumbers: true, hyphenation: { example: 'ex\u00adam\u00adple' } })
    const client = await get(server, '/__guidelines/pages.js')
    expect(client.headers['content-type']).toContain('text/javascript')
    expect(client.body).toContain("const view = 'pages'")
    // The font loader of the print, in the page.
    expect(client.body).toContain('unicodeRange')
    expect(JSON.parse((await get(server, '/__guidelines/state')).body)).toEqual({ build: 1, views: { html: '/output/ed.html', pages: '/output/ed.pages.html' } })
    // The plain view is unchanged, the pages view is the edition's only.
    expect((await get(server, '/output/ed.html')).body).toContain('<script src="/__guidelines/client.js"></script></body>')
    expect((await get(server, '/output/other.pages.html')).status).toBe(404)
    // Another name for this address (DNS rebinding) is refused on every new route.
    for (const pathname of ['/output/ed.pages.html', '/__guidelines/paginate.js', '/__guidelines/paginate.json', '/__guidelines/pages.js']) {
      expect((await get(server, pathname, `attacker.example:${server.port}`)).status).toBe(421)
    }
  })

  it('has no pages view unless given the paginator', async () => {
    const server = await startPreviewServer({ root, outputDir: path.join(root, 'output'), edition: 'ed', state: () => ({}) }, 0)
    servers.push(server)
    expect(server.pagesUrl).toBeUndefined()
    expect((await get(server, '/output/ed.pages.html')).status).toBe(404)
    expect((await get(server, '/__guidelines/paginate.js')).status).toBe(404)
    expect(JSON.parse((await get(server, '/__guidelines/state')).body)).toEqual({ views: { html: '/output/ed.html' } })
  })

  it('puts the scripts at the end of the head', () => {
    expect(injectPages('<html><head><title>x</title></HEAD><body></body></html>')).toBe('<html><head><title>x</title><script defer src="/__guidelines/paginate.js"></script><script defer src="/__guidelines/pages.js"></script></HEAD><body></body></html>')
    expect(injectPages('<p>no head')).toBe('<script defer src="/__guidelines/paginate.js"></script><script defer src="/__guidelines/pages.js"></script><p>no head')
  })
})
