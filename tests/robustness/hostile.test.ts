import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../../src/build.js'
import { launchBrowser } from '../../src/print/browser.js'
import { printPdf } from '../../src/print/pdf.js'
import { diagnostics } from '../../src/report/format.js'
import { contribution, makeProject } from './helpers.js'

// A loopback server counts every request the browser makes while hostile content is printed.
let server: Server
let origin = ''
const hits: string[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '')
    response.setHeader('Content-Type', 'text/plain')
    response.end('body { background: red }')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

function hostileMarkdown(): string {
  const u = (name: string) => `${origin}/${name}`
  return `Hostile content follows.

<img src="${u('img')}" alt="remote">

<link rel="stylesheet" href="${u('link-stylesheet')}">

<p style="background: url(${u('inline-style-url')})">Styled paragraph.</p>

<style>@import url(${u('style-import')}); body { background: url(${u('style-url')}) }</style>

<iframe src="${u('iframe')}"></iframe>

<script>fetch('${u('script-fetch')}'); document.body.append('SCRIPT-RAN')</script>

<meta http-equiv="refresh" content="0; url=${u('meta-refresh')}">

<object data="${u('object')}"></object>

<embed src="${u('embed')}">

<form action="${u('form')}"><input type="submit" value="go"></form>

<img src="../images/evil.svg" onerror="fetch('${u('onerror')}')" alt="handler">

<a href="javascript:fetch('${u('javascript-link')}')">a script link</a>

<svg><image href="${u('inline-svg-image')}" width="10" height="10"/></svg>

<base href="${u('base')}/">

<video poster="${u('video-poster')}" src="${u('video')}"></video>

<picture><source srcset="${u('srcset')}"><img src="../images/evil.svg" alt="picture"></picture>

<table background="${u('table-background')}"><tr><td>cell</td></tr></table>

![markdown image](${u('markdown-image')})

![an SVG with external references](../images/evil.svg)

Text after the hostile content.
`
}

function evilSvg(): string {
  const u = (name: string) => `${origin}/${name}`
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60" viewBox="0 0 120 60">
<style>@import url(${u('svg-import')}); rect { fill: url(${u('svg-fill')}#p) } text { font-family: x; src: url(${u('svg-font')}) }</style>
<image href="${u('svg-image')}" width="10" height="10"/>
<image xlink:href="${u('svg-xlink-image')}" x="20" width="10" height="10"/>
<rect x="40" width="10" height="10" style="background-image: url(${u('svg-style-url')})"/>
<use href="${u('svg-use')}#a"/>
<script>fetch('${u('svg-script')}')</script>
<foreignObject width="100" height="20"><iframe xmlns="http://www.w3.org/1999/xhtml" src="${u('svg-iframe')}"></iframe></foreignObject>
<text x="60" y="40">SVG</text>
</svg>
`
}

describe('hostile content', () => {
  it('is built with zero requests to the network and no script run', async () => {
    const glossary = `- term: Hostile Entry
  abbreviation: HE
  definition: "An entry with an image ![x](${origin}/glossary-image) and a [link](javascript:alert(1))."
`
    const { root, remove } = makeProject({
      'sections/purpose/wco.md': contribution(`${hostileMarkdown()}\nThe HE is used here.`),
      'sections/images/evil.svg': evilSvg(),
      'glossary.yaml': glossary
    })
    try {
      const result = await build({ root, timeout: 60_000 })
      const list = diagnostics(result.files)
      expect(list.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([])
      expect(result.outputs.length).toBe(1)
      // The count the issue asks for.
      expect(hits).toEqual([])

      const html = readFileSync(path.join(root, 'output', 'doc.html'), 'utf8')
      for (const marker of ['SCRIPT-RAN', '<iframe', '<object', '<embed', '<form', 'http-equiv', '<base', 'onerror', 'javascript:', 'inline-style-url', 'style-import', 'link-stylesheet', 'srcset', 'video-poster', 'table-background', `src="${origin}`]) {
        expect(html, marker).not.toContain(marker)
      }
      const text = execFileSync('pdftotext', [path.join(root, 'output', 'doc.pdf'), '-'], { encoding: 'utf8' })
      expect(text).toContain('Text after the hostile content.')
      expect(text).not.toContain('SCRIPT-RAN')

      // Each removal is reported where the writer can find it.
      const rules = new Set(list.filter((d) => d.file === 'sections/purpose/wco.md').map((d) => d.rule))
      expect(rules).toContain('html-unsafe')
      expect(rules).toContain('print-blocked-request')
    } finally {
      remove()
    }
  }, 120_000)

  it('the printer itself runs no script of the page and loads nothing remote, even from unsanitized HTML', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'press-print-'))
    const htmlFile = path.join(folder, 'page.html')
    const u = (name: string) => `${origin}/raw-${name}`
    writeFileSync(
      htmlFile,
      `<!doctype html><html><head><link rel="stylesheet" href="${u('stylesheet')}"><style>@import url(${u('import')});</style>
</head>
<body><p>Unsanitized page.</p><img src="${u('img')}"><iframe src="${u('iframe')}"></iframe>
<img src="x" onerror="document.body.append('HANDLER-RAN')">
<script>document.body.append('SCRIPT-RAN'); fetch('${u('fetch')}'); new Image().src = '${u('image-from-script')}'</script>
<object data="${u('object')}"></object><embed src="${u('embed')}"></body></html>`
    )
    const browser = await launchBrowser({ timeout: 30_000 })
    try {
      const printed = await printPdf(browser, { htmlFile, allowed: [folder], timeout: 30_000 })
      writeFileSync(path.join(folder, 'page.pdf'), printed.pdf)
      const text = execFileSync('pdftotext', [path.join(folder, 'page.pdf'), '-'], { encoding: 'utf8' })
      expect(text).toContain('Unsanitized page.')
      expect(text).not.toContain('SCRIPT-RAN')
      expect(text).not.toContain('HANDLER-RAN')
      expect(hits).toEqual([])
    } finally {
      await browser.close()
      rmSync(folder, { recursive: true, force: true })
    }
  }, 60_000)

  it('interception lists what the page tried to load beyond the content policy', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'press-print-'))
    const outside = mkdtempSync(path.join(os.tmpdir(), 'press-outside-'))
    writeFileSync(path.join(outside, 'secret.png'), 'secret')
    const htmlFile = path.join(folder, 'page.html')
    // A local file outside the allowed folders: CSP lets file: through, interception must not.
    writeFileSync(htmlFile, `<!doctype html><p>Local.</p><img src="file://${outside}/secret.png">`)
    const browser = await launchBrowser({ timeout: 30_000 })
    try {
      const printed = await printPdf(browser, { htmlFile, allowed: [folder], timeout: 30_000 })
      expect(printed.blocked).toEqual([`file://${outside}/secret.png`])
    } finally {
      await browser.close()
      rmSync(folder, { recursive: true, force: true })
      rmSync(outside, { recursive: true, force: true })
    }
  }, 60_000)
})
