import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { guidelinesSchema } from '../../config/schema.js'
import type { Guidelines } from '../../config/types.js'
import { readYaml } from '../../config/yaml.js'
import { readSource } from '../../load/read-source.js'
import { checkPdf, pdfuaRules, type PdfUaReport } from '../../pdfua/index.js'
import { pdfuaDiagnostics } from '../../pdfua/report.js'
import { diagnostics, formatGithub, formatText } from '../../report/format.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { UsageError, useColor } from '../io.js'

/** `guidelines pdfua`: the PDF/UA-1 checker for users and CI. */
export const pdfuaCommand: Command = {
  name: 'pdfua',
  summary: 'check PDFs against PDF/UA-1 (accessibility); exit 1 on any failure',
  help: `Usage: guidelines pdfua [FILE.pdf...] [--format text|json|github]

Checks each PDF against the machine-checkable requirements of PDF/UA-1 (ISO 14289-1, the
Matterhorn Protocol checkpoints that apply): XMP metadata with pdfuaid:part and dc:title,
document language and title display, every piece of content tagged or an artifact, standard
structure types (or a role map), headings, figures with alternative text, tables, lists,
tables of contents, notes, link annotations, fonts. Without files: output/EDITION.pdf of every
edition of guidelines.yaml. Prints one failure a line (rule id, page, object) and exits 1 when
any PDF fails, else 0. See docs/pdfua.md for the rules and what needs a person's judgement.

Options:
  --format FORMAT   text (default), json (per file: {file, pages, passed, counts,
                    violations: [{rule, message, page, object}]}), github (workflow annotations)
${commonHelp}`,
  options: { ...commonOptions, format: { type: 'string' } },
  positionals: true,
  async run(values, positionals, io) {
    const format = (values['format'] as string | undefined) ?? 'text'
    if (!['text', 'json', 'github'].includes(format)) throw new UsageError(`Unexpected --format \`${format}\`, expected text, json or github`)
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    const files = positionals.length > 0 ? positionals.map((file) => path.resolve(io.cwd, file)) : await editionPdfs(root)
    if (files.length === 0) throw new UsageError('Expected PDF files, or a guidelines.yaml with editions (their PDFs in output/)')
    const results: Array<{ file: string; report?: PdfUaReport; error?: string }> = []
    for (const file of files) {
      const shown = path.relative(io.cwd, file) || file
      let bytes: Uint8Array
      try {
        bytes = await readFile(file)
      } catch (error) {
        results.push({ file: shown, error: `Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (build it first)' : (error as Error).message}` })
        continue
      }
      results.push({ file: shown, report: await checkPdf(bytes, { limit: format === 'json' ? Number.POSITIVE_INFINITY : 20 }) })
    }
    const failed = results.some((r) => r.error || (r.report && r.report.violations.length > 0))
    if (format === 'json') {
      const out = results.map((r) => (r.error ? { file: r.file, error: r.error } : { file: r.file, pages: r.report!.pages, passed: r.report!.violations.length === 0, counts: r.report!.counts, violations: r.report!.violations }))
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
      return failed ? 1 : 0
    }
    for (const r of results) if (r.error) io.stderr.write(`${r.error}\n`)
    const list = diagnostics(results.filter((r) => r.report).map((r) => pdfuaDiagnostics(r.file, r.report!)))
    if (format === 'github') {
      if (list.length > 0) io.stdout.write(`${formatGithub(list)}\n`)
      return failed ? 1 : 0
    }
    if (list.length > 0) io.stdout.write(`${formatText(list, useColor(io))}\n`)
    for (const r of results) {
      if (!r.report) continue
      const total = Object.values(r.report.counts).reduce((a, b) => a + (b ?? 0), 0)
      io.stdout.write(total === 0 ? `${r.file}: PDF/UA-1 passed (${Object.keys(pdfuaRules).length - 1} checks, ${r.report.pages} pages)\n` : `${r.file}: ${total} failure${total === 1 ? '' : 's'} of PDF/UA-1\n`)
    }
    return failed ? 1 : 0
  }
}

/** output/NAME.pdf for every edition of the project's guidelines.yaml. */
async function editionPdfs(root: string): Promise<string[]> {
  try {
    const file = await readSource(root, 'guidelines.yaml')
    const config = readYaml<Guidelines>(file, String(file.value), guidelinesSchema, { rule: 'config-invalid' }).data
    return Object.keys(config?.editions ?? {}).map((name) => path.join(root, 'output', `${name}.pdf`))
  } catch {
    return []
  }
}
