import path from 'node:path'
import { formatText } from '../../report/format.js'
import { startWatch, type BuildState, type WatchEvent } from '../../watch/session.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { UsageError, useColor } from '../io.js'

export const watchCommand: Command = {
  name: 'watch',
  summary: 'preview an edition in the browser, rebuilt on every save',
  help: `Usage: guidelines watch [--edition NAME] [--port N] [--no-pdf]

Serves the HTML edition on http://127.0.0.1:PORT/ and reloads open pages when a source is
saved; diagnostics are printed here and shown over the page. The same edition as pages, made
by the print's paginator in the browser (page boxes, folios, footnotes at the page bottom, TOC
page numbers), is at /output/NAME.pages.html. The PDF (output/NAME.pdf) is
printed again in the background once saves stop for 1.5 s. Ctrl-C stops.

Options:
  --edition NAME    edition to preview (default: the first of guidelines.yaml)
  --port N          port on 127.0.0.1 (default 4321; 0 picks a free one)
  --no-pdf          preview only: do not print the PDF
  --quiet           print diagnostics and failures only
${commonHelp}`,
  options: { ...commonOptions, edition: { type: 'string' }, port: { type: 'string' }, 'no-pdf': { type: 'boolean' }, quiet: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    const portText = (values['port'] as string | undefined) ?? '4321'
    const port = Number(portText)
    if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`Unexpected --port \`${portText}\`, expected a number from 0 to 65535`)
    const quiet = Boolean(values['quiet'])
    const color = useColor(io, 'stderr')
    const out = (line: string) => io.stderr.write(`${line}\n`)
    const clock = () => new Date().toTimeString().slice(0, 8)
    let lastDiagnostics = ''

    const onEvent = (event: WatchEvent) => {
      switch (event.type) {
        case 'listening':
          out(`Serving ${event.edition} at ${event.url} (Ctrl-C to stop)`)
          out(`  as pages, as they print: ${event.pagesUrl}`)
          break
        case 'change':
          if (!quiet) out(`[${clock()}] changed: ${event.files.slice(0, 3).join(', ')}${event.files.length > 3 ? ` and ${event.files.length - 3} more` : ''}`)
          break
        case 'built': {
          const { state } = event
          if (state.failure) {
            out(`[${clock()}] ${state.kind.toUpperCase()} build failed: ${state.failure}`)
            break
          }
          const text = state.diagnostics.length > 0 ? formatText(state.diagnostics, color) : ''
          // The same warnings on every save would bury what changed: print them when they change.
          if (text !== lastDiagnostics || state.errors > 0) {
            if (text) out(text)
            else if (lastDiagnostics) out('No more diagnostics.')
            lastDiagnostics = text
          }
          if (!quiet || !state.ok) out(`[${clock()}] ${summary(state, io.cwd)}`)
          break
        }
        case 'print-stopped':
          if (!quiet) out(`[${clock()}] PDF print stopped by the save (printed again once saves stop)`)
          break
        case 'printing':
        case 'closed':
          break
      }
    }

    let session
    try {
      session = await startWatch({ root, edition: values['edition'] as string | undefined, port, pdf: !values['no-pdf'], onEvent })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        io.stderr.write(`Port ${port} is in use: pass another with --port (0 picks a free one).\n`)
        return 1
      }
      throw error
    }

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve()
      }
      io.signal?.addEventListener('abort', stop, { once: true })
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    out('Stopping...')
    await session.close()
    return 0
  }
}

function summary(state: BuildState, cwd: string): string {
  const counts = `${state.errors} error${state.errors === 1 ? '' : 's'}, ${state.warnings} warning${state.warnings === 1 ? '' : 's'}`
  if (state.kind === 'html') {
    if (!state.ok) return `HTML not rebuilt (${counts}): the page keeps the last good build`
    const latency = state.latency !== undefined ? `, ${Math.round(state.latency)} ms after the save` : ''
    return `HTML rebuilt in ${Math.round(state.ms)} ms${latency} (${state.parsed} parsed, ${state.reused} reused; ${counts})`
  }
  if (!state.ok) return `PDF not printed (${counts})`
  return `PDF ${path.relative(cwd, state.pdf ?? '') || state.pdf}${state.pages ? ` (${state.pages} pages)` : ''} in ${(state.ms / 1000).toFixed(1)} s`
}
