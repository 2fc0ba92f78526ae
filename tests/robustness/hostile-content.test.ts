import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { build } from '../../src/build.js'
import { readSourceTexts } from '../../src/comments/sources.js'
import { diskReader } from '../../src/load/readers.js'
import { readComments } from '../../src/comments/map.js'
import { diagnostics, formatGithub, formatJson, formatText } from '../../src/report/format.js'
import { startPreviewServer } from '../../src/watch/server.js'
import { pdfWithSourceMap } from './pdfs.js'
import { withShippedFonts } from '../../src/print/svg-fonts.js'
import type { Diagnostic } from '../../src/report/format.js'
import { createHyphenator } from '../../src/print/hyphenate.js'
import { createAbbreviationMatcher } from '../../src/markdown/util/abbreviations.js'
import { baseConfig, contribution, diagnose, makeProject } from './helpers.js'
import { png } from './images.js'

// Hostile and real-world input, second round (issue 18): what runs in the process (no CLI).

describe('2. long words and long lines stay linear', () => {
  it('the hyphenator skips a word of 200,000 letters at once, and still hyphenates ordinary words', () => {
    const hyphenate = createHyphenator('en')!
    const started = performance.now()
    const result = hyphenate(['abcdefghij'.repeat(20_000), 'cooperation'])
    expect(performance.now() - started).toBeLessThan(500)
    expect(Object.keys(result)).toEqual(['cooperation'])
  })

  it('words of capitals: 200,000 capitals followed by a small letter take linear time', () => {
    const matcher = createAbbreviationMatcher([])
    const started = performance.now()
    expect(matcher.unknown(`${'A'.repeat(200_000)}a and WCO, AEOs, A1B, ABs-x`)).toEqual([
      { index: 200_006, text: 'WCO' },
      { index: 200_011, text: 'AEO' },
      { index: 200_017, text: 'A1B' }
    ])
    // Before: a pattern with two starred classes backtracked (20,000 capitals: 1.1 s; 200,000: minutes).
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('40,000 unknown abbreviations in one paragraph are located in linear time', async () => {
    const { root, remove } = makeProject({ 'sections/purpose/wco.md': contribution(`Text ${'AB '.repeat(40_000)}end.`) })
    try {
      const started = performance.now()
      const list = await diagnose(root)
      // Before: each warning walked the paragraph from its start (28 s).
      expect(performance.now() - started).toBeLessThan(10_000)
      const found = list.filter((d) => d.rule === 'glossary-unknown-abbreviation')
      expect(found.length).toBe(40_000)
      expect(`${found[39_999]!.line}:${found[39_999]!.column}`).toBe(`6:${6 + 3 * 39_999}`)
    } finally {
      remove()
    }
  })
})

describe('3. images and SVG', () => {
  const wco = 'sections/purpose/wco.md'
  const of = (list: Diagnostic[], rule: string) => list.filter((d) => d.file === wco && d.rule === rule).map((d) => `${d.line}:${d.column} ${d.message}`)

  it('withShippedFonts: 400 KB of `<svg ` with no `>` in linear time', () => {
    const svg = '<svg '.repeat(80_000)
    const started = performance.now()
    expect(withShippedFonts(svg)).toBe(svg)
    // Before: 14.7 s a call.
    expect(performance.now() - started).toBeLessThan(200)
  })

  it('a huge, a truncated, a false and a fine image: positioned image-too-large and image-invalid', async () => {
    const bomb = png(20_000, 20_000)
    const { root, remove } = makeProject({
      [wco]: contribution('![bomb](../images/bomb.png)\n\n![cut](../images/cut.png) ![text](../images/text.png)\n\n![jpeg](../images/photo.png) ![fine](../images/fine.png) ![svg](../images/fine.svg)\n\n![inline](data:image/png;base64,' + png(12_000, 100).toString('base64') + ')'),
      'sections/images/bomb.png': bomb,
      'sections/images/cut.png': bomb.subarray(0, 200),
      'sections/images/text.png': 'this is not an image\n',
      'sections/images/photo.png': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]),
      'sections/images/fine.png': png(40, 30),
      'sections/images/fine.svg': '<?xml version="1.0"?>\n<!-- a long comment ' + 'x'.repeat(2_000) + ' -->\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    })
    try {
      expect(bomb.length).toBeLessThan(300_000)
      const list = await diagnose(root)
      expect(of(list, 'image-too-large')).toEqual([
        '6:1 Unexpected image `../images/bomb.png` of 20000 x 20000 pixels, expected at most 10000 pixels a side and 40 megapixels (a full A4 page at 300 dpi is 2480 x 3508)',
        `12:1 Unexpected image \`data:image/png;base64,iVBORw0KGg...\` of 12000 x 100 pixels, expected at most 10000 pixels a side and 40 megapixels (a full A4 page at 300 dpi is 2480 x 3508)`
      ])
      expect(of(list, 'image-invalid')).toEqual([
        '8:1 Unexpected image `../images/cut.png` that is truncated (the IDAT chunk at byte 33 needs ' + String(33 + 12 + bomb.readUInt32BE(33) - 200) + ' more bytes than the file has), expected a complete PNG file',
        '8:27 Unexpected image `../images/text.png` whose content is not a PNG image, expected a PNG, JPEG, GIF, WebP or SVG file whose content matches its name',
        '10:1 Unexpected image `../images/photo.png` whose content is a JPEG image, not a PNG, expected a PNG, JPEG, GIF, WebP or SVG file whose content matches its name'
      ])
    } finally {
      remove()
    }
  })
})

describe('5. raw HTML nested too deeply', () => {
  const wco = 'sections/purpose/wco.md'
  it.each([
    ['2,000 nested <div>s in one block', `${'<div>'.repeat(2_000)}deep${'</div>'.repeat(2_000)}`, `6:${5 * 64 + 1}`],
    ['50,000 unclosed <span>s in one paragraph', `Text ${'<span>a '.repeat(50_000)}end.`, `6:${6 + 8 * 64}`],
    ['<div>s left open in the blocks around', `${'<div>\n\n'.repeat(40)}> ${'<em>x '.repeat(30)}deep`, `86:${3 + 6 * 24}`]
  ])('%s: source-too-deep at the tag that passes 64, no stack overflow', async (_, body, place) => {
    const { root, remove } = makeProject({ [wco]: contribution(`${body}\n\nThe next paragraph.`) })
    try {
      const started = performance.now()
      const list = await diagnose(root)
      expect(performance.now() - started).toBeLessThan(20_000)
      const deep = list.filter((d) => d.rule === 'source-too-deep').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)
      expect(deep).toEqual([`${wco}:${place} Unexpected raw HTML nested deeper than 64 elements, expected at most 64 (the HTML from here to the end of the block is left out)`])
    } finally {
      remove()
    }
  })
})

describe('8. nothing from outside the project root', () => {
  const outside = mkdtempSync(path.join(os.tmpdir(), 'press-outside-'))
  writeFileSync(path.join(outside, 'secret.md'), contribution('OUTSIDE-SECRET text.', 'IAPH', 'scope'))
  writeFileSync(path.join(outside, 'secret.hbs'), 'OUTSIDE-SECRET partial')
  writeFileSync(path.join(outside, 'secret.css'), 'p::after { content: "OUTSIDE-SECRET" }')
  afterAll(() => rmSync(outside, { recursive: true, force: true }))

  const config = baseConfig.replace('template: wco-working-document', 'template: custom\n    body: sections/report.md').replace('      - id: scope\n        title: Scope\n', '      - id: scope\n        title: Scope\n        writers: [IAPH]\n')

  it('a contribution, a folder under sections/, a body file, a partial and a style sheet that are symbolic links out: path-outside-root, nothing of them in the HTML', async () => {
    const { root, remove } = makeProject({
      'sections/purpose/wco.md': contribution('Inside text.'),
      'guidelines.yaml': config,
      'templates/custom.hbs': '<!doctype html><html><head><style>{{{css}}}</style></head><body>{{> leak}}{{{body}}}</body></html>\n'
    })
    try {
      symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'sections', 'purpose', 'linked.md'))
      symlinkSync(outside, path.join(root, 'sections', 'elsewhere'))
      symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'sections', 'report.md'))
      mkdirSync(path.join(root, 'templates', 'partials'), { recursive: true })
      symlinkSync(path.join(outside, 'secret.hbs'), path.join(root, 'templates', 'partials', 'leak.hbs'))
      mkdirSync(path.join(root, 'styles'))
      symlinkSync(path.join(outside, 'secret.css'), path.join(root, 'styles', 'custom.css'))
      const result = await build({ root, write: true, print: false })
      const found = diagnostics(result.files).filter((d) => d.rule === 'path-outside-root').map((d) => `${d.file}:${d.line}:${d.column}`)
      expect(found.sort()).toEqual(['sections/elsewhere/secret.md:1:1', 'sections/purpose/linked.md:1:1', 'sections/report.md:1:1', 'templates/partials/leak.hbs:1:1'])
      // With the partial gone, the template renders and reads its style sheet.
      rmSync(path.join(root, 'templates', 'partials', 'leak.hbs'))
      writeFileSync(path.join(root, 'templates', 'partials', 'leak.hbs'), 'inside')
      const again = await build({ root, write: true, print: false })
      expect(diagnostics(again.files).filter((d) => d.rule === 'path-outside-root').map((d) => `${d.file}:${d.line}:${d.column}`)).toContain('styles/custom.css:1:1')
      expect(diagnostics(result.files).find((d) => d.file === 'sections/purpose/linked.md')!.message).toBe(`Unexpected path \`sections/purpose/linked.md\` outside the project root (it leads to ${path.join(outside, 'secret.md')}), expected a file under the project`)
      const html = existsSync(path.join(root, 'output', 'doc.html')) ? readFileSync(path.join(root, 'output', 'doc.html'), 'utf8') : ''
      expect(html).not.toContain('OUTSIDE-SECRET')
    } finally {
      remove()
    }
  })

  it('comments: a source map naming ../../etc/passwd or /etc/passwd is never read', async () => {
    const { root, remove } = makeProject({ 'sections/purpose/wco.md': contribution('Inside text.') })
    try {
      const texts = await readSourceTexts(diskReader(root))
      for (const file of ['../../../../etc/passwd', '/etc/passwd', 'sections/../../../etc/passwd']) expect(texts.read(file)).toBeUndefined()
      expect(texts.read('sections/purpose/wco.md')).toContain('Inside text.')
      const map = { format: 'guidelines-press/source-map@1', edition: 'doc', pages: 1, folios: ['1'], sources: { '../../../../etc/passwd': { writer: 'WCO', writerName: 'W', section: { id: 'purpose', number: '1.a', title: 'P' }, headings: [] } }, blocks: [{ page: 1, source: '/etc/passwd', line: 1, rects: [{ x: 0, y: 0, w: 800, h: 1100 }] }] }
      const result = await readComments(await pdfWithSourceMap(map), { root })
      expect(result.warnings).toContain('The PDF\'s source map names files outside the project ("../../../../etc/passwd", "/etc/passwd"); they are ignored.')
    } finally {
      remove()
    }
  })
})

