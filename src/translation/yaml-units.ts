import type { Root as Mdast } from 'mdast'
import { VFile } from 'vfile'
import type { Parsed } from '../core/parse.js'
import { createParser } from '../markdown/processor.js'
import { glossaryAnchor } from '../model/glossary.js'
import type { Translation } from '../model/project.js'
import { byPath, pathKey } from './align.js'
import { leavesOf, matchCodes, toMarkdown, type Code, type Inline, type Leaf } from './segments.js'

/**
 * The units of the translated YAML texts: the glossary (each entry's term, abbreviation and
 * definition) and guidelines.yaml (title, subtitle, edition, the submission texts, the titles of
 * every part of the outline, contributors' names). Plain fields are one unit of plain text;
 * Markdown fields (a glossary definition, a submission's purpose and action required) are cut
 * into leaves like a contribution, so their markup is protected too.
 *
 * Unit ids: `term.SLUG`, `abbr.SLUG`, `def.SLUG` (SLUG: the source entry's anchor, `aeo`),
 * `title`, `subtitle`, `edition`, `submission.FIELD`, `titles.ID`, `contributors.CODE`; a
 * Markdown field of several blocks `NAME.2`, `NAME.3` for its second, third block.
 */

/** One text field of the source, and where its translation goes. */
export interface YamlField {
  /** Unit id of its first block. */
  id: string
  /** What it is, for the translator ("glossary term", "title of section 2.a"). */
  name: string
  /** The source's text. */
  source: string
  /** The translation's text, if any. */
  translation?: string
  /** Where it goes in the translation's YAML. */
  path: Array<string | number>
  markdown: boolean
  /** For a new glossary entry: the entry as it is written when created (its other fields from the source). */
  entry?: { source: string; term: string; abbreviation?: string; definition: string }
  /** The source's line of the value. */
  line?: number
}

/** One unit of a field. */
export interface YamlUnit {
  id: string
  field: YamlField
  /** The leaf in the source text (one plain leaf for a plain field). */
  leaf: Leaf
  /** The translation's content at the same place, codes numbered as the source's. */
  target?: Inline[]
}

/** A YAML file's fields and units. */
export interface YamlFileUnits {
  /** Project-relative path of the source (`glossary.yaml`, `guidelines.yaml`). */
  original: string
  /** Project-relative path of the translation (`translations/LANG/...`). */
  translationPath: string
  fields: YamlField[]
  units: YamlUnit[]
}

const submissionFields = ['committee', 'session', 'meetingDates', 'place', 'agendaItem', 'topic', 'purpose', 'actionRequired'] as const
const markdownSubmission = new Set(['purpose', 'actionRequired'])

/** The glossary's and guidelines.yaml's units in `language`. */
export function yamlUnits(parsed: Parsed, language: string): YamlFileUnits[] {
  const { project, config } = parsed
  const translation = project.translations.get(language)
  const parser = createParser({ matcher: parsed.matcher })
  const glossaryFields: YamlField[] = []
  const translatedGlossary = translation?.glossary ?? []
  project.glossary.forEach((entry, index) => {
    const slug = glossaryAnchor(entry).replace(/^gloss-/, '')
    const k = translatedGlossary.findIndex((t) => t.source === entry.term)
    const mine = k >= 0 ? translatedGlossary[k] : undefined
    const line = project.locateGlossary([index, 'term'])?.start.line
    const newEntry = { source: entry.term, term: entry.term, ...(entry.abbreviation ? { abbreviation: entry.abbreviation } : {}), definition: entry.definition }
    glossaryFields.push({ id: `term.${slug}`, name: `glossary term (${entry.term})`, source: entry.term, translation: mine?.term, path: [k, 'term'], markdown: false, entry: mine ? undefined : newEntry, line })
    if (entry.abbreviation) glossaryFields.push({ id: `abbr.${slug}`, name: `abbreviation of ${entry.term}`, source: entry.abbreviation, translation: mine?.abbreviation, path: [k, 'abbreviation'], markdown: false, entry: mine ? undefined : newEntry, line })
    glossaryFields.push({ id: `def.${slug}`, name: `definition of ${entry.term}`, source: entry.definition, translation: mine?.definition, path: [k, 'definition'], markdown: true, entry: mine ? undefined : newEntry, line: project.locateGlossary([index, 'definition'])?.start.line })
  })
  const own: Translation['config'] = translation?.config ?? {}
  const configFields: YamlField[] = []
  const add = (id: string, name: string, source: string | undefined, mine: string | undefined, path: string[], markdown = false) => {
    if (source === undefined || String(source).trim() === '') return
    // Titles live in the outline of the source's guidelines.yaml, under another path: no line for them.
    const line = path[0] === 'titles' ? undefined : project.locateConfig(path)?.start.line
    configFields.push({ id, name, source: String(source), translation: mine, path, markdown, line })
  }
  add('title', 'title', config.title, own.title, ['title'])
  add('subtitle', 'subtitle', config.subtitle, own.subtitle, ['subtitle'])
  add('edition', 'edition', config.edition, own.edition, ['edition'])
  const submission = (config.submission ?? {}) as Record<string, unknown>
  for (const field of submissionFields) add(`submission.${field}`, `submission: ${field}`, submission[field] as string | undefined, (own.submission as Record<string, string> | undefined)?.[field], ['submission', field], markdownSubmission.has(field))
  const parts = [...(config.front ?? []).map((part) => ({ part, sections: [] as Array<{ id: string; title: string }> })), ...config.outline.map((part) => ({ part, sections: part.sections })), ...(config.annexes ?? []).map((part) => ({ part, sections: part.sections }))]
  for (const { part, sections } of parts) {
    add(`titles.${part.id}`, `title of ${part.id}`, part.title, own.titles?.[part.id], ['titles', part.id])
    for (const section of sections ?? []) add(`titles.${section.id}`, `title of ${section.id}`, section.title, own.titles?.[section.id], ['titles', section.id])
  }
  for (const [code, name] of Object.entries(config.contributors)) add(`contributors.${code}`, `name of contributor ${code}`, name, own.contributors?.[code], ['contributors', code])
  return [
    fileUnits('glossary.yaml', `translations/${language}/glossary.yaml`, glossaryFields, parser),
    fileUnits('guidelines.yaml', `translations/${language}/guidelines.yaml`, configFields, parser)
  ]
}

