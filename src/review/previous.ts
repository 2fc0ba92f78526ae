import type { Root as Hast } from 'hast'
import type { Root as Mdast } from 'mdast'
import type { VFile } from 'vfile'
import type { EditionOptions } from '../config/types.js'
import { loadProjectAt, type ProjectAtRef } from '../load/git-project.js'
import { GitError } from './git.js'
import { createOutline, type PartKind } from '../outline/model.js'
import { checkOutline } from '../outline/check.js'
import { createAbbreviationMatcher, glossaryAnchor } from '../markdown/util/abbreviations.js'
import { createParser, createRenderer, render } from '../markdown/processor.js'
import { numberDocument, type SectionContent } from '../link/number.js'

/** The sources at an earlier ref, parsed once (pass 1); rendered per edition by `renderPrevious`. */
export interface PreviousVersion {
  ref: string
  commit: string
  project: ProjectAtRef
  trees: Map<VFile, Mdast>
  matcher: ReturnType<typeof createAbbreviationMatcher>
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
 * Read and parse the project as it was at `ref` (see `loadProjectAt`). Messages on the earlier
 * sources are not the author's current problems: they stay on those files, which nothing
 * reports. Rejects with GitError for a bad ref, or when guidelines.yaml at `ref` is unusable.
 */
export async function loadPrevious(root: string, ref: string): Promise<PreviousVersion> {
  const project = await loadProjectAt(root, ref)
  if (!project.config) throw new GitError(`Cannot compare with \`${ref}\`: its guidelines.yaml is missing or invalid`)
  const matcher = createAbbreviationMatcher(project.glossary, project.config?.abbreviations?.ignore)
  const parser = createParser({ matcher })
  const trees = new Map<VFile, Mdast>()
  for (const contribution of project.contributions) {
    if (!contribution.meta) continue
    const tree = parser.parse(contribution.file)
    parser.runSync(tree, contribution.file)
    trees.set(contribution.file, tree)
  }
  return { ref, commit: project.commit, project, trees, matcher }
}

/**
 * Number and render the earlier version as `edition` would (its own outline, numbering,
 * references and footnotes), section by section. The same pass-2 pipeline as the build, so
 * that the current and earlier texts differ only where the sources do.
 */
export async function renderPrevious(previous: PreviousVersion, edition: EditionOptions, outputDir: string): Promise<PreviousSection[]> {
  const { project, trees, matcher } = previous
  const config = project.config!
  const numbering = edition.numbering ?? 'outline'
  const outline = createOutline(config, numbering)
  const grouped = checkOutline(project, config, outline, edition.sectionOrder ?? {})
  const content: SectionContent[] = grouped.map(({ section, contributions }) => ({
    section,
    contributions: contributions.filter((c) => trees.has(c.file)).map((c) => ({ file: c.file, collected: c.file.data.collected! }))
  }))
  const numbered = numberDocument(outline, content, { numbering, paragraphNumbers: edition.paragraphNumbers ?? true })
  for (const entry of project.glossary) {
    numbered.targets.set(glossaryAnchor(entry), { id: glossaryAnchor(entry), kind: 'glossary', label: entry.abbreviation ?? entry.term, title: entry.term })
  }
  const renderer = createRenderer({ targets: numbered.targets, matcher, root: project.root, outputDir })
  const sections: PreviousSection[] = []
  for (const [index, { section, contributions }] of content.entries()) {
    const out: PreviousSection = { id: section.id, title: section.title, kind: section.kind, marker: section.path || section.marker, index, contributions: [] }
    for (const { file } of contributions) {
      file.data.link = { footnotes: numbered.footnotes.get(file) ?? new Map(), expand: numbered.expand.get(file) ?? new Map() }
      const meta = project.contributions.find((c) => c.file === file)!.meta!
      out.contributions.push({ writer: meta.writer, source: file.path, tree: await render(renderer, trees.get(file)!, file) })
    }
    sections.push(out)
  }
  return sections
}