describe('8. the preview server', () => {
  /** GET `pathname` with the Host header `host`: status and body. */
  const get = (port: number, pathname: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => (body += chunk.toString()))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
      request.on('error', reject)
      request.end()
    })

  it('serves no symbolic link that leads out, and answers only to its own address (DNS rebinding)', async () => {
    const { root, remove } = makeProject({ 'sections/purpose/wco.md': contribution('Inside text.') })
    symlinkSync('/etc/passwd', path.join(root, 'leak.txt'))
    mkdirSync(path.join(root, 'output'))
    symlinkSync('/etc/passwd', path.join(root, 'output', 'leak.html'))
    const server = await startPreviewServer({ root, outputDir: path.join(root, 'output'), edition: 'doc', state: () => ({}) }, 0)
    try {
      const own = `127.0.0.1:${server.port}`
      expect((await get(server.port, '/sections/purpose/wco.md', own)).body).toContain('Inside text.')
      expect((await get(server.port, '/sections/purpose/wco.md', `localhost:${server.port}`)).status).toBe(200)
      for (const pathname of ['/leak.txt', '/output/leak.html']) {
        const leaked = await get(server.port, pathname, own)
        expect(leaked.status).toBe(403)
        expect(leaked.body).not.toContain('root:')
      }
      for (const host of ['attacker.example', `attacker.example:${server.port}`, `127.0.0.1.attacker.example:${server.port}`]) {
        expect((await get(server.port, '/sections/purpose/wco.md', host)).status).toBe(421)
      }
    } finally {
      await server.close()
      remove()
    }
  })
})

