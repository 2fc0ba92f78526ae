import path from 'node:path'
import pc from 'picocolors'
import { loadProject } from '../../load/project.js'
import { diskReader } from '../../load/readers.js'
import { diagnostics, formatText } from '../../report/format.js'
import { parseAll, type Parsed } from '../../core/parse.js'
import { translationStatus, type LanguageStatus } from '../../translation/state.js'
import { isIsoDate, localToday, projectStatus, type ContributionState, type ProjectStatus, type WriterStatus } from '../../workflow/status.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { UsageError, useColor, type Io } from '../io.js'

export const status: Command = {
  name: 'status',
  summary: 'writers, contributions and due dates of every section; work-plan tasks due',
  help: `Usage: guidelines status [--today YYYY-MM-DD] [--format text|json]
       guidelines status --language LANG [--format text|json]

One row per section of the outline: number, title, due date, peer reviewers and each writer
with the state of their contribution (missing, draft, peer-reviewed, final) and the date it
was submitted. A section is overdue when its due date is before today and some assigned
writer's contribution is missing or still a draft. Then the totals, writers who contributed
to a section they are not assigned to, and the work-plan tasks overdue or due within 30 days.
Exits 1 only when guidelines.yaml cannot be read (run \`guidelines check\` for the details).

With --language: the translators' to-do list instead. Per contribution, in document order:
translated, stale (its source changed since the commit its \`translates:\` names: which
paragraphs, by number and source line, with the words added and removed) or missing.

Options:
  --language LANG   the translation into LANG (fr, es...)
  --today DATE      the date to measure against (default: today)
  --format FORMAT   text (default; coloured on a terminal unless NO_COLOR is set) or json
                    (one object, described in README.md, and nothing else on stdout)
${commonHelp}`,
  options: { ...commonOptions, today: { type: 'string' }, format: { type: 'string' }, language: { type: 'string' } },
  async run(values, _positionals, io) {
    const format = (values['format'] as string | undefined) ?? 'text'
    if (!['text', 'json'].includes(format)) throw new UsageError(`Unexpected --format \`${format}\`, expected text or json`)
    const today = (values['today'] as string | undefined) ?? localToday()
    if (!isIsoDate(today)) throw new UsageError(`Unexpected --today \`${today}\`, expected a date as YYYY-MM-DD`)
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    const language = values['language'] as string | undefined
    if (language !== undefined) return translationStatusCommand(root, language, format, io)
    const project = await loadProject(diskReader(root))
    if (!project.config) {
      io.stderr.write(`${formatText(diagnostics([project.configFile]), useColor(io, 'stderr'))}\n`)
      return 1
    }
    const result = projectStatus(project, { today })
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    } else {
      io.stdout.write(formatStatus(result, useColor(io)))
    }
    const errors = diagnostics([project.configFile, ...project.contributions.map((c) => c.file)]).filter((d) => d.severity === 'error')
    if (errors.length > 0) io.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'} in the sources; run \`guidelines check\` for the details.\n`)
    return 0
  }
}

/**
 * The status as a text table (one row per section), totals, unassigned writers and the
 * work-plan tasks due. Pure; `color` adds ANSI colours (picocolors).
 */
