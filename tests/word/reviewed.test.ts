import { execFileSync, spawnSync } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { build } from '../../src/build.js'
import type { Comment, CommentsResult } from '../../src/comments/map.js'
import { formatCsv, formatMarkdown } from '../../src/comments/format.js'
import { readDocxComments } from '../../src/word/map.js'
import { files, makeProject, placeOf } from './project.js'
import { review } from './reviewer.js'

// A DOCX edition reviewed as in Word (tests/word/reviewer.ts edits its OOXML as Word saves it):
// each comment and tracked change maps to the right file:line:column, and --patch applies.
const cli = fileURLToPath(new URL('../../bin/guidelines.js', import.meta.url))
const wcoPath = 'sections/01-introduction/a-purpose/wco.md'
const bgPath = 'sections/01-introduction/a-purpose/bg.md'
const wco = files[wcoPath]!
const bg = files[bgPath]!

let root: string
let reviewed: Uint8Array
let result: CommentsResult

beforeAll(async () => {
  root = await makeProject()
  await build({ root, editions: ['word'] })
  reviewed = await review(await readFile(path.join(root, 'output', 'word.docx')))
  await writeFile(path.join(root, 'reviewed.docx'), reviewed)
  result = await readDocxComments(reviewed, { root })
}, 120_000)

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

const find = (type: string, text: string) => {
  const found = result.comments.find((c) => c.type === type && (c.text.includes(text) || c.replacement?.to.includes(text)))
  if (!found) throw new Error(`No ${type} on “${text}” in ${JSON.stringify(result.comments.map((c) => [c.type, c.text]))}`)
  return found
}
const at = (c: Comment) => `${c.source?.file}:${c.source?.line}:${c.source?.column}`
const expected = (file: string, source: string, text: string, occurrence = 0) => {
  const { line, column } = placeOf(source, text, occurrence)
  return `${file}:${line}:${column}`
}

