import { parseArgs } from 'node:util'
import { buildCommand } from './commands/build.js'
import { check } from './commands/check.js'
import { init } from './commands/init.js'
import { watchCommand } from './commands/watch.js'
import { status } from './commands/status.js'
import { comments } from './commands/comments.js'
import { importCommand } from './commands/import.js'
import { translate } from './commands/translate.js'
import { pdfuaCommand } from './commands/pdfua.js'
import type { Command } from './command.js'
import { UsageError, type Io } from './io.js'
import { version } from '../version.js'
import { BrowserError, BrowserNotFoundError } from '../print/browser.js'
import { OutputError } from '../io/write.js'

/** Every sub-command, in the order `--help` lists them. */
export const commands: Command[] = [buildCommand, check, pdfuaCommand, init, status, comments, importCommand, translate, watchCommand]

const mainHelp = () => `Usage: guidelines <command> [options]

Turns per-author Markdown contributions into one numbered, cross-referenced document,
printed to PDF through headless Chromium.

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`guidelines <command> --help\` for the options of a command.
Options: -h, --help; -v, --version`

/**
 * Run the CLI with `argv` (without node and script). Resolves to the exit code: 0 success,
 * 1 errors in the sources or a failed build, 2 a usage error. Never calls process.exit.
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${mainHelp()}\n`)
    return name ? 0 : 2
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version}\n`)
    return 0
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    io.stderr.write(`Unknown command \`${name}\`.\n\n${mainHelp()}\n`)
    return 2
  }
  let values: Record<string, string | boolean | string[] | undefined>
  let positionals: string[]
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: Boolean(command.positionals), strict: true })
    values = parsed.values as typeof values
    positionals = parsed.positionals
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${command.help}\n`)
    return 2
  }
  if (values['help']) {
    io.stdout.write(`${command.help}\n`)
    return 0
  }
  try {
    return await command.run(values, positionals, io)
  } catch (error) {
    if (io.signal?.aborted) {
      io.stderr.write('\nInterrupted: the browser was closed, temporary files removed; outputs are as they were before this build.\n')
      return 130
    }
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n\n${command.help}\n`)
      return 2
    }
    if (error instanceof BrowserNotFoundError || error instanceof BrowserError || error instanceof OutputError) {
      io.stderr.write(`${error.message}\n`)
      return 1
    }
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'EPERM') {
      io.stderr.write(`Cannot write the output: ${(error as Error).message}\n`)
      return 1
    }
    // A bug of the press, not of the sources: one line, the stack only on request.
    if (io.env['GUIDELINES_DEBUG']) io.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`)
    io.stderr.write(`Internal error of the press: ${(error as Error)?.message ?? String(error)}${io.env['GUIDELINES_DEBUG'] ? '' : ' (set GUIDELINES_DEBUG=1 for details)'}\n`)
    return 70
  }
}
