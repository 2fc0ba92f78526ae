import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** This repository's root (the press, and the Guidelines it prints). */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
for (const key of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete gitEnv[key]

/** Run git in `cwd`, as a test's author. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv }).trim()
}

/**
 * A copy of this repository's document (guidelines.yaml, glossary.yaml, sections/,
 * translations/, and the templates, styles and assets it prints with) in a temporary git repository with this repository's history, so that the
 * translations' `translates:` commits exist there; the files as they are in the work tree,
 * committed. Outside git, a plain copy in a new repository. Returns its root.
 */
export function copyRepository(prefix: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix))
  let cloned = false
  try {
    const head = git(repositoryRoot, 'rev-parse', 'HEAD')
    execFileSync('git', ['clone', '-q', '--no-checkout', repositoryRoot, root], { env: gitEnv, stdio: 'ignore' })
    git(root, 'checkout', '-q', head)
    cloned = true
  } catch {
    rmSync(root, { recursive: true, force: true })
    mkdirSync(root, { recursive: true })
    git(root, 'init', '-q', '-b', 'main')
  }
  for (const name of ['guidelines.yaml', 'glossary.yaml', 'sections', 'translations', 'templates', 'styles', 'assets']) {
    const target = path.join(root, name)
    rmSync(target, { recursive: true, force: true })
    if (existsSync(path.join(repositoryRoot, name))) cpSync(path.join(repositoryRoot, name), target, { recursive: true })
  }
  git(root, 'add', '-A', '--', 'guidelines.yaml', 'glossary.yaml', 'sections', 'translations', 'templates', 'styles', 'assets')
  if (git(root, 'status', '--porcelain', '--', 'guidelines.yaml', 'glossary.yaml', 'sections', 'translations', 'templates', 'styles', 'assets') !== '' || !cloned) git(root, 'commit', '-q', '--allow-empty', '-m', 'Work tree of the repository under test')
  return root
}
