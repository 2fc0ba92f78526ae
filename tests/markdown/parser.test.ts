import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { createParser, mayHoldLiteralAutolink } from '../../src/markdown/processor.js'
import { createAbbreviationMatcher } from '../../src/markdown/util/abbreviations.js'

// A file that cannot hold a GFM literal autolink or table is parsed without that extension
// (src/markdown/processor.ts): the tree must be exactly the one full GFM (remark-gfm) gives.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const fullGfm = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm)
const parser = createParser({ matcher: createAbbreviationMatcher([]) })
const same = (text: string) => expect(JSON.stringify(parser.parse(new VFile({ path: 'x.md', value: text })))).toBe(JSON.stringify(fullGfm.parse(text)))

const markdownFiles = (folder: string): string[] =>
  readdirSync(path.join(repo, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.join(repo, folder, file))

describe('pass 1 without the GFM extensions a file cannot use', () => {
  it('gives full GFM trees for every Markdown file of this repository and its fixtures', () => {
    const files = [...markdownFiles('sections'), ...markdownFiles('tests/fixtures')]
    expect(files.length).toBeGreaterThan(40)
    let lean = 0
    let tableless = 0
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      if (!mayHoldLiteralAutolink(text)) lean++
      if (!text.includes('|')) tableless++
      same(text)
    }
    expect(lean).toBeGreaterThan(20)
    expect(tableless).toBeGreaterThan(20)
  })

  it('gives full GFM trees for generated Markdown', () => {
    const pieces = ['a | b\n', '|\n', '-|-\n', 'see www.x.org ', 'https://x.org/a ', 'a@b.org ', '# Title\n\n', '| a | b |\n|---|---|\n| c | d |\n\n', '- [ ] task\n- [x] done\n', '~~struck~~ ', '*em* ', '**strong** ', 'text[^1]\n\n[^1]: note\n\n', '`code` ', '> quote\n\n', 'www ', 'http ', 'mailto ', 'x.org ', 'wwwx.y ', '<b>raw</b> ', '\n\n', '1. one\n2. two\n\n', 'https ', 'w.w.w. ', '[a](https://x.org/b) ', '![www.x.org](i.png) ', '[mail](mailto:a@b.org) ', 'x](https://y.org) ', '<https://z.org> ', '[www.q.org](#r) ', '`https://c.org` ', '[t](https://d.org "www.e.org") ', '[r]: https://g.org\n\n', '[r] ', '\\](https://h.org) ', '| [l](https://t.org) | b |\n|---|---|\n| c | d@e.org |\n\n']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), fc.string({ maxLength: 40 }), (chosen, noise) => {
        same(chosen.join('') + noise)
      }),
      { numRuns: 500 }
    )
  })

  it('gives full GFM trees for files whose addresses are all link destinations (parsed without literal autolinks)', () => {
    for (const text of ['See [the site](https://www.wcoomd.org/x) and [mail](mailto:info@wcoomd.org).', '![A figure](https://x.org/a.png)\n\n[ref]: https://y.org', 'A [link](https://x.org) then www.y.org in text.', 'Not a link](https://x.org) here.', '![alt with www.x.org](a.png)']) same(text)
  })

  it('keeps literal autolinks where a text may have them', () => {
    const tree = parser.parse(new VFile({ path: 'x.md', value: 'See www.wcoomd.org or write to info@wcoomd.org.' }))
    expect(JSON.stringify(tree)).toContain('"url":"http://www.wcoomd.org"')
    expect(JSON.stringify(tree)).toContain('"url":"mailto:info@wcoomd.org"')
    same('See www.wcoomd.org or write to info@wcoomd.org.')
  })
})

describe('the table corpus of the bench (scripts/generate-tables.mjs)', () => {
  it.each([
    [8, 50],
    [1, 400]
  ])('%i tables of %i rows parse to remark-gfm’s tree, every row kept', async (tables, rows) => {
    const { tableCorpus } = (await import('../../scripts/generate-tables.mjs')) as { tableCorpus: (options: { tables: number; rows: number }) => string }
    const text = tableCorpus({ tables, rows })
    const file = new VFile({ path: 'x.md', value: text })
    const tree = parser.parse(file)
    expect(JSON.stringify(tree)).toBe(JSON.stringify(fullGfm.parse(text)))
    const found = tree.children.filter((node) => node.type === 'table')
    expect(found.map((table) => table.children.length)).toEqual(Array.from({ length: tables }, () => rows + 1))
    expect(found.every((table) => table.children.every((row) => row.children.length === 7))).toBe(true)
    expect(file.messages).toEqual([])
  })
})