function fileUnits(original: string, translationPath: string, fields: YamlField[], parser: ReturnType<typeof createParser>): YamlFileUnits {
  const units: YamlUnit[] = []
  for (const field of fields) {
    const sourceLeaves = fieldLeaves(field.source, field.markdown, parser)
    const targetLeaves = field.translation !== undefined ? byPath(fieldLeaves(field.translation, field.markdown, parser)) : undefined
    sourceLeaves.forEach((leaf, i) => {
      const place = targetLeaves?.get(pathKey(leaf.path))
      const target = place && place.kind === leaf.kind ? matchCodes(place.content, leaf.content) : undefined
      units.push({ id: i === 0 ? field.id : `${field.id}.${i + 1}`, field, leaf, target })
    })
  }
  return { original, translationPath, fields, units }
}

/** The leaves of a field's text: one plain leaf (the whole text), or a Markdown text's leaves. */
export function fieldLeaves(text: string, markdown: boolean, parser: ReturnType<typeof createParser>): Leaf[] {
  if (!markdown) {
    const value = text.replace(/\s+/g, ' ').trim()
    return [{ kind: 'paragraph', path: [0], node: { type: 'text', value: text } as never, root: { type: 'paragraph', children: [] }, content: value ? [{ type: 'text', value }] : [], span: [0, text.length], line: 1, text: value, plain: true }]
  }
  const file = new VFile({ path: 'field.md', value: text })
  const tree: Mdast = parser.parse(file)
  parser.runSync(tree, file)
  return leavesOf(tree, text)
}

/**
 * A field's new text: the translation's text (or, for a field not translated yet, the source's)
 * with the leaves of `written` (unit index in the field -> content) replaced. For a plain field,
 * the one content's text.
 */
export function fieldText(field: YamlField, written: ReadonlyMap<number, Inline[]>, codes: (index: number) => ReadonlyMap<string, Code>, parser: ReturnType<typeof createParser>): string {
  if (!field.markdown) {
    const content = written.get(0)!
    return content.map((part) => (part.type === 'text' ? part.value : '')).join('')
  }
  const base = field.translation ?? field.source
  const leaves = fieldLeaves(field.source, true, parser)
  const places = byPath(fieldLeaves(base, true, parser))
  const replacements: Array<[number, number, string]> = []
  for (const [index, content] of written) {
    const place = places.get(pathKey(leaves[index]!.path))
    if (!place) continue
    replacements.push([place.span[0], place.span[1], toMarkdown(content, codes(index), { table: place.kind === 'table cell' })])
  }
  return applyReplacements(base, replacements)
}

/** Replace spans of `text` (each [start, end, new text]; spans do not overlap). */
export function applyReplacements(text: string, replacements: ReadonlyArray<[number, number, string]>): string {
  let out = text
  for (const [start, end, value] of [...replacements].sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + value + out.slice(end)
  return out
}
