import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import { loadProject } from '../../load/project.js'
import { diskReader } from '../../load/readers.js'
import { parseAll } from '../../core/parse.js'
import { writeAtomic } from '../../io/write.js'
import { startTranslations } from '../../translation/start.js'
import { exportTranslation } from '../../translation/export.js'
import { importTranslation } from '../../translation/import.js'
import { readXliff } from '../../translation/xliff.js'
import { diagnostics, formatText } from '../../report/format.js'
import { hasErrors } from '../../report/rules.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { UsageError, useColor } from '../io.js'

const languagePattern = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/

export const translate: Command = {
  name: 'translate',
  summary: 'translators\' tools: start translation files, exchange XLIFF with CAT tools',
  help: `Usage: guidelines translate start --language LANG [SECTION_ID...]
       guidelines translate export --language LANG [--stale-only] [--section ID]...
       guidelines translate import FILE.xlf

start   Create, under translations/LANG/, the translation file of every contribution (of the
        sections named, or of all) that has none yet: the source's text to translate, with
        front matter \`section\`, \`writer\`, \`status: draft\` and \`translates:\` the commit
        of HEAD (what the translation follows). Never overwrites a file.
export  Write output/translate/LANG.xlf (XLIFF 2.0 for CAT tools: a unit per paragraph, heading,
        list item, table cell, caption, footnote, glossary field and guidelines.yaml text, with
        the current translation as target and inline markup as protected codes) and
        output/translate/LANG.tbx (the glossary as a TBX-Basic termbase).
import  Write the targets of FILE.xlf back into translations/LANG/ (LANG: the file's trgLang),
        changing nothing the file did not translate; \`translates:\` becomes the commit the
        file was exported from. Units with broken codes, unknown ids or a source changed since
        the export are reported at their line in FILE.xlf and not written.

Options:
  --language LANG   the language of the translation (a BCP 47 tag such as fr, es)
  --stale-only      export only the blocks whose source changed since their translation
  --section ID      export only the contributions of this section (repeatable)
${commonHelp}`,
  options: { ...commonOptions, language: { type: 'string' }, 'stale-only': { type: 'boolean' }, section: { type: 'string', multiple: true } },
  positionals: true,
  async run(values, positionals, io) {
    const [action, ...rest] = positionals
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    if (action === 'import') return runImport(rest, root, io)
    if (action !== 'start' && action !== 'export') throw new UsageError(action ? `Unexpected action \`${action}\`, expected start, export or import` : 'Expected an action: start, export or import')
    const language = values['language'] as string | undefined
    if (!language || !languagePattern.test(language)) throw new UsageError(language ? `Unexpected --language \`${language}\`, expected a language tag such as fr or es` : 'Expected --language LANG')
    const sections = action === 'start' ? rest : ((values['section'] as string[] | undefined) ?? [])
    if (action === 'export' && rest.length > 0) throw new UsageError(`Unexpected argument \`${rest[0]}\`, expected options only (--section ID to choose sections)`)
    const project = await loadProject(diskReader(root), { languages: [language] })
    const parsed = await parseAll(project, { languages: [language] })
    if (!parsed) {
      io.stderr.write(`${formatText(diagnostics([project.configFile]), useColor(io, 'stderr'))}\n`)
      return 1
    }
    if (language === parsed.config.language) throw new UsageError(`Unexpected --language \`${language}\`: it is the document's own language`)
    const known = new Set(parsed.groups.map((g) => g.section.id))
    const unknown = sections.filter((id) => !known.has(id))
    if (unknown.length > 0) throw new UsageError(`Unexpected section ${unknown.map((id) => `\`${id}\``).join(', ')}, expected section ids of guidelines.yaml`)
    if (action === 'export') {
      const result = await exportTranslation(parsed, language, { staleOnly: Boolean(values['stale-only']), sections })
      const dir = path.join(root, 'output', 'translate')
      await writeAtomic(path.join(dir, `${language}.xlf`), result.xliff)
      await writeAtomic(path.join(dir, `${language}.tbx`), result.tbx)
      if (!result.commit) io.stderr.write('warning: not a git repository: the export names no commit, so an import cannot set `translates:`\n')
      else if (result.dirty) io.stderr.write(`warning: the sources have uncommitted changes: commit them first, or the translation will follow ${result.commit.slice(0, 7)}, which does not hold them\n`)
      if (values['stale-only'] && result.untracked.length > 0) io.stderr.write(`warning: ${result.untracked.length} translation${result.untracked.length === 1 ? '' : 's'} without a known \`translates:\` commit left out (their changes cannot be told): ${result.untracked.join(', ')}\n`)
      const c = result.counts
      io.stdout.write(`Wrote ${path.relative(io.cwd, path.join(dir, `${language}.xlf`)) || `${language}.xlf`} (${c.units} unit${c.units === 1 ? '' : 's'} in ${c.files} file${c.files === 1 ? '' : 's'}: ${c.translated} translated, of which ${c.stale} with a changed source; ${c.untranslated} to translate) and ${path.relative(io.cwd, path.join(dir, `${language}.tbx`))} (${c.terms} terms).\n`)
      return 0
    }
    const result = await startTranslations(parsed, language, sections)
    for (const file of result.uncommitted) io.stderr.write(`warning: ${file} has uncommitted changes: commit them, or its translation is out of date at once\n`)
    if (!result.commit) io.stderr.write('warning: not a git repository: no `translates:` written (the press cannot tell when a source changes)\n')
    io.stdout.write(`Created ${result.created.length} translation file${result.created.length === 1 ? '' : 's'} under translations/${language}/${result.existing.length > 0 ? ` (${result.existing.length} already there, left as they were)` : ''}${result.created.length > 0 ? `:\n${result.created.map((f) => `  ${f}`).join('\n')}` : '.'}\n`)
    return 0
  }
}

