import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { buildDocx } from '../import/docx-fixtures.js'

// `guidelines import` as a user runs it (node bin/guidelines.js: the bundle, which loads
// mammoth, jszip and xmldom from node_modules), then `guidelines build` of the project and the
// PDF read back: the imported table, figure, references and footnote are printed and numbered.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cli = path.join(repo, 'bin', 'guidelines.js')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'guidelines-e2e-import-'))

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function guidelines(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, encoding: 'utf8', timeout: 240_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}

test('an imported Word document builds into the PDF with its table, figure, references and footnote numbered', async () => {
  const root = path.join(scratch, 'project')
  expect(guidelines(['init', root], scratch).status).toBe(0)
  const config = readFileSync(path.join(root, 'guidelines.yaml'), 'utf8')
  writeFileSync(path.join(root, 'guidelines.yaml'), config.replace('      - id: scope\n', '      - id: cooperation\n        title: Cooperation in practice\n        writers: [WCO]\n        due: 2030-01-31\n      - id: scope\n'))
  writeFileSync(path.join(scratch, 'reviewed.docx'), await buildDocx({ trackedChange: true, comment: true }))

  const refused = guidelines(['import', '../reviewed.docx', '--section', 'cooperation', '--writer', 'WCO'], root)
  expect(refused.status).toBe(1)
  expect(refused.stderr).toContain('3 errors, 0 warnings')

  const imported = guidelines(['import', '../reviewed.docx', '--section', 'cooperation', '--writer', 'WCO', '--accept-changes'], root)
  expect(imported.stderr).toContain('../reviewed.docx/word/document.xml:2:49  warning  Unexpected comment by Jane Reviewer')
  expect(imported.stdout).toContain('Imported ../reviewed.docx into sections/01-introduction/cooperation-wco.md (2 headings, 1 table, 1 figure, 1 footnote, 1 image, 3 references); 3 tracked changes accepted;')
  expect(imported.status).toBe(0)

  const built = guidelines(['build'], root)
  expect(built.status, built.stderr).toBe(0)
  const pdf = path.join(root, 'output', 'working-document.pdf')
  const text = tool('pdftotext', ['-layout', pdf, '-']).replace(/\u00ad/g, '').replace(/(\p{Ll})-\n\s*(\p{Ll})/gu, '$1$2').replace(/\s+/g, ' ')
  // The section's first `#` heading is numbered i.; the table and figure are the document's first.
  expect(text).toContain('b. Cooperation in practice i. Why ports and Customs cooperate')
  expect(text).toContain('Each side keeps its own mandate, and both gain from shared data.')
  expect(text).toContain('As Table 1 shows, the lead depends on the area. Table 1: Areas of cooperation')
  expect(text).toContain('Figure 1: Flow of data between the port and Customs')
  expect(text).toContain('The data flow in Figure 1 follows the steps above.')
  expect(text).toContain('World Customs Organization, Framework of Standards to Secure and Facilitate Global Trade, 2021 edition.')
  expect(text).not.toContain('1.1 Steps')
  // The picture is in the PDF.
  expect(tool('pdfimages', ['-list', pdf]).split('\n').filter((line) => /\bimage\b/.test(line) && /\b240\s+120\b/.test(line))).toHaveLength(1)
})
