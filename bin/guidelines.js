#!/usr/bin/env node
// The only place that sets the exit code: the CLI returns it.
import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The bundled CLI (scripts/compile.mjs) loads in half the time, and with V8's code cache
// (src/cli/bundle.ts) a little faster still; it is used only when it is at least as new as dist/
// (a plain `tsc` after it leaves it stale, and then dist/ runs).
const modified = (file) => {
  try {
    return statSync(new URL(file, import.meta.url)).mtimeMs
  } catch {
    return -1
  }
}
const bundled = modified('../dist/bundle/cli.cjs') >= modified('../dist/cli/index.js')
let main
let codeCache = 'unbundled'
if (bundled) {
  const { loadBundle } = await import('../dist/cli/bundle.js')
  const bundle = loadBundle(fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url)))
  main = bundle.exports.main
  codeCache = bundle.cache
} else {
  main = (await import('../dist/cli/index.js')).main
}

// Ctrl-C (or a CI job's SIGTERM) aborts the build: the browser is closed and temporary files
// are removed before the CLI returns 130. A second Ctrl-C exits at once.
const controller = new AbortController()
const stop = (signal) => {
  if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143)
  controller.abort(new Error(`Interrupted by ${signal}`))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal, codeCache })
process.off('SIGINT', stop)
process.off('SIGTERM', stop)
// Everything is written and reported: should a handle of the browser connection still be open
// (a call to a killed browser awaiting its protocol timeout), it must not keep the process.
setTimeout(() => process.exit(), 2_000).unref()
