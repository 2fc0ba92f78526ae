import type { Guidelines } from '../config/types.js'
import type { Contribution, Project } from '../load/project.js'
import { createOutline, type PartKind } from '../outline/model.js'
import { checkOutline, type SectionContributions } from '../outline/check.js'

/** Where a writer's contribution to a section stands. */
export type ContributionState = 'missing' | 'draft' | 'peer-reviewed' | 'final'

/** Where a section stands: every assigned writer's text peer-reviewed or final, some text, none. */
export type SectionState = 'complete' | 'in-progress' | 'missing'

/** One writer of a section and their contribution. */
export interface WriterStatus {
  code: string
  /** Name from `contributors` (the code when unknown). */
  name: string
  state: ContributionState
  /** `submitted` of the front matter, YYYY-MM-DD, or null. */
  submitted: string | null
  /** Path of the contribution relative to the root, or null when missing. */
  file: string | null
  /** Whether the writer is one of the section's `writers`. */
  assigned: boolean
  /** Assigned, due before today and neither peer-reviewed nor final. */
  overdue: boolean
}

/** One section of the outline (front part, chapter section or annex section). */
export interface SectionStatus {
  id: string
  /** "2.a" for chapter sections, "I.a" for annex sections, "" for front parts. */
  number: string
  title: string
  kind: PartKind
  /** The chapter or annex the section belongs to (null for front parts). */
  part: { id: string; number: string; title: string } | null
  state: SectionState
  due: string | null
  overdue: boolean
  /** Assigned writers in their order, then writers who contributed without being assigned. */
  writers: WriterStatus[]
  peers: Array<{ code: string; name: string }>
}

/** A work-plan task that is overdue or due soon. */
export interface TaskStatus {
  /** Position in `workplan`, from 1 (the "No." of the work-plan chart). */
  number: number
  id: string
  task: string
  due: string
  state: 'overdue' | 'due-soon'
  /** Days from today to the due date (negative when overdue). */
  days: number
}

/** Everything `guidelines status` prints. */
export interface ProjectStatus {
  today: string
  title: string
  reference: string | null
  sections: SectionStatus[]
  totals: { sections: number; complete: number; inProgress: number; missing: number; overdue: number }
  /** Not done, with a due date before today or within `horizon` days, by due date. */
  workplan: TaskStatus[]
  /** Contributions by writers not assigned to their section. */
  unassigned: Array<{ section: string; number: string; writer: string; file: string }>
}

export interface StatusOptions {
  /** YYYY-MM-DD; what "overdue" and "due soon" are measured against. */
  today: string
  /** Days ahead for work-plan tasks "due soon" (default 30). */
  horizon?: number
}

/**
 * The status of a project: loads nothing, reads the outline of `project.config` and the
 * contributions' front matter. Problems in the sources are reported on the project's files as
 * `check` would; the caller decides whether to show them. Requires a valid configuration.
 */
export function projectStatus(project: Project, options: StatusOptions): ProjectStatus {
  const config = project.config
  if (!config) throw new Error('projectStatus needs a project whose guidelines.yaml is valid')
  const grouped = checkOutline(project, config, createOutline(config))
  return statusFromGroups(config, grouped, options)
}

/**
 * The status computed from contributions already grouped by `checkOutline` (what `build`
 * holds), so the progress edition and `status` agree by construction.
 */
export function statusFromGroups(config: Guidelines, grouped: SectionContributions[], options: StatusOptions): ProjectStatus {
  const { today } = options
  const horizon = options.horizon ?? 30
  const name = (code: string) => config.contributors[code] ?? code
  const unassigned: ProjectStatus['unassigned'] = []

  const sections = grouped.map(({ section, contributions }): SectionStatus => {
    const assignedCodes = section.source.writers ?? []
    const due = section.source.due ?? null
    const late = due !== null && due < today
    const writerOf = (code: string, contribution: Contribution | undefined, assigned: boolean): WriterStatus => {
      const state: ContributionState = contribution ? (contribution.meta!.status ?? 'draft') : 'missing'
      return {
        code,
        name: name(code),
        state,
        submitted: contribution?.meta!.submitted ?? null,
        file: contribution?.file.path ?? null,
        assigned,
        overdue: assigned && late && (state === 'missing' || state === 'draft')
      }
    }
    const writers = assignedCodes.map((code) => writerOf(code, contributions.find((c) => c.meta!.writer === code), true))
    for (const contribution of contributions) {
      const code = contribution.meta!.writer
      if (assignedCodes.includes(code)) continue
      writers.push(writerOf(code, contribution, false))
      unassigned.push({ section: section.id, number: section.path, writer: code, file: contribution.file.path })
    }
    const assigned = writers.filter((w) => w.assigned)
    const done = (w: WriterStatus) => w.state === 'peer-reviewed' || w.state === 'final'
    const state: SectionState =
      contributions.length === 0 ? 'missing' : assigned.every(done) && (assigned.length > 0 || writers.every(done)) ? 'complete' : 'in-progress'
    return {
      id: section.id,
      number: section.path,
      title: section.title,
      kind: section.kind,
      part: section.kind === 'front' ? null : { id: section.part.id, number: section.part.path, title: section.part.title },
      state,
      due,
      overdue: late && state !== 'complete',
      writers,
      peers: (section.source.peers ?? []).map((code) => ({ code, name: name(code) }))
    }
  })

  const limit = addDays(today, horizon)
  const workplan: TaskStatus[] = []
  ;(config.workplan ?? []).forEach((task, index) => {
    if (task.done || !task.due || task.due > limit) return
    workplan.push({ number: index + 1, id: task.id, task: task.task, due: task.due, state: task.due < today ? 'overdue' : 'due-soon', days: daysBetween(today, task.due) })
  })
  workplan.sort((a, b) => a.due.localeCompare(b.due) || a.number - b.number)

  const count = (state: SectionState) => sections.filter((s) => s.state === state).length
  return {
    today,
    title: config.title,
    reference: config.reference ?? null,
    sections,
    totals: { sections: sections.length, complete: count('complete'), inProgress: count('in-progress'), missing: count('missing'), overdue: sections.filter((s) => s.overdue).length },
    workplan,
    unassigned
  }
}

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/** Today in the local time zone, YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
