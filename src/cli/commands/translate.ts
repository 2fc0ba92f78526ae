import path from 'node:path'
import { loadProject } from '../../load/project.js'
import { diskReader } from '../../load/readers.js'
import { parseAll } from '../../core/parse.js'
import { startTranslations } from '../../translation/start.js'
import { diagnostics, formatText } from '../../report/format.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { UsageError, useColor } from '../io.js'

export const translate: Command = {
  name: 'translate',
  summary: 'translators\' tools: start the translation files of a language',
  help: `Usage: guidelines translate start --language LANG [SECTION_ID...]

start   Create, under translations/LANG/, the translation file of every contribution (of the
        sections named, or of all) that has none yet: the source's text to translate, with
        front matter \`section\`, \`writer\`, \`status: draft\` and \`translates:\` the commit
        of HEAD (what the translation follows). Never overwrites a file.

Options:
  --language LANG   the language of the translation (a BCP 47 tag such as fr, es)
${commonHelp}`,
  options: { ...commonOptions, language: { type: 'string' } },
  positionals: true,
  async run(values, positionals, io) {
    const [action, ...sections] = positionals
    if (action !== 'start') throw new UsageError(action ? `Unexpected action \`${action}\`, expected start` : 'Expected an action: start')
    const language = values['language'] as string | undefined
    if (!language || !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(language)) throw new UsageError(language ? `Unexpected --language \`${language}\`, expected a language tag such as fr or es` : 'Expected --language LANG')
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    const project = await loadProject(diskReader(root), { languages: [language] })
    const parsed = await parseAll(project)
    if (!parsed) {
      io.stderr.write(`${formatText(diagnostics([project.configFile]), useColor(io, 'stderr'))}\n`)
      return 1
    }
    if (language === parsed.config.language) throw new UsageError(`Unexpected --language \`${language}\`: it is the document's own language`)
    const known = new Set(parsed.groups.map((g) => g.section.id))
    const unknown = sections.filter((id) => !known.has(id))
    if (unknown.length > 0) throw new UsageError(`Unexpected section ${unknown.map((id) => `\`${id}\``).join(', ')}, expected section ids of guidelines.yaml`)
    const result = await startTranslations(parsed, language, sections)
    for (const file of result.uncommitted) io.stderr.write(`warning: ${file} has uncommitted changes: commit them, or its translation is out of date at once\n`)
    if (!result.commit) io.stderr.write('warning: not a git repository: no `translates:` written (the press cannot tell when a source changes)\n')
    io.stdout.write(`Created ${result.created.length} translation file${result.created.length === 1 ? '' : 's'} under translations/${language}/${result.existing.length > 0 ? ` (${result.existing.length} already there, left as they were)` : ''}${result.created.length > 0 ? `:\n${result.created.map((f) => `  ${f}`).join('\n')}` : '.'}\n`)
    return 0
  }
}
