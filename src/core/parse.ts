import type { Root as Mdast } from 'mdast'
import type { VFile } from 'vfile'
import type { Guidelines } from '../config/types.js'
import type { Contribution, Project } from '../model/project.js'
import { createOutline } from '../outline/model.js'
import { checkOutline, type SectionContributions } from '../outline/check.js'
import { createAbbreviationMatcher, type AbbreviationMatcher } from '../markdown/util/abbreviations.js'
import { createParser } from '../markdown/processor.js'
import type { ParseCache } from './parse-cache.js'

/** A project parsed once (pass 1) and checked against its outline: what every edition renders from. */
export interface Parsed {
  project: Project
  config: Guidelines
  /** Contributions by section, in the order of each section's `writers` (see `orderContributions`). */
  groups: SectionContributions[]
  /**
   * Pass-1 tree of every contribution and edition body with valid front matter. Shared, read
   * only: every edition (and the watch cache) uses the same trees; pass 2 renders copies.
   */
  trees: ReadonlyMap<VFile, Mdast>
  matcher: AbbreviationMatcher
}

export interface ParseOptions {
  /** Pass-1 results kept between builds (watch mode): unchanged files are not parsed again. */
  cache?: ParseCache
}

/**
 * Pass 1 on every contribution (and edition body) of a project, once for all editions: parse,
 * `{#id}` attributes, collection of ids, numbered blocks, footnotes and abbreviations into
 * `file.data.collected`; then the outline check. Messages go on the files. Undefined when the
 * project has no usable guidelines.yaml.
 */
export function parseAll(project: Project, options: ParseOptions = {}): Parsed | undefined {
  const config = project.config
  if (!config) return undefined
  const { cache } = options
  const matcher = createAbbreviationMatcher(project.glossary)
  const parser = createParser({ matcher })
  const trees = new Map<VFile, Mdast>()
  // Pass 1 reads the glossary (abbreviations) besides the file itself.
  cache?.begin(String(project.glossaryFile.value))
  const parse = (contribution: Contribution) => {
    if (!contribution.meta) return
    const cached = cache?.restore(contribution.file)
    if (cached) {
      trees.set(contribution.file, cached)
      return
    }
    const before = contribution.file.messages.length
    const tree = parser.parse(contribution.file)
    parser.runSync(tree, contribution.file)
    trees.set(contribution.file, tree)
    cache?.store(contribution.file, tree, before)
  }
  project.contributions.forEach(parse)
  project.bodies.forEach(parse)
  cache?.end()
  const groups = checkOutline(project, config, createOutline(config))
  return { project, config, groups, trees, matcher }
}
