import { writeFile } from 'node:fs/promises'
import type { VFile } from 'vfile'
import path from 'node:path'
import { build, type ProgressEvent } from '../../build.js'
import { CompareError, GitError } from '../../review/index.js'
import { diagnostics, formatJson, formatText } from '../../report/format.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { printPartPages, printTimeout, UsageError, useColor } from '../io.js'

export const buildCommand: Command = {
  name: 'build',
  summary: 'build editions: output/NAME.pdf and output/NAME.html',
  help: `Usage: guidelines build [--edition NAME]... [--compare REF] [--quiet | --verbose] [--format text|json]

Builds every edition of guidelines.yaml (or those named) into output/NAME.html and
output/NAME.pdf. Refuses to write while errors exist, and prints them.

Options:
  --edition NAME    build only this edition (repeatable)
  --compare REF     review editions: mark changes since the git ref REF (a tag, branch
                    or commit), with a summary page of the changed sections
  --format FORMAT   diagnostics as text (default) or json (on stderr)
  --quiet           print nothing on success
  --verbose         print each stage with its time
  --timings-json FILE  write the time of each stage (ms) and the outputs as JSON (benchmarks)
${commonHelp}

Environment:
  GUIDELINES_BROWSER        the Chrome or Chromium to print with (default: found on the machine)
  GUIDELINES_PRINT_TIMEOUT  milliseconds for the browser to start and for each step of a
                            print: load, paginator, each part (default 30000 to start, 120000
                            a step); retried once, then an error
  GUIDELINES_PRINT_PART_PAGES  a document of more than twice this many pages (default 400)
                            prints in parts of about as many, joined into one PDF`,
  options: { ...commonOptions, edition: { type: 'string', multiple: true }, compare: { type: 'string' }, quiet: { type: 'boolean' }, verbose: { type: 'boolean' }, format: { type: 'string' }, 'timings-json': { type: 'string' } },
  async run(values, _positionals, io) {
    const format = (values['format'] as string | undefined) ?? 'text'
    if (!['text', 'json'].includes(format)) throw new UsageError(`Unexpected --format \`${format}\`, expected text or json`)
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    const quiet = Boolean(values['quiet'])
    const verbose = Boolean(values['verbose'])
    const tty = Boolean(io.stderr.isTTY)
    const started = performance.now()
    const onProgress = (event: ProgressEvent) => {
      if (quiet) return
      const text = `${event.stage}${event.edition ? ` ${event.edition}` : ''}${event.detail ? ` ${event.detail}` : ''}`
      if (verbose) io.stderr.write(`[${((performance.now() - started) / 1000).toFixed(2)}s] ${text}\n`)
      else if (tty) io.stderr.write(`\r\x1b[K${text}`)
    }
    const compare = values['compare'] as string | undefined
    const timingsFile = values['timings-json'] as string | undefined
    const result = await build({ root, profile: verbose || Boolean(timingsFile), editions: values['edition'] as string[] | undefined, onProgress, compare, signal: io.signal, timeout: printTimeout(io.env), partPages: printPartPages(io.env), env: io.env }).catch((error: unknown) => {
      // Printing failed after the sources were checked: their warnings are printed all the same.
      const files = (error as { files?: VFile[] } | undefined)?.files
      if (files && !io.signal?.aborted) {
        const list = diagnostics(files)
        if (tty && !verbose && !quiet) io.stderr.write('\r\x1b[K')
        if (list.length > 0) io.stderr.write(`${format === 'json' ? formatJson(list) : formatText(list, useColor(io, 'stderr'))}\n`)
      }
      throw error instanceof GitError || error instanceof CompareError ? new UsageError(`--compare: ${error.message}`) : error
    })
    if (tty && !verbose && !quiet) io.stderr.write('\r\x1b[K')
    const list = diagnostics(result.files)
    const errors = list.filter((d) => d.severity === 'error')
    if (list.length > 0 && (!quiet || errors.length > 0)) io.stderr.write(`${format === 'json' ? formatJson(list) : formatText(list, useColor(io, 'stderr'))}\n`)
    if (errors.length > 0 || result.outputs.length === 0) {
      // PDF/UA failures are found in the PDFs written: those stay, for the author to inspect.
      const written = result.outputs.some((o) => o.pdf)
      io.stderr.write(written ? 'Written, but with the errors above.\n' : `Nothing written: ${errors.length > 0 ? 'fix the errors above' : 'no edition built'}.\n`)
      return 1
    }
    if (timingsFile) {
      // startup: from the process's start to this command (Node and the modules loading).
      const record = { timings: result.timings, startup: started, ...(io.codeCache ? { codeCache: io.codeCache } : {}), elapsed: performance.now() - started, outputs: result.outputs }
      await writeFile(path.resolve(io.cwd, timingsFile), `${JSON.stringify(record, null, 2)}\n`)
    }
    if (verbose) {
      io.stderr.write(`  ${'startup'.padEnd(20)} ${(started / 1000).toFixed(2)} s\n`)
      for (const [stage, ms] of Object.entries(result.timings)) io.stderr.write(`  ${stage.padEnd(20)} ${(ms / 1000).toFixed(2)} s\n`)
    }
    if (!quiet) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      const outputs = result.outputs.flatMap((o) => [
        ...(o.pdf ? [`${path.relative(io.cwd, o.pdf)}${o.pages ? ` (${o.pages} pages)` : ''}`] : []),
        ...(o.docx ? [path.relative(io.cwd, o.docx)] : []),
        ...(!o.pdf && !o.docx && o.html ? [path.relative(io.cwd, o.html)] : [])
      ])
      io.stdout.write(`Built ${result.outputs.length} edition${result.outputs.length === 1 ? '' : 's'} in ${seconds} s: ${outputs.join(', ')}\n`)
    }
    return 0
  }
}
