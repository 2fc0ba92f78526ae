import { access } from 'node:fs/promises'
import path from 'node:path'
import { glob } from 'glob'
import type { Position } from 'unist'
import { VFile } from 'vfile'
import { readYaml } from '../config/yaml.js'
import { frontMatterSchema, glossarySchema, guidelinesSchema } from '../config/schema.js'
import type { FrontMatter, GlossaryEntry, Guidelines } from '../config/types.js'
import { report } from '../report/rules.js'
import { readSource } from './read-source.js'

/** One Markdown contribution: its file and validated front matter. */
export interface Contribution {
  file: VFile
  /** Undefined when the front matter is missing or invalid (a message says why). */
  meta: FrontMatter | undefined
  /** Position of a front-matter value by key, for later diagnostics. */
  locateMeta: (path: ReadonlyArray<string | number>) => Position | undefined
}

/** Everything read from a project root; nothing here has been parsed as Markdown yet. */
export interface Project {
  root: string
  configFile: VFile
  config: Guidelines | undefined
  /** Position of a node of guidelines.yaml, by its path of keys and indices. */
  locateConfig: (path: ReadonlyArray<string | number>) => Position | undefined
  glossaryFile: VFile
  glossary: GlossaryEntry[]
  /** Position of a node of glossary.yaml, by its path of keys and indices. */
  locateGlossary: (path: ReadonlyArray<string | number>) => Position | undefined
  contributions: Contribution[]
}

const frontMatterPattern = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?^---[ \t]*(?:\r?\n|$)/m

/**
 * Read a project: guidelines.yaml, glossary.yaml and every `sections/**\/*.md`, each into a
 * VFile. Files are sorted by path so that a build does not depend on directory order.
 * Syntax and schema problems are messages on the files; this never throws for them.
 */
export async function loadProject(root: string): Promise<Project> {
  const configFile = await readSource(root, 'guidelines.yaml')
  const config = readYaml<Guidelines>(configFile, String(configFile.value), guidelinesSchema, { rule: 'config-invalid' })

  let glossaryFile: VFile
  let glossary: GlossaryEntry[] = []
  let locateGlossary: Project['locateGlossary'] = () => undefined
  if (await exists(path.join(root, 'glossary.yaml'))) {
    glossaryFile = await readSource(root, 'glossary.yaml')
    const text = String(glossaryFile.value)
    if (text.trim() !== '') {
      const result = readYaml<GlossaryEntry[]>(glossaryFile, text, glossarySchema, { rule: 'glossary-invalid' })
      glossary = result.data ?? []
      locateGlossary = result.locate
    }
  } else {
    glossaryFile = new VFile({ cwd: root, path: 'glossary.yaml', value: '' })
  }

  // An edition's `body` file (e.g. the progress report) is the editor's text, not a contribution.
  const bodies = new Set(Object.values(config.data?.editions ?? {}).flatMap((edition) => (edition.body ? [path.posix.normalize(edition.body.replace(/\\/g, '/'))] : [])))
  const paths = (await glob('sections/**/*.md', { cwd: root, nodir: true, posix: true, follow: false })).filter((relative) => !bodies.has(relative)).sort()
  const contributions = await Promise.all(paths.map(async (relative) => readContribution(await readSource(root, relative))))
  return { root, configFile, config: config.data, locateConfig: config.locate, glossaryFile, glossary, locateGlossary, contributions }
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

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}
