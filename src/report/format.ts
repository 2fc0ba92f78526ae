import type { VFile } from 'vfile'
import pc from 'picocolors'

/** One diagnostic as printed by `--format json`. */
export interface Diagnostic {
  file: string
  line: number
  column: number
  severity: 'error' | 'warning'
  rule: string
  message: string
}

/** Flatten the messages of files into diagnostics, sorted by file, line and column. */
export function diagnostics(files: readonly VFile[]): Diagnostic[] {
  const list: Diagnostic[] = []
  for (const file of files) {
    for (const message of file.messages) {
      list.push({
        file: file.path ?? '',
        line: message.line ?? 1,
        column: message.column ?? 1,
        severity: message.fatal ? 'error' : 'warning',
        rule: message.ruleId ?? 'unknown',
        message: message.reason
      })
    }
  }
  return list.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
}

/**
 * `text` with every control character written as an escape (`\n`, `\r`, `\t`, `\x1b`, `\u202e`):
 * C0 and C1 controls, DEL, line and paragraph separators and bidirectional overrides. Messages
 * quote content (a file name, a key, a word): raw, a newline there could forge a line of its
 * own (a `::error` annotation in a CI log) and an escape sequence could rewrite the terminal.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
    const code = c.charCodeAt(0)
    return named[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
  })
}

/** `file:line:column  severity  message  rule`, one a line, then a count. Colour when asked. Control characters are escaped. */
export function formatText(list: readonly Diagnostic[], color = false): string {
  // The caller decided (a TTY of the stream written to, NO_COLOR): picocolors' own guess looks at stdout only.
  const c = pc.createColors(color)
  const lines = list.map((d) => `${c.underline(`${escapeControls(d.file)}:${d.line}:${d.column}`)}  ${d.severity === 'error' ? c.red('error') : c.yellow('warning')}  ${escapeControls(d.message)}  ${c.dim(escapeControls(d.rule))}`)
  const errors = list.filter((d) => d.severity === 'error').length
  const warnings = list.length - errors
  if (list.length > 0) lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
  return lines.join('\n')
}

/** JSON array of diagnostics (the only thing `--format json` prints on stdout); JSON escapes control characters itself. */
export function formatJson(list: readonly Diagnostic[]): string {
  return JSON.stringify(list, null, 2)
}

/**
 * GitHub Actions workflow commands: annotations on the lines of a pull request. Data is escaped
 * as GitHub's toolkit does (`%25`, `%0D`, `%0A`; in properties also `%3A`, `%2C`), so no value can
 * end a command or start another (`::error`); other control characters are written as escapes.
 */
export function formatGithub(list: readonly Diagnostic[]): string {
  const escapeData = (s: string) => escapeControls(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
  return list
    .map((d) => `::${d.severity} file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(d.rule)}::${escapeData(d.message)}`)
    .join('\n')
}
