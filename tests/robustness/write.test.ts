import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { OutputError, writeAtomic } from '../../src/io/write.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) {
    try {
      execFileSync('umount', [folder], { stdio: 'ignore' })
    } catch {
      // not a mount point
    }
    rmSync(folder, { recursive: true, force: true })
  }
})

function folder(): string {
  const created = mkdtempSync(path.join(os.tmpdir(), 'press-write-'))
  folders.push(created)
  return created
}

describe('writeAtomic', () => {
  it('replaces a file whole', async () => {
    const dir = folder()
    const file = path.join(dir, 'doc.pdf')
    writeFileSync(file, 'old')
    await writeAtomic(file, 'new')
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(readdirSync(dir)).toEqual(['doc.pdf'])
  })

  it('disk full: OutputError with ENOSPC, the previous file intact, no temporary file left', async (context) => {
    const dir = folder()
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' })
    } catch {
      context.skip()
    }
    const file = path.join(dir, 'doc.pdf')
    writeFileSync(file, 'the previous PDF')
    const error = await writeAtomic(file, Buffer.alloc(256 * 1024, 1)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutputError)
    expect((error as Error).message).toBe(`Cannot write ${file}: no space left on the device (ENOSPC). The previous output, if any, is unchanged.`)
    expect(readFileSync(file, 'utf8')).toBe('the previous PDF')
    expect(readdirSync(dir)).toEqual(['doc.pdf'])
  })

  it('a file where the folder should be: OutputError naming the folder', async () => {
    const dir = folder()
    writeFileSync(path.join(dir, 'output'), 'a file')
    const error = await writeAtomic(path.join(dir, 'output', 'doc.pdf'), 'x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutputError)
    expect((error as Error).message).toMatch(/^Cannot write .*output: a file stands where a folder is needed \((EEXIST|ENOTDIR)\)/)
  })

  it('aborted: rejects with the reason, leaves nothing behind', async () => {
    const dir = folder()
    const file = path.join(dir, 'doc.pdf')
    writeFileSync(file, 'old')
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    await expect(writeAtomic(file, 'new', controller.signal)).rejects.toThrow('stop')
    expect(readFileSync(file, 'utf8')).toBe('old')
    expect(readdirSync(dir)).toEqual(['doc.pdf'])
  })
})
