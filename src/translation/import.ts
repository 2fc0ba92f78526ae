import path from 'node:path'
import { parse as parseYaml, stringify } from 'yaml'
import { VFile } from 'vfile'
import type { Parsed } from '../core/parse.js'
import type { Translation } from '../model/project.js'
import { writeAtomic } from '../io/write.js'
import { createParser } from '../markdown/processor.js'
import { report } from '../report/rules.js'
import { byPath, pathKey } from './align.js'
import { commitNoteId } from './export.js'
import { canonical, codesOf, leavesOf, matchCodes, toMarkdown, type Code, type Inline, type Leaf } from './segments.js'
import { contentHash, contributionUnits, hashOfId, idText, type ContributionUnits, type PlacedUnit } from './units.js'
import type { ReadDocument, ReadInline, ReadUnit, XmlPlace } from './xliff.js'
import { applyReplacements, fieldText, yamlUnits, type YamlField, type YamlFileUnits, type YamlUnit } from './yaml-units.js'
import { setYamlValues } from './yaml-edit.js'

/** What an import wrote. */
export interface ImportResult {
  language: string
  /** The commit the XLIFF was exported from (what `translates:` became), if it names one. */
  commit?: string
  /** Files written (project-relative), with the number of units written into each. */
  files: Array<{ path: string; units: number; created: boolean; translates?: string }>
  counts: { units: number; written: number; unchanged: number; untranslated: number; rejected: number }
  /** Translations left stale: some of their changed source blocks were neither retranslated nor confirmed. */
  stillStale: string[]
}

/** A unit accepted for writing: its content with the source's codes. */
interface Accepted {
  id: string
  content: Inline[]
  codes: Map<string, Code>
  at: XmlPlace
}

/**
 * Write the targets of an XLIFF document (read with `readXliff`; `file` holds its text and gets
 * the diagnostics) back into the translation files of its target language: the text of each
 * block whose target differs from the translation there, at that block's place (nothing else of
 * the file changes, byte for byte); a missing translation file is created from its source (as
 * `translate start` does). A file's `translates:` becomes the commit the XLIFF was exported
 * from when the import wrote or confirmed (a segment state other than `initial`) a unit of it
 * and none of its changed source blocks is left unaddressed.
 *
 * A unit is not written, and reported at its place in the XLIFF, when its inline codes are
 * missing, extra, of the wrong kind or footnote calls reordered (`xliff-invalid`), when its
 * target would not read back as the same text and markup (`xliff-invalid`), when its id is no
 * unit of that file (`xliff-unknown-unit`), when its source changed since the export
 * (`xliff-source-changed`), or when the translation file has no block at its place
 * (`xliff-unplaced`). The other units are written.
 */
