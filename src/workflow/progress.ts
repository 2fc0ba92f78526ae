import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { EditionOptions, Guidelines } from '../config/types.js'
import type { Contribution } from '../model/project.js'
import type { Target } from '../model/targets.js'
import { builtInLabels, formatLabel, type Labels } from '../i18n/labels.js'
import { bodyPath, isInside } from '../load/project.js'
import { report } from '../report/rules.js'
import { createOutline, roman, type PartUnit, type SectionUnit } from '../outline/model.js'
import type { Parsed } from '../core/parse.js'
import type { DocumentPlan, RenderedDocument } from '../core/render.js'
import { extractFootnotes, footnoteList, markNotes, type Assembled, type TocEntry } from '../html/assemble.js'
import { statusFromGroups, type ProjectStatus, type SectionStatus } from './status.js'

/** Ids of the generated annexes (reference them from the body with `[](#annex-draft-outline)`). */
export const annexIds = { outline: 'annex-draft-outline', workplan: 'annex-work-plan', translations: 'annex-translations' } as const

/** How far one language's translation is, contribution by contribution (src/translation/state.ts gives it). */
export interface TranslationFigures {
  language: string
  contributions: ReadonlyArray<{ section: string; state: 'translated' | 'stale' | 'missing' }>
}


/** The progress edition's document: its body as one section, and the body's file (for its messages). */
export interface ProgressPlan {
  plan: DocumentPlan
  body: Contribution
}

/**
 * What an edition with `body` (the PTC progress document) renders: the Markdown file it names,
 * as one unnumbered chapter section whose `#` headings are the document's parts (I., II.;
 * "Part I" in references) and whose paragraphs are numbered 1, 2, ...; the outline's targets
 * stay defined, so `[](#purpose)` reads "Section 1.a" (its row in Annex I), and the generated
 * annexes are targets too. Undefined (with a message on guidelines.yaml) when the body is
 * outside the project or missing, or has no valid front matter.
 */
export function progressPlan(parsed: Parsed, name: string, edition: EditionOptions & { body: string }, labels: Labels = builtInLabels.en): ProgressPlan | undefined {
  const { project, config } = parsed
  const relative = bodyPath(edition)!
  const body = project.bodies.get(relative)
  if (!isInside(relative) || !body) {
    const outside = !isInside(relative)
    report(project.configFile, outside ? 'path-outside-root' : 'source-unreadable', `Unexpected body \`${edition.body}\` of edition \`${name}\`, expected ${outside ? 'a path inside the project' : 'an existing Markdown file'}`, project.locateConfig(['editions', name, 'body']))
    return undefined
  }
  if (!body.meta || !parsed.trees.has(body.file)) return { plan: { outline: createOutline(config, 'outline', { labels }), groups: [] }, body }
  const id = body.meta.section
  const part: PartUnit = { id: '', title: '', kind: 'chapter', marker: '', label: '', path: '', sections: [] }
  const unit: SectionUnit = { id, title: '', kind: 'chapter', marker: '', label: '', path: '', source: { id, title: '', writers: [], peers: [] }, part }
  const annexes = generatedAnnexes(config, labels, project.translations.size > 0)
  const targets = annexes.map(({ key, title }, index): Target => ({ id: annexIds[key], kind: 'annex', label: formatLabel(labels.annex, { n: roman(index + 1) }), title }))
  return { plan: { outline: createOutline(config, 'outline', { labels }), groups: [{ section: unit, contributions: [body], missing: [] }], headings: 'part', targets }, body }
}

/** The annexes the progress edition generates, in order. */
function generatedAnnexes(config: Guidelines, labels: Labels, translations = false): Array<{ key: keyof typeof annexIds; title: string }> {
  return [
    { key: 'outline' as const, title: outlineTitle(config, labels) },
    ...((config.workplan ?? []).length > 0 ? [{ key: 'workplan' as const, title: labels.workPlan }] : []),
    ...(translations ? [{ key: 'translations' as const, title: labels.translationsAnnex }] : [])
  ]
}

