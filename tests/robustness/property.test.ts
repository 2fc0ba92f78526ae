import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../../src/build.js'
import { baseConfig } from './helpers.js'

// Random and mutated Markdown and YAML through load, parse, link and render (no printing):
// nothing throws, and every diagnostic points inside the file it names.
let root = ''
/** Rule ids seen across runs: shows the generators reach the checks. */
const seen = new Set<string>()
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'press-property-'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const fragments = [
  '# Heading {#h1}',
  '## Sub heading',
  'A paragraph with *emphasis*, **strong** and `code`. {#para-1}',
  'See [](#h1), [the paragraph](#para-1), [nothing](#missing) and [self](#p2). {#p2}',
  '- item one\n- item two\n  - nested',
  '1. first\n2. second',
  '> quoted\n>> deeper',
  '```js\nconst x = 1 <div>\n```',
  '| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Caption {#tab-1}',
  '![a figure](../images/none.png) {#fig-1}',
  '![outside](../../../../etc/passwd) [link](../../../x.md)',
  'Text with a footnote.[^1]\n\n[^1]: The note.',
  '<div class="note">\n\nInside a div.\n\n</div>',
  '<span>open only',
  '</em> stray',
  '<script>alert(1)</script>',
  '<img src="http://127.0.0.1:9/x" onerror="x()">',
  '<a href="javascript:alert(1)">js</a>',
  'The WCO and IAPH work with ACI.',
  '[bad %](images/%E0%A4%A.png) [bad #](#%zz)',
  '\t\tindented code',
  '---',
  '***',
  '- - - - - - deep',
  '>>>>>>>>>> quote',
  '<!-- comment <span> -->',
  'Ünïcödé — “quotes” and emoji 🚢 and CJK 港口',
  '\r\nwindows line\r\n',
  '{#lonely-attribute}',
  '*a *b *c deep* c* b* a*'
]

const markdown = fc
  .array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })), { maxLength: 12 })
  .map((parts) => parts.join('\n\n'))

/** Random edits of a text: delete, insert or duplicate a slice. */
function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom('delete', 'insert', 'duplicate'), fc.string({ maxLength: 6 }))
  return fc.tuple(text, fc.array(edit, { maxLength: 4 })).map(([base, edits]) =>
    edits.reduce((value, [at, length, kind, insert]) => {
      const i = value.length === 0 ? 0 : at % value.length
      if (kind === 'delete') return value.slice(0, i) + value.slice(i + length)
      if (kind === 'insert') return value.slice(0, i) + insert + value.slice(i)
      return value.slice(0, i) + value.slice(i, i + length) + value.slice(i)
    }, base)
  )
}

const frontMatter = fc.oneof(
  { arbitrary: fc.constant('section: purpose\nwriter: WCO'), weight: 8 },
  fc.constant('section: purpose\nwriter: WCO\nstatus: draft\nsubmitted: 2023-02-30'),
  fc.constant('section: nowhere\nwritter: WCO'),
  fc.constant('section: [unclosed\nwriter: WCO'),
  fc.string({ maxLength: 30 })
)

/** Mostly as generated, sometimes mutated (mutations mostly break front matter, so not always). */
const sometimesMutated = (text: fc.Arbitrary<string>) => fc.oneof({ arbitrary: text, weight: 3 }, { arbitrary: mutated(text), weight: 1 })

const contributionText = fc.tuple(sometimesMutated(frontMatter), sometimesMutated(markdown), fc.boolean()).map(([meta, body, bom]) => `${bom ? '\ufeff' : ''}---\n${meta}\n---\n\n${body}\n`)

const glossaryText = mutated(
  fc.constantFrom(
    '- term: Advance Cargo Information\n  abbreviation: ACI\n  definition: Data before arrival.\n',
    '- term: World Customs Organization\n  abbreviation: WCO\n  definition: "An image ![x](http://127.0.0.1:9/x)."\n',
    '- term: x\n  abreviation: X\n',
    ''
  )
)

const configText = fc.oneof(fc.constant(baseConfig), mutated(fc.constant(baseConfig)))

/** Write the project, build without printing, and check every diagnostic's place. */
async function check(files: Record<string, string>): Promise<void> {
  rmSync(path.join(root, 'sections'), { recursive: true, force: true })
  rmSync(path.join(root, 'glossary.yaml'), { force: true })
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true })
    writeFileSync(path.join(root, relative), text)
  }
  const result = await build({ root, write: false })
  for (const file of result.files) {
    const text = files[file.path]
    if (text === undefined) continue
    const lines = text.replace(/^\ufeff/, '').split('\n')
    for (const message of file.messages) {
      seen.add(String(message.ruleId))
      if (message.line === undefined || message.line === null) continue
      const where = `${file.path}:${message.line}:${message.column} ${message.ruleId} ${message.reason}`
      expect(message.line, where).toBeGreaterThanOrEqual(1)
      expect(message.line, where).toBeLessThanOrEqual(lines.length)
      if (message.column !== undefined && message.column !== null) {
        expect(message.column, where).toBeGreaterThanOrEqual(1)
        expect(message.column, where).toBeLessThanOrEqual(lines[message.line - 1]!.length + 1)
      }
    }
  }
}

describe('property: random and mutated sources', () => {
  it('Markdown and front matter: no throw, every position inside its file', async () => {
    await fc.assert(
      fc.asyncProperty(contributionText, contributionText, async (a, b) => {
        await check({ 'guidelines.yaml': baseConfig, 'sections/purpose/wco.md': a, 'sections/purpose/iaph.md': b.replace('writer: WCO', 'writer: IAPH') })
      }),
      { numRuns: 150 }
    )
    for (const rule of ['frontmatter-invalid', 'html-unsafe', 'html-unbalanced', 'xref-unresolved', 'image-missing']) expect(seen, rule).toContain(rule)
  }, 120_000)

  it('guidelines.yaml and glossary.yaml: no throw, every position inside its file', async () => {
    await fc.assert(
      fc.asyncProperty(configText, glossaryText, contributionText, async (config, glossary, text) => {
        await check({ 'guidelines.yaml': config, 'glossary.yaml': glossary, 'sections/purpose/wco.md': text })
      }),
      { numRuns: 60 }
    )
  }, 120_000)
})
