#!/usr/bin/env node
// Compile the press: TypeScript to dist/ (tsc), then the CLI bundled into one file,
// dist/bundle/cli.js (esbuild), which bin/guidelines.js runs when it is up to date.
//
//   node scripts/compile.mjs [--no-bundle]
//
// Why a bundle: Node resolves, reads and links the CLI's ~600 module files on every run (0.33 s
// of a 2 s build); one file loads in about half that. puppeteer stays outside (bundled, it is
// slower to load), and pdfjs-dist is imported only by `guidelines comments`.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bundle = !process.argv.includes('--no-bundle')
let failed = false
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { cwd: root, stdio: 'inherit' })
} catch {
  failed = true // tsc still emits JavaScript on type errors: bundle it, and fail at the end
}
if (bundle) {
  const esbuild = await import('esbuild')
  await esbuild.build({
    entryPoints: [path.join(root, 'dist', 'cli', 'index.js')],
    outfile: path.join(root, 'dist', 'bundle', 'cli.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['puppeteer', 'pdfjs-dist'],
    mainFields: ['module', 'main'],
    // CommonJS dependencies call require(): give the ES module bundle one.
    banner: { js: "import { createRequire as __pressRequire } from 'node:module'; const require = __pressRequire(import.meta.url);" },
    logLevel: 'warning'
  })
}
if (failed) process.exit(1)
