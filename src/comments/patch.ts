import { createTwoFilesPatch } from 'diff'
import type { Comment } from './map.js'
import { indexSource, lineOffset } from './sources.js'
import { findText } from './skeleton.js'

export interface PatchResult {
  /** Unified diff (git style paths), empty when there is nothing to replace. */
  patch: string
  /** Replacements written into the patch, and those that could not be placed (with why). */
  applied: Comment[]
  skipped: Array<{ comment: Comment; reason: string }>
}

/**
 * A unified diff of the pure replacements among `comments` (strike-out with a caret, or a note
 * "replace X with Y"), and of the exact edits of tracked changes (`edits`, from a reviewed
 * DOCX), against today's sources read by `read`. Each replacement is looked up at
 * the comment's place in today's file (`current`, else `source`): the exact text first, then
 * the printed text's match in the source. Paths are prefixed with `prefix` (the project's
 * folder in the repository) so that `git apply` works from the top of the work tree. Never
 * writes a source.
 */
export function replacementPatch(comments: Comment[], read: (file: string) => string | undefined, prefix = ''): PatchResult {
  const applied: Comment[] = []
  const skipped: PatchResult['skipped'] = []
  const edits = new Map<string, Array<{ start: number; end: number; text: string; comment: Comment }>>()
  for (const comment of comments) {
    if (comment.edits) {
      // A tracked change of a reviewed DOCX: its edit of today's file is known exactly.
      const { file, changes } = comment.edits
      const text = read(file)
      const list = edits.get(file) ?? []
      if (text === undefined) skipped.push({ comment, reason: `${file} no longer exists` })
      else if (changes.some((c) => c.start < 0 || c.end > text.length || c.start > c.end)) skipped.push({ comment, reason: `its place is outside ${file}` })
      else if (changes.some((c) => list.some((e) => c.start < e.end && e.start < c.end))) skipped.push({ comment, reason: 'it overlaps another change' })
      else {
        list.push(...changes.map((c) => ({ ...c, comment })))
        edits.set(file, list)
        applied.push(comment)
      }
      continue
    }
    if (!comment.replacement) continue
    const at = comment.current ?? comment.source
    if (!at) {
      skipped.push({ comment, reason: 'its text was not found in the sources' })
      continue
    }
    const text = read(at.file)
    if (text === undefined) {
      skipped.push({ comment, reason: `${at.file} no longer exists` })
      continue
    }
    const index = indexSource(at.file, text)
    const { from, to } = comment.replacement
    const near = lineOffset(index, at.line) + at.column - 1
    // The exact text nearest the mapped place, within the block's reach.
    let start = -1
    for (let i = text.indexOf(from); i >= 0 && from !== ''; i = text.indexOf(from, i + 1)) {
      if (start < 0 || Math.abs(i - near) < Math.abs(start - near)) start = i
    }
    let end = start + from.length
    if (start < 0 || Math.abs(start - near) > 2000) {
      const found = findText(index.skeleton, from, '', Math.max(0, near - 200), near + 2000)
      if (!found || found.quality === 'prefix') {
        skipped.push({ comment, reason: `“${from}” is not in ${at.file} near line ${at.line}` })
        continue
      }
      start = found.start
      end = found.end + 1
    }
    const list = edits.get(at.file) ?? []
    if (list.some((e) => start < e.end && e.start < end)) {
      skipped.push({ comment, reason: 'it overlaps another replacement' })
      continue
    }
    list.push({ start, end, text: to, comment })
    edits.set(at.file, list)
    applied.push(comment)
  }
  const top = prefix ? `${prefix.replace(/\/$/, '')}/` : ''
  const parts: string[] = []
  for (const [file, list] of [...edits].sort(([a], [b]) => a.localeCompare(b))) {
    const before = read(file)!
    let after = before
    for (const edit of [...list].sort((a, b) => b.start - a.start)) after = after.slice(0, edit.start) + edit.text + after.slice(edit.end)
    const diff = createTwoFilesPatch(`a/${top}${file}`, `b/${top}${file}`, before, after, undefined, undefined, { context: 3 })
    // git wants the diff without the "Index:"/"====" preamble and without trailing tabs on the file lines.
    parts.push(`diff --git a/${top}${file} b/${top}${file}\n` + diff.replace(/^=+\n/m, '').split('\n').filter((l) => !l.startsWith('Index:') && !/^=+$/.test(l)).map((l) => (l.startsWith('--- ') || l.startsWith('+++ ') ? l.replace(/\t.*$/, '') : l)).join('\n'))
  }
  return { patch: parts.join(''), applied, skipped }
}
