import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { maxSourceBytes } from '../../src/load/read-source.js'
import { maxNesting } from '../../src/markdown/processor.js'
import { maxEmphasisMarks } from '../../src/markdown/remark-nesting.js'
import { baseConfig, contribution, diagnose, makeProject } from './helpers.js'
import type { Diagnostic } from '../../src/report/format.js'

// Every case: the diagnostic's file, line, column and rule id, and the gist of its message.
const projects: Array<() => void> = []
afterEach(() => {
  while (projects.length > 0) projects.pop()!()
})

async function check(files: Record<string, string | Uint8Array>): Promise<{ root: string; list: Diagnostic[] }> {
  const { root, remove } = makeProject(files)
  projects.push(remove)
  return { root, list: await diagnose(root) }
}

/** Diagnostics of `file` with rule `rule`, as `line:column message`. */
function of(list: Diagnostic[], file: string, rule: string): string[] {
  return list.filter((d) => d.file === file && d.rule === rule).map((d) => `${d.line}:${d.column} ${d.message}`)
}

const wco = 'sections/purpose/wco.md'

describe('YAML', () => {
  it('malformed front matter: position inside the contribution', async () => {
    const { list } = await check({ [wco]: '---\nsection: purpose\nwriter: [WCO\n---\n\nText.\n' })
    const found = of(list, wco, 'frontmatter-invalid')
    expect(found.length).toBeGreaterThan(0)
    expect(found[0]).toMatch(/^[34]:\d+ Invalid YAML/)
  })

  it('malformed guidelines.yaml: line and column of the fault', async () => {
    const { list } = await check({ 'guidelines.yaml': baseConfig.replace('title: Introduction', 'title: "Introduction') })
    const found = of(list, 'guidelines.yaml', 'config-invalid')
    expect(found.length).toBeGreaterThan(0)
    // The quote opens on line 9, column 12; the parser notices only at the end of the file.
    expect(found).toEqual(['9:12 Invalid YAML: Missing closing "quote'])
  })

  it('malformed glossary.yaml', async () => {
    const { list } = await check({ [wco]: contribution('Text.'), 'glossary.yaml': '- term: Advance Cargo Information\n  abbreviation: ACI\n  definition: [unclosed\n' })
    const found = of(list, 'glossary.yaml', 'glossary-invalid')
    expect(found[0]).toMatch(/^[34]:\d+ Invalid YAML/)
  })

  it('unknown key: points at the key and suggests the closest one', async () => {
    const { list } = await check({ [wco]: '---\nsection: purpose\nwritter: WCO\n---\n\nText.\n' })
    expect(of(list, wco, 'frontmatter-invalid')).toContain('3:1 Unexpected key `writter` in the document; did you mean `writer`?')
  })

  it('unknown key in guidelines.yaml', async () => {
    const { list } = await check({ [wco]: contribution('Text.'), 'guidelines.yaml': baseConfig.replace('  doc:\n    template:', '  doc:\n    templat: x\n    template:') })
    expect(of(list, 'guidelines.yaml', 'config-invalid')).toContain('18:5 Unexpected key `templat` in `editions.doc`; did you mean `template`?')
  })

  it('wrong type', async () => {
    const { list } = await check({ [wco]: contribution('Text.'), 'guidelines.yaml': baseConfig.replace('organisations: [WCO]', 'organisations: WCO') })
    expect(of(list, 'guidelines.yaml', 'config-invalid')).toContain('3:16 Unexpected string for `organisations`, expected array')
  })

  it('impossible date', async () => {
    const { list } = await check({ [wco]: '---\nsection: purpose\nwriter: WCO\nsubmitted: 2023-02-30\n---\n\nText.\n' })
    expect(of(list, wco, 'frontmatter-invalid')).toContain('4:12 Unexpected date `2023-02-30` for `submitted`, expected a real date as YYYY-MM-DD')
  })
})

