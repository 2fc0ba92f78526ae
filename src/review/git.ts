import { execFile } from 'node:child_process'

/** A git command that failed (not a repository, unknown ref, git missing). */
export class GitError extends Error {
  override name = 'GitError'
}

/** `--compare` given for a build of no review edition: there is nothing to mark changes in. */
export class CompareError extends Error {
  override name = 'CompareError'
}

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
