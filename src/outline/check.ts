import { closest, distance } from 'fastest-levenshtein'
import type { Guidelines } from '../config/types.js'
import type { Contribution, Project } from '../model/project.js'
import { report } from '../report/rules.js'
import type { Outline, SectionUnit } from './model.js'

/** Contributions of one section, in print order. */
export interface SectionContributions {
  section: SectionUnit
  contributions: Contribution[]
  /** Assigned writers with no contribution yet. */
  missing: string[]
}

/**
 * Check the outline against itself and the contributions against the outline, and group the
 * contributions by section in print order: the order of the section's `writers`, then writers
 * who are not assigned (an edition's `sectionOrder` applies on top: `orderContributions`). Reports unknown sections and
 * writers, duplicate contributions and ids, unassigned writers and missing contributions.
 */
export function checkOutline(project: Project, config: Guidelines, outline: Outline): SectionContributions[] {
  const file = project.configFile
  const contributors = new Set(Object.keys(config.contributors))
  const seen = new Map<string, string>()
  const visitIds = (path: Array<string | number>, id: string) => {
    if (seen.has(id)) report(file, 'id-duplicate', `Unexpected duplicate id \`${id}\`, already used at ${seen.get(id)}`, project.locateConfig(path))
    else seen.set(id, `guidelines.yaml:${project.locateConfig(path)?.start.line ?? 1}`)
  }
  const groups: Array<['front' | 'outline' | 'annexes', Guidelines['outline'] | undefined]> = [['outline', config.outline], ['annexes', config.annexes]]
  config.front?.forEach((section, i) => visitIds(['front', i, 'id'], section.id))
  for (const [key, chapters] of groups) {
    chapters?.forEach((chapter, c) => {
      visitIds([key, c, 'id'], chapter.id)
      chapter.sections.forEach((section, s) => visitIds([key, c, 'sections', s, 'id'], section.id))
    })
  }
  const checkCodes = (path: Array<string | number>, codes: string[] | undefined, what: string) => {
    codes?.forEach((code, i) => {
      if (!contributors.has(code)) report(file, 'outline-unknown-writer', `Unexpected ${what} \`${code}\`, expected a code of \`contributors\` (${[...contributors].join(', ')})`, project.locateConfig([...path, i]))
    })
  }
  const sectionPath = new Map<string, Array<string | number>>()
  config.front?.forEach((section, i) => sectionPath.set(section.id, ['front', i]))
  for (const [key, chapters] of groups) chapters?.forEach((chapter, c) => chapter.sections.forEach((section, s) => sectionPath.set(section.id, [key, c, 'sections', s])))
  for (const section of outline.sections) {
    const path = sectionPath.get(section.id)!
    checkCodes([...path, 'writers'], section.source.writers, 'writer')
    checkCodes([...path, 'peers'], section.source.peers, 'peer reviewer')
  }

  const bySection = new Map<string, Contribution[]>()
  for (const contribution of project.contributions) {
    const meta = contribution.meta
    if (!meta) continue
    const section = outline.byId.get(meta.section)
    if (!section || !('source' in section)) {
      const known = outline.sections.map((s) => s.id)
      report(contribution.file, 'outline-unknown-section', `Unexpected section \`${meta.section}\`, expected a section id of guidelines.yaml${suggest(meta.section, known)}`, contribution.locateMeta(['section']))
      continue
    }
    if (!contributors.has(meta.writer)) {
      report(contribution.file, 'outline-unknown-writer', `Unexpected writer \`${meta.writer}\`, expected a code of \`contributors\` in guidelines.yaml`, contribution.locateMeta(['writer']))
      continue
    }
    const list = bySection.get(section.id) ?? []
    const twin = list.find((other) => other.meta!.writer === meta.writer)
    if (twin) {
      report(contribution.file, 'outline-duplicate-contribution', `Unexpected second contribution of \`${meta.writer}\` to section \`${section.id}\`, expected one file per writer and section (the other is ${twin.file.path})`, contribution.locateMeta(['writer']))
      continue
    }
    if (!(section.source.writers ?? []).includes(meta.writer)) {
      report(contribution.file, 'outline-unassigned-writer', `Unexpected contribution of \`${meta.writer}\` to section \`${section.id}\`, expected one of its writers (${(section.source.writers ?? []).join(', ') || 'none assigned'})`, contribution.locateMeta(['writer']))
    }
    list.push(contribution)
    bySection.set(section.id, list)
  }

  return outline.sections.map((section) => {
    const list = bySection.get(section.id) ?? []
    const writers = section.source.writers ?? []
    list.sort((a, b) => rank(writers, a.meta!.writer) - rank(writers, b.meta!.writer))
    const missing = (section.source.writers ?? []).filter((code) => !list.some((c) => c.meta!.writer === code))
    const path = sectionPath.get(section.id)!
    for (const code of missing) {
      const due = section.source.due ? `, due ${section.source.due}` : ''
      report(file, 'outline-missing-contribution', `Expected a contribution of \`${code}\` to section \`${section.id}\`${due}, found none under sections/`, project.locateConfig([...path, 'writers', (section.source.writers ?? []).indexOf(code)]))
    }
    return { section, contributions: list, missing }
  })
}

/**
 * The same groups with each section's contributions in the order an edition asks for
 * (`sectionOrder`: section id -> writer codes), writers it does not list after those it does.
 * Returns new groups; `groups` is not changed.
 */
export function orderContributions(groups: readonly SectionContributions[], order: Readonly<Record<string, string[]>> = {}): SectionContributions[] {
  return groups.map((group) => {
    const writers = order[group.section.id]
    if (!writers) return group
    return { ...group, contributions: [...group.contributions].sort((a, b) => rank(writers, a.meta!.writer) - rank(writers, b.meta!.writer)) }
  })
}

function rank(order: readonly string[], code: string): number {
  const i = order.indexOf(code)
  return i === -1 ? order.length : i
}

function suggest(value: string, options: string[]): string {
  if (options.length === 0) return ''
  const best = closest(value, options)
  return distance(value, best) <= Math.max(2, value.length / 3) ? `; did you mean \`${best}\`?` : ''
}
