import { execFileSync, type ChildProcess } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { contribution, fixture, startWatch, toolRoot } from './start.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `guidelines watch` as a writer uses it: the CLI (from dist/) on a copy of a small project,
// a page fetched over HTTP, an edit, the reload event, the page again.


let project: string
let child: ChildProcess
let base: string
let output: () => string = () => ''

/** Compile dist/ when some source is newer (the unit project runs without the e2e setup). */
function ensureCompiled(): void {
  const newest = (folder: string): number =>
    Math.max(0, ...readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => statSync(path.join(e.parentPath, e.name)).mtimeMs))
  let built = 0
  try {
    built = statSync(path.join(toolRoot, 'dist', 'cli', 'commands', 'watch.js')).mtimeMs
  } catch {
    // not compiled yet
  }
  if (built < newest(path.join(toolRoot, 'src'))) {
    try {
      execFileSync(process.execPath, [path.join(toolRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', toolRoot], { cwd: toolRoot, stdio: 'pipe' })
    } catch {
      // Type errors elsewhere still emit JavaScript; the test below fails if watch does not run.
    }
  }
}

/** Server-sent events of the preview server, as an async queue of {event, data}. */
async function openEvents(url: string) {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal })
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const pending: Array<{ event: string; data: any }> = []
  let wake: (() => void) | undefined
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += decoder.decode(value, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event) pending.push({ event, data: data ? JSON.parse(data) : undefined })
          wake?.()
        }
      }
    } catch {
      // aborted
    }
  })()
  return {
    async next(names: string[], timeout = 60_000): Promise<{ event: string; data: any }> {
      const deadline = Date.now() + timeout
      for (;;) {
        const index = pending.findIndex((e) => names.includes(e.event))
        if (index !== -1) return pending.splice(index, 1)[0]!
        if (Date.now() > deadline) throw new Error(`No ${names.join('/')} event within ${timeout} ms; log:\n${output()}`)
        await new Promise<void>((resolve) => {
          wake = resolve
          setTimeout(resolve, 200)
        })
      }
    },
    close: () => controller.abort()
  }
}

describe('guidelines watch', () => {
  beforeAll(async () => {
    ensureCompiled()
    project = mkdtempSync(path.join(os.tmpdir(), 'guidelines-watch-'))
    cpSync(fixture, project, { recursive: true })
    const watch = await startWatch(project, ['--no-pdf'], /Serving \S+ at (http:\/\/127\.0\.0\.1:\d+)\//)
    child = watch.child
    output = watch.output
    base = watch.url
    // The first build: the page exists once the state says so.
    for (let i = 0; i < 300; i++) {
      const state = (await (await fetch(`${base}/__guidelines/state`)).json()) as { build?: number }
      if (state.build) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL')
    }
    if (project) rmSync(project, { recursive: true, force: true })
  })

  it('serves the HTML edition with the live-reload client, and only project files', async () => {
    const home = await fetch(`${base}/`, { redirect: 'manual' })
    expect(home.status).toBe(302)
    const location = home.headers.get('location')!
    const page = await fetch(`${base}${location}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    const html = await page.text()
    expect(html).toContain('These test guidelines exist')
    expect(html).toContain('<script src="/__guidelines/client.js"></script>')
    expect((await fetch(`${base}/__guidelines/client.js`)).status).toBe(200)
    expect((await fetch(`${base}/guidelines.yaml`)).status).toBe(200)
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404)
    expect((await fetch(`${base}/node_modules/vitest/package.json`)).status).toBe(404)
  })

  it('rebuilds on a save and sends reload with the new text; errors go to the overlay', async () => {
    const events = await openEvents(`${base}/__guidelines/events`)
    try {
      const file = path.join(project, contribution)
      const original = readFileSync(file, 'utf8')
      const marker = `A sentence added while watching ${Date.now()}.`
      writeFileSync(file, original.replace('These test guidelines exist', `${marker} These test guidelines exist`))
      const reload = await events.next(['reload'])
      expect(reload.data.ok).toBe(true)
      expect(reload.data.reused).toBeGreaterThan(0)
      expect(reload.data.parsed).toBe(1)
      const html = await (await fetch(`${base}/output/working-document.html`)).text()
      expect(html).toContain(marker)

      // An error: no reload (the page keeps the last good build), the overlay gets the message.
      writeFileSync(file, original.replace('section: purpose', 'section: no-such-section'))
      const failed = await events.next(['diagnostics', 'reload'])
      expect(failed.event).toBe('diagnostics')
      expect(failed.data.errors).toBeGreaterThan(0)
      expect(failed.data.diagnostics.map((d: { rule: string }) => d.rule)).toContain('outline-unknown-section')
      expect(output()).toContain('outline-unknown-section')

      writeFileSync(file, original)
      expect((await events.next(['reload'])).data.errors).toBe(0)
    } finally {
      events.close()
    }
  })

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(output()).toContain('Stopping')
  })
})