/**
 * Assemble the progress document: the rendered body (`document`, from `progressPlan`; absent
 * when the body could not be read) with its footnotes gathered, then Annex I, the draft outline
 * with writers, contribution dates and peer reviewers, and Annex II, the work plan month by
 * month. Returns the glossary abbreviations the body uses (for the list of acronyms).
 */
export function assembleProgress(parsed: Parsed, edition: EditionOptions, document: RenderedDocument | undefined, labels: Labels = builtInLabels.en, language = 'en', translations: readonly TranslationFigures[] = []): Assembled {
  const { config } = parsed
  // Measured on the document's date, never the clock: two builds of one commit print the same.
  const issued = edition.submission?.issued ?? config.submission?.issued ?? config.date
  const status = statusFromGroups(config, parsed.groups, { today: issued ?? '0000-01-01' })
  const back = [annexOutline(config, status, 1, labels)]
  if ((config.workplan ?? []).length > 0) back.push(annexWorkplan(config, 2, labels, language))
  if (translations.length > 0) back.push(annexTranslations(config, status, translations, back.length + 1, labels, language))
  const section = document?.sections[0]
  const contribution = section?.contributions[0]
  if (!document || !section || !contribution) return { front: [], body: [], back, footnotes: undefined, toc: [], figures: [], tables: [] }

  const hast = contribution.tree
  const body = h('section.progress-report', { id: section.section.id }, hast.children.filter((node): node is ElementContent => node.type !== 'doctype'))
  const notes: Element[] = []
  extractFootnotes(body, notes)
  markNotes(notes, contribution.language ?? language)
  const footnotes = footnoteList(notes, labels)

  const toc: TocEntry[] = []
  for (const heading of contribution.file?.data.collected?.headings ?? []) {
    if (heading.depth !== 1) continue
    const numbers = document.numbered.nodes.get(heading)
    const anchor = heading.data?.id ?? numbers?.autoId
    if (anchor) toc.push({ level: 1, marker: numbers?.marker ?? '', title: plain(heading), href: `#${anchor}`, kind: 'heading' })
  }
  const titles = generatedAnnexes(config, labels, translations.length > 0).map((a) => a.title)
  back.forEach((annex, index) => toc.push({ level: 1, marker: formatLabel(labels.annexHeading, { n: roman(index + 1) }), title: titles[index] ?? '', href: `#${String(annex.properties.id)}`, kind: 'annex' }))
  return { front: [], body: [body], back, footnotes, toc, figures: [], tables: [] }
}

function plain(node: { children?: unknown[]; value?: unknown }): string {
  if (typeof node.value === 'string') return node.value
  return (node.children ?? []).map((child) => plain(child as typeof node)).join('')
}

function outlineTitle(config: Guidelines, labels: Labels): string {
  return config.submission?.topic ? formatLabel(labels.draftOutlineOn, { topic: config.submission.topic }) : labels.draftOutline
}

