import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { VFile } from 'vfile'
import type { EditionOptions, Guidelines } from '../config/types.js'
import { readContribution, type Project } from '../load/project.js'
import { readSource } from '../load/read-source.js'
import { report } from '../report/rules.js'
import { createOutline, roman, type PartUnit, type SectionUnit } from '../outline/model.js'
import type { SectionContributions } from '../outline/check.js'
import { numberDocument } from '../link/number.js'
import { createParser, createRenderer, render } from '../markdown/processor.js'
import type { AbbreviationMatcher } from '../markdown/util/abbreviations.js'
import { extractFootnotes, markNotes, type Assembled, type TocEntry } from '../html/assemble.js'
import { statusFromGroups, type ProjectStatus, type SectionStatus } from './status.js'

/** What the progress edition is made from: the prepared project of `build`. */
export interface ProgressInput {
  project: Project
  config: Guidelines
  grouped: SectionContributions[]
  matcher: AbbreviationMatcher
  edition: EditionOptions & { body: string }
  outputDir: string
  /** The body's VFile is added here, so its messages are reported. */
  files: VFile[]
}

/** Ids of the generated annexes (reference them from the body with `[](#annex-draft-outline)`). */
export const annexIds = { outline: 'annex-draft-outline', workplan: 'annex-work-plan' } as const

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Assemble a document whose body is the Markdown file named by the edition's `body` (the PTC
 * progress document): its headings numbered I., II., its paragraphs 1., 2., its footnotes
 * gathered; and, as annexes, Annex I the draft outline with writers, contribution dates and peer
 * reviewers, and Annex II the work plan month by month. Returns the glossary abbreviations the
 * body uses (for the list of acronyms).
 */
export async function assembleProgress(input: ProgressInput): Promise<{ assembled: Assembled; used: Set<string> }> {
  const { project, config, grouped, matcher, edition, outputDir, files } = input
  // Measured on the document's date, never the clock: two builds of one commit print the same.
  const issued = edition.submission?.issued ?? config.submission?.issued ?? config.date
  const status = statusFromGroups(config, grouped, { today: issued ?? '0000-01-01' })
  const back = [annexOutline(config, status, 1)]
  if ((config.workplan ?? []).length > 0) back.push(annexWorkplan(config, 2))

  // The loader leaves an edition's body out of the contributions: read and parse it here.
  const relative = path.posix.normalize(edition.body.split(path.sep).join('/'))
  const empty = { assembled: { front: [], body: [], back, footnotes: undefined, toc: [], figures: [], tables: [] }, used: new Set<string>() }
  if (relative.startsWith('../') || relative === '..' || path.isAbsolute(relative) || !existsSync(path.join(project.root, relative))) {
    const name = Object.entries(config.editions).find(([, e]) => e.body === edition.body)?.[0] ?? ''
    const outside = relative.startsWith('..') || path.isAbsolute(relative)
    report(project.configFile, outside ? 'path-outside-root' : 'source-unreadable', `Unexpected body \`${edition.body}\` of edition \`${name}\`, expected ${outside ? 'a path inside the project' : 'an existing Markdown file'}`, project.locateConfig(['editions', name, 'body']))
    return empty
  }
  const file = await readSource(project.root, relative)
  files.push(file)
  const contribution = file.messages.length === 0 ? readContribution(file) : undefined
  if (!contribution?.meta) {
    return empty
  }
  const parser = createParser({ matcher })
  const tree = parser.parse(file)
  parser.runSync(tree, file)
  const collected = file.data.collected!

  // Number the body as one unnumbered chapter section: paragraphs 1, 2, ... The outline's
  // targets stay defined, so `[](#purpose)` reads "Section 1.a" (its row in Annex I).
  const outline = createOutline(config, 'outline')
  const id = contribution.meta?.section ?? 'progress-report'
  const part: PartUnit = { id: '', title: '', kind: 'chapter', marker: '', label: '', path: '', sections: [] }
  const unit: SectionUnit = { id, title: '', kind: 'chapter', marker: '', label: '', path: '', source: { id, title: '', writers: [], peers: [] }, part }
  const numbered = numberDocument(outline, [{ section: unit, contributions: [{ file, collected }] }], { numbering: 'outline', paragraphNumbers: edition.paragraphNumbers ?? true })
  // Headings of a committee document: I. Background, II. ...; one rank below the document title.
  const headingIds = new Map(collected.ids.filter((entry) => entry.kind === 'heading').map((entry) => [entry.node, entry.id]))
  let count = 0
  for (const heading of collected.headings) {
    const data = (heading.data ??= {})
    data.rank = Math.min(6, heading.depth + 1)
    if (heading.depth === 1) {
      data.marker = `${roman(++count)}.`
      const target = numbered.targets.get(headingIds.get(heading) ?? '')
      if (target) numbered.targets.set(target.id, { ...target, label: `Part ${roman(count)}` })
    }
  }
  for (const [key, index] of [['outline', 1], ['workplan', 2]] as const) {
    const annex = back[index - 1]
    if (annex) numbered.targets.set(annexIds[key], { id: annexIds[key], kind: 'annex', label: `Annex ${roman(index)}`, title: key === 'outline' ? outlineTitle(config) : 'Work plan' })
  }

  const renderer = createRenderer({ targets: numbered.targets, matcher, root: project.root, outputDir })
  file.data.link = { footnotes: numbered.footnotes.get(file) ?? new Map(), expand: numbered.expand.get(file) ?? new Map() }
  const hast = await render(renderer, tree, file)
  const body = h('section.progress-report', { id }, hast.children.filter((node): node is ElementContent => node.type !== 'doctype'))
  const notes: Element[] = []
  extractFootnotes(body, notes)
  notes.sort((a, b) => Number(a.properties.dataFn) - Number(b.properties.dataFn))
  markNotes(notes, config.language)
  const footnotes = notes.length > 0 ? h('section.footnotes', { role: 'doc-endnotes' }, [h('h2.footnotes-title', 'Notes'), ...notes]) : undefined

  const toc: TocEntry[] = []
  for (const heading of collected.headings) {
    if (heading.depth !== 1) continue
    const anchor = heading.data?.id ?? heading.data?.autoId
    if (anchor) toc.push({ level: 1, marker: heading.data?.marker ?? '', title: plain(heading), href: `#${anchor}`, kind: 'heading' })
  }
  back.forEach((annex, index) => toc.push({ level: 1, marker: `Annex ${roman(index + 1)}`, title: index === 0 ? outlineTitle(config) : 'Work plan', href: `#${String(annex.properties.id)}`, kind: 'annex' }))
  return { assembled: { front: [], body: [body], back, footnotes, toc, figures: [], tables: [] }, used: numbered.used }
}

