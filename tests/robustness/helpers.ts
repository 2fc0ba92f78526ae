import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions } from '../../src/build.js'
import { diagnostics, type Diagnostic } from '../../src/report/format.js'

/** The press's own folder. */
export const pressRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A small valid outline: one chapter, one section with two writers, one edition. */
export const baseConfig = `title: Robustness test
language: en
organisations: [WCO]
contributors:
  WCO: World Customs Organization
  IAPH: International Association of Ports and Harbors
outline:
  - id: intro
    title: Introduction
    sections:
      - id: purpose
        title: Purpose
        writers: [WCO, IAPH]
      - id: scope
        title: Scope
editions:
  doc:
    template: wco-working-document
`

/** A contribution of `writer` to `section` with `body` after the front matter. */
export function contribution(body: string, writer = 'WCO', section = 'purpose'): string {
  return `---\nsection: ${section}\nwriter: ${writer}\n---\n\n${body}\n`
}

/**
 * A temporary project: `guidelines.yaml` (baseConfig unless given), the IAPH contribution
 * (so that only the file under test speaks), and `files` (path -> text or bytes).
 * Removed by the returned `remove`.
 */
export function makeProject(files: Record<string, string | Uint8Array> = {}): { root: string; remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'press-robust-'))
  const all: Record<string, string | Uint8Array> = {
    'guidelines.yaml': baseConfig,
    'sections/purpose/iaph.md': contribution('Ports agree with Customs.', 'IAPH'),
    ...files
  }
  for (const [relative, content] of Object.entries(all)) {
    const file = path.join(root, relative)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) }
}

/** Load, parse, link and render without printing; the diagnostics, as the CLI lists them. */
export async function diagnose(root: string, options: Partial<BuildOptions> = {}): Promise<Diagnostic[]> {
  const result = await build({ root, write: false, ...options })
  return diagnostics(result.files)
}

/** `file:line:column rule` of each diagnostic, for compact assertions. */
export function places(list: Diagnostic[]): string[] {
  return list.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)
}

/** Compile dist/ when a source is newer (the CLI runs from dist/). */
export function ensureDist(): void {
  const newest = (folder: string): number =>
    readdirSync(folder, { withFileTypes: true }).reduce((max, entry) => {
      const full = path.join(folder, entry.name)
      return Math.max(max, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs)
    }, 0)
  let built = 0
  try {
    built = statSync(path.join(pressRoot, 'dist', 'cli', 'index.js')).mtimeMs
  } catch {
    built = 0
  }
  if (newest(path.join(pressRoot, 'src')) > built) {
    execFileSync(process.execPath, [path.join(pressRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', pressRoot], { stdio: 'inherit' })
  }
}

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
  pid: number
}

/**
 * Run `node bin/guidelines.js ...args` with extra `env`; `onStderr` sees the error output as it
 * comes (to send a signal at the right moment). Killed after `limit` ms.
 */
export function runCli(args: string[], options: { env?: Record<string, string>; limit?: number; onStderr?: (text: string, pid: number) => void } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(process.execPath, [path.join(pressRoot, 'bin', 'guidelines.js'), ...args], {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      options.onStderr?.(stderr, child.pid!)
    })
    // Past the limit the CLI is killed, and so are the browsers it started (each in its own
    // process group), so that a failing test leaves no process behind.
    const timer = setTimeout(() => {
      try {
        const children = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number)
        for (const pid of children) {
          try {
            process.kill(-pid, 'SIGKILL')
          } catch {
            process.kill(pid, 'SIGKILL')
          }
        }
      } catch {
        // no children
      }
      child.kill('SIGKILL')
    }, options.limit ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, pid: child.pid! })
    })
  })
}

/** sha256 of every file under `root` (path -> hash), skipping `skip` folders. */
export function hashTree(root: string, skip: string[] = ['output']): Map<string, string> {
  const hashes = new Map<string, string>()
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name)
      const relative = path.relative(root, full)
      if (skip.includes(relative)) continue
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) hashes.set(relative, createHash('sha256').update(readFileSync(full)).digest('hex'))
      else hashes.set(relative, `link:${entry.name}`)
    }
  }
  walk(root)
  return hashes
}

/** Whether a stack trace (an `at file:line:col` frame) appears in `text`. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text)
}
