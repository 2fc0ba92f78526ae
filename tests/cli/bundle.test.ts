import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { transformSync } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { codeCacheFile, loadBundle } from '../../src/cli/bundle.js'

// bin/guidelines.js loads the bundled CLI (CommonJS) with V8's code cache beside it
// (src/cli/bundle.ts). A cache is offered only to the bundle it was made for; one V8 will not
// take is ignored; the bundle behaves as a module either way. Loads that must meet the cache
// run in a process of their own: within one process V8 finds a script it compiled before in
// memory, and never looks at the cached data.

const here = path.dirname(fileURLToPath(import.meta.url))
let loader: string

beforeAll(() => {
  // The loader as JavaScript, for child processes (it imports only Node's own modules).
  const folder = mkdtempSync(path.join(os.tmpdir(), 'press-bundle-loader-'))
  loader = path.join(folder, 'bundle.mjs')
  writeFileSync(loader, transformSync(readFileSync(path.join(here, '..', '..', 'src', 'cli', 'bundle.ts'), 'utf8'), { loader: 'ts', format: 'esm' }).code)
})

const body = (factor: number) => `
const { twice } = require('./helper.cjs')
const FACTOR = ${factor}
function work(n) { let sum = 0; for (let i = 0; i < n; i++) sum += twice(i) * FACTOR; return sum }
exports.main = (n) => work(n)
exports.where = () => [__filename, typeof module.exports]
exports.later = () => import('./later.mjs').then((m) => m.later)
`

function writeBundle(source: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'press-bundle-'))
  writeFileSync(path.join(folder, 'helper.cjs'), 'module.exports = { twice: (n) => 2 * n }\n')
  writeFileSync(path.join(folder, 'later.mjs'), 'export const later = "imported"\n')
  const file = path.join(folder, 'cli.cjs')
  writeFileSync(file, source)
  return file
}

/** Load `file` in a new process (and save its code cache after running it, with `save`): the cache's state and main(4). */
function inProcess(file: string, save = false): { cache: string; result: number } {
  const script = `const { loadBundle, codeCacheFile } = await import(${JSON.stringify(loader)}); const b = loadBundle(${JSON.stringify(file)}); const result = b.exports.main(4); ${save ? `(await import('node:fs')).writeFileSync(codeCacheFile(${JSON.stringify(file)}), b.codeCache());` : ''} console.log(JSON.stringify({ cache: b.cache, result }))`
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { cache: string; result: number }
}

describe('loadBundle', () => {
  it('runs a CommonJS bundle as a module: require, __filename, module.exports and import()', async () => {
    const file = writeBundle(body(1))
    const loaded = loadBundle(file)
    expect(loaded.cache).toBe('absent')
    expect((loaded.exports['main'] as (n: number) => number)(4)).toBe(12)
    expect((loaded.exports['where'] as () => unknown[])()).toEqual([file, 'object'])
    await expect((loaded.exports['later'] as () => Promise<string>)()).resolves.toBe('imported')
  })

  it('saves the code cache of what ran for this bundle, and the next process uses it', () => {
    const file = writeBundle(body(1))
    expect(inProcess(file, true)).toEqual({ cache: 'absent', result: 12 })
    const saved = readFileSync(codeCacheFile(file))
    const end = saved.indexOf(0x0a)
    expect(JSON.parse(saved.subarray(0, end).toString('utf8'))).toEqual({ size: statSync(file).size, mtimeMs: statSync(file).mtimeMs, v8: process.versions.v8 })
    expect(saved.length - end).toBeGreaterThan(100)
    expect(inProcess(file)).toEqual({ cache: 'used', result: 12 })
  })

  it('does not offer the cache to the bundle once it has changed, even to the same length', () => {
    const file = writeBundle(body(1))
    inProcess(file, true)
    // Other code of the same length: V8 checks the source's length only, and would run the old code.
    writeFileSync(file, body(3))
    const later = new Date(Date.now() + 5_000)
    utimesSync(file, later, later)
    expect(inProcess(file)).toEqual({ cache: 'stale', result: 36 })
  })

  it('runs the bundle when V8 rejects the cached data, and when the cache file is damaged', () => {
    const file = writeBundle(body(1))
    inProcess(file, true)
    const cacheFile = codeCacheFile(file)
    const saved = readFileSync(cacheFile)
    const end = saved.indexOf(0x0a) + 1
    // The right header, data V8 cannot use.
    writeFileSync(cacheFile, Buffer.concat([saved.subarray(0, end), Buffer.alloc(saved.length - end, 7)]))
    expect(inProcess(file)).toEqual({ cache: 'rejected', result: 12 })
    writeFileSync(cacheFile, 'not a cache')
    expect(inProcess(file)).toEqual({ cache: 'stale', result: 12 })
  })
})