export async function importTranslation(parsed: Parsed, file: VFile, document: ReadDocument): Promise<ImportResult | undefined> {
  const at = (place: XmlPlace) => ({ line: place.line, column: place.column })
  for (const error of document.errors) report(file, 'xliff-invalid', error.message, at(error.at))
  if (document.errors.length > 0) return undefined
  const { project, config } = parsed
  const language = document.trgLang
  if (!language || !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(language) || language === config.language) {
    report(file, 'xliff-invalid', `Unexpected trgLang \`${language ?? ''}\`, expected the language of a translation (a tag such as fr or es, not the document's \`${config.language}\`)`, { line: 1, column: 1 })
    return undefined
  }
  if (document.srcLang !== config.language) {
    report(file, 'xliff-invalid', `Unexpected srcLang \`${document.srcLang ?? ''}\`, expected \`${config.language}\`, the document's language`, { line: 1, column: 1 })
    return undefined
  }
  const contributions = new Map((await contributionUnits(parsed, language)).map((entry) => [entry.source.file.path, entry]))
  const yamlFiles = new Map(yamlUnits(parsed, language).map((entry) => [entry.original, entry]))
  const parser = createParser({ matcher: parsed.languages.get(language)?.matcher ?? parsed.matcher })
  const result: ImportResult = { language, files: [], counts: { units: 0, written: 0, unchanged: 0, untranslated: 0, rejected: 0 }, stillStale: [] }
  for (const readFile of document.files) {
    const commit = readFile.notes.find((note) => note.id === commitNoteId)?.text.trim()
    if (commit && /^[0-9a-f]{7,64}$/.test(commit)) result.commit ??= commit
    const original = readFile.original ?? ''
    const contribution = contributions.get(original)
    const yaml = yamlFiles.get(original)
    if (!contribution && !yaml) {
      report(file, 'xliff-unknown-unit', `Unexpected <file original="${original}">, expected a contribution under sections/, glossary.yaml or guidelines.yaml of this project (none of its ${readFile.units.length} units is written)`, at(readFile.at))
      result.counts.rejected += readFile.units.length
      continue
    }
    const units = contribution ? contribution.units : yaml!.units
    const byId = new Map<string, PlacedUnit | YamlUnit>(units.map((unit) => [unit.id, unit]))
    const accepted: Accepted[] = []
    const confirmed = new Set<string>()
    for (const unit of readFile.units) {
      result.counts.units++
      const known = byId.get(unit.id)
      const verdict = checkUnit(file, unit, known, original)
      if (!verdict) {
        result.counts.rejected++
        continue
      }
      if (!unit.target) {
        result.counts.untranslated++
        continue
      }
      const codes = new Map(codesOf(verdict.leaf.content).map((code) => [code.id, code.code]))
      const content = trimEnds(toInline(unit.target, codes))
      if (verdict.current && canonical(verdict.current) === canonical(content)) {
        result.counts.unchanged++
        // Exported as `initial` (its source changed), now confirmed in the CAT tool as still right.
        if (unit.state !== 'initial' && 'stale' in verdict.unit && verdict.unit.stale) confirmed.add(unit.id)
        continue
      }
      if ('placeable' in verdict.unit && !verdict.unit.placeable) {
        // Without a place, an untouched unit is one whose text is still in the translation somewhere.
        if (!presentIn(contribution!, verdict.leaf, content)) {
          report(file, 'xliff-unplaced', `Unexpected unit \`${unit.id}\` with no place in ${contribution!.translationPath}: its blocks differ from ${original}'s there (see translation-structure), expected them to match; the unit is not written`, at(unit.at))
          result.counts.rejected++
        } else result.counts.unchanged++
        continue
      }
      accepted.push({ id: unit.id, content, codes, at: unit.at })
    }
    const written = contribution
      ? await writeContribution(file, contribution, accepted, confirmed, result.commit, parser, project.root)
      : await writeYaml(file, yaml!, accepted, parser, project.root, project.translations.get(language))
    if (!written) continue
    result.counts.written += written.units
    result.counts.rejected += written.rejected
    if (written.stillStale) result.stillStale.push(written.path)
    if (written.changed) result.files.push({ path: written.path, units: written.units, created: written.created, translates: written.translates })
  }
  return result
}

const translationLeaves = new WeakMap<ContributionUnits, Leaf[]>()

/** Whether some block of the translation file holds `content` (codes matched to `source`'s). */
function presentIn(entry: ContributionUnits, source: Leaf, content: readonly Inline[]): boolean {
  if (!entry.translated || !entry.translationTree) return false
  let leaves = translationLeaves.get(entry)
  if (!leaves) translationLeaves.set(entry, (leaves = leavesOf(entry.translationTree, String(entry.translated.file.value))))
  const wanted = canonical(content)
  return leaves.some((leaf) => {
    const matched = matchCodes(leaf.content, source.content)
    return matched !== undefined && canonical(matched) === wanted
  })
}

