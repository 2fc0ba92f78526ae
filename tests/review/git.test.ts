import { cpSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadProject } from '../../src/load/project.js'
import { commitReader } from '../../src/load/readers.js'
import { GitError, workTreeState } from '../../src/io/git.js'
import { versionStamp } from '../../src/review/stamp.js'
import { edit, fixtureProject, fixtureRepository, gitIn, tempDir } from './helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!()
})
function repository(): string {
  const { dir, remove } = tempDir()
  cleanups.push(remove)
  return fixtureRepository(dir)
}

describe('loadProject(commitReader(ref))', () => {
  it('reads the sources as they were at a ref, not the work tree', async () => {
    const dir = repository()
    edit(dir, 'sections/01-intro/scope-iaph.md', 'Airports are outside', 'Airports are inside')
    writeFileSync(path.join(dir, 'sections/01-intro/extra.md'), '---\nsection: scope\nwriter: WCO\n---\n\nNew.\n')
    gitIn(dir, 'add', '-A')
    gitIn(dir, 'commit', '-q', '-m', 'Second')
    const project = await loadProject(await commitReader(dir, 'HEAD~1'))
    expect(project.config?.title).toBe('Review Copy Test Guidelines')
    expect(project.glossary.map((e) => e.abbreviation)).toEqual(['AEO'])
    expect(project.contributions.map((c) => c.file.path)).toEqual([
      'sections/01-intro/purpose-wco.md',
      'sections/01-intro/scope-iaph.md',
      'sections/02-practice/data-iaph.md',
      'sections/02-practice/data-wco.md',
      'sections/02-practice/risk-wco.md'
    ])
    const scope = project.contributions.find((c) => c.file.path.endsWith('scope-iaph.md'))!
    expect(String(scope.file.value)).toContain('Airports are outside')
    expect(scope.meta).toEqual({ section: 'scope', writer: 'IAPH' })
    expect(project.commit).toBe(gitIn(dir, 'rev-parse', 'HEAD~1'))
  })

  it('works from a project in a sub-folder of the repository', async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    gitIn(dir, 'init', '-q', '-b', 'main')
    cpSync(fixtureProject, path.join(dir, 'docs'), { recursive: true })
    gitIn(dir, 'add', '-A')
    gitIn(dir, 'commit', '-q', '-m', 'Outer')
    const project = await loadProject(await commitReader(path.join(dir, 'docs'), 'HEAD'))
    expect(project.contributions).toHaveLength(5)
    expect(project.configFile.messages).toEqual([])
  })

  it('rejects a ref that names no commit, and a folder outside git', async () => {
    const dir = repository()
    await expect(commitReader(dir, 'no-such-tag')).rejects.toThrow(GitError)
    await expect(commitReader(dir, '--output=/tmp/x')).rejects.toThrow(GitError)
    const { dir: plain, remove } = tempDir()
    cleanups.push(remove)
    await expect(commitReader(plain, 'HEAD')).rejects.toThrow(/Unexpected ref `HEAD`/)
  })
})

describe('versionStamp', () => {
  const date = new Date('2030-02-01T08:30:00Z')

  it('names the commit, the branch and the date, and says when sources are uncommitted', async () => {
    const dir = repository()
    const commit = gitIn(dir, 'rev-parse', '--short', 'HEAD')
    const clean = await versionStamp(await workTreeState(dir), { date, env: {} })
    expect(clean).toMatchObject({ versioned: true, commit, branch: 'main', dirty: false })
    expect(clean.text).toBe(`${commit} · branch main · 2030-02-01 08:30 UTC`)
    writeFileSync(path.join(dir, 'output.txt'), 'not a source')
    expect((await versionStamp(await workTreeState(dir), { date, env: {} })).dirty).toBe(false)
    edit(dir, 'sections/01-intro/scope-iaph.md', 'Airports', 'Heliports')
    expect((await versionStamp(await workTreeState(dir), { date, env: {} })).text).toBe(`${commit} · branch main · 2030-02-01 08:30 UTC · uncommitted changes`)
  })

  it('names a tag of the commit, or the nearest one before it', async () => {
    const dir = repository()
    gitIn(dir, 'tag', 'draft-1')
    const commit = gitIn(dir, 'rev-parse', '--short', 'HEAD')
    expect((await versionStamp(await workTreeState(dir), { date, env: {} })).text).toBe(`${commit} · tag draft-1 · 2030-02-01 08:30 UTC`)
    gitIn(dir, 'commit', '-q', '--allow-empty', '-m', 'Next')
    const next = gitIn(dir, 'rev-parse', '--short', 'HEAD')
    expect((await versionStamp(await workTreeState(dir), { date, env: {} })).text).toBe(`${next} · branch main · 1 commit after draft-1 · 2030-02-01 08:30 UTC`)
  })

  it('takes the date from SOURCE_DATE_EPOCH, and the branch from CI when detached', async () => {
    const dir = repository()
    gitIn(dir, 'checkout', '-q', '--detach')
    const stamp = await versionStamp(await workTreeState(dir), { env: { SOURCE_DATE_EPOCH: '1893456000', GITHUB_HEAD_REF: 'fix-typo' } })
    expect(stamp.date.toISOString()).toBe('2030-01-01T00:00:00.000Z')
    expect(stamp.text).toMatch(/ · branch fix-typo · 2030-01-01 00:00 UTC$/)
  })

  it('works outside git', async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    expect(await versionStamp(await workTreeState(dir), { date, env: {} })).toMatchObject({ versioned: false, dirty: false, text: 'not under version control · 2030-02-01 08:30 UTC' })
  })
})
