import { VFile } from 'vfile'
import { readYaml } from '../config/yaml.js'
import { glossarySchema, guidelinesSchema } from '../config/schema.js'
import type { GlossaryEntry, Guidelines } from '../config/types.js'
import { editionBodies } from '../outline/check.js'
import { report } from '../report/rules.js'
import { git, GitError } from '../review/git.js'
import { readContribution, type Project } from './project.js'
import { decodeSource, maxSourceBytes } from './read-source.js'

/** A project as it was at a commit, and which commit that is. */
export interface ProjectAtRef extends Project {
  ref: string
  /** Full commit id the ref named. */
  commit: string
}

/**
 * Read a project as it was at a git ref (`git show REF:path`), like `loadProject` reads the
 * work tree: guidelines.yaml, glossary.yaml and every `sections/**\/*.md` the commit holds
 * (`git ls-tree -r --name-only REF sections`), except editions' `body` files. `root` may be
 * any folder of the work tree; paths are relative to it, as in `loadProject`.
 * Rejects with GitError when `root` is not in a git work tree or `ref` names no commit; problems
 * of the sources themselves are messages on their files, as usual.
 */
export async function loadProjectAt(root: string, ref: string): Promise<ProjectAtRef> {
  if (ref.startsWith('-')) throw new GitError(`Unexpected ref \`${ref}\`, expected a commit, tag or branch`)
  let commit: string
  try {
    commit = (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).toString('utf8').trim()
  } catch (error) {
    throw new GitError(`Unexpected ref \`${ref}\`, expected a commit, tag or branch of the git repository at ${root}`, { cause: error })
  }
  const listed = (await git(root, ['ls-tree', '-r', '--name-only', '-z', commit, '--', 'sections'])).toString('utf8').split('\0').filter(Boolean)
  const present = new Set((await git(root, ['ls-tree', '--name-only', '-z', commit, '--', 'guidelines.yaml', 'glossary.yaml'])).toString('utf8').split('\0'))

  const read = async (relative: string): Promise<VFile> => {
    const file = new VFile({ cwd: root, path: relative, value: '' })
    if (!present.has(relative) && !relative.startsWith('sections/')) {
      report(file, 'source-unreadable', `Cannot read file: not in ${ref}`)
      return file
    }
    const bytes = await git(root, ['cat-file', 'blob', `${commit}:./${relative}`])
    if (bytes.length > maxSourceBytes) {
      report(file, 'source-too-large', `Unexpected file of ${bytes.length} bytes, expected at most ${maxSourceBytes} bytes`)
      return file
    }
    file.value = decodeSource(file, bytes)
    return file
  }

  const configFile = await read('guidelines.yaml')
  const config = readYaml<Guidelines>(configFile, String(configFile.value), guidelinesSchema, { rule: 'config-invalid' })

  let glossary: GlossaryEntry[] = []
  let locateGlossary: Project['locateGlossary'] = () => undefined
  let glossaryFile = new VFile({ cwd: root, path: 'glossary.yaml', value: '' })
  if (present.has('glossary.yaml')) {
    glossaryFile = await read('glossary.yaml')
    const text = String(glossaryFile.value)
    if (text.trim() !== '') {
      const result = readYaml<GlossaryEntry[]>(glossaryFile, text, glossarySchema, { rule: 'glossary-invalid' })
      glossary = result.data ?? []
      locateGlossary = result.locate
    }
  }

  const bodies = config.data ? editionBodies(config.data) : new Set<string>()
  const paths = listed.filter((relative) => relative.endsWith('.md') && !bodies.has(relative)).sort()
  const contributions = []
  for (const relative of paths) contributions.push(readContribution(await read(relative)))
  return { ref, commit, root, configFile, config: config.data, locateConfig: config.locate, glossaryFile, glossary, locateGlossary, contributions }
}
