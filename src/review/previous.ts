import type { Root as Hast } from 'hast'
import type { EditionOptions } from '../config/types.js'
import { GitError } from '../io/git.js'
import { commitReader } from '../load/readers.js'
import { loadProject } from '../load/project.js'
import type { PartKind } from '../outline/model.js'
import { parseAll, type Parsed } from '../core/parse.js'
import { renderDocument } from '../core/render.js'

/** The sources at an earlier ref, parsed once (pass 1); rendered per edition by `renderPrevious`. */
export interface PreviousVersion {
  ref: string
  commit: string
  parsed: Parsed
}
/** One contribution of the earlier version, rendered to HTML (hast) like the current ones. */
export interface PreviousContribution {
  writer: string
  source: string
  tree: Hast
}

/** A section of the earlier version's outline, numbered, with its rendered contributions. */
export interface PreviousSection {
  id: string
  title: string
  kind: PartKind
  /** Number as in references ("3.c"; the marker for front parts). */
  marker: string
  /** Position in the earlier document order (front, chapters, annexes). */
  index: number
  contributions: PreviousContribution[]
}

/**
 * Read and parse the project as it was at `ref` (through git, nothing checked out). Messages
 * on the earlier sources are not the author's current problems: they stay on those files,
 * which nothing reports. Rejects with GitError for a bad ref, or when guidelines.yaml at `ref`
 * is unusable.
 */
export async function loadPrevious(root: string, ref: string): Promise<PreviousVersion> {
  const reader = await commitReader(root, ref)
  const parsed = await parseAll(await loadProject(reader))
  if (!parsed) throw new GitError(`Cannot compare with \`${ref}\`: its guidelines.yaml is missing or invalid`)
  return { ref, commit: reader.commit!, parsed }
}

/**
 * Number and render the earlier version as `edition` would (its own outline, numbering,
 * references and footnotes), section by section: `renderDocument`, as for the current version,
 * so that the current and earlier texts differ only where the sources do.
 */
export async function renderPrevious(previous: PreviousVersion, edition: EditionOptions, outputDir: string): Promise<PreviousSection[]> {
  const document = await renderDocument(previous.parsed, { numbering: edition.numbering, paragraphNumbers: edition.paragraphNumbers, sectionOrder: edition.sectionOrder, outputDir })
  return document.sections.map(({ section, contributions }, index) => ({
    id: section.id,
    title: section.title,
    kind: section.kind,
    marker: section.path || section.marker,
    index,
    contributions: contributions.map((c) => ({ writer: c.writer, source: c.source, tree: c.tree }))
  }))
}
