import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'

/** Named error: an output could not be written (folder not writable, not a folder, disk full). */
export class OutputError extends Error {
  override name = 'OutputError'
}

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a file stands where a folder is needed',
  EEXIST: 'a file stands where a folder is needed',
  EISDIR: 'a folder stands where the file should be',
  EIO: 'input/output error'
}

/**
 * A clear OutputError for a failed write of `target`, naming the file and the cause in words
 * (`cause` keeps the original error).
 */
export function outputError(target: string, error: unknown): OutputError {
  if (error instanceof OutputError) return error
  const code = (error as NodeJS.ErrnoException)?.code
  const reason = (code && reasons[code]) ?? (error as Error)?.message ?? String(error)
  return new OutputError(`Cannot write ${target}: ${reason}${code ? ` (${code})` : ''}. The previous output, if any, is unchanged.`, { cause: error })
}

/** A hidden, unique temporary name next to `file` (same folder, so a rename is atomic). */
export function temporaryPath(file: string, extension = '.tmp'): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${extension}`)
}

/**
 * Write `data` to `file` atomically: into a temporary file in the same folder, flushed to disk,
 * then renamed over `file`. A reader (or a failed build) never sees a half-written file; the
 * previous one stays intact, and the temporary file is removed on any failure (also when
 * `signal` aborts). Fails with OutputError.
 */
export async function writeAtomic(file: string, data: string | Uint8Array, signal?: AbortSignal): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true })
  } catch (error) {
    throw outputError(path.dirname(file), error)
  }
  const temporary = temporaryPath(file)
  try {
    signal?.throwIfAborted()
    const handle = await open(temporary, 'wx')
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    signal?.throwIfAborted()
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    if (signal?.aborted) throw signal.reason
    throw outputError(file, error)
  }
}