describe('contributions', () => {
  it('two contributions of one writer to one section', async () => {
    const { list } = await check({ [wco]: contribution('One.'), 'sections/purpose/wco-again.md': contribution('Two.') })
    // Sorted by path, wco-again.md is read first: the second one read is reported.
    expect(of(list, wco, 'outline-duplicate-contribution')).toEqual([
      '3:9 Unexpected second contribution of `WCO` to section `purpose`, expected one file per writer and section (the other is sections/purpose/wco-again.md)'
    ])
  })

  it('not UTF-8: the first bad byte', async () => {
    // Latin-1 "Café" after a UTF-8 "Ü": the column counts characters, not bytes.
    const bytes = Buffer.concat([Buffer.from(contribution('Ünd Caf').trimEnd()), Buffer.from([0xe9, 0x0a])])
    const { list } = await check({ [wco]: bytes })
    expect(of(list, wco, 'source-encoding')).toEqual([`6:8 Unexpected byte sequence that is not UTF-8, expected a UTF-8 text file (save it as UTF-8)`])
  })

  it('BOM: a warning, and the file is still read', async () => {
    const { list } = await check({ [wco]: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(contribution('Text.'))]) })
    expect(list.filter((d) => d.file === wco).map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual(['1:1 warning source-encoding'])
  })

  it('binary .md under sections/: NUL byte position; other binaries are not read', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
    const { list } = await check({ [wco]: contribution('Text.'), 'sections/purpose/scan.md': png, 'sections/purpose/photo.png': png })
    expect(of(list, 'sections/purpose/scan.md', 'source-binary')).toEqual(['3:1 Unexpected binary content (NUL byte), expected a UTF-8 text file'])
    expect(list.filter((d) => d.file.endsWith('photo.png'))).toEqual([])
  })

  it('empty file', async () => {
    const { list } = await check({ [wco]: contribution('Text.'), 'sections/purpose/empty.md': '  \n' })
    expect(of(list, 'sections/purpose/empty.md', 'source-empty')).toEqual(['1:1 Unexpected empty file, expected front matter and text'])
  })

  it('file above the size limit', async () => {
    const { list } = await check({ [wco]: contribution('x'.repeat(maxSourceBytes + 10)) })
    expect(of(list, wco, 'source-too-large')[0]).toMatch(/^1:1 Unexpected file of \d+ bytes, expected at most 2097152 bytes$/)
  })
})

describe('pathological nesting', () => {
  it.each([
    ['block quotes', `${'>'.repeat(20_000)} deep\n`, 1, maxNesting + 1],
    ['lists on one line', `${'- '.repeat(20_000)}deep\n`, 1, 2 * maxNesting + 1],
    ['ordered lists', `${'1. '.repeat(5_000)}deep\n`, 1, 3 * maxNesting + 1],
    ['indented lists', Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * i)}- item ${i}`).join('\n'), maxNesting + 1, 2 * maxNesting + 1]
  ])('%s: source-too-deep where the depth passes the limit, no stack overflow', async (_, body, line, column) => {
    const { list } = await check({ [wco]: contribution(body) })
    // The body starts on line 6 of the file (after the front matter and a blank line).
    expect(of(list, wco, 'source-too-deep')[0]).toMatch(new RegExp(`^${5 + line}:${column} Unexpected nesting deeper than ${maxNesting} levels`))
    expect(list.filter((d) => d.severity === 'error' && d.rule !== 'source-too-deep')).toEqual([])
  })

  it('deep nesting within the limit is kept, without a message', async () => {
    const { list } = await check({ [wco]: contribution(`${'>'.repeat(maxNesting)} deep but fine\n`) })
    expect(of(list, wco, 'source-too-deep')).toEqual([])
  })

  it('thousands of nested emphasis marks: cut at the 501st mark, in bounded time, no stack overflow', async () => {
    const started = performance.now()
    const { list } = await check({ [wco]: contribution(`${'*a '.repeat(5_000)}x${' a*'.repeat(5_000)}\n\nNext paragraph.`) })
    expect(of(list, wco, 'source-too-deep')).toEqual([
      `6:${3 * maxEmphasisMarks + 1} Unexpected paragraph with more than ${maxEmphasisMarks} emphasis marks (\`*\`, \`_\`), expected at most ${maxEmphasisMarks} (the rest of the paragraph is left out)`
    ])
    // Unbounded, the parser takes ~12 s on this (quadratic in nested emphasis).
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('nested emphasis within the limit but deeper than the tree allows: cut in the tree', async () => {
    // 60 quotes and 240 nested emphasis: under both line limits, but the tree is deeper than 4 x 64.
    const { list } = await check({ [wco]: contribution(`${'> '.repeat(60)}${'*a '.repeat(240)}x${' a*'.repeat(240)}`) })
    expect(of(list, wco, 'source-too-deep')[0]).toMatch(/^6:\d+ Unexpected nesting deeper than 64 levels, expected at most 64 \(the deeper content is left out\)/)
  })
})

