import path from 'node:path'
import { VFile } from 'vfile'
import { readYaml } from '../config/yaml.js'
import { frontMatterSchema, glossarySchema, guidelinesSchema } from '../config/schema.js'
import type { EditionOptions, FrontMatter, GlossaryEntry, Guidelines } from '../config/types.js'
import type { Contribution, Project } from '../model/project.js'
import { report } from '../report/rules.js'
import type { SourceReader } from './readers.js'

export type { Contribution, Project } from '../model/project.js'

const frontMatterPattern = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?^---[ \t]*(?:\r?\n|$)/m

/**
 * Read a project through `reader` (the work tree, a commit, memory): guidelines.yaml,
 * glossary.yaml, every `sections/**\/*.md` and the Markdown `body` of editions that have one,
 * each into a VFile. Files are sorted by path so that a build does not depend on directory
 * order. Syntax and schema problems are messages on the files; this never throws for them.
 */
export async function loadProject(reader: SourceReader): Promise<Project> {
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
  return { root, commit: reader.commit, configFile, config: config.data, locateConfig: config.locate, glossaryFile, glossary, locateGlossary, contributions, bodies }
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
  const text = String(file.value)
  const none = () => undefined
  if (text.trim() === '') return { file, meta: undefined, locateMeta: none }
  const match = frontMatterPattern.exec(text)
  if (!match || match.index !== 0) {
    report(file, 'frontmatter-missing', 'Unexpected start of contribution, expected YAML front matter between `---` lines with `section` and `writer`', { line: 1, column: 1 })
    return { file, meta: undefined, locateMeta: none }
  }
  const offset = match[0].indexOf('\n') + 1
  const { data, locate } = readYaml<FrontMatter>(file, match[1]!, frontMatterSchema, { rule: 'frontmatter-invalid', offset })
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
