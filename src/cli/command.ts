import type { ParseArgsConfig } from 'node:util'
import type { Io } from './io.js'

/** One sub-command of `guidelines`: its help text, its options, and what it runs. */
export interface Command {
  name: string
  summary: string
  /** Usage line and option descriptions, printed by `--help`. */
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Whether positional arguments are accepted. */
  positionals?: boolean
  /** Runs the command; resolves to the exit code. */
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[], io: Io): Promise<number>
}

/** Options every command takes. */
export const commonOptions = {
  root: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies Command['options']

export const commonHelp = `  --root DIR        project root (default: the current folder)
  -h, --help        show this help`
