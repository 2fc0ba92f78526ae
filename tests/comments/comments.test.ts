import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { build } from '../../src/build.js'
import { readComments, type Comment, type CommentsResult } from '../../src/comments/map.js'
import { replacementPatch } from '../../src/comments/patch.js'
import { readSourceTexts } from '../../src/comments/sources.js'
import { diskReader } from '../../src/load/readers.js'
import { formatCsv, formatMarkdown } from '../../src/comments/format.js'
import { openPdf, readAttachment } from '../../src/comments/pdf-text.js'
import { decodeSourceMap, sourceMapName } from '../../src/comments/source-map.js'
import { comments as commentsCommand } from '../../src/cli/commands/comments.js'
import { PDFDocument, PDFName } from 'pdf-lib'
import { annotate, hyphenatedWord, locate, type AnnotationSpec } from './annotate.js'

const fixture = fileURLToPath(new URL('../fixtures/projects/comments', import.meta.url))
const timeout = 180_000

let root: string
let firstCommit: string
let pdf: Uint8Array
let annotated: Uint8Array
let result: CommentsResult
let hyphenated: string | undefined

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' }).trim()

/** 1-based line and column of the `occurrence`-th `text` in a source of the fixture repository (at `commit`, else on disk). */
async function placeOf(file: string, text: string, occurrence = 1, commit?: string): Promise<{ file: string; line: number; column: number }> {
  const source = commit ? git('show', `${commit}:${file}`) + '\n' : await readFile(path.join(root, file), 'utf8')
  let at = -1
  for (let k = 0; k < occurrence; k++) at = source.indexOf(text, at + 1)
  if (at < 0) throw new Error(`${text} not in ${file}`)
  const before = source.slice(0, at).split('\n')
  return { file, line: before.length, column: before[before.length - 1]!.length + 1 }
}

async function buildPdf(): Promise<Uint8Array> {
  const out = await build({ root, outputDir: path.join(root, 'output') })
  const errors = out.files.flatMap((f) => f.messages.filter((m) => m.fatal).map(String))
  expect(errors).toEqual([])
  return new Uint8Array(await readFile(out.outputs[0]!.pdf!))
}

