import { execFileSync } from 'node:child_process'
import { symlinkSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { contribution, ensureDist, hasStackTrace, makeProject } from './helpers.js'
import { figures, killAll, runMeasured, type MeasuredRun } from './process-tree.js'

// Hostile and real-world input, second round (issue 18): each case runs the CLI in a child
// process bounded in wall-clock time and in the memory of its whole process tree (Chromium
// included), measured from /proc; past either bound the tree is killed and the test fails.
// Each run's figures (time, peak memory, exit, first line) are logged for the note.

const MiB = 1024 * 1024
const cleanups: Array<() => void> = []
const runs: MeasuredRun[] = []

beforeAll(() => ensureDist(), 120_000)
afterEach(() => {
  for (const run of runs.splice(0)) killAll(run.seen)
  while (cleanups.length > 0) cleanups.pop()!()
})
afterAll(() => undefined)

function project(files: Record<string, string | Uint8Array> = {}): string {
  const { root, remove } = makeProject({ 'sections/purpose/wco.md': contribution('Customs and ports cooperate.'), ...files })
  cleanups.push(remove)
  return root
}

async function measured(name: string, args: string[], options: Parameters<typeof runMeasured>[1] = {}): Promise<MeasuredRun> {
  const run = await runMeasured(args, { limit: 30_000, memory: 1_500 * MiB, ...options })
  runs.push(run)
  console.log(figures(name, run))
  return run
}

describe.skipIf(process.platform !== 'linux')('1. files that are not regular files', () => {
  it('a contribution that is a symbolic link to /dev/zero: check and build end at once with a diagnostic', async () => {
    const root = project()
    symlinkSync('/dev/zero', path.join(root, 'sections', 'purpose', 'zero.md'))
    for (const command of ['check', 'build']) {
      const run = await measured(`1 /dev/zero ${command}`, [command, '--root', root], { limit: 20_000 })
      expect(run.timedOut || run.overMemory, figures(command, run)).toBe(false)
      expect(run.code).toBe(1)
      expect(run.stdout + run.stderr).toMatch(/sections\/purpose\/zero\.md:1:1 {2}error {2}.*(path-outside-root|source-unreadable)/)
      expect(run.peak).toBeLessThan(800 * MiB)
      expect(hasStackTrace(run.stderr)).toBe(false)
    }
  }, 90_000)

  it('a FIFO named *.md does not block: a diagnostic, exit 1, in bounded time', async () => {
    const root = project()
    execFileSync('mkfifo', [path.join(root, 'sections', 'purpose', 'pipe.md')])
    const run = await measured('1 FIFO check', ['check', '--root', root], { limit: 20_000 })
    expect(run.timedOut).toBe(false)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('sections/purpose/pipe.md:1:1  error  Unexpected FIFO (named pipe), expected a regular file  source-unreadable')
  }, 60_000)
})
