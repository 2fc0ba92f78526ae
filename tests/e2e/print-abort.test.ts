import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'puppeteer'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'
import { printPdf } from '../../src/print/pdf.js'

// A print stopped by its signal (Ctrl-C, SIGTERM) must leave no timer behind: the steps still
// under way in the browser when it stops may finish afterwards, and each finished step used to
// arm the print's timeout again (minutes), which kept the stopped CLI alive until its 2-second
// exit fallback (seen in CI: a SIGINT build stopped 2.1 s after the signal, not ~50 ms).

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length

describe('a print stopped by its signal', () => {
  let browser: Browser
  let folder: string
  beforeAll(async () => {
    browser = await launchBrowser({ timeout: 30_000 })
    folder = mkdtempSync(path.join(os.tmpdir(), 'press-abort-'))
  })
  afterAll(async () => {
    await closeBrowser(browser)
    rmSync(folder, { recursive: true, force: true })
  })

  it('rejects with the signal reason and leaves no timer armed by the steps that finish after it', async () => {
    const htmlFile = path.join(folder, 'doc.html')
    writeFileSync(htmlFile, '<!doctype html><html lang="en"><head><title>Stop</title></head><body><p>Text.</p></body></html>')
    for (let round = 0; round < 3; round++) {
      const before = timers()
      const controller = new AbortController()
      const printing = printPdf(browser, { htmlFile, allowed: [folder], timeout: 60_000, signal: controller.signal })
      // Stopped while the first step (request interception) is on its way to the browser: its
      // answer comes after the stop, before the page is closed.
      controller.abort(new Error('Interrupted by SIGINT'))
      await expect(printing).rejects.toThrow('Interrupted by SIGINT')
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(timers(), `round ${round}`).toBeLessThanOrEqual(before)
    }
  }, 60_000)
})
