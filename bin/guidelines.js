#!/usr/bin/env node
// The only place that sets the exit code: the CLI returns it.
import { statSync } from 'node:fs'

// The bundled CLI (scripts/compile.mjs) loads in half the time; it is used only when it is at
// least as new as dist/ (a plain `tsc` after it leaves it stale, and then dist/ runs).
const modified = (file) => {
  try {
    return statSync(new URL(file, import.meta.url)).mtimeMs
  } catch {
    return -1
  }
}
const bundled = modified('../dist/bundle/cli.js') >= modified('../dist/cli/index.js')
const { main } = await import(bundled ? '../dist/bundle/cli.js' : '../dist/cli/index.js')

// Ctrl-C (or a CI job's SIGTERM) aborts the build: the browser is closed and temporary files
// are removed before the CLI returns 130. A second Ctrl-C exits at once.
const controller = new AbortController()
const stop = (signal) => {
  if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143)
  controller.abort(new Error(`Interrupted by ${signal}`))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal })
process.off('SIGINT', stop)
process.off('SIGTERM', stop)
// Everything is written and reported: should a handle of the browser connection still be open
// (a call to a killed browser awaiting its protocol timeout), it must not keep the process.
setTimeout(() => process.exit(), 2_000).unref()