function plain(node: { children?: unknown[]; value?: unknown }): string {
  if (typeof node.value === 'string') return node.value
  return (node.children ?? []).map((child) => plain(child as typeof node)).join('')
}

function outlineTitle(config: Guidelines): string {
  return `Draft outline of the Guidelines${config.submission?.topic ? ` on ${config.submission.topic}` : ''}`
}

/** `section.annex` with `h1.annex-title` (same structure as assemble.ts; the template adds "to Doc. REF"). */
function annexSection(id: string, index: number, title: string, children: ElementContent[]): Element {
  const marker = `Annex ${roman(index)}`
  return h('section', { className: ['annex', 'annex-generated'], id }, [
    h('h1', { className: ['annex-title'] }, [h('span.num', marker), h('span.annex-title', title)]),
    ...children
  ])
}

/** "2022-05-22" as "22/05". */
const dayMonth = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`
/** "2022-05-22" as "22/05/2022". */
const dayMonthYear = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`

/**
 * Annex I: the draft outline as a table. Rows: parts (front matter, chapters "1.", annexes) and
 * their sections ("a. Purpose"); a "Writer" block with one column per contributor who writes
 * anything (cell: the code and the date of the contribution, or the code alone while it is
 * pending); a "Peer" block with the section's peer reviewers in order; then a legend of codes.
 */
export function annexOutline(config: Guidelines, status: ProjectStatus, index: number): Element {
  const codes = Object.keys(config.contributors)
  const writing = new Set(status.sections.flatMap((s) => s.writers.map((w) => w.code)))
  const writerColumns = codes.filter((code) => writing.has(code))
  const peerCount = Math.max(0, ...status.sections.map((s) => s.peers.length))
  const peerColumns = Array.from({ length: peerCount }, (_, i) => i + 1)

  const head = h('thead', [
    h('tr', [
      h('th.col-no', { rowSpan: 2, scope: 'col' }, 'No'),
      h('th.col-topic', { rowSpan: 2, scope: 'col' }, 'Topic'),
      writerColumns.length > 0 ? h('th.col-writers', { colSpan: writerColumns.length, scope: 'colgroup' }, 'Writer') : '',
      peerCount > 0 ? h('th.col-peers', { colSpan: peerCount, scope: 'colgroup' }, 'Peer') : ''
    ]),
    h('tr', [
      ...writerColumns.map((code) => h('th.col-writer', { scope: 'col', title: config.contributors[code] }, String(codes.indexOf(code) + 1))),
      ...peerColumns.map((n) => h('th.col-peer', { scope: 'col' }, String(n)))
    ])
  ])
  const empty = () => [...writerColumns.map(() => h('td.writer')), ...peerColumns.map(() => h('td.peer'))]
  const rows: Element[] = []
  let currentPart = ''
  for (const section of status.sections) {
    const partKey = section.part?.id ?? 'front'
    if (partKey !== currentPart) {
      currentPart = partKey
      const number = section.kind === 'chapter' ? `${section.part!.number}.` : section.kind === 'annex' ? `Annex ${section.part!.number}` : ''
      const title = section.part?.title ?? 'Front matter'
      rows.push(h('tr.part-row', { id: section.part?.id }, [h('td.col-no', number), h('td.col-topic', title), ...empty()]))
    }
    rows.push(sectionRow(section, writerColumns, peerCount))
  }
  const unassigned = status.sections.some((s) => s.writers.some((w) => !w.assigned))
  const legendCodes = codes.filter((code) => writing.has(code) || status.sections.some((s) => s.peers.some((p) => p.code === code)))
  return annexSection(annexIds.outline, index, outlineTitle(config), [
    h('table.progress-table.outline-table', [head, h('tbody', rows)]),
    h('div.progress-legend', [
      h('p.legend-note', [
        'Writer columns are numbered as the contributors below. A code with a date (day/month): contribution received on that date (bold: peer-reviewed or final; brown: draft); a code alone, in grey: contribution pending.',
        unassigned ? ' An asterisk: contribution from a writer not assigned to the topic.' : ''
      ]),
      h('ul.code-legend', legendCodes.map((code) => h('li', [h('span.code', code), `: ${config.contributors[code]}`])))
    ])
  ])
}

