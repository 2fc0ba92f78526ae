#!/usr/bin/env node
// The benchmark's baseline: Chromium's own tagged print of a ready HTML file, nothing else.
//
//   node scripts/baseline-print.mjs FILE.html OUT.pdf [--json RESULT.json]
//
// launch (the press's flags, src/print/browser.ts) + goto file URL + fonts ready + page.pdf
// (tagged, outline, preferCSSPageSize, printBackground) + close, as its own process, so the
// bench can time the whole process and sample its memory like a `guidelines build`.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath, pathToFileURL } from 'node:url'

const started = performance.now()
const { values, positionals } = parseArgs({ options: { json: { type: 'string' } }, allowPositionals: true, strict: true })
const [htmlFile, pdfFile] = positionals
if (!htmlFile || !pdfFile) {
  process.stderr.write('Usage: node scripts/baseline-print.mjs FILE.html OUT.pdf [--json RESULT.json]\n')
  process.exit(2)
}
const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// The press's own launcher: same executable resolution and flags (dist/ is built by tsc).
const { launchBrowser } = await import(pathToFileURL(path.join(toolRoot, 'dist', 'print', 'browser.js')).href)
const imported = performance.now()

const steps = {}
const time = async (step, work) => {
  const start = performance.now()
  try {
    return await work()
  } finally {
    steps[step] = performance.now() - start
  }
}
// As long as the build may take (GUIDELINES_PRINT_TIMEOUT, set by the bench for 100x), else 2 and 3 minutes.
const timeout = Number(process.env.GUIDELINES_PRINT_TIMEOUT) || undefined
// The same bounds as the build's: GUIDELINES_PRINT_TIMEOUT also lifts puppeteer's protocol timeout
// (3 minutes by default, which one page.pdf() of 4,700 pages outlasts).
const browser = await time('launch', () => launchBrowser(timeout ? { timeout } : {}))
try {
  let page
  await time('load', async () => {
    page = await browser.newPage()
    await page.goto(pathToFileURL(path.resolve(htmlFile)).href, { waitUntil: 'load', timeout: timeout ?? 120_000 })
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
  })
  const pdf = await time('pdf', () => page.pdf({ tagged: true, outline: true, preferCSSPageSize: true, printBackground: true, timeout: timeout ?? 180_000 }))
  await writeFile(pdfFile, pdf)
} finally {
  await time('close', () => browser.close())
}
const result = { steps, import: imported - started, elapsed: performance.now() - started }
if (values.json) await writeFile(values.json, `${JSON.stringify(result, null, 2)}\n`)
else process.stdout.write(`${JSON.stringify(result)}\n`)