describe('9. documents written elsewhere', () => {
  const wco = 'sections/purpose/wco.md'
  /** Build the HTML only; the diagnostics of the contribution and the HTML of its body. */
  async function html(body: string, files: Record<string, string> = {}) {
    const { root, remove } = makeProject({ [wco]: contribution(body), ...files })
    try {
      const result = await build({ root, write: true, print: false })
      const file = path.join(root, 'output', 'doc.html')
      const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
      return { list: diagnostics(result.files).filter((d) => d.file === wco).map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`), html: text }
    } finally {
      remove()
    }
  }

  it('upper-case schemes are links', async () => {
    const { list, html: out } = await html('See [the site](HTTPS://WWW.WCOOMD.ORG/x), <HTTP://example.org/y> and [write](MAILTO:info@wcoomd.org).')
    // (An autolink's text is its address: an accessibility warning of its own, not about the scheme.)
    expect(list.filter((d) => !d.includes('link-text-unclear'))).toEqual([])
    expect(out).toContain('href="https://WWW.WCOOMD.ORG/x"')
    expect(out).toContain('href="http://example.org/y"')
    expect(out).toContain('href="mailto:info@wcoomd.org"')
  })

  it.each(['textarea', 'xmp', 'title', 'plaintext', 'noembed', 'noframes'])('a raw <%s> in prose does not swallow the text after it', async (tag) => {
    const { list, html: out } = await html(`Before <${tag}>inside text after the tag.\n\nThe next paragraph stays.`)
    expect(list).toEqual([`6:8 html-unsafe Unexpected \`<${tag}>\` in the text, removed (its text is kept); expected HTML the press allows (a \`<${tag}>\` takes the text after it as its own)`])
    expect(out).toContain('inside text after the tag.')
    expect(out).toContain('The next paragraph stays.')
  })

  it('an unclosed <script> in prose is removed without the text after it', async () => {
    const { list, html: out } = await html('Before <script>alert(1) and the text after.\n\nThe next paragraph stays.')
    expect(list).toContain('6:8 html-unsafe Unexpected `<script>` that is never closed, removed with the rest of its HTML; expected `</script>` in the same HTML (the text after it is kept)')
    expect(out).not.toContain('<script')
    expect(out).toContain('The next paragraph stays.')
  })

  it('headings inside quotes and list items: warned, printed as bold paragraphs, not h1/h2', async () => {
    const { list, html: out } = await html('> # Quoted heading\n>\n> Quoted text.\n\n- ## Listed heading\n\n  Item text.\n\n# A real heading\n\nText.')
    expect(list).toEqual([
      '6:3 heading-nested Unexpected heading inside a block quote, expected headings at the top level of the contribution (it is printed as a bold paragraph, outside the table of contents and bookmarks)',
      '10:3 heading-nested Unexpected heading inside a list item, expected headings at the top level of the contribution (it is printed as a bold paragraph, outside the table of contents and bookmarks)'
    ])
    expect(out).toMatch(/<p class="heading-nested block-heading block-heading-1"[^>]*>Quoted heading<\/p>/)
    expect(out).toMatch(/<p class="heading-nested block-heading block-heading-2"[^>]*>Listed heading<\/p>/)
    expect(out).not.toMatch(/<h\d[^>]*>Quoted heading/)
    expect(out).toMatch(/<h3[^>]*><span class="num">i\.<\/span> A real heading<\/h3>/)
  })

  it('relative links keep their percent-encoding: a%23b.pdf stays a%23b.pdf', async () => {
    const { list, html: out } = await html('[The annex](../files/a%23b.pdf) and [another](../files/with%20space.pdf#page=2).', { 'sections/files/a#b.pdf': 'x', 'sections/files/with space.pdf': 'x' })
    expect(list).toEqual([])
    expect(out).toContain('href="../sections/files/a%23b.pdf"')
    expect(out).toContain('href="../sections/files/with%20space.pdf#page=2"')
  })

  it('raw-HTML ids that another part of the document has: id-duplicate', async () => {
    const { list } = await html('A paragraph. {#mine}\n\n<span id="purpose">x</span> <span id="mine">y</span> <span id="fn-1">z</span> <span id="own">a</span> <b id="own">b</b>')
    expect(list.filter((d) => d.includes('id-duplicate'))).toEqual([
      '8:1 id-duplicate Unexpected duplicate id `purpose` in raw HTML, already the id of Section 1.a “Purpose”',
      '8:29 id-duplicate Unexpected duplicate id `mine` in raw HTML, already the id of paragraph 1 “A paragraph.”',
      '8:54 id-duplicate Unexpected duplicate id `fn-1` in raw HTML, already the id of a footnote',
      '8:103 id-duplicate Unexpected duplicate id `own` in raw HTML, already the id of raw HTML at sections/purpose/wco.md:8'
    ])
  })
})

