import { toHtml } from 'hast-util-to-html'
import type { EditionOptions, GlossaryEntry } from '../config/types.js'
import type { RenderedSection } from '../core/render.js'
import { compareGlossary, markChanges, type Changes } from './compare.js'
export { markTitles } from './compare.js'
import { loadPrevious, renderPrevious, type PreviousVersion } from './previous.js'
import { changeSummary } from './summary.js'
import { versionStamp, type VersionStamp } from './stamp.js'
import type { WorkTreeState } from '../io/git.js'

export { GitError } from '../io/git.js'

/** `--compare` given for a build of no review edition: there is nothing to mark changes in. */
export class CompareError extends Error {
  override name = 'CompareError'
}
export type { Changes, SectionChange } from './compare.js'
export type { VersionStamp } from './stamp.js'

/** What review editions of one build share: the version stamp, and the earlier version to compare with. */
export interface ReviewInput {
  stamp: VersionStamp
  previous?: PreviousVersion
}

/** What a review edition adds to the template context. */
export interface ReviewParts {
  /** The version stamp, one line (`{{stamp}}` in the page footer). */
  stamp: string
  /** HTML of the change summary page (`{{{changes}}}`); empty without `--compare`. */
  changes: string
  /** Counts per section, when compared. */
  compared?: Changes
}

/** Default watermark of review editions. */
export const defaultWatermark = 'DRAFT - FOR REVIEW'

/**
 * Once per build with review editions: the version stamp of the work tree (`tree`, from
 * `workTreeState`; undefined outside git), and the sources at `compare` (a git ref) read and
 * parsed. Rejects with GitError for a bad ref.
 */
export async function prepareReview(root: string, tree: Promise<WorkTreeState | undefined>, compare?: string): Promise<ReviewInput> {
  const [stamp, previous] = await Promise.all([tree.then((state) => versionStamp(state)), compare ? loadPrevious(root, compare) : undefined])
  return { stamp, previous }
}

/**
 * Per review edition, after pass 2 has rendered every contribution: mark the changes since the
 * earlier version on the rendered trees (in place; see `markChanges`) and build the summary page.
 */
export async function reviewEdition(
  sections: RenderedSection[],
  input: ReviewInput,
  options: { edition: EditionOptions; outputDir: string; contributors: Record<string, string>; glossary?: GlossaryEntry[] }
): Promise<ReviewParts> {
  if (!input.previous) return { stamp: input.stamp.text, changes: '' }
  const earlier = await renderPrevious(input.previous, options.edition, options.outputDir)
  const compared = markChanges(sections, earlier, { ref: input.previous.ref, commit: input.previous.commit, contributors: options.contributors })
  if (options.glossary) compared.glossary = compareGlossary(input.previous.parsed.project.glossary, options.glossary)
  return { stamp: input.stamp.text, changes: toHtml(changeSummary(compared)), compared }
}
