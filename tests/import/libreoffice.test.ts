// Documents saved by LibreOffice (Debian's libreoffice-writer) import like Word's: the richest
// fixture made into an .odt and saved back as .docx, and the tracked-change fixture re-saved,
// LibreOffice writing its own w:ins/w:del. Skipped where soffice is not installed.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importDocx, type ImportOptions } from '../../src/import/index.js'
import { buildDocx, richestMarkdown } from './docx-fixtures.js'

const run = promisify(execFile)
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((file) => existsSync(file))
const options: ImportOptions = { docxName: 'saved.docx', sectionTitle: 'Cooperation in practice', imageFolder: 'images', imageStem: 'wco', takenIds: new Set() }

let work: string
let seconds = 0

/** Convert files with LibreOffice (its own profile, so that it never meets another running soffice). */
async function convert(to: string, files: string[], outdir: string): Promise<void> {
  const started = performance.now()
  await run(soffice!, [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', to, '--outdir', outdir, ...files], { timeout: 120_000 })
  seconds += (performance.now() - started) / 1000
}

describe.skipIf(!soffice)('documents saved by LibreOffice', () => {
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'guidelines-import-lo-'))
    await writeFile(path.join(work, 'richest.docx'), await buildDocx({}))
    await writeFile(path.join(work, 'tracked.docx'), await buildDocx({ trackedChange: true, trackedParagraphs: true }))
    await convert('odt', [path.join(work, 'richest.docx')], work)
    await convert('docx:MS Word 2007 XML', [path.join(work, 'richest.odt'), path.join(work, 'tracked.docx')], path.join(work, 'saved'))
  }, 180_000)

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true })
    console.log(`LibreOffice conversions took ${seconds.toFixed(1)} s`)
  })

  test('a document written by LibreOffice from its .odt imports to the same Markdown', async () => {
    const result = await importDocx(await readFile(path.join(work, 'saved', 'richest.docx')), { ...options, takenIds: new Set() })
    expect(result.files.flatMap((f) => f.messages.map(String))).toEqual([])
    expect(result.markdown).toBe(richestMarkdown('images/wco-1.png'))
  })

  test('LibreOffice’s own tracked changes are refused, then accepted as Word’s are', async () => {
    const data = await readFile(path.join(work, 'saved', 'tracked.docx'))
    const refused = await importDocx(data, { ...options, takenIds: new Set() })
    expect(refused.ok).toBe(false)
    expect(refused.files.flatMap((f) => f.messages.map((m) => m.reason.split(' by ')[0]))).toEqual([
      'Unexpected pending tracked deletion “separate”',
      'Unexpected pending tracked deletion “benefit”',
      'Unexpected pending tracked insertion “gain”',
      'Unexpected pending tracked inserted paragraph break',
      'Unexpected pending tracked insertion “A paragraph the reviewer added.”',
      'Unexpected pending tracked deleted paragraph break',
      'Unexpected pending tracked deletion “A paragraph the reviewer removed.”'
    ])
    const accepted = await importDocx(data, { ...options, takenIds: new Set(), changes: 'accept' })
    expect(accepted.markdown).toBe(richestMarkdown('images/wco-1.png').replace('\n\nBoth sides', '\n\nA paragraph the reviewer added.\n\nBoth sides'))
    const rejected = await importDocx(data, { ...options, takenIds: new Set(), changes: 'reject' })
    expect(rejected.markdown).toContain('Each side keeps its own separate mandate, and both benefit from shared data.\n')
    expect(rejected.markdown).toContain('\n\nA paragraph the reviewer removed.\n\nBoth sides')
  })
})
