// LibreOffice (Debian's libreoffice-writer) opens the DOCX editions the press writes and lays out
// the same text on a similar number of pages; a reviewed copy it saves again (writing Word's
// comments and tracked changes in its own way) still maps to the sources. Skipped where soffice
// is not installed.
import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { build } from '../../src/build.js'
import { skeletonText } from '../../src/comments/skeleton.js'
import { readDocxComments } from '../../src/word/map.js'
import { openDocx, paragraphs } from './ooxml.js'
import { makeProject } from './project.js'
import { review } from './reviewer.js'

const run = promisify(execFile)
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((file) => existsSync(file))
let root: string
let seconds = 0

/** Convert files with LibreOffice, in a profile of its own (so that it never meets another running soffice). */
async function convert(to: string, files: string[], outdir: string): Promise<void> {
  const started = performance.now()
  await run(soffice!, [`-env:UserInstallation=file://${root}/lo-profile`, '--headless', '--convert-to', to, '--outdir', outdir, ...files], { timeout: 120_000 })
  seconds += (performance.now() - started) / 1000
}

const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
const text = (pdf: string) => execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })

describe.skipIf(!soffice)('DOCX editions in LibreOffice', () => {
  beforeAll(async () => {
    root = await makeProject()
    await build({ root, editions: ['doc', 'word', 'word-fr'] })
    const output = path.join(root, 'output')
    await writeFile(path.join(root, 'reviewed.docx'), await review(await readFile(path.join(output, 'word.docx')), { footnoteComment: false }))
    await convert('pdf', [path.join(output, 'word.docx'), path.join(output, 'word-fr.docx')], path.join(root, 'lo'))
    await convert('docx:MS Word 2007 XML', [path.join(root, 'reviewed.docx')], path.join(root, 'lo'))
  }, 120_000)

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true })
    console.log(`LibreOffice conversions took ${seconds.toFixed(1)} s`)
  })

  test('opens every DOCX the press writes, and lays it out on as many pages as the PDF, give or take half', () => {
    const printed = pages(path.join(root, 'output', 'doc.pdf'))
    for (const name of ['word', 'word-fr']) {
      const laidOut = pages(path.join(root, 'lo', `${name}.pdf`))
      expect(laidOut / printed).toBeGreaterThanOrEqual(0.5)
      expect(laidOut / printed).toBeLessThanOrEqual(2)
    }
  })

  test('shows the same text: every paragraph, heading, cell and footnote of the DOCX', async () => {
    const docx = await openDocx(await readFile(path.join(root, 'output', 'word.docx')))
    const shown = skeletonText(text(path.join(root, 'lo', 'word.pdf')))
    const written = [...paragraphs(docx.part('word/document.xml')!), ...paragraphs(docx.part('word/footnotes.xml')!)].filter((p) => !/^TOC\d$/.test(p.style)).map((p) => p.text).filter((t) => skeletonText(t) !== '')
    expect(written.length).toBeGreaterThan(40)
    expect(written.filter((t) => !shown.includes(skeletonText(t)))).toEqual([])
  })

  test('a reviewed copy saved by LibreOffice (its own w:ins, w:del and comments) maps as the original does', async () => {
    const original = await readDocxComments(await readFile(path.join(root, 'reviewed.docx')), { root })
    const saved = await readDocxComments(await readFile(path.join(root, 'lo', 'reviewed.docx')), { root })
    const summary = (c: (typeof saved.comments)[number]) => `${c.type} ${c.source?.file}:${c.source?.line}:${c.source?.column} ${c.author} ${c.contents}${c.replies.map((r) => ` / ${r.author}: ${r.contents}`).join('')} ${c.proposed ?? ''}`
    expect(saved.comments.map(summary)).toEqual(original.comments.map(summary))
    expect(saved.comments.map((c) => c.edits)).toEqual(original.comments.map((c) => c.edits))
    expect(saved.comments).toHaveLength(8)
  })
})
