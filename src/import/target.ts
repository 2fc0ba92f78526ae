import path from 'node:path'
import type { Project } from '../load/project.js'
import { glossaryAnchor } from '../model/glossary.js'
import type { Outline, SectionUnit } from '../outline/model.js'
import { annexIds } from '../workflow/progress.js'

/**
 * Where a new contribution of `writer` to `section` goes by default (relative to the root, with
 * `/`), following the project's own layout:
 * - the writer already has a contribution to the section: that file;
 * - the section has contributions: next to them, named `writer.md` (or `section-writer.md` when
 *   that folder holds other sections' contributions, as `guidelines init` lays them out);
 * - other sections of the same chapter have their own folders: a sibling folder
 *   `<letter>-<section id>` (front parts: `<section id>`), file `writer.md`;
 * - their contributions share one folder: `section-writer.md` in it;
 * - nothing of the chapter yet: `sections/<NN>-<chapter id>/<letter>-<section id>/writer.md`
 *   (`00-front/<id>/` for front parts, `annex-<n>-<annex id>/` for annexes).
 * The writer's code is lower-cased.
 */
export function defaultContributionPath(project: Project, outline: Outline, sectionId: string, writer: string): string {
  const code = writer.toLowerCase()
  const unit = outline.byId.get(sectionId) as SectionUnit
  const contributions = project.contributions.filter((c) => c.meta && c.file.path)
  const relative = (file: string) => path.relative(project.root, path.resolve(project.root, file)).split(path.sep).join('/')
  const mine = contributions.filter((c) => c.meta!.section === sectionId)
  const own = mine.find((c) => c.meta!.writer === writer)
  if (own) return relative(own.file.path)
  const sectionsIn = (dir: string) => new Set(contributions.filter((c) => path.posix.dirname(relative(c.file.path)) === dir).map((c) => c.meta!.section))
  if (mine.length > 0) {
    const dir = path.posix.dirname(relative(mine[0]!.file.path))
    const flat = [...sectionsIn(dir)].some((id) => id !== sectionId) || path.posix.basename(relative(mine[0]!.file.path)).startsWith(`${sectionId}-`)
    return `${dir}/${flat ? `${sectionId}-${code}` : code}.md`
  }
  // Contributions to the other sections of the chapter show its layout: a folder per section
  // (`b-scope/iaph.md`) or one folder for the chapter (`01-introduction/scope-iaph.md`).
  const votes = new Map<string, number>()
  for (const c of contributions) {
    const sibling = unit.part.sections.find((s) => s.id === c.meta!.section && s.id !== sectionId)
    if (!sibling) continue
    const file = relative(c.file.path)
    const dir = path.posix.dirname(file)
    const perSection = path.posix.basename(file) === `${c.meta!.writer.toLowerCase()}.md` || new RegExp(`(^|-)${sibling.id}$`).test(path.posix.basename(dir))
    const key = perSection ? `${path.posix.dirname(dir)}/${sectionFolder(unit)}/${code}.md` : `${dir}/${sectionId}-${code}.md`
    votes.set(key, (votes.get(key) ?? 0) + 1)
  }
  if (votes.size > 0) return [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]
  return `sections/${partFolder(outline, unit)}/${sectionFolder(unit)}/${code}.md`
}

function sectionFolder(unit: SectionUnit): string {
  return unit.kind === 'front' ? unit.id : `${unit.marker.replace(/\.$/, '')}-${unit.id}`
}

function partFolder(outline: Outline, unit: SectionUnit): string {
  if (unit.kind === 'front') return '00-front'
  const same = outline.parts.filter((p) => p.kind === unit.kind)
  const index = same.indexOf(unit.part) + 1
  return unit.kind === 'annex' ? `annex-${index}-${unit.part.id}` : `${String(index).padStart(2, '0')}-${unit.part.id}`
}

const idInText = /\{#([A-Za-z0-9][A-Za-z0-9-]*)\}/g

/**
 * Every id the project already uses: outline ids, glossary anchors, the progress annexes, and
 * every `{#id}` written in a contribution (except in `except`, the file being replaced).
 */
export function projectIds(project: Project, outline: Outline, except?: string): Set<string> {
  const ids = new Set<string>([...outline.byId.keys(), ...Object.values(annexIds), ...project.glossary.map(glossaryAnchor)])
  for (const contribution of project.contributions) {
    if (except && path.resolve(project.root, contribution.file.path) === path.resolve(except)) continue
    for (const match of String(contribution.file.value).matchAll(idInText)) ids.add(match[1]!.toLowerCase())
  }
  return ids
}
