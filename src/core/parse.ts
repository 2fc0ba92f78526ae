import type { Root as Mdast } from 'mdast'
import type { VFile } from 'vfile'
import type { Guidelines } from '../config/types.js'
import type { Project, TranslatedContribution, Translation } from '../model/project.js'
import type { GlossaryTerm } from '../model/glossary.js'
import { glossaryAnchor } from '../model/glossary.js'
import { createOutline } from '../outline/model.js'
import { checkOutline, type SectionContributions } from '../outline/check.js'
import { createAbbreviationMatcher, type AbbreviationMatcher } from '../markdown/util/abbreviations.js'
import { createParser } from '../markdown/processor.js'
import { blockShapes, firstDifference } from '../markdown/util/structure.js'
import { report } from '../report/rules.js'
import type { ParseCache } from './parse-cache.js'
import { pause } from '../pause.js'

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
  /** The translations parsed, by language (only the languages asked for). */
  languages: ReadonlyMap<string, ParsedLanguage>
}

/** One language's translations, parsed once for every edition in that language. */
export interface ParsedLanguage {
  language: string
  translation: Translation
  /** The glossary in this language: each source entry, translated where a translation exists (anchors stay the source's). */
  glossary: GlossaryTerm[]
  /** Abbreviations of this language's glossary (`OEA`): what its translated texts use. */
  matcher: AbbreviationMatcher
  /** The translated contributions with their pass-1 trees, by the source contribution's file. */
  contributions: ReadonlyMap<VFile, { translated: TranslatedContribution; tree: Mdast }>
}

export interface ParseOptions {
  /** Pass-1 results kept between builds (watch mode): unchanged files are not parsed again. */
  cache?: ParseCache
  /** Stops the parse (Ctrl-C, SIGTERM): checked between contributions, when the event loop turns. */
  signal?: AbortSignal
  /** Languages whose translations editions will print (default: none). */
  languages?: readonly string[]
}

/**
 * Pass 1 on every contribution (and edition body) of a project, once for all editions: parse,
 * `{#id}` attributes, collection of ids, numbered blocks, footnotes and abbreviations into
 * `file.data.collected`; then the outline check; then the same for the translations of each
 * language asked for, each checked against its source (`translation-structure`). Messages go
 * on the files. Undefined when the project has no usable guidelines.yaml.
 */
export async function parseAll(project: Project, options: ParseOptions = {}): Promise<Parsed | undefined> {
  const config = project.config
  if (!config) return undefined
  const { cache, signal } = options
  const ignore = config.abbreviations?.ignore ?? []
  const matcher = createAbbreviationMatcher(project.glossary, ignore)
  const trees = new Map<VFile, Mdast>()
  // Pass 1 reads the glossaries (abbreviations) besides the file itself.
  const translations = (options.languages ?? []).flatMap((language) => project.translations.get(language) ?? [])
  cache?.begin([project.glossaryFile, ...translations.map((t) => t.glossaryFile)].map((file) => String(file.value)).join('\0') + JSON.stringify(ignore))
  const parse = parserWith(matcher, cache)
  for (const contribution of [...project.contributions, ...project.bodies.values()]) {
    if (!contribution.meta) continue
    await pause(signal) // Ctrl-C is handled between contributions
    trees.set(contribution.file, parse(contribution.file))
  }
  const languages = new Map<string, ParsedLanguage>()
  for (const translation of translations) languages.set(translation.language, await parseLanguage(project, translation, trees, cache, ignore, signal))
  cache?.end()
  const groups = checkOutline(project, config, createOutline(config))
  return { project, config, groups, trees, matcher, languages }
}

/** A pass-1 parse of one file with `matcher`, through the cache when there is one. */
function parserWith(matcher: AbbreviationMatcher, cache: ParseCache | undefined) {
  const parser = createParser({ matcher })
  return (file: VFile): Mdast => {
    const cached = cache?.restore(file)
    if (cached) return cached
    const before = file.messages.length
    const tree = parser.parse(file)
    parser.runSync(tree, file)
    cache?.store(file, tree, before)
    return tree
  }
}

/**
 * Parse a language's translated contributions with that language's glossary, and check each
 * against its source: a translation of no contribution, front matter naming another section or
 * writer, or blocks that differ from the source's (`translation-structure`, at the first
 * difference, naming the source line it should match).
 */
async function parseLanguage(project: Project, translation: Translation, sourceTrees: ReadonlyMap<VFile, Mdast>, cache: ParseCache | undefined, ignore: readonly string[], signal: AbortSignal | undefined): Promise<ParsedLanguage> {
  const byTerm = new Map(translation.glossary.map((entry) => [entry.source, entry]))
  const glossary: GlossaryTerm[] = project.glossary.map((entry) => {
    const translated = byTerm.get(entry.term)
    return translated ? { term: translated.term, abbreviation: translated.abbreviation, definition: translated.definition, anchor: glossaryAnchor(entry) } : { ...entry, anchor: glossaryAnchor(entry) }
  })
  const matcher = createAbbreviationMatcher(glossary, ignore)
  const parse = parserWith(matcher, cache)
  const sources = new Map(project.contributions.map((c) => [c.file.path, c]))
  const contributions = new Map<VFile, { translated: TranslatedContribution; tree: Mdast }>()
  for (const [path, translated] of translation.contributions) {
    const source = sources.get(path)
    const { file, meta } = translated
    if (!source) {
      report(file, 'translation-structure', `Unexpected translation of \`${path}\`, which does not exist, expected a file at the same path as its source under sections/`, { line: 1, column: 1 })
      continue
    }
    if (!meta || !source.meta) continue
    await pause(signal)
    for (const key of ['section', 'writer'] as const) {
      if (meta[key] !== undefined && meta[key] !== source.meta[key]) {
        report(file, 'translation-structure', `Unexpected \`${key}: ${meta[key]}\`, expected \`${source.meta[key]}\` as in ${path} (front matter keys are not translated)`, translated.locateMeta([key]))
      }
    }
    const tree = parse(file)
    contributions.set(source.file, { translated, tree })
    const sourceTree = sourceTrees.get(source.file)
    if (!sourceTree) continue
    const difference = firstDifference(blockShapes(sourceTree), blockShapes(tree))
    if (difference) {
      const expected = difference.source ? `${difference.source.kind}${difference.source.id ? ` {#${difference.source.id}}` : ''} as in ${path}:${difference.source.position?.start.line ?? 1}` : `nothing more (${path} ends at line ${sourceTree.position?.end.line ?? 1})`
      const found = difference.translation ? `${difference.translation.kind.replace(/^(a|an|the) /, '')}${difference.translation.id ? ` {#${difference.translation.id}}` : ''}` : 'end of the translation'
      const place = difference.translation?.position ?? tree.position?.end
      report(file, 'translation-structure', `Unexpected ${found}, expected ${expected}: a translation keeps its source's blocks and ids, in order`, place)
    }
  }
  return { language: translation.language, translation, glossary, matcher, contributions }
}
