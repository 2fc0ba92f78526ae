import type { CodeCacheState } from './bundle.js'

/** What a command may touch of the outside world (tests pass their own). */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
  cwd: string
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal
  /** How bin/guidelines.js loaded the bundled CLI's code (src/cli/bundle.ts), for --timings-json. */
  codeCache?: CodeCacheState | 'unbundled'
}

/** A usage error: the CLI prints it with the command's help and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Whether to colour output: a TTY, and NO_COLOR unset. */
export function useColor(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  return Boolean(io[stream].isTTY) && !io.env['NO_COLOR'] && io.env['TERM'] !== 'dumb'
}

/**
 * Pages a part holds when a long document prints in parts, from `GUIDELINES_PRINT_PART_PAGES`
 * (src/print/pdf.ts `printPages`), or undefined when unset. Throws UsageError for anything but
 * a positive whole number.
 */
export function printPartPages(env: NodeJS.ProcessEnv): number | undefined {
  const value = env['GUIDELINES_PRINT_PART_PAGES']
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new UsageError(`Unexpected GUIDELINES_PRINT_PART_PAGES \`${value}\`, expected a number of pages as a positive whole number`)
  return Number(value)
}

/**
 * Milliseconds from `GUIDELINES_PRINT_TIMEOUT` (for the browser's start and each print), or
 * undefined when unset. Throws UsageError for anything but a positive whole number.
 */
export function printTimeout(env: NodeJS.ProcessEnv): number | undefined {
  const value = env['GUIDELINES_PRINT_TIMEOUT']
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new UsageError(`Unexpected GUIDELINES_PRINT_TIMEOUT \`${value}\`, expected milliseconds as a positive whole number`)
  return Number(value)
}
