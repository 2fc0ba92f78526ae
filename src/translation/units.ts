import { createHash } from 'node:crypto'
import type { Root as Mdast } from 'mdast'
import { VFile } from 'vfile'
import type { Parsed } from '../core/parse.js'
import { numberEdition } from '../core/render.js'
import { readAtCommits } from '../io/git.js'
import { createParser } from '../markdown/processor.js'
import { blockShapes, firstDifference } from '../markdown/util/structure.js'
import type { Contribution, TranslatedContribution } from '../model/project.js'
import { byPath, pathAligner, pathKey, signature } from './align.js'
import { leavesOf, matchCodes, plainText, type Inline, type Leaf } from './segments.js'
import type { ReadInline } from './xliff.js'

/**
 * The units of a language's translation of the contributions: every leaf of every source (see
 * segments.ts) with a stable id, where its translation is (the leaf at the same place of the
 * translation file, found through the source the translation follows), whether its source
 * changed since, and the number of the paragraph it is in.
 *
 * Unit ids (unique in their file, stable across runs):
 * - a block with a `{#id}` (heading, paragraph, table caption, figure): the id itself
 *   (`purpose-scope`), which stays when its text changes;
 * - a footnote's paragraphs: `fn.LABEL.N` (N from 1 in the footnote);
 * - any other block: its kind and a hash of its text and markup (`p.3f2a9c1e`, `li.`, `td.`,
 *   `q.`, `h.`, `cap.`, `fig.`), `.2`, `.3` for a repeated text. Inserting or removing blocks
 *   elsewhere never changes an id; editing the block's own text gives it a new one (its
 *   translation then has to be redone, which a CAT tool's translation memory helps with).
 */

/** One leaf of a source with its translation. */
export interface PlacedUnit {
  id: string
  leaf: Leaf
  /** Its translation's leaf at the same place, when there is one of the same kind. */
  place?: Leaf
  /** The translation's content there, codes numbered as the source's; absent when there is none or its markup differs. */
  target?: Inline[]
  /** A translation leaf is there but its markup differs from the source's: its raw Markdown, for a note. */
  mismatch?: string
  /** Whether the import can write this unit (a translation leaf of the same kind is at its place, or the file is to be created). */
  placeable: boolean
  /** Its source changed since the commit the translation follows (or is new since). */
  stale: boolean
  /** The source's text at that commit, when it changed. */
  previous?: string
  /** Paragraph number (numbered root paragraphs). */
  paragraph?: number
  /** Table number (a table's caption and cells). */
  table?: number
}

/** One contribution's units in one language. */
export interface ContributionUnits {
  source: Contribution
  /** Project-relative path of the translation file (which may not exist yet). */
  translationPath: string
  translated?: TranslatedContribution
  /** The translation's pass-1 tree. */
  translationTree?: Mdast
  state: 'missing' | 'translated' | 'stale' | 'untracked'
  /** The commit the translation follows. */
  translates?: string
  units: PlacedUnit[]
}

/** Options of `contributionUnits`. */
export interface UnitOptions {
  /** Section ids to keep (all when empty). */
  sections?: readonly string[]
}

/**
 * The units of every contribution (in document order) in `language`, parsed with `parseAll(...,
 * { languages: [language] })`. Reads the sources at the translations' `translates:` commits
 * through git (one `git cat-file --batch`); outside git, or for a commit git lacks, a
 * translation is taken to mirror today's source where its blocks match.
 */
