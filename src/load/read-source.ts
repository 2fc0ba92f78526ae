import path from 'node:path'
import { VFile } from 'vfile'
import { report } from '../report/rules.js'
import { describeFailure, readRegularFileSync } from './safe-read.js'

/** Largest source file the press reads (a contribution is a few KiB; anything larger is a mistake). */
export const maxSourceBytes = 2 * 1024 * 1024

// ignoreBOM keeps a BOM in the text, so that it can be reported (the default drops it silently).
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const lenient = new TextDecoder('utf-8', { ignoreBOM: true })

/**
 * Read one source file of the project into a VFile whose `path` is relative to `root`
 * (what diagnostics print). Never throws for an author's mistake: a binary, non-UTF-8,
 * oversized or empty file gives a message, and `value` is then empty.
 */
export async function readSource(root: string, relative: string): Promise<VFile> {
  const file = new VFile({ cwd: root, path: relative.split(path.sep).join('/'), value: '' })
  // Only a regular file inside the root, read to at most the limit (a symbolic link to /dev/zero
  // or a FIFO named *.md would otherwise be read without end, or wait for good). Read with
  // synchronous calls: a source is a few KiB, and the promise of each of the seven calls a file
  // takes cost more than the call (345 files: 90 ms read with promises, 40 ms without).
  const read = readRegularFileSync(path.join(root, relative), { limit: maxSourceBytes, within: [root] })
  if (!read.ok) {
    const failure = read.failure
    if (failure.kind === 'outside') report(file, 'path-outside-root', `Unexpected path \`${file.path}\` outside the project root (it leads to ${failure.real}), expected a file under the project`, { line: 1, column: 1 })
    else if (failure.kind === 'too-large') report(file, 'source-too-large', `Unexpected ${describeFailure(failure)}`, { line: 1, column: 1 })
    else if (failure.kind === 'not-regular') report(file, 'source-unreadable', `Unexpected ${describeFailure(failure)}`, { line: 1, column: 1 })
    else report(file, 'source-unreadable', `Cannot read file: ${failure.code}`)
    return file
  }
  file.value = decodeSource(file, read.bytes)
  return file
}

/** Decode bytes as UTF-8 text, reporting a BOM, binary content or invalid sequences on `file`. */
export function decodeSource(file: VFile, bytes: Uint8Array): string {
  if (bytes.includes(0)) {
    report(file, 'source-binary', 'Unexpected binary content (NUL byte), expected a UTF-8 text file', pointAtByte(bytes, bytes.indexOf(0)))
    return ''
  }
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    const bad = firstInvalidUtf8(bytes)
    report(file, 'source-encoding', 'Unexpected byte sequence that is not UTF-8, expected a UTF-8 text file (save it as UTF-8)', pointAtByte(bytes, bad))
    return ''
  }
  if (text.charCodeAt(0) === 0xfeff) {
    const message = report(file, 'source-encoding', 'Unexpected byte order mark at the start of the file, expected UTF-8 without BOM', { line: 1, column: 1 })
    message.fatal = false
    text = text.slice(1)
  }
  if (text.trim() === '') report(file, 'source-empty', 'Unexpected empty file, expected front matter and text', { line: 1, column: 1 })
  return text
}

function pointAtByte(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++
      start = i + 1
    }
  }
  // Columns count characters, as in an editor, not bytes.
  return { line, column: lenient.decode(bytes.subarray(start, index)).length + 1 }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i
    i += need + 1
  }
  return 0
}
