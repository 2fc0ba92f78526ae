import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { loadProject } from '../../src/load/project.js'
import { diskReader } from '../../src/load/readers.js'
import { contribution, defaultConfig } from '../helpers/pipeline.js'

let root: string | undefined

function project(files: Record<string, string>) {
  root = mkdtempSync(path.join(os.tmpdir(), 'guidelines-project-'))
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true })
    writeFileSync(path.join(root, relative), text)
  }
  return diskReader(root)
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true })
  root = undefined
})

describe('loadProject', () => {
  test('reads every sections/**/*.md, sorted by path, with paths relative to the root', async () => {
    const loaded = await loadProject(
      project({
        'guidelines.yaml': defaultConfig,
        'sections/b/scope.md': contribution('scope', 'IAPH', 'B.\n'),
        'sections/a.md': contribution('purpose', 'WCO', 'A.\n'),
        'notes.md': 'not under sections/'
      })
    )
    expect(loaded.contributions.map((c) => c.file.path)).toEqual(['sections/a.md', 'sections/b/scope.md'])
    expect(loaded.contributions.map((c) => c.meta?.section)).toEqual(['purpose', 'scope'])
    expect(loaded.glossary).toEqual([])
    expect(loaded.glossaryFile.messages).toEqual([])
  })

  test("an edition's body file is the editor's text, not a contribution", async () => {
    const config = defaultConfig.replace('editions:\n', 'editions:\n  progress:\n    template: wco-working-document\n    body: sections/progress/report.md\n')
    const loaded = await loadProject(
      project({
        'guidelines.yaml': config,
        'sections/a.md': contribution('purpose', 'WCO', 'A.\n'),
        'sections/progress/report.md': contribution('progress-report', 'WCO', 'The report.\n')
      })
    )
    expect(loaded.configFile.messages).toEqual([])
    expect(loaded.contributions.map((c) => c.file.path)).toEqual(['sections/a.md'])
    expect([...loaded.bodies.keys()]).toEqual(['sections/progress/report.md'])
    expect(loaded.bodies.get('sections/progress/report.md')?.meta).toMatchObject({ section: 'progress-report', writer: 'WCO' })
  })

  test('invalid configuration: no config, and the message on guidelines.yaml', async () => {
    const loaded = await loadProject(project({ 'guidelines.yaml': 'title: [', 'sections/a.md': contribution('purpose', 'WCO', 'A.\n') }))
    expect(loaded.config).toBeUndefined()
    expect(loaded.configFile.messages.map((m) => m.ruleId)).toEqual(['config-invalid'])
    expect(loaded.contributions).toHaveLength(1)
  })
})
