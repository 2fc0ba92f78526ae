#!/usr/bin/env node
// `npm run bench`: time and memory of whole `guidelines build` processes against Chromium's own
// tagged print of the same HTML, on the repository's document (1x) and a generated 10x project.
//
//   node scripts/bench.mjs [--runs 5] [--baseline-limit 3] [--edition working-document] [--copies 10[,100]] [--only 1x|10x|100x|tables]
//                          [--json output/bench.json] [--no-tsc] [--no-watch | --watch-only] [--no-languages] [--no-warmup] [--help]
//
// `--copies 10,100` benchmarks 1x, 10x and 100x (about 4,000 pages; on demand, not in CI).
// Language editions (unless --no-languages): at 1x, one edition against the three language
// editions of `--language-editions` (default publication,publication-fr,publication-es) built
// by one process, interleaved, medians and the ratio.
//
// Each run is a fresh process (Markdown to PDF); stage times come from `build --timings-json`
// (the same figures `--verbose` prints), wall time and peak memory from outside: /proc is
// polled every ~20 ms for the process and all its descendants (Chromium's processes), RSS
// summed, the maximum kept. Runs of the build and of the baseline are interleaved, so machine
// noise hits both alike. The print stage is taken apart by the build itself (`print.load`,
// `print.pdf`, `paginate.flow`...: the same figures `--verbose` prints). Reports medians. Then (unless --no-watch)
// `guidelines watch --no-pdf` runs on a copy of each project: 10 saves of one contribution, time
// from the write to the `reload` event, and to the paged view (/output/EDITION.pages.html, open
// in a headless Chromium) painted again. Then the table corpus's parse against micromark with GFM
// (scripts/bench-tables.mjs, in a process of its own: medians of 21 interleaved runs, the ratio).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { benchArgs, usage } from './bench-args.mjs'
import { describeTables } from './bench-tables.mjs'

const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
let args
try {
  args = benchArgs(process.argv.slice(2), { json: path.join(toolRoot, 'output', 'bench.json') })
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n`)
  process.exit(2)
}
if (args.help) {
  process.stdout.write(usage)
  process.exit(0)
}
const { values, runs, copies: sizes, only, baselineLimit } = args
const edition = values.edition
const work = path.join(toolRoot, 'output', 'bench')
// `launch` overlaps load/parse/render (the browser boots meanwhile); `paginate` is part of `print`.
// `docx` (a `format: [pdf, docx]` edition) runs in a worker thread while the PDF prints; `pdfua` is the check of the PDF.
const stages = ['load', 'parse', 'render', 'launch', 'docx', 'print', 'paginate', 'postprocess', 'pdfua']
// Parts of the print stage and of the paginator, as the build reports them.
const parts = ['print.load', 'print.fonts', 'print.script', 'print.pdf', 'print.join', 'paginate.flow', 'paginate.layoutMap', 'startup', 'close']
const pageSize = 4096

// ---------------------------------------------------------------------------------------------
// Process-tree memory: RSS of a process and all its descendants, polled.

/** Parent of each process, read once per pid (a pid's parent changes only when orphaned). */
const parents = new Map()
function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1')
    // Fields after the command name, which may hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(fields[1]), rss: Number(fields[21]) * pageSize }
  } catch {
    return undefined
  }
}

/** Sum of RSS over `root` and its descendants now, in bytes, and how many processes. */
function treeRss(root) {
  const pids = readdirSync('/proc').filter((name) => name.charCodeAt(0) <= 57)
  const children = new Map()
  for (const name of pids) {
    const pid = Number(name)
    let ppid = parents.get(pid)
    if (ppid === undefined) {
      ppid = readStat(pid)?.ppid ?? 0
      parents.set(pid, ppid)
    }
    const list = children.get(ppid)
    if (list) list.push(pid)
    else children.set(ppid, [pid])
  }
  let total = 0
  let rootRss = 0
  const found = []
  const stack = [root]
  while (stack.length > 0) {
    const pid = stack.pop()
    let rss
    try {
      rss = Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * pageSize
    } catch {
      continue
    }
    total += rss
    found.push(pid)
    if (pid === root) rootRss = rss
    for (const child of children.get(pid) ?? []) stack.push(child)
  }
  return { total, count: found.length, root: rootRss, pids: found }
}

/**
 * Run a command as a whole process; resolves to wall time, peak tree RSS and its output. With
 * `limit` (ms), a process still running then is stopped, with every process it started (the
 * browser is a process group of its own: each process of the tree is killed), and resolves with
 * `stopped: true`: its wall time and peak are then lower bounds of what it would have taken.
 */
function measure(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, { cwd: options.cwd ?? toolRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    let stopped = false
    const stop = options.limit
      ? setTimeout(() => {
          stopped = true
          for (const pid of treeRss(child.pid).pids) {
            try {
              process.kill(pid, 'SIGKILL')
            } catch {
              // gone already
            }
          }
        }, options.limit)
      : undefined
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    let peak = 0
    let peakProcesses = 0
    let peakRoot = 0
    const sample = () => {
      const { total, count, root } = treeRss(child.pid)
      if (total > peak) {
        peak = total
        peakProcesses = count
      }
      if (root > peakRoot) peakRoot = root
    }
    const timer = setInterval(sample, 20)
    sample()
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      const wall = performance.now() - started
      clearInterval(timer)
      clearTimeout(stop)
      for (const pid of parents.keys()) if (!existsSync(`/proc/${pid}`)) parents.delete(pid)
      if (stopped) return resolve({ wall, peak, peakProcesses, peakRoot, stdout, stderr, stopped: true })
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${stderr}`))
      resolve({ wall, peak, peakProcesses, peakRoot, stdout, stderr })
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Watch mode: time from writing a contribution to the `reload` event reaching a page, and to the
// paged view (/output/EDITION.pages.html) painted again in a headless browser.

