// `guidelines import` through the CLI (in process), in a temporary project made with
// `guidelines init`, then `guidelines check` on the result.
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/index.js'
import { loadProject } from '../../src/load/project.js'
import { diskReader } from '../../src/load/readers.js'
import { createOutline } from '../../src/outline/model.js'
import { defaultContributionPath } from '../../src/import/target.js'
import { buildDocx, fixtureModified, makePng, richestMarkdown } from './docx-fixtures.js'

class Sink extends Writable {
  text = ''
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink()
  const stderr = new Sink()
  const code = await main(argv, { stdout, stderr, env: { NO_COLOR: '1' }, cwd })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** Every file under `dir` with a hash of its bytes (to see that nothing else changed). */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex')
  }
  return out
}

let work: string
let root: string

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'guidelines-import-'))
  root = path.join(work, 'project')
  expect((await cli(['init', root], work)).code).toBe(0)
  // A new section for the imported contribution, in the chapter of the two existing ones.
  const config = await readFile(path.join(root, 'guidelines.yaml'), 'utf8')
  await writeFile(path.join(root, 'guidelines.yaml'), config.replace('      - id: scope\n', '      - id: cooperation\n        title: Cooperation in practice\n        writers: [WCO]\n        peers: [IAPH]\n        due: 2030-01-31\n      - id: scope\n'))
})

afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

const expected = `---
section: cooperation
writer: WCO
status: draft
submitted: ${fixtureModified}
---

${richestMarkdown('images/cooperation-wco-1.png')}`

