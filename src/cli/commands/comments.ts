import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { readComments } from '../../comments/map.js'
import { replacementPatch } from '../../comments/patch.js'
import { formatCsv, formatJson, formatMarkdown } from '../../comments/format.js'
import { readSourceTexts } from '../../comments/sources.js'
import { diskReader } from '../../load/readers.js'
import { workTreeState } from '../../io/git.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { UsageError } from '../io.js'
import { describeFailure, readRegularFile } from '../../load/safe-read.js'
import { maxPdfBytes } from '../../comments/pdf-guard.js'

export const comments: Command = {
  name: 'comments',
  summary: 'list the annotations of a reviewed PDF against the sources',
  help: `Usage: guidelines comments REVIEWED.pdf [--format md|csv|json] [--patch FILE]

Reads every annotation of a reviewed PDF (notes, free text, highlights, underlines,
strike-outs, squiggles, carets, with their replies) and prints the comments table:
section, paragraph, page:line, source file:line:column and writer, comment, proposed
change, commenter. A PDF built from an earlier commit is mapped against that commit's
sources (through git), and to today's line where the text still exists.

Options:
  --format FORMAT   md (default), csv or json
  --patch FILE      write the pure replacements (strike-out with a caret, or a note
                    "replace X with Y") as a unified diff to FILE, for \`git apply\`;
                    sources are never modified
${commonHelp}`,
  options: { ...commonOptions, format: { type: 'string' }, patch: { type: 'string' } },
  positionals: true,
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError('Expected exactly one PDF')
    const format = (values['format'] as string | undefined) ?? 'md'
    if (!['md', 'csv', 'json'].includes(format)) throw new UsageError(`Unexpected --format \`${format}\`, expected md, csv or json`)
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    // A regular file, read to at most maxPdfBytes: `/dev/zero` or a FIFO must not be read without end.
    const read = await readRegularFile(path.resolve(io.cwd, positionals[0]!), { limit: maxPdfBytes })
    if (!read.ok) {
      io.stderr.write(`Cannot read ${positionals[0]}: ${read.failure.kind === 'unreadable' ? read.failure.code : describeFailure(read.failure)}\n`)
      return 1
    }
    const data: Uint8Array = read.bytes
    let result
    try {
      result = await readComments(data, { root })
    } catch (error) {
      io.stderr.write(`Cannot read the annotations of ${positionals[0]}: ${(error as Error).message}\n`)
      return 1
    }
    for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`)
    const out = format === 'json' ? formatJson(result) : format === 'csv' ? formatCsv(result) : formatMarkdown(result)
    io.stdout.write(out.endsWith('\n') ? out : `${out}\n`)
    const patchFile = values['patch'] as string | undefined
    if (patchFile) {
      const [texts, state] = await Promise.all([readSourceTexts(diskReader(root)), workTreeState(root)])
      const patch = replacementPatch(result.comments, texts.read, state?.prefix ?? '')
      for (const { comment, reason } of patch.skipped) io.stderr.write(`warning: replacement on page ${comment.folio} not in the patch: ${reason}\n`)
      await writeFile(path.resolve(io.cwd, patchFile), patch.patch)
      io.stderr.write(`Wrote ${patch.applied.length} replacement${patch.applied.length === 1 ? '' : 's'} to ${patchFile}\n`)
    }
    return 0
  }
}
