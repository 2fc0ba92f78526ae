import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pressRoot } from './helpers.js'

// Measuring a run of the CLI as the operating system sees it (Linux /proc): every process it
// started (Chromium and its helpers live in process groups of their own, and survive the CLI
// when it is killed), their summed resident memory, and what is left running afterwards.

/** State and parent of a process, from /proc/PID/stat; undefined when it is gone. */
function stat(pid: number): { state: string; parent: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0]!, parent: Number(fields[1]) }
  } catch {
    return undefined
  }
}

/** Every process now running whose ancestry leads to one of `roots` (the roots included). */
export function descendants(roots: Iterable<number>): number[] {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const info = stat(Number(name))
    if (!info) continue
    const list = children.get(info.parent) ?? []
    list.push(Number(name))
    children.set(info.parent, list)
  }
  const out: number[] = []
  const queue = [...roots]
  const seen = new Set<number>()
  while (queue.length > 0) {
    const pid = queue.pop()!
    if (seen.has(pid)) continue
    seen.add(pid)
    if (stat(pid)) out.push(pid)
    queue.push(...(children.get(pid) ?? []))
  }
  return out
}

/** Resident memory of a process in bytes (0 when gone). */
function rss(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** Whether `pid` still runs (a zombie, killed and waiting to be reaped, does not count). */
export function running(pid: number): boolean {
  const info = stat(pid)
  return info !== undefined && info.state !== 'Z' && info.state !== 'X'
}

/** Kill every process in `pids` (and their descendants) with SIGKILL. */
export function killAll(pids: Iterable<number>): void {
  for (const pid of descendants(pids)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
}

export interface MeasuredRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Wall-clock milliseconds until the CLI ended (or was killed). */
  ms: number
  /** When the CLI ended (Date.now()). */
  ended: number
  /** Highest summed resident memory of the CLI and every process it started, in bytes. */
  peak: number
  /** Whether the run passed `limit` ms and was killed. */
  timedOut: boolean
  /** Whether the process tree passed `memory` bytes and was killed. */
  overMemory: boolean
  /** Every process seen in the tree during the run (the CLI first). */
  seen: number[]
  /** Processes of `seen` still running a moment after the CLI ended (orphans); the test must kill them. */
  left: number[]
}

export interface MeasureOptions {
  env?: Record<string, string>
  cwd?: string
  /** Wall-clock bound: the whole tree is killed past it (ms). */
  limit?: number
  /** Memory bound on the tree: the whole tree is killed past it (bytes). */
  memory?: number
  /** Called with the error output so far: to send a signal at the right moment. */
  onStderr?: (text: string, pid: number) => void
  /** Called every poll with the elapsed ms and the tree (to act on the run). */
  onPoll?: (ms: number, tree: number[], pid: number) => void
}

/**
 * Run `node bin/guidelines.js ...args`, sampling its process tree every 25 ms: the peak of the
 * summed resident memory, every process it started. Past `limit` ms or `memory` bytes the whole
 * tree is killed (SIGKILL), so that a hang or a blow-up ends the test, not the machine.
 * Processes still running after the CLI ends are returned in `left` (and not killed: the
 * caller asserts on them, then calls killAll).
 */
export function runMeasured(args: string[], options: MeasureOptions = {}): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(process.execPath, [path.join(pressRoot, 'bin', 'guidelines.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const pid = child.pid!
    const seen = new Set<number>([pid])
    let peak = 0
    let timedOut = false
    let overMemory = false
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      options.onStderr?.(stderr, pid)
    })
    const poll = () => {
      // Once seen, a process stays counted even when re-parented (the CLI was killed).
      const tree = descendants(seen)
      for (const p of tree) seen.add(p)
      const total = tree.reduce((sum, p) => sum + rss(p), 0)
      peak = Math.max(peak, total)
      const ms = Date.now() - started
      options.onPoll?.(ms, tree, pid)
      if (options.memory !== undefined && total > options.memory) {
        overMemory = true
        killAll(seen)
      } else if (ms > (options.limit ?? 60_000)) {
        timedOut = true
        killAll(seen)
      }
    }
    const timer = setInterval(poll, 25)
    poll()
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearInterval(timer)
      const ended = Date.now()
      const ms = ended - started
      // A browser killed with the CLI takes a moment to notice: look again after 1.5 s.
      setTimeout(() => {
        const left = [...seen].filter((p) => p !== pid && running(p))
        resolve({ code, signal, stdout, stderr, ms, ended, peak, timedOut, overMemory, seen: [...seen], left })
      }, 1_500)
    })
  })
}

/** One line of figures for a run, for the test log and the closing note. */
export function figures(name: string, run: MeasuredRun): string {
  const first = `${run.stderr}\n${run.stdout}`.split('\n').find((line) => line.trim() !== '') ?? ''
  const end = run.timedOut ? 'killed at the time limit' : run.overMemory ? 'killed at the memory limit' : `exit ${run.code ?? run.signal}`
  return `${name}: ${(run.ms / 1000).toFixed(1)} s, peak ${Math.round(run.peak / 1024 / 1024)} MiB, ${end}, left ${run.left.length}; ${first.slice(0, 160)}`
}
