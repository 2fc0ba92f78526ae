import type { WorkTreeState } from '../io/git.js'

/** Which version of the sources a review copy was built from (printed in its footer). */
export interface VersionStamp {
  /** False outside a git work tree (or without git). */
  versioned: boolean
  /** Short commit of HEAD. */
  commit?: string
  /** Tag of HEAD itself, when it has one (`git describe --tags`). */
  tag?: string
  /** Branch checked out (or, detached as in CI, the branch CI names). */
  branch?: string
  /** Whether the document's sources differ from HEAD (edited, staged or new files). */
  dirty: boolean
  /** Build date, UTC: `SOURCE_DATE_EPOCH` when set, else now. */
  date: Date
  /** All of it in one line, e.g. `a1b2c3d · branch main · 3 commits after draft-2 · 2026-11-25 10:30 UTC · uncommitted changes`. */
  text: string
}

/**
 * The version stamp of a build whose work tree stands at `state` (from `workTreeState`;
 * undefined outside git): short commit, tag or branch, date, and whether the sources have
 * uncommitted changes (`sourcePaths` of src/io/git.ts, the same test as the PDF's source map).
 * Never fails: outside git the stamp says "not under version control".
 */
export function versionStamp(state: WorkTreeState | undefined, options: { date?: Date; env?: NodeJS.ProcessEnv } = {}): VersionStamp {
  const env = options.env ?? process.env
  const date = options.date ?? sourceDateEpoch(env) ?? new Date()
  const when = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  if (!state) {
    return { versioned: false, dirty: false, date, text: `not under version control · ${when}` }
  }
  const commit = state.shortCommit
  // `TAG` on a tagged commit, `TAG-N-gHASH` N commits after it, the short commit without tags.
  const described = state.described
  const nearest = described ? /^(.+)-(\d+)-g[0-9a-f]+$/.exec(described) : null
  const tag = described && described !== commit && !nearest ? described : undefined
  const after = nearest ? `${nearest[2]} commit${nearest[2] === '1' ? '' : 's'} after ${nearest[1]}` : undefined
  const branch = state.branch ?? (env['GITHUB_HEAD_REF'] || env['GITHUB_REF_NAME'] || undefined)
  const dirty = state.dirty
  const parts = [commit, tag ? `tag ${tag}` : branch ? `branch ${branch}` : undefined, tag ? undefined : after, when, dirty ? 'uncommitted changes' : undefined]
  return { versioned: true, commit, tag, branch, dirty, date, text: parts.filter(Boolean).join(' · ') }
}

/** `SOURCE_DATE_EPOCH` (whole seconds) as a date, or undefined when unset or malformed. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const epoch = env['SOURCE_DATE_EPOCH']
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined
}
