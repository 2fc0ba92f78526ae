/** What a command may touch of the outside world (tests pass their own). */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
  cwd: string
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal
}

/** A usage error: the CLI prints it with the command's help and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Whether to colour output: a TTY, and NO_COLOR unset. */
export function useColor(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  return Boolean(io[stream].isTTY) && !io.env['NO_COLOR'] && io.env['TERM'] !== 'dumb'
}