/** A unit's source as this project has it now, and its current translation; undefined when the unit is reported. */
function checkUnit(file: VFile, unit: ReadUnit, known: PlacedUnit | YamlUnit | undefined, original: string): { unit: PlacedUnit | YamlUnit; leaf: Leaf; current?: Inline[] } | undefined {
  const at = { line: unit.at.line, column: unit.at.column }
  for (const problem of unit.problems) report(file, 'xliff-invalid', `${problem.message} (unit \`${unit.id}\`; the unit is not written)`, { line: problem.at.line, column: problem.at.column })
  if (unit.problems.length > 0) return undefined
  if (!known) {
    const hashed = hashOfId(unit.id)
    if (hashed && contentHash(idText(unit.source)) === hashed.hash) {
      report(file, 'xliff-source-changed', `Unexpected unit \`${unit.id}\`: its source block is no longer in ${original} (it changed or was removed since the export), expected a unit of the current source; export again and translate the new text`, at)
    } else {
      report(file, 'xliff-unknown-unit', `Unexpected unit id \`${unit.id}\`, expected a unit of ${original} as \`guidelines translate export\` writes them`, at)
    }
    return undefined
  }
  if (idText(unit.source) !== idText(known.leaf.content)) {
    report(file, 'xliff-source-changed', `Unexpected unit \`${unit.id}\`: its source in ${original} changed since the export, expected the same source text; export again and update the translation`, at)
    return undefined
  }
  if (unit.target && !codesMatch(file, unit, known.leaf.content)) return undefined
  return { unit: known, leaf: known.leaf, current: known.target }
}

/**
 * Whether a target's codes are its source's: every code once (none missing, none extra), of
 * the same element (`<ph>` for a placeholder, `<pc>` or `<sc>`/`<ec>` for a paired code), and
 * the footnote calls in the source's order (their numbers follow it). Each problem is reported.
 */
function codesMatch(file: VFile, unit: ReadUnit, source: readonly Inline[]): boolean {
  const expected = new Map(codesOf(source).map((code) => [code.id, code]))
  const seen = new Set<string>()
  let ok = true
  const fail = (message: string, place: XmlPlace) => {
    ok = false
    report(file, 'xliff-invalid', `${message.replace('%unit', `in unit \`${unit.id}\``)}; the unit is not written`, { line: place.line, column: place.column })
  }
  const order: string[] = []
  const visit = (parts: readonly ReadInline[]) => {
    for (const part of parts) {
      if (part.type === 'text') continue
      const code = expected.get(part.id)
      if (!code) fail(`Unexpected inline code <${part.type} id="${part.id}"> %unit, expected only the source's codes (${[...expected.keys()].map((id) => `id="${id}"`).join(', ') || 'none'})`, part.at)
      else if (seen.has(part.id)) fail(`Unexpected second inline code id="${part.id}" %unit, expected each of the source's codes once`, part.at)
      else if (code.type !== part.type) fail(`Unexpected <${part.type} id="${part.id}"> %unit, expected <${code.type} id="${part.id}"> (${code.code.disp})`, part.at)
      seen.add(part.id)
      if (code?.code.kind === 'footnote') order.push(part.id)
      if (part.type === 'pc') visit(part.children)
    }
  }
  visit(unit.target ?? [])
  const missing = [...expected.values()].filter((code) => !seen.has(code.id))
  if (missing.length > 0) fail(`Missing inline code${missing.length > 1 ? 's' : ''} ${missing.map((code) => `<${code.type} id="${code.id}"> (${code.code.disp})`).join(', ')} %unit, expected every code of the source in the target`, unit.at)
  const sourceOrder = codesOf(source).filter((code) => code.code.kind === 'footnote').map((code) => code.id)
  if (ok && order.join(' ') !== sourceOrder.join(' ')) fail(`Unexpected order of footnote calls ${order.map((id) => `id="${id}"`).join(', ')} %unit, expected ${sourceOrder.map((id) => `id="${id}"`).join(', ')} as in the source (footnotes are numbered in that order)`, unit.at)
  return ok
}

function toInline(parts: readonly ReadInline[], codes: ReadonlyMap<string, Code>): Inline[] {
  return parts.map((part): Inline => (part.type === 'text' ? { type: 'text', value: part.value } : part.type === 'ph' ? { type: 'ph', id: part.id, code: codes.get(part.id)! } : { type: 'pc', id: part.id, code: codes.get(part.id)!, children: toInline(part.children, codes) }))
}

function trimEnds(parts: Inline[]): Inline[] {
  const out = parts.map((part) => ({ ...part }))
  const first = out[0]
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '')
  const last = out[out.length - 1]
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '')
  return out.filter((part) => part.type !== 'text' || part.value !== '')
}

interface Written {
  path: string
  units: number
  rejected: number
  created: boolean
  changed: boolean
  translates?: string
  stillStale: boolean
}

