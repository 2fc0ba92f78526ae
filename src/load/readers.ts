import { access } from 'node:fs/promises'
import { glob } from 'glob'
import { VFile } from 'vfile'
import { git, GitError, resolveCommit } from '../io/git.js'
import { report } from '../report/rules.js'
import { decodeSource, maxSourceBytes, readSource } from './read-source.js'

/**
 * Where a project's sources come from: the work tree on disk, a git commit, or memory (tests).
 * One abstraction for build, review (`--compare`), comments and tests, so that "the sources"
 * means the same files whoever reads them. Paths are relative to the project root, `/`-separated.
 */
export interface SourceReader {
  /** The project root: what VFile paths are relative to, where images and templates are found. */
  readonly root: string
  /** Full commit id, for a reader of a commit. */
  readonly commit?: string
  /** Whether the file exists for this reader. */
  exists(relative: string): Promise<boolean>
  /**
   * The file as a VFile (`path` relative to the root). Never throws for an author's problem:
   * a missing, binary, oversized or non-UTF-8 file gives a message on it and an empty value.
   */
  read(relative: string): Promise<VFile>
  /** Paths of the Markdown files (`*.md`) under `folder`, sorted. */
  list(folder: string): Promise<string[]>
}

/** Read the work tree under `root`. */
export function diskReader(root: string): SourceReader {
  return {
    root,
    exists: async (relative) => {
      try {
        await access(`${root}/${relative}`)
        return true
      } catch {
        return false
      }
    },
    read: (relative) => readSource(root, relative),
    list: async (folder) => (await glob(`${folder}/**/*.md`, { cwd: root, nodir: true, posix: true, follow: false })).sort()
  }
}

/**
 * Read the project at `root` as it was at the git ref `ref` (`git cat-file blob REF:./path`),
 * without checking anything out. `root` may be any folder of the work tree; paths stay relative
 * to it. Rejects with GitError when `root` is not in a git work tree or `ref` names no commit.
 */
export async function commitReader(root: string, ref: string): Promise<SourceReader> {
  const commit = await resolveCommit(root, ref)
  // `ls-tree` run in `root` names paths relative to it, as the other readers do.
  const list = async (folder: string) => {
    try {
      const out = await git(root, ['ls-tree', '-r', '--name-only', '-z', commit, '--', folder])
      return out.toString('utf8').split('\0').filter((name) => name.endsWith('.md')).sort()
    } catch {
      return []
    }
  }
  const exists = async (relative: string) => {
    try {
      await git(root, ['cat-file', '-e', `${commit}:./${relative}`])
      return true
    } catch {
      return false
    }
  }
  return {
    root,
    commit,
    exists,
    read: async (relative) => {
      const file = new VFile({ cwd: root, path: relative, value: '' })
      let bytes: Buffer
      try {
        bytes = await git(root, ['cat-file', 'blob', `${commit}:./${relative}`])
      } catch {
        report(file, 'source-unreadable', `Cannot read file: not in ${ref}`)
        return file
      }
      if (bytes.length > maxSourceBytes) {
        report(file, 'source-too-large', `Unexpected file of ${bytes.length} bytes, expected at most ${maxSourceBytes} bytes`)
        return file
      }
      file.value = decodeSource(file, bytes)
      return file
    },
    list
  }
}

/** Read files held in memory (tests, tools): `files` maps root-relative paths to their text. */
export function memoryReader(root: string, files: Readonly<Record<string, string>>): SourceReader {
  return {
    root,
    exists: async (relative) => relative in files,
    read: async (relative) => {
      const file = new VFile({ cwd: root, path: relative, value: '' })
      const text = files[relative]
      if (text === undefined) report(file, 'source-unreadable', 'Cannot read file: ENOENT')
      else file.value = decodeSource(file, new TextEncoder().encode(text))
      return file
    },
    list: async (folder) =>
      Object.keys(files)
        .filter((name) => name.startsWith(`${folder}/`) && name.endsWith('.md'))
        .sort()
  }
}

export { GitError }
