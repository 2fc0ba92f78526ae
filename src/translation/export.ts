import type { Parsed } from '../core/parse.js'
import { workTreeState } from '../io/git.js'
import { writeTbx } from './tbx.js'
import { contributionUnits, type ContributionUnits, type PlacedUnit } from './units.js'
import { writeXliff, type XliffFile, type XliffNote, type XliffUnit } from './xliff.js'
import { yamlUnits, type YamlFileUnits } from './yaml-units.js'

/** What to export. */
export interface ExportOptions {
  /** Only the units whose source changed since the commit their translation follows (stale translations only). */
  staleOnly?: boolean
  /** Only the contributions of these sections (no glossary, no guidelines.yaml texts). */
  sections?: readonly string[]
}

/** An export: the XLIFF and TBX texts, and what they hold. */
export interface ExportResult {
  xliff: string
  tbx: string
  /** The commit the export was made from (what `translates:` becomes on import); undefined outside git. */
  commit?: string
  /** Whether the sources had uncommitted changes (the commit does not hold what was exported). */
  dirty: boolean
  counts: { files: number; units: number; translated: number; stale: number; untranslated: number; terms: number }
  /** Translations without `translates:` (or naming a commit git lacks): their staleness is unknown, `--stale-only` leaves them out. */
  untracked: string[]
}

/** The note id of a file's export commit (every `<file>` carries it: CAT tools keep core notes). */
export const commitNoteId = 'export-commit'

/**
 * Export a language's translation for CAT tools: an XLIFF 2.0 document with a `<file>` per
 * contribution (`original` its source path; notes: the commit exported from, the translation's
 * path and the commit it follows), one for the glossary and one for guidelines.yaml, a `<unit>`
 * per translatable block (see units.ts and yaml-units.ts for ids) holding the source, the
 * current translation as `<target>` (state `translated`; `initial` when its source changed
 * since, with the earlier source text as a `previous-source` note), notes with the source line
 * and paragraph number; and the glossary as TBX-Basic. Writes nothing.
 */
export async function exportTranslation(parsed: Parsed, language: string, options: ExportOptions = {}): Promise<ExportResult> {
  const tree = await workTreeState(parsed.project.root)
  const commit = tree?.commit
  const contributions = await contributionUnits(parsed, language, { sections: options.sections })
  const counts = { files: 0, units: 0, translated: 0, stale: 0, untranslated: 0, terms: parsed.project.glossary.length }
  const files: XliffFile[] = []
  const untracked: string[] = []
  for (const entry of contributions) {
    if (entry.state === 'untracked') untracked.push(entry.translationPath)
    const units = options.staleOnly ? (entry.state === 'stale' ? entry.units.filter((unit) => unit.stale) : []) : entry.units
    if (units.length === 0) continue
    files.push({ id: fileId(entry.source.file.path), original: entry.source.file.path, notes: fileNotes(commit, entry.translationPath, entry.translates), units: units.map((unit) => contributionUnit(entry, unit, counts)) })
  }
  if (!options.staleOnly && !options.sections?.length) {
    for (const file of yamlUnits(parsed, language)) {
      if (file.units.length === 0) continue
      files.push({ id: fileId(file.original), original: file.original, notes: fileNotes(commit, file.translationPath, undefined), units: yamlFileUnits(file, counts) })
    }
  }
  counts.files = files.length
  const translation = parsed.project.translations.get(language)
  return {
    xliff: writeXliff({ srcLang: parsed.config.language, trgLang: language, files }),
    tbx: writeTbx(parsed.project.glossary, translation?.glossary ?? [], { source: parsed.config.language, target: language }),
    commit,
    dirty: tree?.dirty ?? false,
    counts,
    untracked
  }
}

/** A `<file>` id (an NMTOKEN) for a project path: `/` made `:`, anything else outside NMTOKEN `_`. */
export function fileId(path: string): string {
  return path.replace(/\//g, ':').replace(/[^\p{L}\p{N}._:-]/gu, '_')
}

function fileNotes(commit: string | undefined, translationPath: string, translates: string | undefined): XliffNote[] {
  return [
    ...(commit ? [{ id: commitNoteId, category: 'export-commit', text: commit }] : []),
    { id: 'translation', category: 'translation-file', text: translationPath },
    ...(translates ? [{ id: 'translates', category: 'translates', text: translates }] : [])
  ]
}

function contributionUnit(entry: ContributionUnits, unit: PlacedUnit, counts: ExportResult['counts']): XliffUnit {
  counts.units++
  const { leaf } = unit
  const where = unit.paragraph !== undefined && leaf.kind === 'paragraph' ? `paragraph ${unit.paragraph}` : `${leaf.kind}${unit.paragraph !== undefined ? ` (paragraph ${unit.paragraph})` : ''}${unit.table !== undefined ? ` (table ${unit.table})` : ''}${leaf.footnote !== undefined ? ` [^${leaf.footnote}]` : ''}`
  const notes: XliffNote[] = [{ category: 'location', text: `${entry.source.file.path}:${leaf.line}` }]
  if (unit.paragraph !== undefined) notes.push({ category: 'paragraph', text: `paragraph ${unit.paragraph}` })
  if (unit.stale) {
    counts.stale++
    notes.push({ category: 'source-changed', text: `The source changed since the translation (${entry.translates?.slice(0, 7) ?? 'unknown commit'})${unit.previous === undefined ? ': this block is new' : ''}` })
    if (unit.previous !== undefined) notes.push({ category: 'previous-source', text: unit.previous })
  }
  if (unit.mismatch !== undefined) notes.push({ category: 'translation-markup', text: `Current translation (its markup differs from the source's, so it is not given as the target): ${unit.mismatch}` })
  if (unit.target) counts.translated++
  else counts.untranslated++
  return { id: unit.id, name: where, notes, source: leaf.content, target: unit.target, state: unit.target ? (unit.stale ? 'initial' : 'translated') : undefined }
}

function yamlFileUnits(file: YamlFileUnits, counts: ExportResult['counts']): XliffUnit[] {
  return file.units.map((unit) => {
    counts.units++
    if (unit.target) counts.translated++
    else counts.untranslated++
    const notes: XliffNote[] = [{ category: 'location', text: `${file.original}${unit.field.line ? `:${unit.field.line}` : ''}` }]
    return { id: unit.id, name: unit.field.name, notes, source: unit.leaf.content, target: unit.target, state: unit.target ? 'translated' : undefined }
  })
}