const frontMatter = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/

async function writeContribution(file: VFile, entry: ContributionUnits, accepted: Accepted[], confirmed: ReadonlySet<string>, commit: string | undefined, parser: ReturnType<typeof createParser>, root: string): Promise<Written | undefined> {
  const created = !entry.translated
  let base: string
  if (entry.translated) base = String(entry.translated.file.value)
  else {
    if (accepted.length === 0) return undefined
    // A new translation starts as `translate start` makes it: the source's text, its front matter's keys.
    const meta = entry.source.meta!
    base = ['---', `section: ${meta.section}`, `writer: ${meta.writer}`, 'status: draft', '---', ''].join('\n') + String(entry.source.file.value).replace(frontMatter, '')
  }
  const places = created ? byPath(leavesOf(parseAs(parser, entry.translationPath, base), base)) : undefined
  const unitsById = new Map(entry.units.map((unit) => [unit.id, unit]))
  const placeOf = (id: string): Leaf | undefined => {
    const unit = unitsById.get(id)!
    return created ? places!.get(pathKey(unit.leaf.path)) : unit.place
  }
  // Write, read back, and drop any unit whose text does not read back as written (until none).
  let pending = accepted.filter((unit) => placeOf(unit.id))
  let rejected = accepted.length - pending.length
  let text = base
  for (;;) {
    text = applyReplacements(base, pending.map((unit) => {
      const place = placeOf(unit.id)!
      return [place.span[0], place.span[1], toMarkdown(unit.content, unit.codes, { table: place.kind === 'table cell', plain: place.plain })]
    }))
    const after = byPath(leavesOf(parseAs(parser, entry.translationPath, text), text))
    const bad = pending.filter((unit) => {
      const source = unitsById.get(unit.id)!.leaf
      const leaf = after.get(pathKey(source.path))
      const content = leaf && matchCodes(leaf.content, source.content)
      return !content || canonical(content) !== canonical(unit.content)
    })
    if (bad.length === 0) break
    for (const unit of bad) {
      const place = placeOf(unit.id)!
      const written = toMarkdown(unit.content, unit.codes, { table: place.kind === 'table cell', plain: place.plain })
      report(file, 'xliff-invalid', `Unexpected target of unit \`${unit.id}\` that does not read back as the same text and markup in Markdown (as \`${written.length > 200 ? `${written.slice(0, 199)}…` : written}\`), expected text that Markdown keeps as it is; the unit is not written`, { line: unit.at.line, column: unit.at.column })
    }
    rejected += bad.length
    pending = pending.filter((unit) => !bad.includes(unit))
  }
  const addressed = new Set([...pending.map((unit) => unit.id), ...confirmed])
  const staleLeft = entry.units.some((unit) => unit.stale && !addressed.has(unit.id))
  let translates: string | undefined
  if (commit && addressed.size > 0 && !staleLeft) {
    translates = commit
    text = setTranslates(text, commit)
  }
  if (!created && text === base) return { path: entry.translationPath, units: 0, rejected, created, changed: false, stillStale: staleLeft && entry.state === 'stale', translates: undefined }
  if (created && pending.length === 0) return { path: entry.translationPath, units: 0, rejected, created, changed: false, stillStale: false }
  await writeAtomic(path.join(root, entry.translationPath), text)
  return { path: entry.translationPath, units: pending.length, rejected, created, changed: true, translates, stillStale: staleLeft && entry.state === 'stale' }
}

function parseAs(parser: ReturnType<typeof createParser>, filePath: string, text: string) {
  const vfile = new VFile({ path: filePath, value: text })
  const tree = parser.parse(vfile)
  parser.runSync(tree, vfile)
  return tree
}

/** The front matter's `translates:` set to `commit` (the line replaced, or added before the closing `---`). */
export function setTranslates(text: string, commit: string): string {
  const match = frontMatter.exec(text)
  if (!match || match.index !== 0) return `---\ntranslates: ${commit}\n---\n${text}`
  const block = match[0]
  const line = /^translates:[^\r\n]*$/m.exec(block)
  if (line) return text.slice(0, line.index) + `translates: ${commit}` + text.slice(line.index + line[0].length)
  const closing = block.search(/\r?\n---[ \t]*(?:\r?\n|$)/)
  const eol = block.includes('\r\n') ? '\r\n' : '\n'
  return text.slice(0, closing) + `${eol}translates: ${commit}` + text.slice(closing)
}

