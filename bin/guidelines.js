#!/usr/bin/env node
// The only place that sets the exit code: the CLI returns it.
import { main } from '../dist/cli/index.js'

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
