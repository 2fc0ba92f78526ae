// The arguments of `npm run bench` (scripts/bench.mjs), checked before anything is built.
import { parseArgs } from 'node:util'

/**
 * The bench's options from `args`; throws on a value it cannot use. `only` names one of the
 * projects benchmarked (`1x`, or `NNx` for each of `--copies`) or `tables`; `copies` is the
 * list of sizes generated besides 1x.
 */
export function benchArgs(args, defaults) {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: 'string', default: '5' },
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
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Unexpected --runs ${values.runs}, expected a positive integer`)
  const copies = values.copies.split(',').map((c) => Number(c.trim()))
  if (copies.some((c) => !Number.isInteger(c) || c < 2)) throw new Error(`Unexpected --copies ${values.copies}, expected integers above 1, e.g. 10 or 10,100`)
  const projects = ['1x', ...copies.map((c) => `${c}x`)]
  if (values.only !== undefined && ![...projects, 'tables'].includes(values.only)) {
    throw new Error(`Unexpected --only ${values.only}, expected ${[...projects, 'tables'].join(', ')} (a size needs its --copies: --copies 10,100 --only 100x)`)
  }
  return { values, runs, copies, only: values.only }
}