describe('12. control characters in diagnostics', () => {
  it('a file name and a key with newlines and escape sequences cannot forge a line or a ::error annotation', async () => {
    const forged = 'x\n::error file=guidelines.yaml,line=1::forged\n\u001b[2K.md'
    const { root, remove } = makeProject({
      'sections/purpose/wco.md': '---\nsection: purpose\nwriter: WCO\n"bad\\nkey\\u001b[31m": 1\n---\n\nText.\n',
      [`sections/purpose/${forged}`]: '  \n'
    })
    try {
      const list = await diagnose(root)
      expect(list.some((d) => d.file.includes('\n'))).toBe(true) // the data itself is unchanged
      const text = formatText(list)
      const github = formatGithub(list)
      for (const out of [text, github]) {
        expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/)
        for (const line of out.split('\n')) expect(line.startsWith('::error file=guidelines.yaml')).toBe(false)
      }
      expect(text.split('\n')).toHaveLength(list.length + 1)
      expect(github.split('\n')).toHaveLength(list.length)
      expect(text).toContain('sections/purpose/x\\n::error file=guidelines.yaml,line=1::forged\\n\\x1b[2K.md:1:1  warning  Unexpected empty file')
      expect(text).toContain('Unexpected key `bad\\nkey\\x1b[31m`')
      expect(github).toContain('::warning file=sections/purpose/x%0A%3A%3Aerror file=guidelines.yaml%2Cline=1%3A%3Aforged%0A\\x1b[2K.md,line=1,col=1')
      expect(JSON.parse(formatJson(list))).toEqual(list)
    } finally {
      remove()
    }
  })
})