describe('comments and tracked changes of a reviewed DOCX', () => {
  test('are read against the commit the DOCX was built from, with no warning', () => {
    expect(result.kind).toBe('docx')
    expect(result.edition).toBe('word')
    expect(result.commit).toBe(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim())
    expect(result.sourcesAtCommit).toBe(true)
    expect(result.warnings).toEqual([])
    expect(result.comments.map((c) => c.type)).toEqual(['Comment', 'Replacement', 'Insertion', 'Deletion', 'Deletion', 'Replacement', 'Comment', 'Comment', 'Replacement'])
  })

  test('a comment, with its reply, maps to the first word it covers (inside bold markup)', () => {
    const c = find('Comment', 'same border')
    expect(at(c)).toBe(expected(wcoPath, wco, 'same border'))
    expect({ author: c.author, date: c.date, contents: c.contents, writer: c.writer, paragraph: c.paragraph, section: c.section }).toEqual({ author: 'Jane Reviewer', date: '2023-04-20T10:00:00Z', contents: 'Which border?', writer: 'WCO', paragraph: 1, section: { number: '1.a', title: 'Purpose' } })
    expect(c.replies).toEqual([{ author: 'WCO Secretariat', date: '2023-04-21T09:00:00Z', contents: 'The land border too.' }])
    expect(c.source!.endColumn).toBe(placeOf(wco, ' cooperation is').column)
  })

  test('a replacement inside italics, an insertion, a deletion: each at its place', () => {
    expect(at(find('Replacement', 'older than any'))).toBe(expected(wcoPath, wco, 'older than any'))
    expect(find('Replacement', 'older than any').proposed).toBe('Replace “older than any” with “as old as a”')
    const insertion = find('Insertion', 'four')
    expect(at(insertion)).toBe(expected(wcoPath, wco, 'objectives are listed'))
    expect(insertion.proposed).toBe('Insert “four” after “The”')
    expect(insertion.section).toEqual({ number: '1.a.i', title: 'Objectives' })
    expect(at(find('Deletion', ', and the governance'))).toBe(expected(wcoPath, wco, ', and the governance'))
  })

  test('a deletion over two paragraphs is one change, from the first to the second', () => {
    const c = find('Deletion', 'at its very end')
    expect(at(c)).toBe(expected(wcoPath, wco, ' at its very end.'))
    const end = placeOf(wco, ' words are deleted')
    expect([c.source!.endLine, c.source!.endColumn]).toEqual([end.line, end.column])
    expect(c.text).toBe('at its very end. ¶ The next paragraph, whose first')
  })

  test('a replacement across an expanded abbreviation, its glossary link and plain text maps to the abbreviation as written', () => {
    const c = find('Replacement', 'PCS) to the Customs')
    expect(at(c)).toBe(expected(bgPath, bg, 'PCS to the Customs'))
    expect(c.writer).toBe('BG')
  })

  test('a comment on a table cell maps to the cell in its row', () => {
    const c = find('Comment', 'Risk management')
    expect(at(c)).toBe(expected(bgPath, bg, 'Risk management'))
    expect(c.author).toBe('WCO Secretariat')
  })

  test('a comment and a change in a footnote map into the footnote, and belong to the paragraph that cites it', () => {
    const comment = find('Comment', 'Review of Maritime')
    expect(at(comment)).toBe(expected(wcoPath, wco, 'Review of Maritime'))
    expect(comment.paragraph).toBe(1)
    expect(at(find('Replacement', '2021'))).toBe(expected(wcoPath, wco, '2021'))
  })

  test('the comments table has no page column for a DOCX', () => {
    const table = formatMarkdown(result)
    expect(table.split('\n')[2]).toBe('| # | Section | Para. | Source | Comment | Proposed change | Commenter |')
    expect(table).toContain(`| 1 | 1.a Purpose | 1 | ${expected(wcoPath, wco, 'same border')} (WCO) | Comment on “same border, and their”: Which border? [Reply, WCO Secretariat: The land border too.] |  | Jane Reviewer, 2023-04-20 |`)
    expect(formatCsv(result).split('\r\n')[0]).toBe('#,Section,Para.,Source,Comment,Proposed change,Commenter')
  })

  test('the CLI tells a DOCX by its content, and --patch writes a diff that git applies', async () => {
    // No .docx extension: the command looks at the bytes.
    await writeFile(path.join(root, 'reviewed-copy'), reviewed)
    const run = spawnSync(process.execPath, [cli, 'comments', 'reviewed-copy', '--format', 'json', '--patch', 'changes.patch'], { cwd: root, encoding: 'utf8' })
    expect(run.stderr).toBe('Wrote 6 changes to changes.patch\n')
    expect(run.status).toBe(0)
    expect((JSON.parse(run.stdout) as CommentsResult).comments).toHaveLength(9)
    execFileSync('git', ['apply', '--check', 'changes.patch'], { cwd: root })
    execFileSync('git', ['apply', 'changes.patch'], { cwd: root })
    const after = await readFile(path.join(root, wcoPath), 'utf8')
    expect(after).toContain('Customs and ports share the **same border**, and their cooperation is *as old as a treaty*.[^trade] {#para-shared}')
    expect(after).toContain('The four objectives are listed below is described in [](#governance).')
    expect(after).toContain('A paragraph that a reviewer will join with the next one, words are deleted with the end of the one before.')
    expect(after).toContain('[^trade]: UNCTAD, *Review of Maritime Transport*, Geneva, 2023.')
    expect(await readFile(path.join(root, bgPath), 'utf8')).toContain('Bulgaria connects its port community system to the national Customs system')
    execFileSync('git', ['checkout', '--', '.'], { cwd: root })
  })

  test('a DOCX of an earlier commit maps to that commit, with today’s place beside it, and its patch applies today', async () => {
    // The sources move on: two lines at the top of the contribution.
    const moved = wco.replace('---\n\nCustoms', '---\n\nA new first paragraph.\n\nCustoms')
    await writeFile(path.join(root, wcoPath), moved)
    execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=T', 'commit', '-qam', 'A new paragraph'], { cwd: root })
    const later = await readDocxComments(reviewed, { root })
    const c = later.comments.find((x) => x.type === 'Comment' && x.text.includes('same border'))!
    expect(at(c)).toBe(expected(wcoPath, wco, 'same border'))
    expect(`${c.current?.line}:${c.current?.column}`).toBe(`${placeOf(moved, 'same border').line}:${placeOf(moved, 'same border').column}`)
    const run = spawnSync(process.execPath, [cli, 'comments', 'reviewed.docx', '--patch', 'later.patch'], { cwd: root, encoding: 'utf8' })
    expect(run.status).toBe(0)
    execFileSync('git', ['apply', '--check', 'later.patch'], { cwd: root })
  })

  test('a zip that is no Word document is refused, and a DOCX the press did not write is read by its text, with a warning', async () => {
    const JSZip = (await import('jszip')).default
    const zip = new JSZip()
    zip.file('notes.txt', 'hello')
    await writeFile(path.join(root, 'notes.docx'), await zip.generateAsync({ type: 'uint8array' }))
    const refused = spawnSync(process.execPath, [cli, 'comments', 'notes.docx'], { cwd: root, encoding: 'utf8' })
    expect(refused.stderr).toBe('Cannot read the comments and tracked changes of notes.docx: no main document part (is it a Word document?)\n')
    expect(refused.status).toBe(1)
    // The reviewed copy without its source map part: found by its text in every source.
    const copy = await JSZip.loadAsync(reviewed)
    for (const name of Object.keys(copy.files)) if (name.startsWith('customXml/')) copy.remove(name)
    const plain = await readDocxComments(await copy.generateAsync({ type: 'uint8array' }), { root })
    expect(plain.warnings).toEqual(['The DOCX carries no source map (not written by the Guidelines press); comments are located by their text only.'])
    expect(plain.edition).toBeUndefined()
    const c = plain.comments.find((x) => x.type === 'Comment' && x.text.includes('Risk management'))!
    expect(`${c.source?.file}:${c.source?.line}:${c.source?.column}`).toBe(expected(bgPath, bg, 'Risk management'))
  })
})
