import path from 'node:path'
import { build } from '../../build.js'
import { diagnostics, formatGithub, formatJson, formatText } from '../../report/format.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { UsageError, useColor } from '../io.js'

export const check: Command = {
  name: 'check',
  summary: 'report every problem in the sources; exit 1 when any is an error',
  help: `Usage: guidelines check [--format text|json|github] [--edition NAME]

Checks guidelines.yaml, glossary.yaml and every contribution (and renders every edition
without printing, so broken references are found). Prints each diagnostic with file, line,
column, severity and rule id. Exits 1 when any is an error, else 0.

Options:
  --format FORMAT   text (default), json (an array of {file, line, column, severity, rule,
                    message} and nothing else on stdout), github (workflow annotations)
  --edition NAME    check only this edition (repeatable)
${commonHelp}`,
  options: { ...commonOptions, format: { type: 'string' }, edition: { type: 'string', multiple: true } },
  async run(values, _positionals, io) {
    const format = (values['format'] as string | undefined) ?? 'text'
    if (!['text', 'json', 'github'].includes(format)) throw new UsageError(`Unexpected --format \`${format}\`, expected text, json or github`)
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    const result = await build({ root, editions: values['edition'] as string[] | undefined, write: false, signal: io.signal })
    const list = diagnostics(result.files)
    const out = format === 'json' ? formatJson(list) : format === 'github' ? formatGithub(list) : formatText(list, useColor(io))
    if (out) io.stdout.write(`${out}\n`)
    else if (format === 'text') io.stdout.write('No problems found.\n')
    return list.some((d) => d.severity === 'error') ? 1 : 0
  }
}
