import path from 'node:path'
import type { Position } from 'unist'
import { VFile } from 'vfile'
import { readYaml } from '../config/yaml.js'
import { closest, distance } from 'fastest-levenshtein'
import { frontMatterSchema, glossarySchema, guidelinesSchema, translationFrontMatterSchema, translationGlossarySchema, translationSchema } from '../config/schema.js'
import type { EditionOptions, FrontMatter, GlossaryEntry, Guidelines, TranslatedGlossaryEntry, TranslationConfig, TranslationFrontMatter } from '../config/types.js'
import type { Contribution, Project, TranslatedContribution, Translation } from '../model/project.js'
import { report } from '../report/rules.js'
import type { SourceReader } from './readers.js'

export type { Contribution, Project, TranslatedContribution, Translation } from '../model/project.js'

export interface LoadOptions {
  /** Languages whose translations to read besides those of editions and those present (status, tools). */
  languages?: readonly string[]
}

const frontMatterPattern = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?^---[ \t]*(?:\r?\n|$)/m

/**
 * Read a project through `reader` (the work tree, a commit, memory): guidelines.yaml,
 * glossary.yaml, every `sections/**\/*.md` and the Markdown `body` of editions that have one,
 * each into a VFile. Files are sorted by path so that a build does not depend on directory
 * order. Syntax and schema problems are messages on the files; this never throws for them.
 */
export async function loadProject(reader: SourceReader, options: LoadOptions = {}): Promise<Project> {
  const root = reader.root
  const configFile = await reader.read('guidelines.yaml')
  const config = readYaml<Guidelines>(configFile, String(configFile.value), guidelinesSchema, { rule: 'config-invalid' })

  let glossaryFile = new VFile({ cwd: root, path: 'glossary.yaml', value: '' })
  let glossary: GlossaryEntry[] = []
  let locateGlossary: Project['locateGlossary'] = () => undefined
  if (await reader.exists('glossary.yaml')) {
    glossaryFile = await reader.read('glossary.yaml')
    const text = String(glossaryFile.value)
    if (text.trim() !== '') {
      const result = readYaml<GlossaryEntry[]>(glossaryFile, text, glossarySchema, { rule: 'glossary-invalid' })
      glossary = result.data ?? []
      locateGlossary = result.locate
    }
  }

  // An edition's `body` file (e.g. the progress report) is the editor's text, not a contribution.
  const bodyPaths = new Set(Object.values(config.data?.editions ?? {}).flatMap((edition) => bodyPath(edition) ?? []))
  const paths = (await reader.list('sections')).filter((relative) => !bodyPaths.has(relative))
  const contributions = await Promise.all(paths.map(async (relative) => readContribution(await reader.read(relative))))
  const bodies = new Map<string, Contribution>()
  for (const relative of bodyPaths) {
    if (isInside(relative) && (await reader.exists(relative))) bodies.set(relative, readContribution(await reader.read(relative)))
  }
  // Translations: the languages of editions, those with translated files, and those asked for.
  const translated = await reader.list('translations')
  const languages = new Set<string>([...(options.languages ?? []), ...Object.values(config.data?.editions ?? {}).flatMap((edition) => [...(edition.language ? [edition.language] : []), ...(edition.parallel ?? [])])])
  for (const relative of translated) languages.add(relative.split('/')[1]!)
  if (config.data) languages.delete(config.data.language)
  const translations = new Map<string, Translation>()
  for (const language of [...languages].sort()) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(language)) continue
    translations.set(language, await loadTranslation(reader, language, glossary))
  }
  return { root, commit: reader.commit, configFile, config: config.data, locateConfig: config.locate, glossaryFile, glossary, locateGlossary, contributions, bodies, translations }
}

/**
 * Read `translations/LANG/`: guidelines.yaml (the document's texts), glossary.yaml (each entry
 * naming the source entry it translates) and the translated contributions under sections/,
 * each keyed by the path of its source. A glossary entry whose `source` is no term of the
 * source glossary is reported (`glossary-invalid`).
 */