function sectionRow(section: SectionStatus, writerColumns: string[], peerCount: number): Element {
  const cells: Element[] = writerColumns.map((code) => {
    const writer = section.writers.find((w) => w.code === code)
    if (!writer) return h('td.writer')
    const text = writer.state === 'missing' ? writer.code : `${writer.code}${writer.assigned ? '' : '*'}${writer.submitted ? ` ${dayMonth(writer.submitted)}` : ''}`
    return h('td', { className: ['writer', `state-${writer.state}`, ...(writer.assigned ? [] : ['unassigned']), ...(writer.overdue ? ['overdue'] : [])], title: writer.name }, text)
  })
  for (let i = 0; i < peerCount; i++) {
    const peer = section.peers[i]
    cells.push(peer ? h('td.peer', { title: peer.name }, peer.code) : h('td.peer'))
  }
  const marker = section.number ? `${section.number.split('.').pop()}. ` : ''
  return h('tr.section-row', { id: section.id, className: [`state-${section.state}`] }, [h('td.col-no'), h('td.col-topic', `${marker}${section.title}`), ...cells])
}

/**
 * Annex II: the work plan as a month-by-month chart: one row per task (number, task, due date
 * dd/mm/yyyy), one column per month from the first to the last due date; the due month's cell
 * holds "Feb 15". Done tasks are marked (a check mark and the class `done`).
 */
export function annexWorkplan(config: Guidelines, index: number): Element {
  const tasks = config.workplan ?? []
  const dues = tasks.flatMap((t) => (t.due ? [t.due] : [])).sort()
  const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1
  const first = dues.length > 0 ? monthIndex(dues[0]!) : 0
  const last = dues.length > 0 ? monthIndex(dues[dues.length - 1]!) : -1
  const columns = Array.from({ length: last - first + 1 }, (_, i) => first + i)
  const years: Array<{ year: number; span: number }> = []
  for (const m of columns) {
    const year = Math.floor(m / 12)
    const lastYear = years[years.length - 1]
    if (lastYear && lastYear.year === year) lastYear.span++
    else years.push({ year, span: 1 })
  }
  const head = h('thead', [
    h('tr', [
      h('th.col-no', { rowSpan: 3, scope: 'col' }, 'No.'),
      h('th.col-task', { rowSpan: 3, scope: 'col' }, 'Task'),
      h('th.col-due', { rowSpan: 3, scope: 'col' }, 'Due by'),
      ...years.map((y) => h('th.col-year', { colSpan: y.span, scope: 'colgroup' }, String(y.year)))
    ]),
    h('tr', columns.map((_, i) => h('th.col-month-number', { scope: 'col' }, String(i + 1)))),
    h('tr', columns.map((m) => h('th.col-month', { scope: 'col' }, months[m % 12]!)))
  ])
  const rows = tasks.map((task, i) => {
    const due = task.due ? monthIndex(task.due) : undefined
    const cells = columns.map((m) =>
      m === due ? h('td', { className: ['month', 'due', ...(task.done ? ['done'] : [])] }, `${months[m % 12]} ${Number(task.due!.slice(8, 10))}${task.done ? ' ✓' : ''}`) : h('td.month')
    )
    return h('tr', { className: ['task-row', task.done ? 'done' : 'open'], id: `task-${task.id}` }, [
      h('td.col-no', String(i + 1)),
      h('td.col-task', task.task),
      h('td.col-due', task.due ? dayMonthYear(task.due) : ''),
      ...cells
    ])
  })
  return annexSection(annexIds.workplan, index, 'Work plan', [
    h('table.progress-table.workplan-table', [head, h('tbody', rows)]),
    h('p.legend-note', 'The cell of the month a task is due holds its due day; a check mark (✓) and shading: task done.')
  ])
}
