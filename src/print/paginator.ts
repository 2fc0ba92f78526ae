import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { PaginateOptions, PaginateResult } from '../paginate/types.js'
import { toolRoot } from '../tool-root.js'
import type { PageScript } from './pdf.js'

/** Where scripts/compile.mjs writes the in-page paginator (relative to the press's folder). */
export const paginatorBundle = path.join('dist', 'paginate.js')

/** The paginator's sources (TypeScript, run in the page): only in a checkout of the press. */
const sources = path.join('src', 'paginate')

/**
 * Bundle the in-page paginator (src/paginate) into one browser script, in memory: no imports,
 * it defines `globalThis.guidelinesPaginate` when evaluated. Needs esbuild (a dev dependency):
 * scripts/compile.mjs calls it and writes the result to `paginatorBundle`. Errors reject;
 * nothing is printed unless `logLevel` is `warning` (the compile script's choice).
 */
export async function bundlePaginator(root: string = toolRoot, options: { logLevel?: 'silent' | 'warning' } = {}): Promise<string> {
  const esbuild = await import('esbuild').catch((error: unknown) => {
    throw new Error(`The paginator's sources (${sources}) are newer than ${paginatorBundle}, and esbuild is not installed to bundle them: run \`npm ci\`, then \`node scripts/compile.mjs\``, { cause: error })
  })
  const result = await esbuild.build({
    entryPoints: [path.join(root, sources, 'index.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    // Strict mode ("use strict"), whatever tsconfig.json lies around the sources.
    tsconfigRaw: { compilerOptions: { alwaysStrict: true } },
    // Less to send and parse; names are kept for the page's error messages.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: options.logLevel ?? 'silent'
  })
  return result.outputFiles[0]!.text
}

/**
 * The paginator's source, to evaluate in the page before printing: `paginatorBundle`. In a
 * checkout whose src/paginate changed after that file was written (a plain `tsc`, or no compile
 * at all), the sources are bundled afresh instead, so that no build prints with an old paginator.
 */
export async function readPaginator(root: string = toolRoot): Promise<string> {
  const bundleFile = path.join(root, paginatorBundle)
  const [bundled, newest] = await Promise.all([modified(bundleFile), newestSource(path.join(root, sources))])
  if (bundled !== undefined && (newest === undefined || bundled >= newest)) return readFile(bundleFile, 'utf8')
  if (newest === undefined) throw new Error(`The paginator ${paginatorBundle} is missing: run \`node scripts/compile.mjs\``)
  return bundlePaginator(root)
}

/** The paginator as a script for printPdf: `source` from readPaginator(), run with `options` (the print adds `hyphenation`). */
export function paginatorScript(source: string, options: PaginateOptions): PageScript<PaginateResult> {
  return { source, call: 'guidelinesPaginate', argument: options }
}

async function modified(file: string): Promise<number | undefined> {
  return stat(file).then(
    (stats) => stats.mtimeMs,
    () => undefined
  )
}

/** The latest modification time of the files in `folder`, or undefined without the folder (an installed press). */
async function newestSource(folder: string): Promise<number | undefined> {
  const names = await readdir(folder).catch(() => undefined)
  if (!names) return undefined
  const times = await Promise.all(names.map((name) => modified(path.join(folder, name))))
  return Math.max(...times.map((time) => time ?? -Infinity))
}