export async function contributionUnits(parsed: Parsed, language: string, options: UnitOptions = {}): Promise<ContributionUnits[]> {
  const { project } = parsed
  const parsedLanguage = parsed.languages.get(language)
  const numbers = numberEdition(parsed, { outputDir: project.root, paragraphNumbers: true }).numbered.nodes
  const ordered = parsed.groups.filter((group) => !options.sections?.length || options.sections.includes(group.section.id)).flatMap((group) => group.contributions)
  const withCommit = ordered.flatMap((c) => {
    const translated = parsedLanguage?.contributions.get(c.file)?.translated
    return translated?.meta?.translates ? [{ contribution: c, commit: translated.meta.translates }] : []
  })
  const then = await readAtCommits(project.root, withCommit.map(({ contribution, commit }) => ({ commit, path: contribution.file.path }))).catch(() => withCommit.map(() => undefined))
  const earlierText = new Map(withCommit.map((entry, i) => [entry.contribution, then[i] ? new TextDecoder().decode(then[i]) : undefined]))
  const parser = createParser({ matcher: parsed.matcher })
  const out: ContributionUnits[] = []
  for (const source of ordered) {
    const tree = parsed.trees.get(source.file)
    if (!tree) continue
    const text = String(source.file.value)
    const leaves = leavesOf(tree, text)
    const ids = unitIds(leaves)
    // Numbered root paragraphs have a paragraph number; a table's cells and caption name its number.
    const paragraphOf = (leaf: Leaf) => (leaf.root.type === 'paragraph' && !leaf.root.data?.figure ? numbers.get(leaf.root)?.number : undefined)
    const tableOf = (leaf: Leaf) => (leaf.root.type === 'table' ? numbers.get(leaf.root)?.number : undefined)
    const entry = parsedLanguage?.contributions.get(source.file)
    const translationPath = `translations/${language}/${source.file.path}`
    if (!entry) {
      out.push({ source, translationPath, state: 'missing', units: leaves.map((leaf, i) => ({ id: ids[i]!, leaf, placeable: true, stale: false, paragraph: paragraphOf(leaf), table: tableOf(leaf) })) })
      continue
    }
    const { translated, tree: translationTree } = entry
    const translationText = String(translated.file.value)
    const translationLeaves = byPath(leavesOf(translationTree, translationText))
    const translates = translated.meta?.translates
    const old = earlierText.get(source)
    let earlier: Mdast | undefined
    if (old !== undefined) {
      const oldFile = new VFile({ path: source.file.path, value: old })
      earlier = parser.parse(oldFile)
      parser.runSync(earlier, oldFile)
    }
    // Which source the translation mirrors: the one it follows, else today's (blocks compared).
    const shapes = blockShapes(translationTree)
    const againstEarlier = earlier ? firstDifference(blockShapes(earlier), shapes) : { index: 0 }
    const againstCurrent = firstDifference(blockShapes(tree), shapes)
    const mirror = earlier && (!againstEarlier || againstCurrent) ? earlier : tree
    const limit = (mirror === earlier ? againstEarlier : againstCurrent)?.index ?? Infinity
    const align = mirror === tree ? (path: readonly number[]) => [...path] : pathAligner(tree, mirror)
    const earlierLeaves = earlier ? byPath(leavesOf(earlier, old!)) : undefined
    const toEarlier = earlier ? (mirror === earlier ? align : pathAligner(tree, earlier)) : undefined
    const state: ContributionUnits['state'] = !translates || !earlier ? 'untracked' : old === text ? 'translated' : 'stale'
    const units = leaves.map((leaf, i): PlacedUnit => {
      const unit: PlacedUnit = { id: ids[i]!, leaf, placeable: false, stale: false, paragraph: paragraphOf(leaf), table: tableOf(leaf) }
      if (toEarlier && earlierLeaves && state === 'stale') {
        const earlierPath = toEarlier(leaf.path)
        const before = earlierPath && earlierLeaves.get(pathKey(earlierPath))
        if (!before || signature(before.content) !== signature(leaf.content)) {
          unit.stale = true
          if (before) unit.previous = plainText(before.content)
        }
      }
      const mirrored = align(leaf.path)
      if (!mirrored || (mirrored[0] ?? 0) >= limit) return unit
      const place = translationLeaves.get(pathKey(mirrored))
      if (!place || place.kind !== leaf.kind) return unit
      unit.placeable = true
      unit.place = place
      const content = matchCodes(place.content, leaf.content)
      if (content) unit.target = content
      else unit.mismatch = translationText.slice(place.span[0], place.span[1])
      return unit
    })
    out.push({ source, translationPath, translated, translationTree, state, translates, units })
  }
  return out
}

/** Stable ids of a file's leaves (see the module's comment). */
export function unitIds(leaves: readonly Leaf[]): string[] {
  const seen = new Map<string, number>()
  const footnoteParagraphs = new Map<string, number>()
  return leaves.map((leaf) => {
    let id: string
    if (leaf.id) id = leaf.id
    else if (leaf.footnote !== undefined) {
      const n = (footnoteParagraphs.get(leaf.footnote) ?? 0) + 1
      footnoteParagraphs.set(leaf.footnote, n)
      const label = /^[A-Za-z0-9_-]+$/.test(leaf.footnote) ? leaf.footnote : contentHash(leaf.footnote)
      id = `fn.${label}.${n}`
    } else id = `${kindPrefix[leaf.kind]}.${contentHash(idText(leaf.content))}`
    const count = (seen.get(id) ?? 0) + 1
    seen.set(id, count)
    return count === 1 ? id : `${id}.${count}`
  })
}

const kindPrefix: Record<Leaf['kind'], string> = { heading: 'h', paragraph: 'p', 'list item': 'li', quote: 'q', footnote: 'fn', 'table cell': 'td', 'table caption': 'cap', 'figure caption': 'fig' }

/** Whether `id` is a content-hash id, and its hash: an id the import can check against a unit's `<source>`. */
export function hashOfId(id: string): { prefix: string; hash: string } | undefined {
  const match = /^(h|p|li|q|td|cap|fig)\.([0-9a-f]{8})(?:\.\d+)?$/.exec(id)
  return match ? { prefix: match[1]!, hash: match[2]! } : undefined
}

/** The hash of a unit's content as its id has it: computable from a `<source>` read back (text and code ids only). */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8)
}

/** A content as ids see it: text (spaces normalised) and codes by id, from the press's content or from XLIFF read back. */
export function idText(parts: ReadonlyArray<Inline | ReadInline>): string {
  const walk = (list: ReadonlyArray<Inline | ReadInline>): string => list.map((part) => (part.type === 'text' ? part.value.replace(/[{}\\]/g, '\\$&') : part.type === 'ph' ? `{${part.id}}` : `{${part.id}}${walk(part.children)}{/${part.id}}`)).join('')
  return walk(parts).replace(/\s+/g, ' ').trim()
}
