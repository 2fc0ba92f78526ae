import { constants, fstatSync, openSync, readSync, closeSync, realpathSync, statSync, type Stats } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import path from 'node:path'

/**
 * Why a file of the project was not read: it leads outside the folders it may come from (through
 * `..` or a symbolic link), it is not a regular file (a FIFO, a device such as /dev/zero, a
 * folder), it is larger than the limit (counted while reading, never taken from `stat`), or the
 * system refused (`code`: ENOENT, EACCES...).
 */
export type ReadFailure =
  | { kind: 'outside'; real: string }
  | { kind: 'not-regular'; type: string }
  | { kind: 'too-large'; size: number; limit: number; exact: boolean }
  | { kind: 'unreadable'; code: string }

/** The bytes of a file read by readRegularFile, or why it was not read. */
export type ReadResult = { ok: true; bytes: Buffer; real: string } | { ok: false; failure: ReadFailure }

export interface SafeReadOptions {
  /** Most bytes to read; a file that holds more is refused (`too-large`). */
  limit: number
  /** Folders the file's real path must lie in (symbolic links followed); any when absent. */
  within?: readonly string[]
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for good. O_NOFOLLOW:
// the real path was just resolved, so a symbolic link there now is a swap made meanwhile.
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0)
const chunkSize = 64 * 1024

/**
 * Read a file of the project safely: its real path must lie inside one of `within`, it must be
 * a regular file (checked before opening, and again on the open handle), and at most `limit`
 * bytes are read (the loop stops at `limit + 1`, whatever `stat` said: /proc files and files
 * growing while read report sizes that are not what a read gives). Never throws.
 */
export async function readRegularFile(file: string, options: SafeReadOptions): Promise<ReadResult> {
  let real: string
  try {
    real = await realpath(file)
  } catch (error) {
    return { ok: false, failure: { kind: 'unreadable', code: codeOf(error) } }
  }
  const outside = checkWithin(real, options.within)
  if (outside) return outside
  try {
    // Judged before opening: opening some devices has effects of its own.
    const kind = typeOf(await stat(real))
    if (kind) return { ok: false, failure: { kind: 'not-regular', type: kind } }
    const handle = await open(real, openFlags)
    try {
      const info = await handle.stat()
      const again = typeOf(info)
      if (again) return { ok: false, failure: { kind: 'not-regular', type: again } }
      if (info.size > options.limit) return { ok: false, failure: { kind: 'too-large', size: info.size, limit: options.limit, exact: true } }
      const chunks: Buffer[] = []
      let total = 0
      for (;;) {
        const buffer = Buffer.allocUnsafe(Math.min(chunkSize, options.limit + 1 - total))
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
        if (bytesRead === 0) break
        chunks.push(buffer.subarray(0, bytesRead))
        total += bytesRead
        if (total > options.limit) return { ok: false, failure: { kind: 'too-large', size: total, limit: options.limit, exact: false } }
      }
      return { ok: true, bytes: Buffer.concat(chunks, total), real }
    } finally {
      await handle.close()
    }
  } catch (error) {
    return { ok: false, failure: { kind: 'unreadable', code: codeOf(error) } }
  }
}

/** readRegularFile, synchronously (for steps that cannot wait: plugins run in sync pipelines). */
export function readRegularFileSync(file: string, options: SafeReadOptions): ReadResult {
  let real: string
  try {
    real = realpathSync.native(file)
  } catch (error) {
    return { ok: false, failure: { kind: 'unreadable', code: codeOf(error) } }
  }
  const outside = checkWithin(real, options.within)
  if (outside) return outside
  try {
    const kind = typeOf(statSync(real))
    if (kind) return { ok: false, failure: { kind: 'not-regular', type: kind } }
    const fd = openSync(real, openFlags)
    try {
      const info = fstatSync(fd)
      const again = typeOf(info)
      if (again) return { ok: false, failure: { kind: 'not-regular', type: again } }
      if (info.size > options.limit) return { ok: false, failure: { kind: 'too-large', size: info.size, limit: options.limit, exact: true } }
      const chunks: Buffer[] = []
      let total = 0
      for (;;) {
        const buffer = Buffer.allocUnsafe(Math.min(chunkSize, options.limit + 1 - total))
        const bytesRead = readSync(fd, buffer, 0, buffer.length, null)
        if (bytesRead === 0) break
        chunks.push(buffer.subarray(0, bytesRead))
        total += bytesRead
        if (total > options.limit) return { ok: false, failure: { kind: 'too-large', size: total, limit: options.limit, exact: false } }
      }
      return { ok: true, bytes: Buffer.concat(chunks, total), real }
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    return { ok: false, failure: { kind: 'unreadable', code: codeOf(error) } }
  }
}

/**
 * The real path of `file` (symbolic links followed, as far as the path exists: the missing rest
 * is appended as written), for judging where a path leads before it exists.
 */
export function realPath(file: string): string {
  try {
    return realpathSync.native(file)
  } catch {
    const parent = path.dirname(file)
    return parent === file ? file : path.join(realPath(parent), path.basename(file))
  }
}

/** Whether `file` is `folder` or lies inside it (both absolute, already real). */
export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file)
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
}

/**
 * What a read failure means to an author, as the end of a sentence starting "Unexpected ...":
 * `FIFO (named pipe), expected a regular file`.
 */
export function describeFailure(failure: ReadFailure): string {
  switch (failure.kind) {
    case 'outside':
      return `path outside the project root (it leads to ${failure.real}), expected a file under the project`
    case 'not-regular':
      return `${failure.type}, expected a regular file`
    case 'too-large':
      return `file of ${failure.exact ? '' : 'more than '}${failure.exact ? failure.size : failure.limit} bytes, expected at most ${failure.limit} bytes`
    case 'unreadable':
      return `unreadable file (${failure.code}), expected a file the press can read`
  }
}

/**
 * Whether `file` (from data that could be tampered with, such as a PDF's embedded source map)
 * names a file inside the project: relative, `/`-separated, without `..`, `.` or empty
 * segments, backslashes or NUL. `sections/a/b.md` is; `../../etc/passwd` and `/etc/passwd` are not.
 */
export function isProjectPath(file: string): boolean {
  if (file === '' || file.includes('\0') || file.includes('\\') || file.startsWith('/') || /^[A-Za-z]:/.test(file)) return false
  return file.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

function checkWithin(real: string, within: readonly string[] | undefined): ReadResult | undefined {
  if (!within) return undefined
  if (within.some((folder) => isInside(realPath(folder), real))) return undefined
  return { ok: false, failure: { kind: 'outside', real } }
}

/** What a file that is not regular is, in words; undefined for a regular file. */
function typeOf(info: Stats): string | undefined {
  if (info.isFile()) return undefined
  if (info.isDirectory()) return 'folder'
  if (info.isFIFO()) return 'FIFO (named pipe)'
  if (info.isCharacterDevice()) return 'character device'
  if (info.isBlockDevice()) return 'block device'
  if (info.isSocket()) return 'socket'
  return 'special file'
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error)
}
