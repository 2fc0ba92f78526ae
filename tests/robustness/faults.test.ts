import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrowserNotFoundError, resolveBrowser } from '../../src/print/browser.js'
import { contribution, ensureDist, hasStackTrace, hashTree, makeProject, runCli } from './helpers.js'

// Faults of the machine, not of the sources: each ends in one clear message, in bounded time,
// with the previous outputs untouched. These run the CLI (bin/guidelines.js, from dist/).
let scripts = ''
let project: { root: string; remove: () => void }
const chromium = (() => {
  try {
    return resolveBrowser()
  } catch {
    return '/usr/bin/chromium'
  }
})()

/** An executable shell script in the scripts folder. */
function script(name: string, body: string): string {
  const file = path.join(scripts, name)
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

/** Starts Chromium, then does `action` to it (kill -9, kill -STOP) once a print begins. */
// The action hits as soon as the temporary HTML to print appears: a small project prints in a
// few hundred milliseconds, so any delay here lets the print finish first.
function whenPrinting(name: string, action: string): string {
  return script(
    name,
    `"${chromium}" "$@" &
pid=$!
for i in $(seq 1 3000); do
  if ls "$WATCH_DIR"/.*.html >/dev/null 2>&1; then ${action} $pid; break; fi
  sleep 0.01
done
wait $pid`
  )
}

function pdfTemporaryFiles(root: string): string[] {
  const output = path.join(root, 'output')
  return existsSync(output) ? readdirSync(output).filter((name) => name.startsWith('.')) : []
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

beforeAll(() => {
  ensureDist()
  scripts = mkdtempSync(path.join(os.tmpdir(), 'press-scripts-'))
  project = makeProject({ 'sections/purpose/wco.md': contribution('Customs and ports cooperate.\n\n# Details\n\nMore text.') })
}, 120_000)

afterAll(() => {
  project.remove()
  rmSync(scripts, { recursive: true, force: true })
})

describe('no browser', () => {
  it('GUIDELINES_BROWSER pointing at a missing file: one line saying what to set', async () => {
    const run = await runCli(['build', '--root', project.root], { env: { GUIDELINES_BROWSER: '/nonexistent/chrome' } })
    expect(run.code).toBe(1)
    expect(run.stderr.trim()).toBe('GUIDELINES_BROWSER is set to /nonexistent/chrome, but no file is there. Point it at a Chrome or Chromium executable.')
  })

  it('no browser anywhere: what to install or set', () => {
    expect(() => resolveBrowser({}, [])).toThrow(BrowserNotFoundError)
    expect(() => resolveBrowser({}, ['/nonexistent/chromium'])).toThrow(/Install one .*apt-get install chromium.*or set GUIDELINES_BROWSER/)
  })
})

describe('the browser fails', () => {
  it('fails to start: tried twice, then a clear error', async () => {
    const run = await runCli(['build', '--root', project.root], { env: { GUIDELINES_BROWSER: script('exit1.sh', 'exit 1') } })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^The browser at .*exit1\.sh did not start \(tried twice\)/)
    expect(hasStackTrace(run.stderr)).toBe(false)
    expect(run.ms).toBeLessThan(15_000)
  }, 30_000)

  it('hangs at start: bounded by GUIDELINES_PRINT_TIMEOUT (each attempt), then a clear error', async () => {
    const run = await runCli(['build', '--root', project.root], { env: { GUIDELINES_BROWSER: script('sleep.sh', 'exec sleep 600'), GUIDELINES_PRINT_TIMEOUT: '1500' } })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/did not start \(tried twice\): no answer within 1500 ms\./)
    expect(hasStackTrace(run.stderr)).toBe(false)
    // 2 attempts of 1.5 s (the CLI itself starts in ~1 s).
    expect(run.ms).toBeLessThan(10_000)
  }, 40_000)

  it('a build that stops before printing does not wait for a browser still starting (it is stopped)', async () => {
    // Errors in the sources: nothing to print. The browser hangs at start; the default wait would be 30 s.
    const { root, remove } = makeProject({ 'sections/purpose/wco.md': '---\nsection: purpose\nwriter: WCO\nstatus: bogus\n---\n\nText.\n' })
    try {
      const run = await runCli(['build', '--root', root], { env: { GUIDELINES_BROWSER: script('sleep-bad.sh', 'exec sleep 600') } })
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/frontmatter-invalid/)
      expect(run.ms).toBeLessThan(10_000)
    } finally {
      remove()
    }
  }, 40_000)

  it('a bad GUIDELINES_PRINT_TIMEOUT is a usage error', async () => {
    const run = await runCli(['build', '--root', project.root], { env: { GUIDELINES_PRINT_TIMEOUT: 'soon' } })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^Unexpected GUIDELINES_PRINT_TIMEOUT `soon`, expected milliseconds/)
  })

  it('a bad GUIDELINES_PRINT_PART_PAGES is a usage error', async () => {
    for (const value of ['many', '0', '-5', '2.5']) {
      const run = await runCli(['build', '--root', project.root], { env: { GUIDELINES_PRINT_PART_PAGES: value } })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(`Unexpected GUIDELINES_PRINT_PART_PAGES \`${value}\`, expected a number of pages as a positive whole number`)
    }
  })

  it('crashes mid-print: retried once, a clear error, the previous PDF and HTML byte-identical', async () => {
    const good = await runCli(['build', '--root', project.root, '--quiet'])
    expect(good.code, good.stderr).toBe(0)
    const pdf = readFileSync(path.join(project.root, 'output', 'doc.pdf'))
    const html = readFileSync(path.join(project.root, 'output', 'doc.html'))
    const sources = hashTree(project.root)

    const run = await runCli(['build', '--root', project.root], {
      env: { GUIDELINES_BROWSER: whenPrinting('crash.sh', 'kill -9'), WATCH_DIR: path.join(project.root, 'output'), GUIDELINES_PRINT_TIMEOUT: '20000' },
      limit: 75_000
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^The browser crashed or was closed while printing doc\.html/)
    expect(hasStackTrace(run.stderr)).toBe(false)
    expect(readFileSync(path.join(project.root, 'output', 'doc.pdf')).equals(pdf)).toBe(true)
    expect(readFileSync(path.join(project.root, 'output', 'doc.html')).equals(html)).toBe(true)
    expect(pdfTemporaryFiles(project.root)).toEqual([])
    expect(hashTree(project.root)).toEqual(sources)
  }, 90_000)

  it('freezes mid-print: the print times out, is retried once, the browser is killed', async () => {
    const pdf = readFileSync(path.join(project.root, 'output', 'doc.pdf'))
    const run = await runCli(['build', '--root', project.root], {
      env: { GUIDELINES_BROWSER: whenPrinting('freeze.sh', 'kill -STOP'), WATCH_DIR: path.join(project.root, 'output'), GUIDELINES_PRINT_TIMEOUT: '2500' },
      limit: 55_000
    })
    expect(run.code).toBe(1)
    // The first print times out; the browser is killed and started again, and freezes again.
    expect(run.stderr).toMatch(/^(Printing doc\.html took longer than 3 s|The browser did not open a page to print doc\.html|The browser failed while printing doc\.html: Navigation timeout)/)
    expect(run.stderr).toMatch(/\(tried twice\)/)
    expect(hasStackTrace(run.stderr)).toBe(false)
    // Each step (print, page close, two starts, second print) is bounded by the timeout (2.5 s);
    // ~15 s on an idle machine, more on a loaded CI runner.
    expect(run.ms).toBeLessThan(50_000)
    expect(readFileSync(path.join(project.root, 'output', 'doc.pdf')).equals(pdf)).toBe(true)
    expect(pdfTemporaryFiles(project.root)).toEqual([])
  }, 70_000)
})