describe('10. words of capitals that are not abbreviations', () => {
  const wco = 'sections/purpose/wco.md'
  const glossary = `- term: Public Key Infrastructure
  abbreviation: PKI
  definition: Keys and certificates.
- term: Structured Query Language
  abbreviation: SQL
  definition: A query language.
- term: SVG
  definition: Scalable Vector Graphics, an image format.
`
  const config = `${baseConfig}abbreviations:\n  ignore: [GET, POST, ORDER BY, DELETED]\n`

  it('RFC 2119 keywords, abbreviations.ignore (words and phrases) and a term that is itself an abbreviation are not warned about', async () => {
    const { root, remove } = makeProject({
      'guidelines.yaml': config,
      'glossary.yaml': glossary,
      [wco]: contribution('Ports MUST NOT and SHOULD NOT, MAY, SHALL, REQUIRED, RECOMMENDED, NOT RECOMMENDED, OPTIONAL. A GET or POST with ORDER BY on DELETED rows, in SVG, with BY alone and HQL. See HTTPS://WWW.WCOOMD.ORG/X or www.WCO.org.')
    })
    try {
      const list = await diagnose(root)
      expect(list.filter((d) => d.rule === 'glossary-unknown-abbreviation').map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
        '6:152 Unexpected abbreviation `BY` that the glossary lacks, expected an entry in glossary.yaml (or write it out)',
        '6:165 Unexpected abbreviation `HQL` that the glossary lacks, expected an entry in glossary.yaml (or write it out)'
      ])
    } finally {
      remove()
    }
  })

  it('abbreviations.ignore is validated', async () => {
    const { root, remove } = makeProject({ 'guidelines.yaml': `${baseConfig}abbreviations:\n  ignored: [GET]\n`, [wco]: contribution('Text.') })
    try {
      const list = await diagnose(root)
      expect(list.filter((d) => d.rule === 'config-invalid').map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['20:3 Unexpected key `ignored` in `abbreviations`; did you mean `ignore`?'])
    } finally {
      remove()
    }
  })

  it('an abbreviation the author expanded in place (across a line break) or used in parentheses is not expanded there', async () => {
    const { root, remove } = makeProject({
      'guidelines.yaml': config,
      'glossary.yaml': glossary,
      [wco]: contribution('Trust needs a Public Key\nInfrastructure (PKI) for the PKI keys.\n\nQueries (e.g. SQL, HQL) are common; SQL is the standard.')
    })
    try {
      const result = await build({ root, write: true, print: false })
      expect(diagnostics(result.files).filter((d) => d.severity === 'error')).toEqual([])
      const out = readFileSync(path.join(root, 'output', 'doc.html'), 'utf8').replace(/<[^>]+>/g, '')
      expect(out).toContain('Trust needs a Public Key\nInfrastructure (PKI) for the PKI keys.')
      expect(out).toContain('Queries (e.g. SQL, HQL) are common; Structured Query Language (SQL) is the standard.')
    } finally {
      remove()
    }
  })
})

