#!/usr/bin/env node
// The table corpus's parse against micromark with GFM (`npm run bench` runs it; `--only tables`
// runs only it). Needs the compiled press (dist/, scripts/compile.mjs).
//
//   node scripts/bench-tables.mjs [--runs 21] [--tables 8] [--rows 50] [--json] [--press DIR]
//
// --press: the root of another compiled press (its dist/) to measure as `ours`, e.g. an older commit.
//
// The corpus: scripts/generate-tables.mjs, a contribution of `--tables` GFM tables of `--rows`
// rows and seven columns (captions, emphasis, links, code, footnote calls, glossary abbreviations).
// Three parses of the same text, interleaved in one process (the order turns each run), after
// warm-up runs; medians of wall time (and of the process's CPU time):
//
// - ours: the press's pass 1 of one file as parseAll runs it (src/core/parse.ts, parserWith):
//   createParser's parse (remark-parse, micromark with the GFM extensions the file needs, front
//   matter, the nesting limits) and runSync (HTML balance, nested headings, `{#id}` and table
//   captions, accessibility checks, collection of ids, footnotes and abbreviations with this
//   repository's glossary);
// - mdast: micromark + micromark-extension-gfm + front matter to a tree with
//   mdast-util-from-markdown + mdast-util-gfm: the same syntax to the same tree, nothing else.
//   The ratio the goal is about (ours / mdast): the press needs the tree;
// - html: micromark + micromark-extension-gfm to HTML, no tree at all (for reference).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { VFile } from 'vfile'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { frontmatter } from 'micromark-extension-frontmatter'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter'
import { tableCorpus } from './generate-tables.mjs'

const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Medians (ms) of interleaved parses of the table corpus, and the ratios. */
export async function benchTables({ runs = 21, tables = 8, rows = 50, warmup = 5, press = toolRoot } = {}) {
  const { createParser } = await import(pathToFileURL(path.join(press, 'dist', 'markdown', 'processor.js')).href)
  const { createAbbreviationMatcher } = await import(pathToFileURL(path.join(press, 'dist', 'markdown', 'util', 'abbreviations.js')).href)
  const glossary = parseYaml(readFileSync(path.join(toolRoot, 'glossary.yaml'), 'utf8'))
  const ignore = parseYaml(readFileSync(path.join(toolRoot, 'guidelines.yaml'), 'utf8')).abbreviations?.ignore ?? []
  const parser = createParser({ matcher: createAbbreviationMatcher(glossary, ignore) })
  const text = tableCorpus({ tables, rows })
  const parses = {
    ours: () => {
      const file = new VFile({ path: 'sections/tables.md', value: text })
      parser.runSync(parser.parse(file), file)
    },
    mdast: () => fromMarkdown(text, { extensions: [frontmatter(['yaml']), gfm()], mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmFromMarkdown()] }),
    html: () => micromark(text, { extensions: [frontmatter(['yaml']), gfm()], htmlExtensions: [gfmHtml()] })
  }
  const names = Object.keys(parses)
  for (let k = 0; k < warmup; k++) for (const name of names) parses[name]()
  const times = Object.fromEntries(names.map((name) => [name, []]))
  const cpuTimes = Object.fromEntries(names.map((name) => [name, []]))
  const cpu = () => {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  }
  for (let run = 0; run < runs; run++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(run + j) % names.length]
      const started = performance.now()
      const startedCpu = cpu()
      parses[name]()
      times[name].push(performance.now() - started)
      cpuTimes[name].push(cpu() - startedCpu)
    }
  }
  const medians = Object.fromEntries(names.map((name) => [name, median(times[name])]))
  const cpuMedians = Object.fromEntries(names.map((name) => [name, median(cpuTimes[name])]))
  return {
    corpus: { tables, rows, columns: 7, characters: text.length, lines: text.split('\n').length },
    runs,
    medians,
    ratio: { mdast: medians.ours / medians.mdast, html: medians.ours / medians.html },
    // CPU time of the process (its GC and compiler threads too): steadier than wall time on a loaded machine.
    cpuMedians,
    cpuRatio: { mdast: cpuMedians.ours / cpuMedians.mdast, html: cpuMedians.ours / cpuMedians.html },
    raw: times,
    rawCpu: cpuTimes
  }
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The lines `npm run bench` prints. */
export function describeTables(result) {
  const { corpus, runs, medians, ratio, cpuRatio } = result
  return [
    `Table corpus (${corpus.tables} tables x ${corpus.rows} rows x ${corpus.columns} columns, ${Math.round(corpus.characters / 1024)} KiB), parse, medians of ${runs} interleaved runs:`,
    `  ours (pass 1: parse + plugins) ${medians.ours.toFixed(1)} ms, micromark+GFM to mdast ${medians.mdast.toFixed(1)} ms, micromark+GFM to HTML ${medians.html.toFixed(1)} ms`,
    `  ratio ours / micromark+GFM (mdast) ${ratio.mdast.toFixed(2)} (goal <= 1.5); ours / micromark+GFM (HTML) ${ratio.html.toFixed(2)}`,
    `  the same in CPU time: ${cpuRatio.mdast.toFixed(2)} (mdast), ${cpuRatio.html.toFixed(2)} (HTML)`
  ].join('\n')
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' }, tables: { type: 'string', default: '8' }, rows: { type: 'string', default: '50' }, json: { type: 'boolean' }, press: { type: 'string' } }, strict: true })
  const result = await benchTables({ runs: Number(values.runs), tables: Number(values.tables), rows: Number(values.rows), press: values.press ? path.resolve(values.press) : undefined })
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${describeTables(result)}\n`)
}
