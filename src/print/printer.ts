import type { Browser } from 'puppeteer'
import { BrowserError, closeBrowser, launchBrowser, type LaunchOptions } from './browser.js'
import { printPdf, type PrintOptions, type Printed } from './pdf.js'

/** Prints editions in one browser, giving a crashed or hung browser a second chance. */
export interface Printer {
  print<Result = unknown>(options: PrintOptions<Result>): Promise<Printed<Result>>
  /** Close what this printer started (never a browser the caller passed in). */
  close(): Promise<void>
}

export interface PrinterOptions extends Pick<LaunchOptions, 'env' | 'timeout' | 'signal'> {
  /** The browser to print with. */
  browser: Browser
  /** Whether the caller owns `browser` (watch mode, benchmarks): then it is retried as it is, never restarted or closed. */
  borrowed: boolean
}

/**
 * A printer over `browser`: each print that fails with a BrowserError (crash, hang) is tried
 * once more; if the browser is gone, one fresh browser is started for the whole build (a frozen
 * one is killed first). The second failure says "(tried twice)". Aborts are never retried.
 */
export function createPrinter(options: PrinterOptions): Printer {
  const { browser, borrowed, signal } = options
  let current = browser
  let relaunch: Promise<Browser> | undefined
  return {
    async print<Result>(printOptions: PrintOptions<Result>): Promise<Printed<Result>> {
      const used = current
      try {
        return await printPdf(used, printOptions)
      } catch (error) {
        if (signal?.aborted || !(error instanceof BrowserError)) throw error
        if (!used.connected && borrowed) throw error
        if (!borrowed) {
          relaunch ??= closeBrowser(used, 2_000).then(() => launchBrowser({ env: options.env, timeout: options.timeout, signal }))
          try {
            current = await relaunch
          } catch (restart) {
            if (signal?.aborted) throw restart
            throw new BrowserError(`${error.message}; starting it again failed too: ${(restart as Error).message}`, { cause: restart })
          }
        }
        try {
          // A page opened ahead belonged to the first try.
          return await printPdf(current, { ...printOptions, page: undefined })
        } catch (second) {
          if (signal?.aborted || !(second instanceof BrowserError)) throw second
          throw new BrowserError(`${second.message} (tried twice)`, { cause: second })
        }
      }
    },
    async close() {
      if (borrowed) return
      // The build is over (written, failed or stopped): nothing in the browser is worth a graceful shutdown.
      if (current !== browser) await closeBrowser(current, undefined, { kill: true })
      await closeBrowser(browser, undefined, { kill: true })
    }
  }
}