async function loadTranslation(reader: SourceReader, language: string, sourceGlossary: readonly GlossaryEntry[]): Promise<Translation> {
  const base = `translations/${language}`
  const yaml = async <T>(name: string, schema: object, rule: 'config-invalid' | 'glossary-invalid') => {
    const relative = `${base}/${name}`
    if (!(await reader.exists(relative))) return { file: new VFile({ cwd: reader.root, path: relative, value: '' }), data: undefined, locate: () => undefined }
    const file = await reader.read(relative)
    const text = String(file.value)
    if (text.trim() === '') return { file, data: undefined, locate: () => undefined }
    const result = readYaml<T>(file, text, schema, { rule })
    return { file, ...result }
  }
  const config = await yaml<TranslationConfig>('guidelines.yaml', translationSchema, 'config-invalid')
  const glossary = await yaml<TranslatedGlossaryEntry[]>('glossary.yaml', translationGlossarySchema, 'glossary-invalid')
  const terms = sourceGlossary.map((entry) => entry.term)
  ;(glossary.data ?? []).forEach((entry, index) => {
    if (terms.includes(entry.source)) return
    const best = terms.length > 0 ? closest(entry.source, terms) : undefined
    const hint = best && distance(entry.source, best) <= Math.max(2, entry.source.length / 3) ? `; did you mean \`${best}\`?` : ''
    report(glossary.file, 'glossary-invalid', `Unexpected source \`${entry.source}\`, expected the \`term\` of an entry of glossary.yaml${hint}`, glossary.locate([index, 'source']))
  })
  const contributions = new Map<string, TranslatedContribution>()
  for (const relative of await reader.list(`${base}/sections`)) {
    const file = await reader.read(relative)
    const source = relative.slice(base.length + 1)
    file.data.translationOf = source
    contributions.set(source, { ...readFrontMatter<TranslationFrontMatter>(file, translationFrontMatterSchema, false), source })
  }
  return {
    language,
    configFile: config.file,
    config: config.data ?? {},
    locateConfig: config.locate,
    glossaryFile: glossary.file,
    glossary: glossary.data ?? [],
    locateGlossary: glossary.locate,
    contributions
  }
}

/**
 * The project-relative, `/`-separated, normalised path of an edition's `body` file (the one
 * place that normalises it), or undefined for an edition without one.
 */
export function bodyPath(edition: Pick<EditionOptions, 'body'>): string | undefined {
  return edition.body === undefined ? undefined : path.posix.normalize(edition.body.replace(/\\/g, '/'))
}

/** Whether a normalised project-relative path stays inside the project. */
export function isInside(relative: string): boolean {
  return !(relative === '..' || relative.startsWith('../') || path.posix.isAbsolute(relative) || path.win32.isAbsolute(relative))
}

/** Split off and validate the front matter of a contribution already read into `file`. */
export function readContribution(file: VFile): Contribution {
  return readFrontMatter<FrontMatter>(file, frontMatterSchema, true)
}

/** The front matter of a Markdown file, validated against `schema`; `required`: its absence is reported. */
function readFrontMatter<T>(file: VFile, schema: object, required: boolean): { file: VFile; meta: T | undefined; locateMeta: (path: ReadonlyArray<string | number>) => Position | undefined } {
  const text = String(file.value)
  const none = () => undefined
  if (text.trim() === '') return { file, meta: undefined, locateMeta: none }
  const match = frontMatterPattern.exec(text)
  if (!match || match.index !== 0) {
    if (required) report(file, 'frontmatter-missing', 'Unexpected start of contribution, expected YAML front matter between `---` lines with `section` and `writer`', { line: 1, column: 1 })
    return { file, meta: required ? undefined : ({} as T), locateMeta: none }
  }
  const offset = match[0].indexOf('\n') + 1
  const { data, locate } = readYaml<T>(file, match[1]!, schema, { rule: 'frontmatter-invalid', offset })
  return { file, meta: data, locateMeta: locate }
}

/**
 * The editions a build makes: those named (all of guidelines.yaml by default), in that order.
 * A name guidelines.yaml lacks is reported (`edition-unknown`) and left out.
 */
export function selectEditions(project: Project, names?: readonly string[]): string[] {
  const editions = project.config?.editions ?? {}
  const known = Object.keys(editions)
  for (const name of names ?? []) {
    if (!editions[name]) report(project.configFile, 'edition-unknown', `Unexpected edition \`${name}\`, expected one of ${known.map((n) => `\`${n}\``).join(', ')}`, project.locateConfig(['editions']))
  }
  return (names ?? known).filter((name) => editions[name])
}
