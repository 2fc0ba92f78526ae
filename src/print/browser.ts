import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import puppeteer, { type Browser } from 'puppeteer'

/** Named error: no Chrome or Chromium could be found. */
export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError'
}

/** Named error: the browser failed to start, crashed or hung. */
export class BrowserError extends Error {
  override name = 'BrowserError'
}

/** Flags that keep Chromium quiet and self-contained on a closed network and in CI. */
export const browserArgs = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none'
]

/**
 * Find a Chrome, Chromium or Edge to print with, in this order: `GUIDELINES_BROWSER`,
 * `PUPPETEER_EXECUTABLE_PATH`, `CHROME_PATH`; puppeteer's own download (if one was made);
 * the usual install locations on Linux, macOS and Windows (or `candidates`, for tests). Throws
 * BrowserNotFoundError with what to install or set.
 */
export function resolveBrowser(env: NodeJS.ProcessEnv = process.env, candidates?: readonly string[]): string {
  for (const variable of ['GUIDELINES_BROWSER', 'PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH']) {
    const value = env[variable]
    if (value) {
      if (existsSync(value)) return value
      throw new BrowserNotFoundError(`${variable} is set to ${value}, but no file is there. Point it at a Chrome or Chromium executable.`)
    }
  }
  for (const candidate of candidates ?? [...puppeteerDownload(), ...systemBrowsers()]) if (existsSync(candidate)) return candidate
  throw new BrowserNotFoundError(
    'No Chrome or Chromium found. Install one (Debian/Ubuntu: `apt-get install chromium`; macOS/Windows: Google Chrome or Microsoft Edge), ' +
      'or set GUIDELINES_BROWSER to its executable, or run `npx puppeteer browsers install chrome` where the internet is reachable.'
  )
}

/** The browser puppeteer downloaded, if it did. */
function puppeteerDownload(): string[] {
  try {
    const downloaded = puppeteer.executablePath()
    return downloaded ? [downloaded] : []
  } catch {
    // No browser in puppeteer's cache: look for an installed one.
    return []
  }
}

function systemBrowsers(): string[] {
  switch (process.platform) {
    case 'darwin':
      return [
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
        path.join(os.homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome')
      ]
    case 'win32': {
      const roots = [process.env['PROGRAMFILES'], process.env['PROGRAMFILES(X86)'], process.env['LOCALAPPDATA']].filter((r): r is string => Boolean(r))
      return roots.flatMap((root) => [
        path.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        path.join(root, 'Chromium', 'Application', 'chrome.exe'),
        path.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe')
      ])
    }
    default:
      return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge', '/snap/bin/chromium']
  }
}

export interface LaunchOptions {
  executablePath?: string
  /** Where to look for the browser (`GUIDELINES_BROWSER`...); `process.env` by default. */
  env?: NodeJS.ProcessEnv
  /** Milliseconds to wait for the browser to start, each attempt (30 s by default). */
  timeout?: number
  /** Stops waiting for the browser (Ctrl-C). */
  signal?: AbortSignal
}

/**
 * Start one headless browser for the whole process (editions share it). Retries once when the
 * first start fails; `--no-sandbox` only when running as root, where Chromium refuses otherwise.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? resolveBrowser(options.env)
  const args = [...browserArgs]
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox')
  const timeout = options.timeout ?? 30_000
  let lastError: unknown
  for (let attempt = 0; attempt < 2; attempt++) {
    options.signal?.throwIfAborted()
    // puppeteer's own `timeout` covers only the wait for the DevTools address, and waits 5 s more
    // before it kills a hung process; this one covers the whole start and kills at once (aborting
    // the launch kills the process).
    const stop = new AbortController()
    const abort = () => stop.abort(options.signal?.reason)
    options.signal?.addEventListener('abort', abort, { once: true })
    const timer = setTimeout(() => stop.abort(new BrowserError(`no answer within ${timeout} ms`)), timeout)
    try {
      // The CLI handles Ctrl-C itself (close the browser, remove temporary files, exit 130).
      const launching = puppeteer.launch({
        executablePath,
        headless: true,
        // DevTools over a pipe, not a WebSocket: when the press dies (even by SIGKILL, which no
        // handler sees) the pipe closes and Chromium exits with its helpers and crash handlers;
        // with a WebSocket all of them stayed running, orphaned (measured: 9 processes).
        pipe: true,
        args,
        timeout: timeout + 10_000,
        protocolTimeout: Math.max(timeout, 180_000),
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        signal: stop.signal
      })
      const stopped = new Promise<never>((_, reject) => stop.signal.addEventListener('abort', () => reject(stop.signal.reason), { once: true }))
      launching.catch(() => undefined)
      const browser = await Promise.race([launching, stopped])
      // puppeteer stops listening to the pipe's errors when its transport closes; a write still
      // buffered then fails with EPIPE on a browser that crashed or was killed, and an 'error'
      // event with no listener would end the press with a stack trace: listen for good.
      for (const stream of browser.process()?.stdio.slice(3, 5) ?? []) stream?.on('error', () => undefined)
      return browser
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason
      lastError = error
    } finally {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', abort)
    }
  }
  const reason = firstLine((lastError as Error)?.message ?? String(lastError))
  throw new BrowserError(`The browser at ${executablePath} did not start (tried twice): ${reason}. Check that it runs (\`${executablePath} --version\`), or set GUIDELINES_BROWSER to another Chrome or Chromium.`, { cause: lastError })
}

/**
 * Close a browser within `timeout` ms; a browser that does not answer (hung, crashed) is
 * killed, so that no process is left behind. With `kill`, a browser this process started is
 * killed straight away (the build is finished).
 */
export async function closeBrowser(browser: Browser, timeout = 5_000, options: { kill?: boolean } = {}): Promise<void> {
  if (options.kill && browser.process()) {
    // Nothing left to save (every output is written): end its processes at once rather than ask
    // it to shut down (~0.1 s); puppeteer still removes its temporary profile.
    killTree(browser.process())
    await browser.close().catch(() => undefined)
    return
  }
  if (!browser.connected) {
    // Crashed or already closed: nothing to ask, only its processes to end.
    killTree(browser.process())
    return
  }
  let timer: NodeJS.Timeout | undefined
  const closed = browser.close().then(
    () => true,
    () => false
  )
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeout)
  })
  const ok = await Promise.race([closed, late])
  clearTimeout(timer)
  if (!ok) killTree(browser.process())
}

/** Kill a browser process and its children: its process group where there is one (not Windows). */
function killTree(child: ReturnType<Browser['process']>): void {
  if (!child?.pid) return
  try {
    if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL')
    else child.kill('SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text
}
