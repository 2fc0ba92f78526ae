import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The project the watch tests copy, and the contribution they save. */
export const fixture = path.join(toolRoot, 'tests', 'fixtures', 'projects', 'basic')
export const contribution = path.join('sections', '01-intro', 'purpose-wco.md')

/** A `guidelines watch` process on `project`, and what it printed so far. */
export interface Watch {
  child: ChildProcess
  output: () => string
}

/**
 * Start `guidelines watch --root PROJECT --port 0 ARGS...`; resolves with the process and the
 * first match of `ready` (group 1) in its output, or rejects when it exits or 60 s pass first.
 */
export async function startWatch(project: string, args: string[], ready: RegExp): Promise<Watch & { url: string }> {
  let log = ''
  const child = spawn(process.execPath, [path.join(toolRoot, 'bin', 'guidelines.js'), 'watch', '--root', project, '--port', '0', ...args], {
    cwd: project,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stdout!.on('data', (chunk) => (log += chunk))
  child.stderr!.on('data', (chunk) => (log += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watch did not start:\n${log}`)), 60_000)
    const look = () => {
      const found = ready.exec(log)?.[1]
      if (found) {
        clearTimeout(timer)
        child.stderr!.off('data', look)
        resolve(found)
      }
    }
    child.stderr!.on('data', look)
    child.once('exit', (code) => reject(new Error(`watch exited with ${code}:\n${log}`)))
  })
  return { child, url, output: () => log }
}