export function formatStatus(status: ProjectStatus, color: boolean): string {
  const c = pc.createColors(color)
  const stateColor: Record<ContributionState, (s: string) => string> = { missing: c.red, draft: c.yellow, 'peer-reviewed': c.cyan, final: c.green }
  const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text)
  // Pad before colouring: escape codes have no width on screen.
  const pad = (text: string, width: number, paint: (s: string) => string = (s) => s) => paint(text) + ' '.repeat(Math.max(0, width - text.length))
  const writer = (w: WriterStatus) => {
    const code = w.overdue ? c.bold(c.red(w.code)) : c.bold(w.code)
    const date = w.submitted ? ` ${w.submitted}` : ''
    return `${code} ${stateColor[w.state](w.state)}${c.dim(date)}${w.assigned ? '' : c.magenta(' (not assigned)')}`
  }

  const titleWidth = Math.min(48, Math.max(7, ...status.sections.map((s) => s.title.length)))
  const peersWidth = Math.max(5, ...status.sections.map((s) => s.peers.map((p) => p.code).join(', ').length))
  const lines: string[] = []
  lines.push(c.bold(`${status.title}${status.reference ? ` (${status.reference})` : ''}: status on ${status.today}`), '')
  const sectionState = { complete: c.green, 'in-progress': c.yellow, missing: c.red } as const
  lines.push(c.dim(`${pad('No.', 6)}${pad('Section', titleWidth + 2)}${pad('State', 13)}${pad('Due', 20)}${pad('Peers', peersWidth + 2)}Writers`))
  for (const s of status.sections) {
    const number = s.number || (s.kind === 'front' ? '-' : '')
    const state = pad(s.state.replace('-', ' '), 13, sectionState[s.state])
    const due = s.overdue ? `${s.due} ${c.bold(c.red('OVERDUE'))}  ` : pad(s.due ?? '-', 20)
    const peers = s.peers.map((p) => p.code).join(', ') || '-'
    lines.push(`${pad(number, 6)}${pad(clip(s.title, titleWidth), titleWidth + 2)}${state}${due}${pad(peers, peersWidth + 2)}${s.writers.map(writer).join(', ') || c.dim('no writer assigned')}`)
  }
  lines.push('')
  const t = status.totals
  lines.push(`${c.bold('Sections')}: ${t.sections} — ${c.green(`${t.complete} complete`)}, ${c.yellow(`${t.inProgress} in progress`)}, ${c.red(`${t.missing} missing`)}; ${t.overdue > 0 ? c.bold(c.red(`${t.overdue} overdue`)) : '0 overdue'}`)
  if (status.unassigned.length > 0) {
    lines.push('', c.bold('Contributions by writers not assigned to the section:'))
    for (const u of status.unassigned) lines.push(`  ${pad(u.number || '-', 6)}${c.magenta(u.writer)} in ${u.section} (${u.file})`)
  }
  lines.push('', c.bold('Work plan: tasks overdue or due within 30 days'))
  if (status.workplan.length === 0) lines.push(c.dim('  none'))
  for (const task of status.workplan) {
    const when = task.state === 'overdue' ? c.red(pad(`${-task.days} day${task.days === -1 ? '' : 's'} late`, 14)) : c.yellow(pad(task.days === 0 ? 'today' : `in ${task.days} day${task.days === 1 ? '' : 's'}`, 14))
    lines.push(`  ${pad(String(task.number), 4)}${pad(task.due, 12)}${when}${task.task}`)
  }
  return `${lines.join('\n')}\n`
}

/** `status --language LANG`: the translation's state, contribution by contribution. */
async function translationStatusCommand(root: string, language: string, format: string, io: Io): Promise<number> {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(language)) throw new UsageError(`Unexpected --language \`${language}\`, expected a language tag such as fr or es`)
  const project = await loadProject(diskReader(root), { languages: [language] })
  const parsed = await parseAll(project, { languages: [language] })
  if (!parsed) {
    io.stderr.write(`${formatText(diagnostics([project.configFile]), useColor(io, 'stderr'))}\n`)
    return 1
  }
  if (language === parsed.config.language) throw new UsageError(`Unexpected --language \`${language}\`: it is the document's own language`)
  const result = await translationStatus(parsed, language)
  if (format === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  else io.stdout.write(formatTranslationStatus(result, parsed.groups, useColor(io)))
  return 0
}

/** The translation status as text: totals, then one line per contribution (and per changed paragraph of stale ones). */
export function formatTranslationStatus(status: LanguageStatus, groups: Parsed['groups'], color: boolean): string {
  const c = pc.createColors(color)
  const numberOf = new Map(groups.map((g) => [g.section.id, g.section.path || '-']))
  const paint = { translated: c.green, stale: c.yellow, missing: c.red } as const
  const t = status.totals
  const lines = [c.bold(`Translation into ${status.language}: ${t.translated} translated, ${t.stale} stale, ${t.missing} missing (of ${t.contributions} contributions)`), '']
  const width = Math.max(...status.contributions.map((e) => e.source.length))
  for (const entry of status.contributions) {
    const state = paint[entry.state](entry.state.padEnd(10))
    lines.push(`${(numberOf.get(entry.section) ?? '').padEnd(6)}${entry.source.padEnd(width + 2)}${state}${entry.translates ? c.dim(` ${entry.translates.slice(0, 7)}`) : ''}`)
    if (entry.reason === 'untracked') lines.push(c.dim('        no `translates:` commit: cannot tell what changed'))
    if (entry.reason === 'unknown-commit') lines.push(c.dim(`        commit ${entry.translates} is not in this repository (or does not hold the file)`))
    for (const change of entry.changes ?? []) {
      const where = `${change.paragraph !== null ? `paragraph ${change.paragraph}, ` : ''}line ${change.line}`
      lines.push(`        ${change.kind.padEnd(8)} ${where}: ${c.green(`+${change.added}`)} ${c.red(`-${change.removed}`)} words  ${c.dim(change.text)}`)
    }
  }
  return `${lines.join('\n')}\n`
}