describe('outputs', () => {
  it('output folder not writable (a file stands there): a clear error, no stack trace', async () => {
    const { root, remove } = makeProject({ 'sections/purpose/wco.md': contribution('Text.'), output: 'not a folder' })
    try {
      const run = await runCli(['build', '--root', root])
      expect(run.code).toBe(1)
      expect(run.stderr.trim()).toMatch(/^Cannot write .*output\/assets\/fonts: a file stands where a folder is needed \((ENOTDIR|EEXIST)\)\. The previous output, if any, is unchanged\.$/)
      expect(readFileSync(path.join(root, 'output'), 'utf8')).toBe('not a folder')
    } finally {
      remove()
    }
  }, 30_000)

  it('disk full (a 64 KiB tmpfs as output/): a clear error, nothing half-written', async (context) => {
    const { root, remove } = makeProject({ 'sections/purpose/wco.md': contribution('Text.') })
    const output = path.join(root, 'output')
    try {
      try {
        execFileSync('mkdir', ['-p', output])
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', output], { stdio: 'ignore' })
      } catch {
        context.skip()
      }
      const run = await runCli(['build', '--root', root])
      expect(run.code).toBe(1)
      expect(run.stderr.trim()).toMatch(/^Cannot write .*: no space left on the device \(ENOSPC\)\. The previous output, if any, is unchanged\.$/)
      expect(hasStackTrace(run.stderr)).toBe(false)
      expect(pdfTemporaryFiles(root)).toEqual([])
    } finally {
      try {
        execFileSync('umount', [output], { stdio: 'ignore' })
      } catch {
        // not mounted
      }
      remove()
    }
  }, 30_000)

  it('Ctrl-C during printing: exit 130, the browser closed, no temporary file left', async () => {
    let browsers: number[] = []
    const run = await runCli(['build', '--root', project.root, '--verbose'], {
      onStderr: (text, pid) => {
        if (browsers.length === 0 && /\] print doc/.test(text)) {
          browsers = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number)
          process.kill(pid, 'SIGINT')
        }
      }
    })
    expect(browsers.length).toBeGreaterThan(0)
    expect(run.code).toBe(130)
    expect(run.stderr).toContain('Interrupted: the browser was closed')
    expect(hasStackTrace(run.stderr)).toBe(false)
    expect(browsers.filter(alive)).toEqual([])
    expect(pdfTemporaryFiles(project.root)).toEqual([])
  }, 60_000)

  it('two builds at once in one project: both succeed, the outputs are valid PDFs, sources untouched', async () => {
    const before = hashTree(project.root)
    const [a, b] = await Promise.all([runCli(['build', '--root', project.root, '--quiet']), runCli(['build', '--root', project.root, '--quiet'])])
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0])
    const pdf = path.join(project.root, 'output', 'doc.pdf')
    expect(() => execFileSync('qpdf', ['--check', pdf], { stdio: 'pipe' })).not.toThrow()
    expect(readFileSync(path.join(project.root, 'output', 'doc.html'), 'utf8')).toMatch(/<\/html>\s*$/)
    expect(pdfTemporaryFiles(project.root)).toEqual([])
    expect(hashTree(project.root)).toEqual(before)
  }, 90_000)

  it('bad sources through the CLI: diagnostics with file, line, column and rule, no stack trace, nothing written', async () => {
    const { root, remove } = makeProject({ 'sections/purpose/wco.md': '---\nsection: purpose\nwriter: WCO\nsubmitted: 2023-02-30\n---\n\n![x](../../../etc/hostname)\n' })
    try {
      const run = await runCli(['build', '--root', root, '--format', 'json'])
      expect(run.code).toBe(1)
      expect(hasStackTrace(run.stderr)).toBe(false)
      const json = JSON.parse(run.stderr.slice(run.stderr.indexOf('['), run.stderr.lastIndexOf(']') + 1)) as Array<{ file: string; line: number; column: number; rule: string }>
      expect(json.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toContain('sections/purpose/wco.md:4:12 frontmatter-invalid')
      expect(existsSync(path.join(root, 'output', 'doc.pdf'))).toBe(false)
    } finally {
      remove()
    }
  }, 30_000)
})