describe('raw HTML', () => {
  it('unbalanced: an unclosed element and a stray end tag, with positions', async () => {
    const { list } = await check({ [wco]: contribution('Text with <span>an open span.\n\nAnd a </em> stray end tag.\n\n<div>\n\nblock\n') })
    expect(of(list, wco, 'html-unbalanced')).toEqual([
      '6:11 Unexpected `<span>` that is never closed, expected `</span>` in the same block',
      '8:7 Unexpected end tag `</em>` with no open `<em>`, expected a matching start tag before it',
      '10:1 Unexpected `<div>` that is never closed, expected `</div>` in the same block'
    ])
  })

  it('balanced HTML, void elements and optional end tags give no message', async () => {
    const { list } = await check({ [wco]: contribution('<div class="note">\n\nText<br> and <img src="x.png" alt=""/>.\n\n</div>\n\n<ul><li>one<li>two</ul>\n\n<!-- <span> in a comment -->') })
    expect(of(list, wco, 'html-unbalanced')).toEqual([])
  })

  it('removed by the sanitizer: named, with position', async () => {
    const { list } = await check({
      [wco]: contribution('Click <a href="javascript:alert(1)">here</a>.\n\n<iframe src="https://example.org"></iframe>\n\n<p onclick="x()" style="color:red">Styled</p>\n\n<script>fetch("/x")</script>')
    })
    const found = of(list, wco, 'html-unsafe')
    expect(found).toContain('6:7 Unexpected `javascript:` URL in `href` of `<a>`, removed; expected http:, https:, irc:, ircs:, mailto:, xmpp: or a file of the project')
    expect(found.some((m) => m.startsWith('8:1 Unexpected `<iframe>` element, removed'))).toBe(true)
    expect(found.some((m) => m.startsWith('10:1 Unexpected attribute `onclick` on `<p>`, removed'))).toBe(true)
    expect(found.some((m) => m.startsWith('10:1 Unexpected attribute `style` on `<p>`, removed'))).toBe(true)
    expect(found.some((m) => m.startsWith('12:1 Unexpected `<script>` element, removed (with its content)'))).toBe(true)
  })
})

describe('images and links', () => {
  it('image that does not exist', async () => {
    const { list } = await check({ [wco]: contribution('See ![a chart](../images/chart.png).') })
    expect(of(list, wco, 'image-missing')).toEqual(['6:5 Unexpected missing image `../images/chart.png`, expected a file at sections/images/chart.png'])
  })

  it('image and link outside the project root', async () => {
    const { list } = await check({ [wco]: contribution('![x](../../../etc/hostname) and [a link](../../../../etc/passwd)') })
    expect(of(list, wco, 'path-outside-root')).toEqual([
      '6:1 Unexpected path `../../../etc/hostname` outside the project root, expected a file under the project',
      '6:33 Unexpected path `../../../../etc/passwd` outside the project root, expected a file under the project'
    ])
  })

  it('image reached through a symbolic link that leaves the project', async () => {
    const outside = path.join(os.tmpdir(), `press-outside-${process.pid}.png`)
    writeFileSync(outside, 'not really a PNG')
    projects.push(() => rmSync(outside, { force: true }))
    const { root, remove } = makeProject({ [wco]: contribution('![x](../images/escape.png) and ![y](../linked/secret.png)') })
    projects.push(remove)
    mkdirSync(path.join(root, 'sections', 'images'), { recursive: true })
    symlinkSync(outside, path.join(root, 'sections', 'images', 'escape.png'))
    symlinkSync(os.tmpdir(), path.join(root, 'sections', 'linked'))
    const list = await diagnose(root)
    expect(of(list, wco, 'path-outside-root')).toEqual([
      '6:1 Unexpected path `../images/escape.png` outside the project root, expected a file under the project',
      '6:32 Unexpected path `../linked/secret.png` outside the project root, expected a file under the project'
    ])
  })

  it('absolute paths are read from the project root, never from the machine', async () => {
    const { list } = await check({ [wco]: contribution('![x](/etc/hostname)') })
    expect(of(list, wco, 'image-missing')).toEqual(['6:1 Unexpected missing image `/etc/hostname`, expected a file at etc/hostname'])
  })

  it('file: URLs are refused', async () => {
    const { list } = await check({ [wco]: contribution('![x](file:///etc/hostname) [y](file:///etc/passwd)') })
    expect(of(list, wco, 'html-unsafe')).toEqual([
      '6:1 Unexpected `file:` URL in `src` of `<img>`, removed; expected http:, https:, data: or a file of the project',
      '6:28 Unexpected `file:` URL in `href` of `<a>`, removed; expected http:, https:, irc:, ircs:, mailto:, xmpp: or a file of the project'
    ])
  })

  it('data: URLs only for images', async () => {
    const { list } = await check({ [wco]: contribution('![dot](data:image/png;base64,iVBORw0KGgo=) [page](data:text/html,<script>x</script>) ![svg](data:text/html;base64,PHA+)') })
    expect(of(list, wco, 'html-unsafe')).toEqual([
      '6:44 Unexpected `data:` URL in `href` of `<a>`, removed; expected http:, https:, irc:, ircs:, mailto:, xmpp: or a file of the project',
      '6:86 Unexpected data: URL, expected a file in the project (data: URLs are allowed only for images)'
    ])
  })

  it('malformed percent-encoding does not throw', async () => {
    const { list } = await check({ [wco]: contribution('![x](images/%E0%A4%A.png) [y](#%zz)') })
    expect(list.some((d) => d.file === wco && d.rule === 'image-missing')).toBe(true)
  })
})