/** `section.annex` with `h1.annex-title` (same structure as assemble.ts; the template adds "to Doc. REF"). */
function annexSection(id: string, index: number, title: string, children: ElementContent[], labels: Labels): Element {
  const marker = formatLabel(labels.annexHeading, { n: roman(index) })
  return h('section', { className: ['annex', 'annex-generated'], id }, [
    h('h1', { className: ['annex-title'] }, [h('span.num', `${marker} `), h('span.annex-title', title)]),
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
export function annexOutline(config: Guidelines, status: ProjectStatus, index: number, labels: Labels = builtInLabels.en): Element {
  const codes = Object.keys(config.contributors)
  const writing = new Set(status.sections.flatMap((s) => s.writers.map((w) => w.code)))
  const writerColumns = codes.filter((code) => writing.has(code))
  const peerCount = Math.max(0, ...status.sections.map((s) => s.peers.length))
  const peerColumns = Array.from({ length: peerCount }, (_, i) => i + 1)

  const head = h('thead', [
    h('tr', [
      h('th.col-no', { rowSpan: 2, scope: 'col' }, labels.columnNo),
      h('th.col-topic', { rowSpan: 2, scope: 'col' }, labels.columnTopic),
      writerColumns.length > 0 ? h('th.col-writers', { colSpan: writerColumns.length, scope: 'colgroup' }, labels.columnWriter) : '',
      peerCount > 0 ? h('th.col-peers', { colSpan: peerCount, scope: 'colgroup' }, labels.columnPeer) : ''
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
      const number = section.kind === 'chapter' ? `${section.part!.number}.` : section.kind === 'annex' ? formatLabel(labels.annexHeading, { n: section.part!.number }) : ''
      const title = section.part?.title ?? labels.frontMatter
      rows.push(h('tr.part-row', { id: section.part?.id }, [h('td.col-no', number), h('td.col-topic', title), ...empty()]))
    }
    rows.push(sectionRow(section, writerColumns, peerCount))
  }
  const unassigned = status.sections.some((s) => s.writers.some((w) => !w.assigned))
  const legendCodes = codes.filter((code) => writing.has(code) || status.sections.some((s) => s.peers.some((p) => p.code === code)))
  return annexSection(annexIds.outline, index, outlineTitle(config, labels), [
    h('table.progress-table.outline-table', [head, h('tbody', rows)]),
    h('div.progress-legend', [
      h('p.legend-note', [
        labels.outlineLegend,
        unassigned ? labels.outlineLegendUnassigned : ''
      ]),
      h('ul.code-legend', legendCodes.map((code) => h('li', [h('span.code', code), `: ${config.contributors[code]}`])))
    ])
  ], labels)
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
export function annexWorkplan(config: Guidelines, index: number, labels: Labels = builtInLabels.en, language = 'en'): Element {
  const months = labels.months.split(' ')
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
      h('th.col-no', { rowSpan: 3, scope: 'col' }, labels.columnTaskNo),
      h('th.col-task', { rowSpan: 3, scope: 'col' }, labels.columnTask),
      h('th.col-due', { rowSpan: 3, scope: 'col' }, labels.columnDue),
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
  return annexSection(annexIds.workplan, index, labels.workPlan, [
    h('table.progress-table.workplan-table', [head, h('tbody', rows)]),
    h('p.legend-note', labels.workplanLegend)
  ], labels)
}

/** "French" for `fr` in an English edition ("français" -> "Français" in a French one, as a column head); the tag when the runtime does not know it. */
function languageName(tag: string, language: string): string {
  let name: string | undefined
  try {
    name = new Intl.DisplayNames([language], { type: 'language' }).of(tag)
  } catch {
    name = undefined
  }
  if (!name || name === tag) return tag
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1)
}

/**
 * The annex on the translations: one row per section, and for each language the number of its
 * contributions translated, out of date (the source changed since) and missing; totals last.
 * The same figures as `guidelines status --language LANG`.
 */
export function annexTranslations(config: Guidelines, status: ProjectStatus, translations: readonly TranslationFigures[], index: number, labels: Labels = builtInLabels.en, language = config.language): Element {
  const states = ['translated', 'stale', 'missing'] as const
  const head = h('thead', [
    h('tr', [h('th.col-no', { rowSpan: 2, scope: 'col' }, labels.columnNo), h('th.col-topic', { rowSpan: 2, scope: 'col' }, labels.columnTopic), ...translations.map((t) => h('th', { colSpan: 3, scope: 'colgroup' }, languageName(t.language, language)))]),
    h('tr', translations.flatMap(() => states.map((state) => h('th', { scope: 'col', className: [`col-${state}`] }, labels[state]))))
  ])
  const count = (t: TranslationFigures, state: (typeof states)[number], section?: string) => t.contributions.filter((c) => c.state === state && (section === undefined || c.section === section)).length
  const rows = status.sections.map((section) =>
    h('tr.section-row', [h('td.col-no', section.number || ''), h('td.col-topic', section.title), ...translations.flatMap((t) => states.map((state) => h('td', { className: ['count', `state-${state}`] }, String(count(t, state, section.id) || ''))))])
  )
  const totals = h('tr.totals-row', [h('td.col-no'), h('td.col-topic'), ...translations.flatMap((t) => states.map((state) => h('td', { className: ['count', `state-${state}`] }, String(count(t, state)))))])
  return annexSection(annexIds.translations, index, labels.translationsAnnex, [h('table.progress-table.translations-table', [head, h('tbody', [...rows, totals])])], labels)
}