describe('11. glossary terms without an abbreviation', () => {
  const glossary = `- term: Single Window
  definition: One entry point for trade data.
- term: Port Authority
  definition: The body that runs a port.
- term: Blockchain
  definition: A shared ledger.
- term: Authorized Economic Operator
  abbreviation: AEO
  definition: A certified trader.
`
  const config = baseConfig.replace('      - id: scope\n        title: Scope\n', '      - id: scope\n        title: Scope\n        writers: [WCO]\n  - id: second\n    title: Second chapter\n    sections:\n      - id: later\n        title: Later\n        writers: [WCO]\n')

  it('recognised in any case, across a line break and in plural; the first use in each chapter linked; an unused term warned', async () => {
    const { root, remove } = makeProject({
      'guidelines.yaml': config,
      'glossary.yaml': glossary,
      'sections/purpose/wco.md': contribution('Every single\nwindow helps. Two Single Windows and port authorities, and the AEO.\n\n## Single Window heading\n\nAnother single window and [a single window link](#purpose).'),
      'sections/scope/wco.md': contribution('The port authority again; a single-window-like idea.', 'WCO', 'scope'),
      'sections/later/wco.md': contribution('Port Authorities in the second chapter.', 'WCO', 'later')
    })
    try {
      const result = await build({ root, write: true, print: false })
      const list = diagnostics(result.files)
      expect(list.filter((d) => d.rule === 'glossary-unused').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual(['glossary.yaml:5:9 Unexpected unused term `Blockchain`, expected a use in some contribution (or remove the entry)'])
      const html = readFileSync(path.join(root, 'output', 'doc.html'), 'utf8')
      const links = [...html.matchAll(/<a[^>]*class="gloss gloss-term"[^>]*>([^<]*)<\/a>/g)].map((m) => `${/href="([^"]*)"/.exec(m[0])![1]} ${m[1]!.replace(/\n/g, ' ')}`)
      // Chapter 1: the first use of each term (in its first contribution); chapter 2: again.
      expect(links).toEqual(['#gloss-single-window single window', '#gloss-port-authority port authorities', '#gloss-port-authority Port Authorities'])
    } finally {
      remove()
    }
  })
})