/** Two highlights (as a viewer makes them) on the last line of a paragraph's first page and the first line of its next page. */
async function acrossPages(bytes: Uint8Array, contents: string): Promise<AnnotationSpec[]> {
  const doc = await openPdf(bytes)
  const map = decodeSourceMap((await readAttachment(doc, sourceMapName))!)
  const height = (await doc.getPage(1)).view[3]!
  await doc.destroy()
  const parts = map.blocks.filter((b) => b.source === 'sections/02-practice/iaph.md' && b.para !== undefined)
  const first = parts.find((b) => parts.some((o) => o.line === b.line && o.page === b.page + 1))!
  const next = parts.find((o) => o.line === first.line && o.page === first.page + 1)!
  const box = (r: { x: number; y: number; w: number; h: number }): [number, number, number, number] => [r.x * 0.75, height - (r.y + r.h) * 0.75, (r.x + r.w) * 0.75, height - r.y * 0.75]
  // Line boxes of the text (the paragraph number hangs in the margin: leave it out).
  const lastLine = first.rects.filter((r) => r.w > 100).at(-1)!
  const firstLine = next.rects.filter((r) => r.w > 100)[0]!
  return [
    { subtype: 'Highlight', at: { page: first.page, boxes: [box(lastLine)] }, contents, author: 'Proof Reader' },
    { subtype: 'Highlight', at: { page: next.page, boxes: [box(firstLine)] }, contents, author: 'Proof Reader' }
  ]
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'guidelines-comments-'))
  await cp(fixture, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}output`) })
  git('init', '-q')
  git('add', 'guidelines.yaml', 'glossary.yaml', 'sections')
  git('commit', '-qm', 'first draft')
  firstCommit = git('rev-parse', 'HEAD')
  pdf = await buildPdf()
  const pages = await openPdf(pdf)
  const pdfPages = pages.numPages
  await pages.destroy()

  // One annotation of each type, placed on known printed text as a viewer would.
  const specs: AnnotationSpec[] = [
    { subtype: 'Highlight', at: await locate(pdf, 'finance and supervise'), contents: 'Add “regulate”?', author: 'Proof Reader' },
    { subtype: 'Underline', at: await locate(pdf, 'Examination staff'), contents: 'Which staff?', author: 'Peer Reviewer' },
    { subtype: 'Squiggly', at: await locate(pdf, 'Joint planning', 1), contents: 'Heading too vague', author: 'Peer Reviewer' },
    { subtype: 'StrikeOut', at: await locate(pdf, 'efficient'), contents: '', author: 'Proof Reader' },
    { subtype: 'Caret', at: await locate(pdf, 'efficient'), contents: 'smooth', author: 'Proof Reader' },
    { subtype: 'Caret', at: await locate(pdf, 'quarter'), after: true, contents: ' at least', author: 'Proof Reader' },
    { subtype: 'Text', at: await locate(pdf, 'memorandum', 1), contents: 'Which year exactly?', author: 'Peer Reviewer', date: 'D:20240313091500+01\'00\'' },
    { subtype: 'Text', at: await locate(pdf, 'memorandum', 1), contents: 'It was signed in 2019.', author: 'BG', replyTo: 6 },
    { subtype: 'FreeText', at: await locate(pdf, 'Airports are outside'), contents: 'Say why', author: 'Peer Reviewer' },
    { subtype: 'Highlight', at: await locate(pdf, 'Roles in joint planning'), contents: 'Caption: add “and inspection”', author: 'Peer Reviewer' },
    { subtype: 'Highlight', at: await locate(pdf, 'electronic platform'), contents: 'A platform, not only electronic', author: 'Peer Reviewer' },
    { subtype: 'Highlight', at: await locate(pdf, 'physical examinations'), contents: 'replace "physical examinations" with "physical inspections"', author: 'Proof Reader' },
    { subtype: 'StrikeOut', at: await locate(pdf, 'officials of both institutions who plan, finance and supervise the flow of goods'), contents: 'Spans two lines', author: 'Proof Reader' },
    { subtype: 'Underline', at: await locate(pdf, 'Section 2.a.ii'), contents: 'Reference', author: 'Peer Reviewer' },
    { subtype: 'Text', at: await locate(pdf, 'Authorized Economic Operator'), contents: 'Expanded abbreviation', author: 'Peer Reviewer' },
    ...(await acrossPages(pdf, 'Over the page break')),
    // Acrobat's replace tool: a caret, and a strike-out grouped with it (RT /Group), the caret first.
    { subtype: 'Caret', at: await locate(pdf, 'disputes'), contents: 'conflicts', author: 'Acrobat User' },
    { subtype: 'StrikeOut', at: await locate(pdf, 'disputes'), contents: '', author: 'Acrobat User', groupWith: 17 },
    { subtype: 'Text', at: await locate(pdf, 'memorandum', 1), contents: 'Thanks, noted.', author: 'Peer Reviewer', replyTo: 7 }
  ]
  // The glossary's own entry (the last page), not the same words in a contribution.
  let term = await locate(pdf, 'Port Community System')
  for (let n = 2; term.page < pdfPages; n++) term = await locate(pdf, 'Port Community System', n)
  specs.push({ subtype: 'Underline', at: term, contents: 'Glossary term', author: 'Peer Reviewer' })
  specs.push({ subtype: 'Square', at: await locate(pdf, 'Release times fell'), contents: 'Source?', author: 'Peer Reviewer' })
  const hyphen = await hyphenatedWord(pdf)
  hyphenated = hyphen?.word
  if (hyphen) specs.push({ subtype: 'Highlight', at: hyphen.at, contents: 'Hyphenated', author: 'Proof Reader' })
  annotated = await annotate(pdf, specs)
  result = await readComments(annotated, { root })
}, timeout)

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

const byContents = (contents: string): Comment => {
  const found = result.comments.find((c) => c.contents === contents)
  if (!found) throw new Error(`No comment “${contents}” in ${JSON.stringify(result.comments.map((c) => c.contents))}`)
  return found
}

describe('guidelines comments', { timeout }, () => {
  test('the PDF carries its commit, edition and layout, compressed', async () => {
    const doc = await openPdf(pdf)
    const map = decodeSourceMap((await readAttachment(doc, sourceMapName))!)
    await doc.destroy()
    expect(map.commit).toBe(firstCommit)
    expect(map.dirty).toBe(false)
    expect(map.edition).toBe('review')
    expect(map.blocks.length).toBeGreaterThan(10)
    expect(map.sources['sections/02-practice/bg.md']).toMatchObject({ writer: 'BG', section: { id: 'cooperation', number: '2.a', title: 'Cooperation in ports' } })
    // The visible text is not changed: the embedded file is not on any page.
    expect(result.commit).toBe(firstCommit)
    expect(result.sourcesAtCommit).toBe(true)
    expect(result.warnings).toEqual([])
  })

  test('Highlight: file, line, column, paragraph, section, writer', async () => {
    const c = byContents('Add “regulate”?')
    expect(c).toMatchObject({ type: 'Highlight', author: 'Proof Reader', text: 'finance and supervise', paragraph: 2, section: { number: '1.a.i', title: 'Scope' }, writer: 'WCO', folio: '1', date: '2024-03-12T10:15:00Z' })
    expect(c.source).toMatchObject(await placeOf('sections/01-intro/wco.md', 'finance and supervise'))
    expect(c.pageLine).toBeGreaterThan(0)
  })

  test('Underline on a table cell', async () => {
    const c = byContents('Which staff?')
    expect(c).toMatchObject({ type: 'Underline', text: 'Examination staff', paragraph: 9, section: { number: '2.a.i', title: 'Joint planning' }, writer: 'IAPH' })
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/iaph.md', 'Examination staff'))
  })

  test('Squiggly on a heading (the printed number is not in the source)', async () => {
    const c = byContents('Heading too vague')
    expect(c).toMatchObject({ type: 'Squiggly', text: 'Joint planning', section: { number: '2.a.i', title: 'Joint planning' }, writer: 'IAPH' })
    expect(c.paragraph).toBeUndefined()
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/iaph.md', 'Joint planning {#joint-planning}'))
  })

  test('StrikeOut with a Caret on it is one replacement', async () => {
    const c = result.comments.find((x) => x.type === 'StrikeOut+Caret')!
    expect(c).toMatchObject({ text: 'efficient', replacement: { from: 'efficient', to: 'smooth' }, paragraph: 4, section: { number: '2.a', title: 'Cooperation in ports' }, writer: 'IAPH' })
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/iaph.md', 'efficient'))
    expect(result.comments.filter((x) => x.type === 'Caret').map((x) => x.contents)).toEqual([' at least'])
  })

  test('Acrobat’s replace (a strike-out grouped with its caret) is one replacement', async () => {
    const c = result.comments.find((x) => x.author === 'Acrobat User')!
    expect(result.comments.filter((x) => x.author === 'Acrobat User')).toHaveLength(1)
    expect(c).toMatchObject({ type: 'StrikeOut+Caret', text: 'disputes', replacement: { from: 'disputes', to: 'conflicts' }, contents: 'Replace with “conflicts”', paragraph: 10, writer: 'BG' })
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/bg.md', 'disputes'))
  })

  test('Caret alone: an insertion after the last word of a list item', async () => {
    const c = byContents(' at least')
    expect(c).toMatchObject({ type: 'Caret', text: 'quarter', proposed: 'Insert “ at least”', paragraph: 5, section: { number: '2.a.i' }, writer: 'IAPH' })
    const quarter = await placeOf('sections/02-practice/iaph.md', 'quarter.')
    expect(c.source).toMatchObject({ file: quarter.file, line: quarter.line, column: quarter.column + 'quarter'.length })
  })

  test('Text note with a reply, and a reply to the reply', async () => {
    const c = byContents('Which year exactly?')
    expect(c).toMatchObject({ type: 'Text', text: 'memorandum', author: 'Peer Reviewer', date: '2024-03-13T09:15:00+01:00', paragraph: 10, section: { number: '2.a', title: 'Cooperation in ports' }, writer: 'BG' })
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/bg.md', 'memorandum'))
    expect(c.replies).toEqual([
      { author: 'BG', date: '2024-03-12T10:15:00Z', contents: 'It was signed in 2019.' },
      { author: 'Peer Reviewer', date: '2024-03-12T10:15:00Z', contents: 'Thanks, noted.' }
    ])
    expect(result.comments.some((x) => x.contents === 'It was signed in 2019.')).toBe(false)
  })

  test('FreeText on a footnote: the paragraph that cites it', async () => {
    const c = byContents('Say why')
    expect(c).toMatchObject({ type: 'FreeText', text: 'Airports are outside', paragraph: 2, section: { number: '1.a.i', title: 'Scope' }, writer: 'WCO' })
    expect(c.source).toMatchObject(await placeOf('sections/01-intro/wco.md', 'Airports are outside'))
  })

  test('Highlight on a table caption', async () => {
    const c = byContents('Caption: add “and inspection”')
    expect(c).toMatchObject({ text: 'Roles in joint planning', paragraph: 9, section: { number: '2.a.i' }, writer: 'IAPH' })
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/iaph.md', 'Roles in joint planning'))
  })

  test('Highlight in the glossary maps to glossary.yaml', async () => {
    const c = byContents('A platform, not only electronic')
    expect(c).toMatchObject({ text: 'electronic platform', section: { title: 'Glossary' } })
    expect(c.source).toMatchObject(await placeOf('glossary.yaml', 'electronic platform'))
  })

  test('a shape drawn around text (Square) reads the text it encloses', async () => {
    const c = byContents('Source?')
    expect(c).toMatchObject({ type: 'Square', text: 'Release times fell', paragraph: 11, writer: 'BG', section: { number: '2.a.ii', title: 'Results' } })
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/bg.md', 'Release times fell'))
  })

  test('a glossary term maps to its entry in glossary.yaml', async () => {
    const c = byContents('Glossary term')
    expect(c).toMatchObject({ text: 'Port Community System', section: { title: 'Glossary' } })
    expect(c.source).toMatchObject(await placeOf('glossary.yaml', 'Port Community System'))
  })

  test('StrikeOut over two printed lines (ligatures in “officials”, “finance”, “flow”)', async () => {
    const c = byContents('Spans two lines')
    expect(c).toMatchObject({ type: 'StrikeOut', text: 'officials of both institutions who plan, finance and supervise the flow of goods', paragraph: 2, writer: 'WCO' })
    const start = await placeOf('sections/01-intro/wco.md', 'officials of both')
    expect(c.source).toMatchObject({ ...start, endLine: start.line, endColumn: start.column + 'officials of both institutions who plan, finance and supervise the flow of goods'.length })
  })

  test('a highlight continued over a page break is one comment', async () => {
    const c = byContents('Over the page break')
    expect(result.comments.filter((x) => x.contents === 'Over the page break')).toHaveLength(1)
    expect(c.pages).toEqual([c.page, c.page + 1])
    expect(c).toMatchObject({ paragraph: 6, writer: 'IAPH', section: { number: '2.a.i' } })
    const source = await readFile(path.join(root, 'sections/02-practice/iaph.md'), 'utf8')
    const start = source.indexOf(c.text)
    expect(start).toBeGreaterThan(0)
    expect(c.source).toMatchObject({ ...(await placeOf('sections/02-practice/iaph.md', c.text)), endLine: 17 })
    expect(c.text.split(' ').length).toBeGreaterThan(10)
  })

  test('a reference label maps to the reference in the source', async () => {
    const c = byContents('Reference')
    expect(c).toMatchObject({ text: 'Section 2.a.ii', match: 'before', paragraph: 6, writer: 'IAPH' })
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/iaph.md', '[](#bg-results)'))
  })

  test('an expanded abbreviation maps to the abbreviation in the source', async () => {
    const c = byContents('Expanded abbreviation')
    expect(c).toMatchObject({ text: 'Authorized', paragraph: 11, writer: 'BG', section: { number: '2.a.ii', title: 'Results' } })
    expect(c.source).toMatchObject(await placeOf('sections/02-practice/bg.md', 'AEO programme'))
  })

  test('a word hyphenated at a line end maps as one word', async (context) => {
    if (!hyphenated) return context.skip()
    const c = byContents('Hyphenated')
    expect(c.text).toBe(hyphenated)
    expect(c.match).toBe('context')
    const places = []
    for (const file of ['sections/01-intro/wco.md', 'sections/02-practice/iaph.md', 'sections/02-practice/bg.md']) {
      const source = await readFile(path.join(root, file), 'utf8')
      for (let n = 1; n <= source.split(hyphenated).length - 1; n++) places.push(await placeOf(file, hyphenated, n))
    }
    expect(places).toContainEqual({ file: c.source!.file, line: c.source!.line, column: c.source!.column })
    expect(c.source!.endColumn - c.source!.column).toBe(hyphenated.length)
  })

  test('a PDF without the source map is still mapped by its text (no paragraph numbers)', async () => {
    const doc = await PDFDocument.load(annotated)
    doc.catalog.delete(PDFName.of('Names'))
    doc.catalog.delete(PDFName.of('AF'))
    const bare = await readComments(await doc.save(), { root })
    expect(bare.warnings.join('\n')).toContain('carries no source map')
    const c = bare.comments.find((x) => x.contents === 'Add “regulate”?')!
    expect(c.source).toMatchObject(await placeOf('sections/01-intro/wco.md', 'finance and supervise'))
    expect(c).toMatchObject({ writer: 'WCO', section: { title: 'purpose' } })
    expect(c.paragraph).toBeUndefined()
  })

  test('every annotation type is in the table, in every format', () => {
    expect(new Set(result.comments.map((c) => c.type))).toEqual(new Set(['Highlight', 'Underline', 'Squiggly', 'StrikeOut+Caret', 'Caret', 'Text', 'FreeText', 'StrikeOut', 'Square']))
    const md = formatMarkdown(result)
    expect(md).toContain('| # | Section | Para. | Page:line | Source | Comment | Proposed change | Commenter |')
    expect(md).toContain('Replace “efficient” with “smooth”')
    expect(formatCsv(result).split('\r\n')[0]).toBe('#,Section,Para.,Page:line,Source,Comment,Proposed change,Commenter')
  })

  test('--patch: replacements as a diff that git applies, sources untouched', async () => {
    const before = await readFile(path.join(root, 'sections/02-practice/iaph.md'), 'utf8')
    const patch = replacementPatch(result.comments, (await readSourceTexts(diskReader(root))).read)
    expect(patch.skipped).toEqual([])
    expect(patch.applied.map((c) => c.replacement).sort((a, b) => a!.from.localeCompare(b!.from))).toEqual([
      { from: 'disputes', to: 'conflicts' },
      { from: 'efficient', to: 'smooth' },
      { from: 'physical examinations', to: 'physical inspections' }
    ])
    const file = path.join(root, 'review.patch')
    await writeFile(file, patch.patch)
    execFileSync('git', ['apply', '--check', file], { cwd: root })
    expect(patch.patch).toContain('-Port authorities and Customs share an interest in the efficient flow of goods.')
    expect(patch.patch).toContain('+Port authorities and Customs share an interest in the smooth flow of goods.')
    expect(await readFile(path.join(root, 'sections/02-practice/iaph.md'), 'utf8')).toBe(before)
  })

  test('the command prints the table and writes the patch', async () => {
    const file = path.join(root, 'annotated.pdf')
    await writeFile(file, annotated)
    let stdout = ''
    let stderr = ''
    const io = { cwd: root, stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, env: {} }
    const code = await commentsCommand.run({ format: 'json', patch: 'cli.patch' }, [file], io as never)
    expect(stderr).toContain('Wrote 3 replacements to cli.patch')
    expect(code).toBe(0)
    expect(JSON.parse(stdout).comments).toHaveLength(result.comments.length)
    execFileSync('git', ['apply', '--check', path.join(root, 'cli.patch')], { cwd: root })
  })

  test('a PDF of an earlier commit maps to that commit and to today’s lines (a file moved since included)', async () => {
    const file = path.join(root, 'sections/01-intro/wco.md')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('# Scope {#scope}\n', '# Scope {#scope}\n\nA new paragraph was added here.\n\nAnd another one.\n').replace('These Guidelines help', 'These Guidelines assist'))
    const iaph = path.join(root, 'sections/02-practice/iaph.md')
    await writeFile(iaph, `${(await readFile(iaph, 'utf8')).replace('# Joint planning', 'Inserted above.\n\n# Joint planning')}`)
    git('mv', 'sections/02-practice/bg.md', 'sections/02-practice/bulgaria.md')
    git('commit', '-qam', 'second draft')
    const old = await readComments(annotated, { root })
    expect(old.commit).toBe(firstCommit)
    expect(old.sourcesAtCommit).toBe(true)
    const c = old.comments.find((x) => x.contents === 'Add “regulate”?')!
    expect(c.source).toMatchObject(await placeOf('sections/01-intro/wco.md', 'finance and supervise', 1, firstCommit))
    expect(c.current).toMatchObject(await placeOf('sections/01-intro/wco.md', 'finance and supervise'))
    expect(c.current!.line).toBe(c.source!.line + 4)
    const strike = old.comments.find((x) => x.type === 'StrikeOut+Caret')!
    expect(strike.current).toMatchObject(await placeOf('sections/02-practice/iaph.md', 'efficient'))
    const moved = old.comments.find((x) => x.contents === 'Which year exactly?')!
    expect(moved.source).toMatchObject(await placeOf('sections/02-practice/bg.md', 'memorandum', 1, firstCommit))
    expect(moved.current).toMatchObject(await placeOf('sections/02-practice/bulgaria.md', 'memorandum'))
    const patch = replacementPatch(old.comments, (await readSourceTexts(diskReader(root))).read)
    expect(patch.applied).toHaveLength(3)
    expect(patch.patch).toContain('+++ b/sections/02-practice/bulgaria.md')
    const patchFile = path.join(root, 'old.patch')
    await writeFile(patchFile, patch.patch)
    execFileSync('git', ['apply', '--check', patchFile], { cwd: root })
  })
})
