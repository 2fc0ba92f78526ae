import type { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { copyMessage } from './rules.js'

/**
 * Message policy, as small filters over files (textlint's kernel filters): each replaces a
 * file's `messages` with a new list and never changes a message in place.
 */

/** Keep one of each identical message (editions render the same sources and report alike). */
export function dedupe(files: readonly VFile[]): void {
  for (const file of files) {
    const seen = new Set<string>()
    file.messages = file.messages.filter((message) => {
      const key = `${message.line}:${message.column}:${message.ruleId}:${message.reason}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
  }
}

/**
 * A `strict` edition counts warnings as errors: when any file has a warning, every message of
 * every file becomes an error (a copy marked fatal). Returns whether it did.
 */
export function strict(files: readonly VFile[]): boolean {
  if (!files.some((file) => file.messages.some((message) => !message.fatal))) return false
  for (const file of files) file.messages = file.messages.map((message) => (message.fatal ? message : asError(message)))
  return true
}

function asError(message: VFileMessage): VFileMessage {
  const copy = copyMessage(message)
  copy.fatal = true
  return copy
}