async function runImport(args: string[], root: string, io: Parameters<Command['run']>[2]): Promise<number> {
  if (args.length !== 1) throw new UsageError(args.length === 0 ? 'Expected the XLIFF file to import: guidelines translate import FILE.xlf' : `Unexpected argument \`${args[1]}\`, expected one XLIFF file`)
  const given = args[0]!
  let text: string
  try {
    text = await readFile(path.resolve(io.cwd, given), 'utf8')
  } catch (error) {
    io.stderr.write(`Cannot read ${given}: ${(error as Error).message}\n`)
    return 1
  }
  const file = new VFile({ path: given, value: text })
  const document = readXliff(text)
  const language = document.trgLang && languagePattern.test(document.trgLang) ? document.trgLang : undefined
  const project = await loadProject(diskReader(root), { languages: language ? [language] : [] })
  const parsed = await parseAll(project, { languages: language ? [language] : [] })
  if (!parsed) {
    io.stderr.write(`${formatText(diagnostics([project.configFile]), useColor(io, 'stderr'))}\n`)
    return 1
  }
  const result = await importTranslation(parsed, file, document)
  if (file.messages.length > 0) io.stderr.write(`${formatText(diagnostics([file]), useColor(io, 'stderr'))}\n`)
  if (!result) return 1
  const c = result.counts
  for (const stale of result.stillStale) io.stderr.write(`warning: ${stale} keeps its \`translates:\`: some of its changed source blocks were neither translated again nor confirmed\n`)
  const lines = result.files.map((f) => `  ${f.path}: ${f.units} unit${f.units === 1 ? '' : 's'}${f.created ? ' (created)' : ''}${f.translates ? `, translates ${f.translates.slice(0, 7)}` : ''}`)
  io.stdout.write(`Imported ${c.written} of ${c.units} unit${c.units === 1 ? '' : 's'} into translations/${result.language}/ (${c.unchanged} unchanged, ${c.untranslated} without a translation, ${c.rejected} not written)${lines.length > 0 ? `:\n${lines.join('\n')}` : '.'}\n`)
  return hasErrors([file]) ? 1 : 0
}