describe('guidelines import', () => {
  test('a Word document with a tracked change, accepted, becomes a contribution that checks clean; only its files are written', async () => {
    const docx = path.join(work, 'Contribution WCO.docx')
    await writeFile(docx, await buildDocx({ trackedChange: true }))
    const before = await tree(work)
    const result = await cli(['import', docx, '--section', 'cooperation', '--writer', 'WCO', '--accept-changes'], root)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      `Imported ${docx} into sections/01-introduction/cooperation-wco.md (2 headings, 1 table, 1 figure, 1 footnote, 1 image, 3 references); 3 tracked changes accepted; submitted: ${fixtureModified} (when Contribution WCO.docx was last saved).\n`
    )
    const file = path.join(root, 'sections', '01-introduction', 'cooperation-wco.md')
    expect(await readFile(file, 'utf8')).toBe(expected)
    expect((await readFile(path.join(root, 'sections', '01-introduction', 'images', 'cooperation-wco-1.png'))).equals(makePng())).toBe(true)
    const after = await tree(work)
    expect(Object.keys(after).filter((name) => !(name in before)).sort()).toEqual([
      path.join('project', 'sections', '01-introduction', 'cooperation-wco.md'),
      path.join('project', 'sections', '01-introduction', 'images', 'cooperation-wco-1.png')
    ])
    for (const [name, hash] of Object.entries(before)) expect(after[name]).toBe(hash)

    const check = await cli(['check', '--format', 'json'], root)
    const list = JSON.parse(check.stdout) as Array<{ file: string; severity: string; rule: string }>
    expect(list.filter((d) => d.file === 'sections/01-introduction/cooperation-wco.md')).toEqual([])
    expect(list.filter((d) => d.severity === 'error')).toEqual([])
    expect(check.code).toBe(0)
  })

  test('the approximations (<br> in cells, merged cells, superscript, a text box, a field) check clean too', async () => {
    await writeFile(path.join(work, 'rough.docx'), await buildDocx({ blockCell: true, mergedCell: true, superscript: true, textBox: true, field: true, comment: true }))
    const result = await cli(['import', '../rough.docx', '--section', 'cooperation', '--writer', 'WCO'], root)
    expect(result.code).toBe(0)
    const text = await readFile(path.join(root, 'sections', '01-introduction', 'cooperation-wco.md'), 'utf8')
    expect(text).toContain('| Risk management<br>Joint targeting<br>• Profiles<br>• Alerts | Customs        |')
    expect(text).toContain('(the 1<sup>st</sup> week; H<sub>2</sub>O tanks included).')
    const check = await cli(['check', '--format', 'json'], root)
    expect((JSON.parse(check.stdout) as Array<{ file: string }>).filter((d) => d.file === 'sections/01-introduction/cooperation-wco.md')).toEqual([])
    expect(check.code).toBe(0)
  })

  test('--force never replaces another writer’s or section’s contribution', async () => {
    await writeFile(path.join(work, 'a.docx'), await buildDocx({}))
    const scope = path.join(root, 'sections', '01-introduction', 'scope-iaph.md')
    const before = await readFile(scope, 'utf8')
    const result = await cli(['import', '../a.docx', '--section', 'cooperation', '--writer', 'WCO', '--out', 'sections/01-introduction/scope-iaph.md', '--force'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('Cannot import: sections/01-introduction/scope-iaph.md is the contribution of IAPH to `scope`; choose another --out.\n')
    expect(await readFile(scope, 'utf8')).toBe(before)
  })

  test('pending tracked changes without an option: exit 1, each change listed, nothing written', async () => {
    const docx = path.join(work, 'tracked.docx')
    await writeFile(docx, await buildDocx({ trackedChange: true }))
    const before = await tree(work)
    const result = await cli(['import', docx, '--section', 'cooperation', '--writer', 'WCO'], root)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    const name = `${docx}/word/document.xml`
    const suffix = 'expected no pending changes: accept or reject them in Word, or pass --accept-changes or --reject-changes  import-change-pending'
    expect(result.stderr.split('\n')).toEqual([
      `${name}:3:28  error  Unexpected pending tracked deletion “separate” by Jane Reviewer on 2024-03-04, ${suffix}`,
      `${name}:3:55  error  Unexpected pending tracked deletion “benefit” by Jane Reviewer on 2024-03-04, ${suffix}`,
      `${name}:3:62  error  Unexpected pending tracked insertion “gain” by Jane Reviewer on 2024-03-04, ${suffix}`,
      '3 errors, 0 warnings',
      `Nothing written: ${docx} has pending tracked changes. Accept or reject them in Word, or run again with --accept-changes or --reject-changes.`,
      ''
    ])
    expect(await tree(work)).toEqual(before)
  })

  test('losses are printed as warnings on the .docx part, and the import goes on', async () => {
    await writeFile(path.join(work, 'c.docx'), await buildDocx({ comment: true, colour: true }))
    const result = await cli(['import', '../c.docx', '--section', 'cooperation', '--writer', 'WCO'], root)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(
      '../c.docx/word/document.xml:2:49  warning  Unexpected comment by Jane Reviewer (2024-03-04): “Which border? Say land or sea.” on “share one border”, dropped; comments are not carried into a contribution  import-comment-dropped\n' +
        '../c.docx/word/document.xml:21:15  warning  Unexpected coloured text, highlighting on “review the agreement … every year”, kept as plain text; a contribution carries emphasis (bold, italic) only  import-formatting-dropped\n' +
        '0 errors, 2 warnings\n'
    )
    expect(result.stdout).toContain('; 2 warnings above.')
  })

  test('an existing file is never replaced without --force; with it, it is', async () => {
    const docx = path.join(work, 'a.docx')
    await writeFile(docx, await buildDocx({}))
    const out = path.join(root, 'sections', 'extra', 'wco-cooperation.md')
    await mkdir(path.dirname(out), { recursive: true })
    await writeFile(out, '---\nsection: cooperation\nwriter: WCO\n---\n\nOld text.\n')
    const refused = await cli(['import', docx, '--section', 'cooperation', '--writer', 'WCO'], root)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe('Nothing written: sections/extra/wco-cooperation.md already exists. Pass --force to replace it.\n')
    expect(await readFile(out, 'utf8')).toContain('Old text.')
    const forced = await cli(['import', docx, '--section', 'cooperation', '--writer', 'WCO', '--force'], root)
    expect(forced.code).toBe(0)
    expect(await readFile(out, 'utf8')).toBe(expected.replace('images/cooperation-wco-1.png', 'images/wco-cooperation-1.png'))
    expect((await stat(path.join(root, 'sections', 'extra', 'images', 'wco-cooperation-1.png'))).isFile()).toBe(true)
  })

  test('a second contribution of the writer to the section elsewhere is refused', async () => {
    const docx = path.join(work, 'a.docx')
    await writeFile(docx, await buildDocx({}))
    expect((await cli(['import', docx, '--section', 'cooperation', '--writer', 'WCO'], root)).code).toBe(0)
    const again = await cli(['import', docx, '--section', 'cooperation', '--writer', 'WCO', '--out', 'sections/other.md'], root)
    expect(again.code).toBe(1)
    expect(again.stderr).toBe(
      'Cannot import: WCO already has a contribution to `cooperation`: sections/01-introduction/cooperation-wco.md. Import over it with --out sections/01-introduction/cooperation-wco.md --force, or remove it first.\n'
    )
  })

  test('usage errors: exit 2 and nothing written', async () => {
    const docx = path.join(work, 'a.docx')
    await writeFile(docx, await buildDocx({}))
    const before = await tree(work)
    const cases: Array<[string[], string]> = [
      [['import', docx, '--section', 'cooperaton', '--writer', 'WCO'], 'Unexpected section `cooperaton`, expected a section id of guidelines.yaml; did you mean `cooperation`?'],
      [['import', docx, '--section', 'cooperation', '--writer', 'WC'], 'Unexpected writer `WC`, expected a code of `contributors` in guidelines.yaml (WCO, IAPH); did you mean `WCO`?'],
      [['import', docx, '--section', 'cooperation'], 'Expected --writer CODE'],
      [['import', docx, '--section', 'cooperation', '--writer', 'WCO', '--accept-changes', '--reject-changes'], 'Expected --accept-changes or --reject-changes, not both'],
      [['import', docx, '--section', 'cooperation', '--writer', 'WCO', '--out', '../outside.md'], `Unexpected --out ${path.join(work, 'outside.md')}, expected a .md file under ${path.join(root, 'sections')} (the press reads contributions there)`],
      [['import', docx, '--section', 'cooperation', '--writer', 'WCO', '--out', 'guidelines.md'], `Unexpected --out ${path.join(root, 'guidelines.md')}, expected a .md file under ${path.join(root, 'sections')} (the press reads contributions there)`]
    ]
    for (const [argv, message] of cases) {
      const result = await cli(argv, root)
      expect(result.code).toBe(2)
      expect(result.stderr.split('\n')[0]).toBe(message)
    }
    expect(await tree(work)).toEqual(before)
  })

  test('an --out through a symbolic link that leads outside the project is refused', async () => {
    const docx = path.join(work, 'a.docx')
    await writeFile(docx, await buildDocx({}))
    await mkdir(path.join(work, 'elsewhere'))
    await symlink(path.join(work, 'elsewhere'), path.join(root, 'sections', 'link'))
    const result = await cli(['import', docx, '--section', 'cooperation', '--writer', 'WCO', '--out', 'sections/link/wco.md'], root)
    expect(result.code).toBe(2)
    expect(result.stderr.split('\n')[0]).toBe(`Unexpected --out ${path.join(root, 'sections', 'link', 'wco.md')}: ${path.join(root, 'sections', 'link')} leads outside the project root ${root}`)
    expect(await readdir(path.join(work, 'elsewhere'))).toEqual([])
  })

  test('a file that is not a Word document: exit 1, one sentence', async () => {
    await writeFile(path.join(work, 'notes.docx'), 'plain text, not a zip')
    const result = await cli(['import', '../notes.docx', '--section', 'cooperation', '--writer', 'WCO'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Cannot import \.\.\/notes\.docx: not a \.docx \(zip\) file: .+\n$/)
  })

  test('a .docx whose parts claim to expand beyond 1 GiB (a zip bomb) is refused before anything is decompressed', async () => {
    const bytes = await buildDocx({})
    // The central directory's record of the first entry: its uncompressed size is at offset 24.
    const record = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    bytes.writeUInt32LE(0xf0000000, record + 24)
    await writeFile(path.join(work, 'bomb.docx'), bytes)
    const result = await cli(['import', '../bomb.docx', '--section', 'cooperation', '--writer', 'WCO'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Cannot import \.\.\/bomb\.docx: its parts expand to \d+ bytes, more than the 1073741824 a Word document of text and pictures needs\n$/)
  })

  test('a damaged .docx (a part that does not match its recorded size): exit 1, one sentence', async () => {
    const bytes = await buildDocx({})
    const record = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    bytes.writeUInt32LE(5, record + 24)
    await writeFile(path.join(work, 'damaged.docx'), bytes)
    const result = await cli(['import', '../damaged.docx', '--section', 'cooperation', '--writer', 'WCO'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Cannot import \.\.\/damaged\.docx: cannot read word\/_rels\/document\.xml\.rels: .+\n$/)
  })

  test('--help describes the command', async () => {
    const result = await cli(['import', '--help'], root)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage: guidelines import FILE.docx --section ID --writer CODE [--out PATH] [--force]')
    expect((await cli(['--help'], root)).stdout).toContain('  import     make a contribution from a Word document (.docx)')
  })
})

describe('default place of an imported contribution', () => {
  test('follows the project layout: next to the section’s contributions, a sibling section folder, or a new chapter folder', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'guidelines-layout-'))
    try {
      await writeFile(
        path.join(project, 'guidelines.yaml'),
        `title: T
language: en
organisations: [WCO]
reference: R
contributors: { WCO: W, BG: B, CN: C }
front:
  - { id: foreword, title: Foreword, writers: [WCO] }
outline:
  - id: cooperation
    title: Cooperation
    sections:
      - { id: need, title: Need, writers: [BG, CN] }
      - { id: path, title: Path, writers: [BG] }
  - id: digital
    title: Digital
    sections:
      - { id: data, title: Data, writers: [WCO] }
annexes:
  - id: mou
    title: MOU
    sections:
      - { id: text, title: Text, writers: [WCO] }
editions: { doc: { template: wco-working-document } }
`
      )
      await mkdir(path.join(project, 'sections', '02-cooperation', 'a-need'), { recursive: true })
      await writeFile(path.join(project, 'sections', '02-cooperation', 'a-need', 'bg.md'), '---\nsection: need\nwriter: BG\n---\n\nText.\n')
      const loaded = await loadProject(diskReader(project))
      const outline = createOutline(loaded.config!)
      const where = (section: string, writer: string) => defaultContributionPath(loaded, outline, section, writer)
      expect(where('need', 'BG')).toBe('sections/02-cooperation/a-need/bg.md')
      expect(where('need', 'CN')).toBe('sections/02-cooperation/a-need/cn.md')
      expect(where('path', 'BG')).toBe('sections/02-cooperation/b-path/bg.md')
      expect(where('data', 'WCO')).toBe('sections/02-digital/a-data/wco.md')
      expect(where('foreword', 'WCO')).toBe('sections/00-front/foreword/wco.md')
      expect(where('text', 'WCO')).toBe('sections/annex-1-mou/a-text/wco.md')
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })

  test('in a project laid out as `guidelines init` does, one folder per chapter', async () => {
    expect((await cli(['init', root + '-flat'], work)).code).toBe(0)
    try {
      const loaded = await loadProject(diskReader(root + '-flat'))
      const outline = createOutline(loaded.config!)
      expect(defaultContributionPath(loaded, outline, 'purpose', 'IAPH')).toBe('sections/01-introduction/purpose-iaph.md')
      expect(defaultContributionPath(loaded, outline, 'purpose', 'WCO')).toBe('sections/01-introduction/purpose-wco.md')
    } finally {
      await rm(root + '-flat', { recursive: true, force: true })
    }
  })
})
