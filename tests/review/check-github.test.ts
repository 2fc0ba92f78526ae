import { cpSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { formatGithub, type Diagnostic } from '../../src/report/format.js'
import { edit, fixtureProject, runCli, tempDir } from './helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!()
})

describe('guidelines check --format github', () => {
  it('prints one workflow annotation a diagnostic, with file, line, column and rule', async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    cpSync(fixtureProject, dir, { recursive: true })
    edit(dir, 'sections/01-intro/scope-iaph.md', 'Airports are outside', 'See [](#nowhere). Airports handled by the XYZ are outside')
    const result = await runCli(dir, ['check', '--format', 'github'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      '::error file=sections/01-intro/scope-iaph.md,line=8,col=5,title=xref-unresolved::Unexpected reference to `#nowhere`, expected the id of a chapter, section, heading, paragraph, table, figure or glossary entry',
      '::warning file=sections/01-intro/scope-iaph.md,line=8,col=43,title=glossary-unknown-abbreviation::Unexpected abbreviation `XYZ` that the glossary lacks, expected an entry in glossary.yaml (or write it out)'
    ])
  })

  it('prints nothing and exits 0 for a project without problems', async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    cpSync(fixtureProject, dir, { recursive: true })
    const result = await runCli(dir, ['check', '--format', 'github'])
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('escapes what would end a property or the message', () => {
    const diagnostic: Diagnostic = { file: 'sections/a,b:c.md', line: 3, column: 7, severity: 'warning', rule: 'html-unsafe', message: '100% sure\nsecond line' }
    expect(formatGithub([diagnostic])).toBe('::warning file=sections/a%2Cb%3Ac.md,line=3,col=7,title=html-unsafe::100%25 sure%0Asecond line')
  })
})
