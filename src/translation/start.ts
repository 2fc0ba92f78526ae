import { access } from 'node:fs/promises'
import path from 'node:path'
import { gitText } from '../io/git.js'
import { writeAtomic } from '../io/write.js'
import type { Parsed } from '../core/parse.js'

/** What `startTranslations` did. */
export interface StartResult {
  /** Files created (project-relative). */
  created: string[]
  /** Translations that already existed, left as they were. */
  existing: string[]
  /** The commit written as `translates:`; undefined outside git (then no `translates:` is written). */
  commit?: string
  /** Sources with changes not committed: their translation would be stale at once. */
  uncommitted: string[]
}

/**
 * Create the translation files into `language` that do not exist yet, for the contributions of
 * `sections` (section ids; every section when empty): `translations/LANG/<source path>` holding
 * the source's text to translate, its front matter's `section` and `writer`, `status: draft` and
 * `translates:` the commit of HEAD. Never overwrites a file. Writes atomically.
 */
export async function startTranslations(parsed: Parsed, language: string, sections: readonly string[] = []): Promise<StartResult> {
  const { project } = parsed
  const root = project.root
  const commit = await gitText(root, ['rev-parse', 'HEAD'])
  const changed = commit ? ((await gitText(root, ['status', '--porcelain', '--', 'sections'])) ?? '').split('\n').map((line) => line.slice(3)).filter(Boolean) : []
  const result: StartResult = { created: [], existing: [], commit, uncommitted: [] }
  for (const group of parsed.groups) {
    if (sections.length > 0 && !sections.includes(group.section.id)) continue
    for (const contribution of group.contributions) {
      const source = contribution.file.path
      const target = `translations/${language}/${source}`
      if (await exists(path.join(root, target))) {
        result.existing.push(target)
        continue
      }
      const text = String(contribution.file.value)
      const body = text.replace(/^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, '')
      const meta = contribution.meta!
      const front = ['---', `section: ${meta.section}`, `writer: ${meta.writer}`, 'status: draft', ...(commit ? [`translates: ${commit}`] : []), '---', ''].join('\n')
      await writeAtomic(path.join(root, target), front + body)
      result.created.push(target)
      if (changed.some((file) => file === source || source.startsWith(file))) result.uncommitted.push(source)
    }
  }
  return result
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}
