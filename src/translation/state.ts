import { diffArrays, diffWords } from 'diff'
import type { Root as Mdast, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { VFile } from 'vfile'
import { readAtCommits } from '../io/git.js'
import type { Contribution, TranslatedContribution } from '../model/project.js'
import type { Parsed } from '../core/parse.js'
import { numberEdition } from '../core/render.js'
import { createParser } from '../markdown/processor.js'
import { report } from '../report/rules.js'

/** Where the translation of one contribution into one language stands. */
export type TranslationStateName = 'translated' | 'stale' | 'missing'

/** One block of the source that changed since the commit its translation follows. */
export interface SourceChange {
  /** What happened to the block: its text changed, it was added, or removed. */
  kind: 'changed' | 'added' | 'removed'
  /** Paragraph number in the document (numbered chapter paragraphs), as printed now. */
  paragraph: number | null
  /** Line of the block in today's source (for a removed block: where it was, in the old source). */
  line: number
  /** Words added and removed. */
  added: number
  removed: number
  /** The block's text now (for a removed block: as it was), shortened. */
  text: string
}

/** One contribution's translation into one language. */
export interface ContributionTranslation {
  /** Project-relative path of the source (`sections/...`). */
  source: string
  /** Project-relative path of the translation, or null when there is none. */
  translation: string | null
  section: string
  writer: string
  state: TranslationStateName
  /** The commit named by the translation's `translates:`, or null. */
  translates: string | null
  /** Why a translation is stale: its source changed (`changes`), it names no commit, or the commit or file is not in git. */
  reason?: 'changed' | 'untracked' | 'unknown-commit'
  /** For a stale translation whose source changed: the blocks that changed since `translates`. */
  changes?: SourceChange[]
}

/** Every contribution's translation into one language, in document order, with totals. */
export interface LanguageStatus {
  language: string
  contributions: ContributionTranslation[]
  totals: { contributions: number; translated: number; stale: number; missing: number }
}

/**
 * Where the translations into `language` stand, contribution by contribution: translated (its
 * `translates:` commit holds the source as it is today), stale (the source changed since: which
 * blocks, by paragraph number and source line, with words added and removed; or no commit is
 * named, or git does not know it) or missing. Reads the sources at those commits through git
 * (one `git cat-file --batch`); outside git every translation with a commit is stale
 * (`unknown-commit`).
 */
export async function translationStatus(parsed: Parsed, language: string): Promise<LanguageStatus> {
  const { project } = parsed
  const translation = project.translations.get(language)
  const ordered = parsed.groups.flatMap((group) => group.contributions)
  // Paragraph numbers as the source edition prints them (numbers are the same in every language).
  const numbers = numberEdition(parsed, { outputDir: project.root, paragraphNumbers: true }).numbered.nodes
  const withCommit = ordered.flatMap((c) => {
    const translated = translation?.contributions.get(c.file.path)
    return translated?.meta?.translates ? [{ contribution: c, translated, commit: translated.meta.translates }] : []
  })
  const then = await readAtCommits(project.root, withCommit.map(({ contribution, commit }) => ({ commit, path: contribution.file.path }))).catch(() => withCommit.map(() => undefined))
  const earlier = new Map(withCommit.map((entry, i) => [entry.contribution, then[i]]))
  const parser = createParser({ matcher: parsed.matcher })
  const contributions = ordered.map((contribution): ContributionTranslation => {
    const translated = translation?.contributions.get(contribution.file.path)
    const base = { source: contribution.file.path, translation: translated?.file.path ?? null, section: contribution.meta!.section, writer: contribution.meta!.writer, translates: translated?.meta?.translates ?? null }
    if (!translated) return { ...base, state: 'missing' }
    if (!translated.meta?.translates) return { ...base, state: 'stale', reason: 'untracked' }
    const bytes = earlier.get(contribution)
    if (bytes === undefined) return { ...base, state: 'stale', reason: 'unknown-commit' }
    const old = new TextDecoder().decode(bytes)
    if (old === String(contribution.file.value)) return { ...base, state: 'translated' }
    const changes = sourceChanges(parser, old, contribution, parsed.trees.get(contribution.file), numbers)
    return changes.length === 0 ? { ...base, state: 'translated' } : { ...base, state: 'stale', reason: 'changed', changes }
  })
  const count = (state: TranslationStateName) => contributions.filter((c) => c.state === state).length
  return { language, contributions, totals: { contributions: contributions.length, translated: count('translated'), stale: count('stale'), missing: count('missing') } }
}

/**
 * Report stale translations on their files (`translation-stale`, at `translates:`), naming the
 * source paragraphs that changed since; a translation without `translates:` too.
 */
export function reportStale(parsed: Parsed, status: LanguageStatus): void {
  const translation = parsed.project.translations.get(status.language)
  for (const entry of status.contributions) {
    if (entry.state !== 'stale') continue
    const translated: TranslatedContribution | undefined = translation?.contributions.get(entry.source)
    if (!translated) continue
    const place = translated.locateMeta(['translates']) ?? { line: 1, column: 1 }
    if (entry.reason === 'untracked') {
      report(translated.file, 'translation-stale', `Unexpected translation without \`translates:\`, expected the commit of the source it follows (\`guidelines translate start\` writes it)`, place)
    } else if (entry.reason === 'unknown-commit') {
      report(translated.file, 'translation-stale', `Unexpected \`translates: ${entry.translates}\`, expected a commit of this repository holding ${entry.source}`, place)
    } else {
      const where = (entry.changes ?? []).map((c) => `${c.paragraph !== null ? `paragraph ${c.paragraph}, ` : ''}line ${c.line}${c.kind === 'changed' ? '' : ` (${c.kind})`}`)
      report(translated.file, 'translation-stale', `Unexpected stale translation: ${entry.source} changed since ${entry.translates!.slice(0, 7)} (${where.join('; ')}), expected the translation updated and \`translates:\` set to the commit it now follows`, place)
    }
  }
}

/** The root blocks of a source, with what identifies them for alignment. */
interface Block {
  node: RootContent
  text: string
  line: number
}

function blocksOf(tree: Mdast | undefined): Block[] {
  return (tree?.children ?? []).filter((node) => node.type !== 'yaml' && node.type !== 'definition').map((node) => ({ node, text: toString(node).replace(/\s+/g, ' ').trim(), line: node.position?.start.line ?? 1 }))
}

/**
 * The blocks of `contribution` that differ from its text `old`: blocks aligned by their text
 * (a longest common subsequence), then, in each stretch that differs, removed and added blocks
 * paired in order as changed blocks (words added and removed counted), the rest added or removed.
 */
function sourceChanges(parser: ReturnType<typeof createParser>, old: string, contribution: Contribution, tree: Mdast | undefined, numbers: ReadonlyMap<object, { number?: number }>): SourceChange[] {
  const oldFile = new VFile({ path: contribution.file.path, value: old })
  const oldTree = parser.parse(oldFile)
  parser.runSync(oldTree, oldFile)
  const before = blocksOf(oldTree)
  const after = blocksOf(tree)
  const changes: SourceChange[] = []
  const short = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text)
  const numberOf = (block: Block) => numbers.get(block.node)?.number ?? null
  const words = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length
  let i = 0
  let j = 0
  const removed: Block[] = []
  const added: Block[] = []
  const flush = () => {
    const pairs = Math.min(removed.length, added.length)
    for (let k = 0; k < pairs; k++) {
      const a = removed[k]!
      const b = added[k]!
      let plus = 0
      let minus = 0
      for (const part of diffWords(a.text, b.text)) {
        if (part.added) plus += words(part.value)
        else if (part.removed) minus += words(part.value)
      }
      changes.push({ kind: 'changed', paragraph: numberOf(b), line: b.line, added: plus, removed: minus, text: short(b.text) })
    }
    for (const b of added.slice(pairs)) changes.push({ kind: 'added', paragraph: numberOf(b), line: b.line, added: words(b.text), removed: 0, text: short(b.text) })
    for (const a of removed.slice(pairs)) changes.push({ kind: 'removed', paragraph: null, line: a.line, added: 0, removed: words(a.text), text: short(a.text) })
    removed.length = 0
    added.length = 0
  }
  for (const part of diffArrays(before.map((b) => b.text), after.map((b) => b.text))) {
    const count = part.count ?? part.value.length
    if (part.removed) {
      removed.push(...before.slice(i, i + count))
      i += count
    } else if (part.added) {
      added.push(...after.slice(j, j + count))
      j += count
    } else {
      flush()
      i += count
      j += count
    }
  }
  flush()
  return changes
}
