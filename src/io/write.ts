import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises'
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

/** A temporary name of temporaryPath: `.NAME.PID.RANDOM.EXT`, and the pid of the process that made it. */
const temporaryName = /^\..+\.(\d+)\.[\da-f]{8}\.(?:tmp|html)$/

/**
 * Remove the temporary files that processes no longer running left in `folder` (a press killed
 * with SIGKILL cannot remove its own; 27 piled up in a kill loop). A name carries the pid of its
 * maker (temporaryPath); files of live processes (a build running beside this one) are kept.
 * Never throws: what cannot be listed or removed stays.
 */
export async function removeStaleTemporaries(folder: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const pid = Number(temporaryName.exec(name)?.[1])
    if (!pid || pid === process.pid || alive(pid)) continue
    try {
      await rm(path.join(folder, name), { force: true })
      removed.push(name)
    } catch {
      // left for a later build
    }
  }
  return removed
}

/** Whether a process `pid` runs (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
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
