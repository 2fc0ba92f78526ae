#!/usr/bin/env node
// `npm run setup`: everything a fresh machine with only Node needs, then the default document.
// Runs before node_modules exists, so it uses node: built-ins only.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', DEBIAN_FRONTEND: 'noninteractive' }
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const pdfTools = { pdftotext: 'poppler-utils', pdfinfo: 'poppler-utils', pdffonts: 'poppler-utils', pdftoppm: 'poppler-utils', qpdf: 'qpdf' }

const step = (text) => console.log(`setup: ${text}`)
const note = (text) => console.log(`setup: note: ${text}`)

/** Run a command with the terminal's output (no stdin: CI has none). Returns whether it succeeded. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], ...options })
  if (result.error) {
    if (!options.quiet) console.error(`setup: cannot run ${command}: ${result.error.message}`)
    return false
  }
  return result.status === 0
}

/** Stop with what to do. */
function fail(text) {
  console.error(`setup: error: ${text}`)
  process.exit(1)
}

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)))
}

// apt is usable when we are root on a system that has apt-get; `apt-get update` is run once, lazily.
const aptUsable = isRoot && process.platform === 'linux' && onPath('apt-get')
let aptUpdated = false
function aptInstall(packages) {
  if (!aptUpdated) {
    step('apt-get update')
    if (!run('apt-get', ['update', '-qq'])) return false
    aptUpdated = true
  }
  step(`apt-get install ${packages.join(' ')}`)
  return run('apt-get', ['install', '-y', '-qq', ...packages])
}

