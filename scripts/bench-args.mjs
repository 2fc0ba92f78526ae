// The arguments of `npm run bench` (scripts/bench.mjs), checked before anything is built.
import { parseArgs } from 'node:util'

/** What `npm run bench -- --help` prints. */
export const usage = `Usage: npm run bench -- [options]   (= node scripts/bench.mjs)

Builds this repository's document (1x) and generated copies of it (10x; --copies 10,100 adds
100x, about 4,000 pages) as whole \`guidelines build\` processes, interleaved with Chromium's own
tagged print of the same HTML; then the watch mode's save-to-pages times, the table corpus's
parse against micromark+GFM, and three language editions against one. Medians and ratios on
the terminal, every run in --json. README.md, "Benchmark", explains the figures.

Options:
  --runs N                 runs of each build and baseline (default 5)
  --baseline-limit X       stop a baseline still printing at X times the build's time of its run,
                           and report its figures as bounds (default 3; Chromium cannot print 100x whole)
  --edition NAME           the edition built (default working-document)
  --copies N[,M]           generated sizes besides 1x (default 10; 10,100 for 100x)
  --only SIZE|tables       one project (1x, 10x, 100x with its --copies) or the table corpus
  --json FILE              where every run goes (default output/bench.json)
  --no-tsc                 use dist/ as it is (no compile first)
  --no-watch | --watch-only  skip the watch figures, or run only them
  --no-warmup              no warm-up build before the timed runs
  --no-languages           skip the language editions
  --language-editions A,B,C  the editions built together (default publication,publication-fr,publication-es)
  -h, --help               this help
`

/**
 * The bench's options from `args`; throws on a value it cannot use (an unknown option too).
 * `help` is true for --help: the caller prints `usage`. `only` names one of the
 * projects benchmarked (`1x`, or `NNx` for each of `--copies`) or `tables`; `copies` is the
 * list of sizes generated besides 1x.
 */
export function benchArgs(args, defaults) {
  let parsed
  try {
    parsed = parseArgs({
    args,
    options: {
      help: { type: 'boolean', short: 'h' },
      runs: { type: 'string', default: '5' },
      'baseline-limit': { type: 'string', default: '3' },
      edition: { type: 'string', default: 'working-document' },
      copies: { type: 'string', default: '10' },
      only: { type: 'string' },
      json: { type: 'string', default: defaults.json },
      'no-tsc': { type: 'boolean' },
      'no-watch': { type: 'boolean' },
      'watch-only': { type: 'boolean' },
      'no-warmup': { type: 'boolean' },
      'no-languages': { type: 'boolean' },
      'language-editions': { type: 'string', default: 'publication,publication-fr,publication-es' }
    },
    strict: true
    })
  } catch (error) {
    // parseArgs's own message names the option; the stack trace would bury it.
    throw new Error(`${error.message.split('\n')[0]} (--help lists the options)`)
  }
  const { values } = parsed
  if (values.help) return { values, runs: 0, copies: [], only: undefined, baselineLimit: 0, help: true }
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Unexpected --runs ${values.runs}, expected a positive integer`)
  const baselineLimit = Number(values['baseline-limit'])
  if (!/^\d+(\.\d+)?$/.test(values['baseline-limit']) || baselineLimit < 1) throw new Error(`Unexpected --baseline-limit ${values['baseline-limit']}, expected a number of times the build's time, at least 1 (e.g. 3)`)
  const copies = values.copies.split(',').map((c) => Number(c.trim()))
  if (copies.some((c) => !Number.isInteger(c) || c < 2)) throw new Error(`Unexpected --copies ${values.copies}, expected integers above 1, e.g. 10 or 10,100`)
  const projects = ['1x', ...copies.map((c) => `${c}x`)]
  if (values.only !== undefined && ![...projects, 'tables'].includes(values.only)) {
    throw new Error(`Unexpected --only ${values.only}, expected ${[...projects, 'tables'].join(', ')} (a size needs its --copies: --copies 10,100 --only 100x)`)
  }
  return { values, runs, copies, only: values.only, baselineLimit }
}
