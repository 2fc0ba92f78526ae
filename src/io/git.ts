import { execFile } from 'node:child_process'

/** A git command that failed (not a repository, unknown ref, git missing). */
export class GitError extends Error {
  override name = 'GitError'
}

/**
 * Paths (relative to the project root) whose uncommitted changes make the sources "dirty":
 * the document's sources and everything a build reads besides the press's own files. One
 * definition for the review copy's stamp and the PDF's embedded source map, so the two agree.
 */
export const sourcePaths = ['guidelines.yaml', 'glossary.yaml', 'sections', 'translations', 'templates', 'styles', 'assets']

/**
 * Run `git ARGS` in `cwd` and resolve to its standard output as bytes. Rejects with GitError
 * (its message is git's own first line of stderr) when git is missing or exits non-zero.
 * The environment is cleared of GIT_DIR and friends so that `cwd` alone decides the repository.
 */
export function git(cwd: string, args: string[]): Promise<Buffer> {
  const env = { ...process.env }
  for (const key of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[key]
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.toString('utf8').trim().split('\n')[0] || error.message
        reject(new GitError(`git ${args[0]}: ${detail}`, { cause: error }))
      } else {
        resolve(stdout)
      }
    })
  })
}

/** Like `git`, as trimmed UTF-8 text; undefined instead of a rejection. */
export async function gitText(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return (await git(cwd, args)).toString('utf8').trim()
  } catch {
    return undefined
  }
}

/** The state of the work tree a build reads its sources from. */
export interface WorkTreeState {
  /** Full commit id of HEAD. */
  commit: string
  /** Abbreviated commit id of HEAD (as `git rev-parse --short`). */
  shortCommit: string
  /** The project root relative to the repository's top level ('' at the top). */
  prefix: string
  /** Whether `sourcePaths` differ from HEAD (edited, staged, deleted or new files). */
  dirty: boolean
  /** Branch checked out; undefined when detached. */
  branch?: string
  /** `git describe --tags --always` of HEAD. */
  described?: string
}

/**
 * Ask git once where the work tree at `root` stands: commit, prefix, branch, nearest tag and
 * whether the sources have uncommitted changes (`sourcePaths`, untracked files included).
 * Undefined outside a git work tree or without git; never rejects.
 */
export async function workTreeState(root: string): Promise<WorkTreeState | undefined> {
  const [commit, shortCommit, prefix, status, branch, described] = await Promise.all([
    gitText(root, ['rev-parse', 'HEAD']),
    gitText(root, ['rev-parse', '--short', 'HEAD']),
    gitText(root, ['rev-parse', '--show-prefix']),
    git(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...sourcePaths]).then(
      (out) => out.length > 0,
      () => false
    ),
    gitText(root, ['rev-parse', '--abbrev-ref', 'HEAD']),
    gitText(root, ['describe', '--tags', '--always'])
  ])
  if (!commit || !shortCommit) return undefined
  return { commit, shortCommit, prefix: (prefix ?? '').replace(/\/$/, ''), dirty: status, branch: branch && branch !== 'HEAD' ? branch : undefined, described }
}

/** Full commit id that `ref` names in the repository at `root`; rejects with GitError when it names none. */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new GitError(`Unexpected ref \`${ref}\`, expected a commit, tag or branch`)
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).toString('utf8').trim()
  } catch (error) {
    throw new GitError(`Unexpected ref \`${ref}\`, expected a commit, tag or branch of the git repository at ${root}`, { cause: error })
  }
}

/**
 * The contents of files at commits, for many at once through one `git cat-file --batch`
 * process (one process a file cost ~5 ms each). Each request names a commit (or any ref) and a
 * path relative to `root`; the answer is the file's bytes, or undefined when the commit or the
 * path does not exist there. Rejects with GitError when git cannot run in `root`.
 */
export async function readAtCommits(root: string, requests: ReadonlyArray<{ commit: string; path: string }>): Promise<Array<Buffer | undefined>> {
  if (requests.length === 0) return []
  const prefix = (await git(root, ['rev-parse', '--show-prefix'])).toString('utf8').trim()
  const env = { ...process.env }
  for (const key of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[key]
  const { spawn } = await import('node:child_process')
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, env, stdio: ['pipe', 'pipe', 'ignore'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', (error) => reject(new GitError(`git cat-file: ${error.message}`, { cause: error })))
    child.on('close', () => {
      const out = Buffer.concat(chunks)
      const answers: Array<Buffer | undefined> = []
      let at = 0
      for (let i = 0; i < requests.length; i++) {
        const end = out.indexOf(0x0a, at)
        if (end < 0) break
        const header = out.subarray(at, end).toString('utf8')
        at = end + 1
        const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header)
        if (!match) {
          answers.push(undefined) // "<name> missing" (or ambiguous)
          continue
        }
        const size = Number(match[2])
        answers.push(match[1] === 'blob' ? out.subarray(at, at + size) : undefined)
        at += size + 1
      }
      while (answers.length < requests.length) answers.push(undefined)
      resolve(answers)
    })
    // A name with a line break could not be asked for in batch mode: it reads as missing.
    for (const { commit, path } of requests) child.stdin.write(/[\n\r]/.test(commit + path) ? '-\n' : `${commit}:${prefix}${path}\n`)
    child.stdin.end()
  })
}
