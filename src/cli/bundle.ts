import { closeSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs'
import Module, { createRequire } from 'node:module'
import path from 'node:path'
import vm from 'node:vm'

// The bundled CLI (dist/bundle/cli.cjs, scripts/compile.mjs) with V8's code cache beside it
// (cli.cache): the bytecode of every function a build of this repository's document ran, taken
// after that build (`codeCache`), so that the next process does not parse and compile them
// again. Measured on the publication edition (62 pages, 2 cores): 0.15-0.2 s less per build,
// about 6% of it. Node 22 caches ES modules itself (module.enableCompileCache); on Node 20 only
// a vm.Script takes cached data, and only for a script: hence a CommonJS bundle loaded here.
//
// V8 checks its own version and flags against the cached data, and the source's length, not its
// content: the cache names the bundle it was made for (size and modification time), and is not
// offered to another.

/** What became of the code cache when the bundle was loaded. */
export type CodeCacheState = 'used' | 'rejected' | 'stale' | 'absent'

export interface LoadedBundle {
  /** The bundle's exports (`main`...). */
  exports: Record<string, unknown>
  cache: CodeCacheState
  /** The code cache of everything compiled so far, for the next process: what `codeCacheFile` holds (scripts/compile.mjs writes it). */
  codeCache: () => Buffer
}

interface CacheHeader {
  /** The bundle the cache was made for. */
  size: number
  mtimeMs: number
  v8: string
}

/** The code cache's file for `bundleFile` (cli.cjs: cli.cache). */
export function codeCacheFile(bundleFile: string): string {
  return bundleFile.replace(/\.c?js$/, '') + '.cache'
}

/**
 * Load a CommonJS bundle as Node loads a module (its own `require`, `module`, `__filename`),
 * from V8's code cache when the cache was made for this very file; `import()` inside it works as
 * in any module. An unusable cache is not an error: the bundle is compiled as usual.
 */
export function loadBundle(bundleFile: string, cacheFile = codeCacheFile(bundleFile)): LoadedBundle {
  // The size and time of the very bytes read (a compile may be writing the bundle meanwhile):
  // read through one descriptor, and checked against its size.
  const descriptor = openSync(bundleFile, 'r')
  let bytes: Buffer
  let stat: Stats
  try {
    stat = fstatSync(descriptor)
    bytes = readFileSync(descriptor)
  } finally {
    closeSync(descriptor)
  }
  const source = bytes.toString('utf8')
  const { data, state } = bytes.length === stat.size ? readCache(cacheFile, stat) : { data: undefined, state: 'stale' as const }
  const dynamicImport = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER
  const script = new vm.Script(Module.wrap(source), { filename: bundleFile, cachedData: data, ...(dynamicImport ? { importModuleDynamically: dynamicImport } : {}) })
  const cache: CodeCacheState = data ? (script.cachedDataRejected ? 'rejected' : 'used') : state
  const module = { exports: {} as Record<string, unknown>, filename: bundleFile, id: bundleFile, loaded: false }
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void
  run(module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile))
  module.loaded = true
  return {
    exports: module.exports,
    cache,
    codeCache() {
      const header: CacheHeader = { size: stat.size, mtimeMs: stat.mtimeMs, v8: process.versions.v8 }
      return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), script.createCachedData()])
    }
  }
}

/** The cached data in `cacheFile` when it was made for the bundle of `stat` by this V8. */
function readCache(cacheFile: string, stat: { size: number; mtimeMs: number }): { data?: Buffer; state: CodeCacheState } {
  let bytes: Buffer
  try {
    bytes = readFileSync(cacheFile)
  } catch {
    return { state: 'absent' }
  }
  const end = bytes.indexOf(0x0a)
  let header: Partial<CacheHeader> | undefined
  try {
    header = end > 0 ? (JSON.parse(bytes.subarray(0, end).toString('utf8')) as Partial<CacheHeader>) : undefined
  } catch {
    header = undefined
  }
  if (!header || header.size !== stat.size || header.mtimeMs !== stat.mtimeMs || header.v8 !== process.versions.v8) return { state: 'stale' }
  return { data: bytes.subarray(end + 1), state: 'used' }
}
