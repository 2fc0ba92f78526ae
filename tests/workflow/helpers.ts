import { Writable } from 'node:stream'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../../src/cli/index.js'
import type { Io } from '../../src/cli/io.js'

/** The press's own folder (its guidelines.yaml and sections/ are the real document). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** tests/fixtures/projects/status: one section in each state on `fixtureToday`. */
export const statusFixture = path.join(repoRoot, 'tests', 'fixtures', 'projects', 'status')
export const fixtureToday = '2022-07-01'

class Sink extends Writable {
  text = ''
  isTTY?: boolean
  constructor(tty: boolean) {
    super()
    if (tty) this.isTTY = true
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

/** Run the CLI in-process; `tty` makes stdout a terminal, `env` replaces the environment. */
export async function runCli(argv: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink(Boolean(options.tty))
  const stderr = new Sink(false)
  const io: Io = { stdout, stderr, env: options.env ?? { NO_COLOR: '1' }, cwd: options.cwd ?? repoRoot }
  const code = await main(argv, io)
  return { code, stdout: stdout.text, stderr: stderr.text }
}