// 1. Node packages (the `prepare` script builds the TypeScript into dist/).
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: install Node 20.19 or later, then run \`npm run setup\` again.`)
const hasLock = existsSync(path.join(root, 'package-lock.json'))
step(`${hasLock ? 'npm ci' : 'npm install'} (browser download skipped)`)
if (!run(npm, hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'])) {
  fail(`npm ${hasLock ? 'ci' : 'install'} failed (see above). Check that the npm registry is reachable (npm config get registry), then run \`npm run setup\` again.`)
}
if (!existsSync(path.join(root, 'dist', 'print', 'browser.js')) || !existsSync(path.join(root, 'dist', 'paginate.js'))) {
  step('building TypeScript (node scripts/compile.mjs: tsc, then the paginator and the CLI bundled)')
  if (!run(process.execPath, [path.join(root, 'scripts', 'compile.mjs')])) fail('The TypeScript build failed (see above): fix the error, then run `npm run setup` again.')
}

// 2. A browser to print with, found the same way the press finds it.
const { resolveBrowser } = await import(pathToFileURL(path.join(root, 'dist', 'print', 'browser.js')).href)
/** The browser's path, or the reason none was found. */
function findBrowser() {
  try {
    return { path: resolveBrowser(process.env) }
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) }
  }
}
let browser = findBrowser()
if (!browser.path && ['GUIDELINES_BROWSER', 'PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'].some((name) => process.env[name])) {
  // The user chose a browser explicitly: installing another one would not be used.
  fail(browser.reason)
}
if (!browser.path && aptUsable) {
  if (aptInstall(['chromium'])) {
    browser = findBrowser()
    if (!browser.path) note('apt-get installed chromium, but it is not at a usual path; trying puppeteer\'s own Chrome instead.')
  } else {
    note('apt-get could not install chromium; trying puppeteer\'s own Chrome instead.')
  }
}
if (!browser.path) {
  step('npx puppeteer browsers install chrome')
  const { PUPPETEER_SKIP_DOWNLOAD, ...downloadEnv } = env
  void PUPPETEER_SKIP_DOWNLOAD
  // Its output on failure is a page of usage text: keep only the error lines.
  const download = spawnSync(npx, ['puppeteer', 'browsers', 'install', 'chrome'], { cwd: root, env: downloadEnv, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' })
  if (download.status === 0) browser = findBrowser()
  else note(`the download failed: ${(download.stderr ?? String(download.error ?? '')).split('\n').filter((line) => /^(Error|\s+- )/.test(line)).slice(0, 3).map((line) => line.trim()).join(' ') || 'no details'}`)
}
if (!browser.path) {
  fail(`${browser.reason}\nNothing could be installed here (see the notes above); install a browser or set GUIDELINES_BROWSER, then run \`npm run setup\` again.`)
}
step(`browser: ${browser.path}`)
// The bundled CLI's code cache is made after a build with a browser (scripts/compile.mjs): when
// `npm ci` compiled before one was installed, it is made now.
if (!existsSync(path.join(root, 'dist', 'bundle', 'cli.cache')) && existsSync(path.join(root, 'dist', 'bundle', 'cli.cjs'))) {
  step('making the CLI\'s code cache (node scripts/compile.mjs --train)')
  if (!run(process.execPath, [path.join(root, 'scripts', 'compile.mjs'), '--train'])) note('the code cache could not be made (see above): the CLI runs without it, a little slower.')
}

// 3. The PDF tools the tests read PDFs back with.
const missingTools = Object.keys(pdfTools).filter((tool) => !onPath(tool))
if (missingTools.length > 0) {
  const packages = [...new Set(missingTools.map((tool) => pdfTools[tool]))]
  if (aptUsable && aptInstall(packages)) {
    const still = missingTools.filter((tool) => !onPath(tool))
    if (still.length > 0) note(`${still.join(', ')} still missing after apt-get: the end-to-end tests need them.`)
  } else {
    note(
      `${missingTools.join(', ')} not found, and ${aptUsable ? 'apt-get failed' : 'apt-get is not usable here (needs root and apt)'}: ` +
        `install ${packages.join(' and ')} (e.g. \`sudo apt-get install ${packages.join(' ')}\`, or \`brew install poppler qpdf\`) before \`npm test\`; ` +
        'the end-to-end tests read PDFs back with them.'
    )
  }
} else {
  step('PDF tools: pdftotext, pdfinfo, pdffonts, pdftoppm, qpdf found')
}

// 3b. The XLIFF tests validate the press's XLIFF against the OASIS XLIFF 2.0 core schema with
// xmllint; Debian's php-symfony-translation ships that schema (the press does not copy it).
const xliffSchema = '/usr/share/php/Symfony/Component/Translation/Resources/schemas/xliff-core-2.0.xsd'
const xliffPackages = [...(onPath('xmllint') ? [] : ['libxml2-utils']), ...(existsSync(xliffSchema) ? [] : ['php-symfony-translation'])]
if (xliffPackages.length > 0) {
  if (!(aptUsable && aptInstall(xliffPackages))) note(`xmllint or the XLIFF 2.0 schema missing: install ${xliffPackages.join(' and ')} (e.g. \`sudo apt-get install ${xliffPackages.join(' ')}\`) before \`npm test\`; the XLIFF tests validate against it.`)
} else {
  step('XLIFF schema and xmllint found')
}

// 3c. LibreOffice: the Word tests check that it opens every DOCX the press writes (and that a
// copy it saves back still maps); without it those tests are skipped.
if (!onPath('soffice') && !onPath('libreoffice')) {
  if (!(aptUsable && aptInstall(['libreoffice-writer']))) note('LibreOffice (soffice) not found: install libreoffice-writer (e.g. `sudo apt-get install libreoffice-writer`) for the tests that open the DOCX editions in it; they are skipped without it.')
} else {
  step('LibreOffice found')
}

// 4. The default document.
step('building the default document (node bin/guidelines.js build)')
if (!run(process.execPath, [path.join('bin', 'guidelines.js'), 'build'], { env: process.env })) {
  fail('The build of the default document failed (see the diagnostics above): fix the sources it names, then run `npm run build`.')
}
const outputDir = path.join(root, 'output')
const outputs = existsSync(outputDir) ? readdirSync(outputDir).filter((name) => /\.(pdf|html|docx)$/.test(name)).sort() : []
if (outputs.length === 0) fail('The build reported success but output/ holds no PDF or HTML: run `node bin/guidelines.js build --verbose` to see why.')
step('done. Output:')
for (const name of outputs) {
  const size = statSync(path.join(outputDir, name)).size
  console.log(`  output/${name}  (${(size / 1024).toFixed(0)} KiB)`)
}
step('next: `npm test` runs the tests.')
