#!/usr/bin/env node
// The only place that sets the exit code: the CLI returns it.
import { main } from '../dist/cli/index.js'

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() })
