// The bench's arguments (scripts/bench-args.mjs): the README's commands must be accepted as written.
import { describe, expect, test } from 'vitest'
// @ts-expect-error a plain ES module of the scripts, without types
import { benchArgs } from '../../scripts/bench-args.mjs'

const parse = (...args: string[]) => benchArgs(args, { json: 'output/bench.json' })

describe('npm run bench arguments', () => {
  test('the README\'s 100x command: --copies 10,100 --only 100x', () => {
    const parsed = parse('--copies', '10,100', '--only', '100x', '--runs', '1', '--no-warmup', '--no-watch')
    expect(parsed.copies).toEqual([10, 100])
    expect(parsed.only).toBe('100x')
    expect(parsed.runs).toBe(1)
  })

  test('defaults: 10x besides 1x, five runs', () => {
    const parsed = parse()
    expect(parsed.copies).toEqual([10])
    expect(parsed.runs).toBe(5)
    expect(parsed.only).toBeUndefined()
  })

  test('1x, 10x and tables are accepted by default; a size is accepted with its --copies', () => {
    for (const only of ['1x', '10x', 'tables']) expect(parse('--only', only).only).toBe(only)
    expect(parse('--copies', '30', '--only', '30x').only).toBe('30x')
  })

  test('a size not in --copies, a bad --copies or --runs, is refused with what is expected', () => {
    expect(() => parse('--only', '100x')).toThrow(/--only 100x, expected 1x, 10x, tables.*--copies 10,100 --only 100x/)
    expect(() => parse('--copies', '1')).toThrow(/--copies 1, expected integers above 1/)
    expect(() => parse('--copies', '10,abc')).toThrow(/--copies 10,abc/)
    expect(() => parse('--runs', '0')).toThrow(/--runs 0/)
  })

  test('--baseline-limit: 3 times the build by default, a number of at least 1 otherwise', () => {
    expect(parse().baselineLimit).toBe(3)
    expect(parse('--baseline-limit', '2.5').baselineLimit).toBe(2.5)
    for (const bad of ['0.5', 'x', '0', '']) expect(() => parse('--baseline-limit', bad)).toThrow(/--baseline-limit .*expected a number of times the build's time, at least 1/)
  })

  test('--help asks for the usage, which lists every option the bench accepts; an unknown option names itself and the help', async () => {
    // @ts-expect-error a plain ES module of the scripts, without types
    const { usage } = await import('../../scripts/bench-args.mjs')
    expect(parse('--help').help).toBe(true)
    expect(parse('-h').help).toBe(true)
    expect(parse('--runs', '3').help).toBeUndefined()
    for (const option of ['--runs', '--baseline-limit', '--edition', '--copies', '--only', '--json', '--no-tsc', '--no-watch', '--watch-only', '--no-warmup', '--no-languages', '--language-editions']) {
      expect(usage).toContain(option)
      expect(() => parse(option, ...(option.startsWith('--no') || option === '--watch-only' ? [] : ['x']))).not.toThrow(/Unknown option/)
    }
    expect(() => parse('--bogus')).toThrow(/^Unknown option '--bogus' \(--help lists the options\)$/)
  })
})