async function writeYaml(file: VFile, entry: YamlFileUnits, accepted: Accepted[], parser: ReturnType<typeof createParser>, root: string, translation: Translation | undefined): Promise<Written | undefined> {
  if (accepted.length === 0) return undefined
  const target = path.join(root, entry.translationPath)
  const own = entry.original === 'glossary.yaml' ? translation?.glossaryFile : translation?.configFile
  const base = own ? String(own.value) : ''
  const exists = base !== ''
  // Units by field, in the field's order of blocks.
  const byField = new Map<YamlField, Map<number, Accepted>>()
  for (const unit of accepted) {
    const yamlUnit = entry.units.find((u) => u.id === unit.id)!
    const index = entry.units.filter((u) => u.field === yamlUnit.field).indexOf(yamlUnit)
    let map = byField.get(yamlUnit.field)
    if (!map) byField.set(yamlUnit.field, (map = new Map()))
    map.set(index, unit)
  }
  const edits: Array<{ path: Array<string | number>; value: unknown }> = []
  const newEntries = new Map<string, Record<string, string>>()
  let rejected = 0
  let units = 0
  for (const [field, written] of byField) {
    const contents = new Map([...written].map(([index, unit]) => [index, unit.content]))
    const value = fieldText(field, contents, (index) => written.get(index)!.codes, parser)
    if (field.markdown && !readsBack(field, value, contents, parser)) {
      for (const unit of written.values()) report(file, 'xliff-invalid', `Unexpected target of unit \`${unit.id}\` that does not read back as the same text and markup in Markdown, expected text that Markdown keeps as it is; the unit is not written`, { line: unit.at.line, column: unit.at.column })
      rejected += written.size
      continue
    }
    units += written.size
    if (field.entry) {
      const item = newEntries.get(field.entry.source) ?? { ...field.entry }
      item[String(field.path[1])] = value
      newEntries.set(field.entry.source, item)
    } else edits.push({ path: field.path, value })
  }
  for (const item of newEntries.values()) edits.push({ path: [parseYaml(base || '[]')?.length ?? 0], value: item })
  if (edits.length === 0) return { path: entry.translationPath, units: 0, rejected, created: !exists, changed: false, stillStale: false }
  let text: string
  if (base.trim() === '') {
    const data: unknown = entry.original === 'glossary.yaml' ? [] : {}
    for (const edit of edits) setIn(data, edit.path, edit.value)
    text = stringify(data, { lineWidth: 0 })
  } else text = setYamlValues(base, edits)
  await writeAtomic(target, text)
  return { path: entry.translationPath, units, rejected, created: !exists, changed: true, stillStale: false }
}

function readsBack(field: YamlField, value: string, contents: ReadonlyMap<number, Inline[]>, parser: ReturnType<typeof createParser>): boolean {
  const sourceFile = new VFile({ path: 'field.md', value: field.source })
  const sourceTree = parser.parse(sourceFile)
  parser.runSync(sourceTree, sourceFile)
  const sourceLeaves = leavesOf(sourceTree, field.source)
  const vfile = new VFile({ path: 'field.md', value })
  const tree = parser.parse(vfile)
  parser.runSync(tree, vfile)
  const after = byPath(leavesOf(tree, value))
  for (const [index, content] of contents) {
    const leaf = after.get(pathKey(sourceLeaves[index]!.path))
    const matched = leaf && matchCodes(leaf.content, sourceLeaves[index]!.content)
    if (!matched || canonical(matched) !== canonical(content)) return false
  }
  return true
}

function setIn(data: unknown, keys: ReadonlyArray<string | number>, value: unknown): void {
  let node = data as Record<string | number, unknown>
  keys.forEach((key, i) => {
    if (i === keys.length - 1) node[key] = value
    else node = (node[key] ??= typeof keys[i + 1] === 'number' ? [] : {}) as Record<string | number, unknown>
  })
}
