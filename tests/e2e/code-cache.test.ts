import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { writeProofProject } from '../helpers/proof-project.js'

// scripts/compile.mjs (the e2e global setup runs it) makes V8's code cache of the bundled CLI
// after a build of this repository's document; bin/guidelines.js loads the bundle with it
// (src/cli/bundle.ts). A build of another project says so in its timings.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

describe('the CLI code cache', () => {
  it('is made for the bundle compiled, and a build of another project runs from it', () => {
    const bundle = path.join(repo, 'dist', 'bundle', 'cli.cjs')
    const cache = readFileSync(path.join(repo, 'dist', 'bundle', 'cli.cache'))
    const header = JSON.parse(cache.subarray(0, cache.indexOf(0x0a)).toString('utf8'))
    expect(header).toEqual({ size: statSync(bundle).size, mtimeMs: statSync(bundle).mtimeMs, v8: process.versions.v8 })

    const root = mkdtempSync(path.join(os.tmpdir(), 'press-code-cache-'))
    writeProofProject(root, 'en')
    const timings = path.join(root, 'timings.json')
    const run = spawnSync(process.execPath, [path.join(repo, 'bin', 'guidelines.js'), 'build', '--root', root, '--edition', 'publication', '--quiet', '--timings-json', timings], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(JSON.parse(readFileSync(timings, 'utf8')).codeCache).toBe('used')
  })
})
