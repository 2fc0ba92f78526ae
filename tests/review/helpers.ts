import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { main } from '../../src/cli/index.js'
import type { Io } from '../../src/cli/io.js'

/** tests/review/fixtures/project: a small project with a review edition. */
export const fixtureProject = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'project')

/** An environment for git that ignores the machine's configuration and fixes authors and dates. */
export const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
  GIT_AUTHOR_DATE: '2030-01-15T10:00:00Z',
  GIT_COMMITTER_DATE: '2030-01-15T10:00:00Z'
}

/** Run git in `cwd`; returns its trimmed output. */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** A temporary folder; `remove()` deletes it. */
export function tempDir(prefix = 'guidelines-review-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Copy the fixture project into a new git repository with one commit (branch `main`). */
export function fixtureRepository(dir: string): string {
  cpSync(fixtureProject, dir, { recursive: true })
  writeFileSync(path.join(dir, '.gitignore'), 'output/\n')
  gitIn(dir, 'init', '-q', '-b', 'main')
  gitIn(dir, 'add', '-A')
  gitIn(dir, 'commit', '-q', '-m', 'First draft')
  return dir
}

/** Replace `before` by `after` in a file of `dir` (fails when `before` is not there). */
export function edit(dir: string, file: string, before: string, after: string): void {
  const absolute = path.join(dir, file)
  const text = readFileSync(absolute, 'utf8')
  if (!text.includes(before)) throw new Error(`${file} has no ${JSON.stringify(before)}`)
  writeFileSync(absolute, text.replace(before, after))
}

/** Run the CLI in `cwd` and capture what it prints. */
export async function runCli(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const sink = (write: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        write(String(chunk))
        done()
      }
    })
  const io: Io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: { NO_COLOR: '1', ...env }, cwd }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}