async function benchWatch(label, source, edits = 10) {
  const project = path.join(work, `watch-project-${label}`)
  await rm(project, { recursive: true, force: true })
  await mkdir(project, { recursive: true })
  for (const entry of ['guidelines.yaml', 'glossary.yaml', 'sections', ...(source === toolRoot ? [] : ['styles', 'templates'])]) {
    if (existsSync(path.join(source, entry))) await cp(path.join(source, entry), path.join(project, entry), { recursive: true })
  }
  const child = spawn(process.execPath, [path.join(toolRoot, 'bin', 'guidelines.js'), 'watch', '--root', project, '--edition', edition, '--port', '0', '--no-pdf', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
  let log = ''
  child.stderr.on('data', (chunk) => (log += chunk))
  let browser
  try {
    const base = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch did not start:\n${log}`)), 60_000)
      child.stderr.on('data', () => {
        const url = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)?.[1]
        if (url) {
          clearTimeout(timer)
          resolve(url)
        }
      })
    })
    for (let i = 0; i < 600; i++) {
      if ((await (await fetch(`${base}/__guidelines/state`)).json()).build) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const controller = new AbortController()
    const reader = (await fetch(`${base}/__guidelines/events`, { signal: controller.signal })).body.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    const nextReload = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n')
        if (end !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (/^event: (reload|diagnostics)$/m.test(block)) return { at: Date.now(), data: JSON.parse(/^data: (.*)$/m.exec(block)[1]) }
          continue
        }
        const { value, done } = await reader.read()
        if (done) throw new Error('event stream closed')
        buffer += decoder.decode(value, { stream: true })
      }
    }
    const files = (await readdir(path.join(project, 'sections'), { recursive: true })).filter((f) => f.endsWith('.md')).sort()
    const relative = `sections/${files[Math.floor(files.length / 2)].split(path.sep).join('/')}`
    const file = path.join(project, relative)
    const original = await readFile(file, 'utf8')

    // The paged view in a headless browser, scrolled to the page where the edited contribution starts.
    const { launchBrowser } = await import(pathToFileURL(path.join(toolRoot, 'dist', 'print', 'browser.js')).href)
    browser = await launchBrowser()
    const [page] = await browser.pages()
    await page.setViewport({ width: 1200, height: 1000 })
    // The first view painted after `since` (as a string: the page may navigate again right after).
    const painted = async (since) => {
      const seen = await page.waitForFunction((t) => ((globalThis.guidelinesPreview?.paintedAt ?? 0) > t ? JSON.stringify(globalThis.guidelinesPreview) : false), { timeout: 120_000 }, since)
      return JSON.parse(await seen.jsonValue())
    }
    const opened = Date.now()
    await page.goto(`${base}/output/${encodeURIComponent(edition)}.pages.html`)
    const first = await painted(opened)
    await page.evaluate((source) => document.querySelector(`.page [data-source="${source}"]`)?.scrollIntoView(), relative)

    const runs = []
    const load = os.loadavg()[0]
    for (let k = 0; k < edits; k++) {
      const reload = nextReload()
      const written = Date.now()
      await writeFile(file, original.replace(/\n\n([A-Z])/, `\n\nEdit ${k} of the benchmark. $1`))
      const { at, data } = await reload
      const pages = await painted(written)
      runs.push({
        latency: at - written,
        pages: pages.paintedAt - written,
        build: data.ms,
        // The paged view's share: the reload event to the page, the new HTML and its hyphenation (and fonts) to the paginator, paginator, paint.
        navigation: pages.received - at,
        load: pages.startedAt - pages.received,
        paginate: pages.ms,
        setup: pages.phases?.setup,
        flow: pages.phases?.flow,
        folios: pages.phases?.folios,
        paint: pages.paintedAt - pages.startedAt - pages.ms,
        pageCount: pages.pages,
        // Pages the paged view kept from its last run (src/paginate/memory.ts).
        kept: pages.kept,
        timings: data.timings,
        parsed: data.parsed,
        reused: data.reused
      })
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    controller.abort()
    const of = (key) => median(runs.map((r) => r[key]))
    return {
      label,
      file: relative,
      pages: first.pages,
      // The machine's load average (1 min) before and after the saves: the figures scale with it on a shared machine.
      loadAverage: [load, os.loadavg()[0]],
      runs,
      median: of('latency'),
      buildMedian: of('build'),
      pagesMedian: of('pages'),
      parts: Object.fromEntries(['navigation', 'load', 'paginate', 'setup', 'flow', 'folios', 'paint', 'kept'].map((key) => [key, of(key)]))
    }
  } finally {
    await browser?.close().catch(() => undefined)
    child.kill('SIGINT')
  }
}

// ---------------------------------------------------------------------------------------------
// Language editions from one parse: one edition against several built by one process.

async function benchLanguages(root, editions) {
  const build = (names, timingsFile) => measure(process.execPath, [path.join(toolRoot, 'bin', 'guidelines.js'), 'build', ...names.flatMap((name) => ['--edition', name]), '--root', root, '--quiet', '--timings-json', timingsFile])
  const out = path.join(work, 'languages')
  await mkdir(out, { recursive: true })
  process.stderr.write(`languages: warm-up build of ${editions.join(', ')}\n`)
  await build(editions, path.join(out, 'warmup.json'))
  const raw = { one: [], all: [] }
  for (let run = 1; run <= runs; run++) {
    for (const [key, names] of [['one', editions.slice(0, 1)], ['all', editions]]) {
      const timingsFile = path.join(out, `${key}-${run}.json`)
      const result = await build(names, timingsFile)
      const record = JSON.parse(await readFile(timingsFile, 'utf8'))
      raw[key].push({ wall: result.wall, peak: result.peak, timings: record.timings, pages: record.outputs?.map((o) => o.pages) })
    }
    process.stderr.write(`languages run ${run}/${runs}: one ${sec(raw.one.at(-1).wall)} s, ${editions.length} ${sec(raw.all.at(-1).wall)} s\n`)
  }
  const medians = { one: median(raw.one.map((r) => r.wall)), all: median(raw.all.map((r) => r.wall)), peakOne: median(raw.one.map((r) => r.peak)), peakAll: median(raw.all.map((r) => r.peak)), parseOne: median(raw.one.map((r) => r.timings.parse)), parseAll: median(raw.all.map((r) => r.timings.parse)) }
  medians.ratio = medians.all / medians.one
  return { editions, runs, raw, medians }
}

// ---------------------------------------------------------------------------------------------

function median(list) {
  const sorted = list.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return undefined
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function pdfPages(file) {
  try {
    return Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1])
  } catch {
    return undefined
  }
}

/** Stage times from `--verbose` output, when no timings file was written. */
function parseVerbose(stderr) {
  const timings = {}
  for (const match of stderr.matchAll(/^ {2}(\w+)\s+([\d.]+) s$/gm)) timings[match[1]] = Number(match[2]) * 1000
  return timings
}

async function benchProject(label, root) {
  const out = path.join(work, label)
  await mkdir(out, { recursive: true })
  const htmlFile = path.join(root, 'output', `${edition}.html`)
  const pdfFile = path.join(root, 'output', `${edition}.pdf`)
  const buildArgs = (timingsFile) => [path.join(toolRoot, 'bin', 'guidelines.js'), 'build', '--edition', edition, '--root', root, '--verbose', '--timings-json', timingsFile]

  // One warm-up build (not counted): writes the HTML the baseline prints, fills the page cache.
  // (--no-warmup: none; the baseline prints the HTML of the run before it. For 100x, where one build takes minutes.)
  if (!values['no-warmup']) {
    process.stderr.write(`${label}: warm-up build of ${edition} in ${path.relative(toolRoot, root) || '.'}\n`)
    await measure(process.execPath, buildArgs(path.join(out, 'warmup.json')))
  }

  const raw = { ours: [], baseline: [] }
  for (let run = 1; run <= runs; run++) {
    const timingsFile = path.join(out, `timings-${run}.json`)
    await rm(timingsFile, { force: true })
    const ours = await measure(process.execPath, buildArgs(timingsFile))
    const record = existsSync(timingsFile) ? JSON.parse(await readFile(timingsFile, 'utf8')) : { timings: parseVerbose(ours.stderr) }
    raw.ours.push({ wall: ours.wall, peak: ours.peak, peakNode: ours.peakRoot, processes: ours.peakProcesses, timings: { ...record.timings, startup: record.startup }, elapsedInProcess: record.elapsed, codeCache: record.codeCache, pages: pdfPages(pdfFile) })

    const baselineJson = path.join(out, `baseline-${run}.json`)
    const baselinePdf = path.join(out, 'baseline.pdf')
    await rm(baselineJson, { force: true })
    await rm(baselinePdf, { force: true })
    // Chromium's one page.pdf() of a large document may never return (at 100x, on a loaded
    // machine, it worked for 10 minutes and then sat idle without a PDF): a baseline still printing at `baselineLimit` times our build
    // of the same run is stopped, and reported as a bound (its time and peak so far).
    const limit = Math.max(60_000, baselineLimit * ours.wall)
    const baseline = await measure(process.execPath, [path.join(toolRoot, 'scripts', 'baseline-print.mjs'), htmlFile, baselinePdf, '--json', baselineJson], { limit })
    const steps = baseline.stopped ? {} : JSON.parse(await readFile(baselineJson, 'utf8'))
    raw.baseline.push({ wall: baseline.wall, peak: baseline.peak, processes: baseline.peakProcesses, ...steps, stopped: Boolean(baseline.stopped), pages: baseline.stopped ? undefined : pdfPages(baselinePdf) })

    const last = raw.ours[raw.ours.length - 1]
    process.stderr.write(`${label} run ${run}/${runs}: ours ${(last.wall / 1000).toFixed(2)} s ${mib(last.peak)} MiB, baseline ${baseline.stopped ? `stopped after ${(baseline.wall / 1000).toFixed(2)} s (${baselineLimit}x ours) at` : `${(baseline.wall / 1000).toFixed(2)} s`} ${mib(baseline.peak)} MiB\n`)
  }

  const medians = {
    pages: median(raw.ours.map((r) => r.pages)),
    stages: Object.fromEntries(stages.map((stage) => [stage, median(raw.ours.map((r) => r.timings?.[stage]))])),
    wall: median(raw.ours.map((r) => r.wall)),
    peak: median(raw.ours.map((r) => r.peak)),
    peakNode: median(raw.ours.map((r) => r.peakNode)),
    baseline: {
      wall: median(raw.baseline.map((r) => r.wall)),
      peak: median(raw.baseline.map((r) => r.peak)),
      steps: Object.fromEntries(['launch', 'load', 'pdf', 'close'].map((step) => [step, median(raw.baseline.map((r) => r.steps?.[step]))])),
      // Runs stopped at the limit: their time and peak are lower bounds, and so is the median.
      stopped: raw.baseline.filter((r) => r.stopped).length
    },
    // The print stage and the paginator taken apart (timings the build reports with --timings-json).
    parts: Object.fromEntries(parts.map((part) => [part, median(raw.ours.map((r) => r.timings?.[part]))]))
  }
  medians.ratio = { time: medians.wall / medians.baseline.wall, memory: medians.peak / medians.baseline.peak }
  // The floor of any build that paginates in the page: its print stage alone (Chromium's load,
  // fonts, the paginator and page.pdf(), no work of Node's) against the whole baseline; and
  // the build's time outside that stage (Node's start, parse, render, post-processing, check).
  medians.floor = { print: medians.stages.print / medians.baseline.wall, outside: median(raw.ours.map((r) => (r.timings?.print === undefined ? undefined : r.wall - r.timings.print))) }
  medians.perPage = Object.fromEntries([...stages.map((s) => [s, medians.stages[s]]), ['wall', medians.wall]].map(([k, v]) => [k, v === undefined || !medians.pages ? undefined : v / medians.pages]))
  return { label, root: path.relative(toolRoot, root) || '.', edition, runs, raw, medians }
}

/** A cell of the baseline's figures: marked as a bound when a baseline run was stopped at the limit. */
const bound = (r, mark, cell, note = '') => (r.medians.baseline.stopped > 0 ? `${mark}${cell}${note}` : cell)
const perPage = (r, ms) => (ms === undefined || !r.medians.pages ? '-' : (ms / r.medians.pages).toFixed(2))
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(0)
const sec = (ms) => (ms === undefined ? '-' : (ms / 1000).toFixed(2))

function table(results) {
  const rows = [
    ['', ...results.map((r) => `${r.label} (${r.medians.pages ?? '?'} p)`)],
    ...stages.map((stage) => [stage === 'paginate' ? '  paginate, part of print (s)' : `${stage} (s)`, ...results.map((r) => sec(r.medians.stages[stage]))]),
    ['total, whole process (s)', ...results.map((r) => sec(r.medians.wall))],
    ['peak memory, process tree (MiB)', ...results.map((r) => mib(r.medians.peak))],
    ['  of which node process (MiB)', ...results.map((r) => mib(r.medians.peakNode))],
    // A baseline stopped at the limit (see benchProject) printed no PDF: at least its time and
    // peak, so the ratios are at most what is shown.
    ['baseline: Chromium tagged print (s)', ...results.map((r) => bound(r, '>= ', sec(r.medians.baseline.wall), ' (stopped)'))],
    ['baseline peak memory (MiB)', ...results.map((r) => bound(r, '>= ', mib(r.medians.baseline.peak)))],
    ['ratio time (ours / baseline)', ...results.map((r) => bound(r, '<= ', r.medians.ratio.time.toFixed(2)))],
    ['ratio memory (ours / baseline)', ...results.map((r) => bound(r, '<= ', r.medians.ratio.memory.toFixed(2)))],
    ['  print stage alone / baseline', ...results.map((r) => bound(r, '<= ', Number.isFinite(r.medians.floor.print) ? r.medians.floor.print.toFixed(2) : '-'))],
    ['  outside the print stage (s)', ...results.map((r) => sec(r.medians.floor.outside))],
    ...parts.map((part) => [`  ${part} (s)`, ...results.map((r) => sec(r.medians.parts[part]))]),
    ['paginate per page, in the build (ms)', ...results.map((r) => perPage(r, r.medians.stages.paginate))],
    ['total per page (ms)', ...results.map((r) => (r.medians.perPage.wall === undefined ? '-' : r.medians.perPage.wall.toFixed(1)))]
  ]
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)))
  return rows.map((row, r) => {
    const line = `| ${row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join(' | ')} |`
    return r === 0 ? `${line}\n|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|` : line
  }).join('\n')
}

async function main() {
  if (!values['no-tsc']) {
    try {
      execFileSync(process.execPath, [path.join(toolRoot, 'scripts', 'compile.mjs')], { stdio: 'inherit' })
    } catch {
      // tsc still emits JavaScript on type errors; the builds below tell whether it runs.
      process.stderr.write('bench: tsc reported errors (above); benchmarking the JavaScript it emitted\n')
    }
  }
  const projects = []
  // A print of thousands of pages outlasts the default 2 minutes, the build's and the baseline's.
  if (sizes.some((c) => c >= 50)) process.env.GUIDELINES_PRINT_TIMEOUT ??= String(30 * 60_000)
  if (!only || only === '1x') projects.push(['1x', toolRoot])
  for (const copies of sizes) {
    if (only && only !== `${copies}x`) continue
    const corpus = path.join(work, `corpus-${copies}x`)
    execFileSync(process.execPath, [path.join(toolRoot, 'scripts', 'generate-corpus.mjs'), '--copies', String(copies), '--from', toolRoot, '--out', corpus], { stdio: ['ignore', 'ignore', 'inherit'] })
    projects.push([`${copies}x`, corpus])
  }
  const results = []
  if (!values['watch-only']) for (const [label, root] of projects) results.push(await benchProject(label, root))

  const summary = results.length > 0 ? table(results) : undefined
  // Cost per page of each larger project against the smallest (1.0 = linear).
  const scales = results.slice(1).filter((r) => r.medians.pages && results[0].medians.pages).map((r) => ({
    label: `${r.label} / ${results[0].label}`,
    ratios: Object.fromEntries([...stages, 'wall'].map((s) => {
      const a = results[0].medians.perPage[s]
      const b = r.medians.perPage[s]
      return [s, a && b ? b / a : undefined]
    }))
  }))
  if (results.length > 2) {
    // And of the largest against the next (100x / 10x: the issue's 1.1 bound).
    const [a, b] = results.slice(-2)
    scales.push({ label: `${b.label} / ${a.label}`, ratios: Object.fromEntries([...stages, 'wall'].map((s) => [s, a.medians.perPage[s] && b.medians.perPage[s] ? b.medians.perPage[s] / a.medians.perPage[s] : undefined])) })
  }
  const scale = scales[0]?.ratios
  let languages
  if (!values['watch-only'] && !values['no-languages'] && projects.some(([label]) => label === '1x')) languages = await benchLanguages(toolRoot, values['language-editions'].split(','))
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory: os.totalmem(), platform: `${os.platform()} ${os.release()}` }
  const watchLatency = []
  if (!values['no-watch']) {
    for (const [label, root] of projects) {
      process.stderr.write(`watch ${label}: 10 saves of a contribution, time to the reload event and to the paged view painted again\n`)
      watchLatency.push(await benchWatch(label, root, 10))
    }
  }
  let tables
  if (!values['watch-only'] && (!only || only === 'tables')) {
    process.stderr.write('tables: parse of the table corpus, ours against micromark+GFM, 21 interleaved runs\n')
    tables = JSON.parse(execFileSync(process.execPath, [path.join(toolRoot, 'scripts', 'bench-tables.mjs'), '--json', '--runs', '21'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))
  }
  const report = { date: new Date().toISOString(), edition, machine, results, perPageScale10x: scale, perPageScales: scales, languages, watchLatency, tables }
  await mkdir(path.dirname(path.resolve(values.json)), { recursive: true })
  await writeFile(path.resolve(values.json), `${JSON.stringify(report, null, 2)}\n`)
  if (summary) process.stdout.write(`\nEdition \`${edition}\`, medians of ${runs} runs, whole processes (Markdown to tagged PDF), ${machine.cpus} cores\n\n${summary}\n`)
  for (const { label, ratios } of scales) process.stdout.write(`\nCost per page, ${label} (1.0 = linear): ${Object.entries(ratios).map(([k, v]) => `${k} ${v === undefined ? '-' : v.toFixed(2)}`).join(', ')}\n`)
  if (languages) process.stdout.write(`\nLanguage editions (1x, medians of ${runs}): ${languages.editions.join(' + ')} in one build ${sec(languages.medians.all)} s, ${languages.editions[0]} alone ${sec(languages.medians.one)} s: ratio ${languages.medians.ratio.toFixed(2)} (peak memory ${mib(languages.medians.peakAll)} / ${mib(languages.medians.peakOne)} MiB)\n`)
  for (const w of watchLatency) {
    const p = w.parts
    process.stdout.write(
      `\nWatch mode (${w.label}, ${w.pages} pages, medians of ${w.runs.length} saves, load average ${w.loadAverage.map((l) => l.toFixed(1)).join(' -> ')}): save to reload event ${Math.round(w.median)} ms (HTML build ${Math.round(w.buildMedian)} ms); ` +
        `save to paged view painted ${Math.round(w.pagesMedian)} ms (after the reload event: to the page ${Math.round(p.navigation)}, new HTML + hyphenation ${Math.round(p.load)}, paginator ${Math.round(p.paginate)} (pages kept ${Math.round(p.kept ?? 0)} of ${w.pages}; setup ${Math.round(p.setup)}, flow ${Math.round(p.flow)}, folios ${Math.round(p.folios)}), paint ${Math.round(p.paint)} ms)\n`
    )
  }
  if (tables) process.stdout.write(`\n${describeTables(tables)}\n`)
  process.stdout.write(`\nRaw runs and medians: ${path.relative(process.cwd(), path.resolve(values.json))}\n`)
}

await main()