describe('cross-references', () => {
  it('a reference to the paragraph or heading that contains it', async () => {
    const { list } = await check({ [wco]: contribution('## Scope of work {#scope-of-work}\n\nAs this paragraph says, see [](#self-para). {#self-para}\n\nSee [the heading](#scope-of-work) from elsewhere.') })
    expect(of(list, wco, 'xref-self')).toEqual(['8:29 Unexpected reference to `#self-para` inside the paragraph it names, expected a reference to another part of the document'])
  })
})

describe('templates', () => {
  it('a syntax error in a project template: template file and line', async () => {
    const config = baseConfig.replace('template: wco-working-document', 'template: custom')
    const { list } = await check({ [wco]: contribution('Text.'), 'guidelines.yaml': config, 'templates/custom.hbs': '<!doctype html>\n<html>\n<body>\n{{#if title}}\n{{{body}}}\n</body>\n</html>\n' })
    const found = list.filter((d) => d.rule === 'template-error')
    expect(found.length).toBe(1)
    expect(found[0]!.file).toBe('templates/custom.hbs')
    expect(found[0]!.line).toBeGreaterThanOrEqual(4)
    expect(found[0]!.message).toBe('Unexpected end of template, expected the closing tag of an open block ({{/if}}, {{/each}}, {{/with}}...)')
  })

  it('mismatched blocks in a project template: the line of the closing tag', async () => {
    const config = baseConfig.replace('template: wco-working-document', 'template: custom')
    const { list } = await check({ [wco]: contribution('Text.'), 'guidelines.yaml': config, 'templates/custom.hbs': '<html>\n{{#each toc}}\n<p>{{title}}</p>\n{{/if}}\n</html>\n' })
    const found = list.filter((d) => d.rule === 'template-error').map((d) => `${d.file}:${d.line} ${d.message}`)
    expect(found).toEqual(["templates/custom.hbs:2 Unexpected template syntax: each doesn't match if - 2:3"])
  })
})

describe('templates at render time', () => {
  it('a missing partial or helper: the line and column of its use', async () => {
    const config = baseConfig.replace('template: wco-working-document', 'template: custom')
    const partial = await check({ [wco]: contribution('Text.'), 'guidelines.yaml': config, 'templates/custom.hbs': '<!doctype html>\n<html>\n<body>\n  {{> sidebar}}\n{{{body}}}\n</body>\n</html>\n' })
    expect(partial.list.filter((d) => d.rule === 'template-error').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual(['templates/custom.hbs:4:3 Template failed: The partial sidebar could not be found'])
    const helper = await check({ [wco]: contribution('Text.'), 'guidelines.yaml': config, 'templates/custom.hbs': '<html>\n<body>{{{body}}}\n<p>{{shout title}}</p>\n</body>\n</html>\n' })
    expect(helper.list.filter((d) => d.rule === 'template-error').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual(['templates/custom.hbs:3:4 Template failed: Missing helper: "shout"'])
  })
})

describe('YAML aliases', () => {
  it('an alias to an anchor defined later: Invalid YAML at the alias, no throw', async () => {
    const { list } = await check({ [wco]: '---\nsection: *later\nwriter: &later WCO\n---\n\nText.\n' })
    expect(of(list, wco, 'frontmatter-invalid')[0]).toMatch(/^2:10 Invalid YAML: Unresolved alias/)
  })

  it('an alias bomb in glossary.yaml: refused, no hang', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n')
    const { list } = await check({ [wco]: contribution('Text.'), 'glossary.yaml': `${bomb}\n` })
    expect(of(list, 'glossary.yaml', 'glossary-invalid')[0]).toMatch(/^\d+:\d+ Invalid YAML: Excessive alias count/)
  })
})
