import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRegularFile, readRegularFileSync } from '../../src/load/safe-read.js'

// Every read of a project file goes through readRegularFile (issue 18, items 1 and 8).
let folder = ''
let outside = ''

beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'press-safe-read-'))
  outside = mkdtempSync(path.join(os.tmpdir(), 'press-safe-outside-'))
  writeFileSync(path.join(folder, 'plain.md'), 'text')
  writeFileSync(path.join(outside, 'secret.txt'), 'secret')
  symlinkSync(path.join(outside, 'secret.txt'), path.join(folder, 'leak.md'))
  mkdirSync(path.join(folder, 'sub'))
  symlinkSync(path.join(folder, 'plain.md'), path.join(folder, 'sub', 'inside.md'))
  symlinkSync('/dev/zero', path.join(folder, 'zero.md'))
  execFileSync('mkfifo', [path.join(folder, 'pipe.md')])
})

afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

describe.each([
  ['async', (file: string, options: Parameters<typeof readRegularFile>[1]) => readRegularFile(file, options)],
  ['sync', async (file: string, options: Parameters<typeof readRegularFile>[1]) => readRegularFileSync(file, options)]
])('readRegularFile (%s)', (_, read) => {
  it('reads a regular file inside the allowed folder, also through a symbolic link that stays inside', async () => {
    expect(await read(path.join(folder, 'plain.md'), { limit: 100, within: [folder] })).toMatchObject({ ok: true, bytes: Buffer.from('text') })
    expect(await read(path.join(folder, 'sub', 'inside.md'), { limit: 100, within: [folder] })).toMatchObject({ ok: true, real: path.join(folder, 'plain.md') })
  })

  it('refuses a symbolic link that leads out of the allowed folders', async () => {
    expect(await read(path.join(folder, 'leak.md'), { limit: 100, within: [folder] })).toEqual({ ok: false, failure: { kind: 'outside', real: path.join(outside, 'secret.txt') } })
  })

  it.skipIf(process.platform !== 'linux')('refuses /dev/zero (a character device) at once, without reading it', async () => {
    const started = performance.now()
    expect(await read(path.join(folder, 'zero.md'), { limit: 100 })).toEqual({ ok: false, failure: { kind: 'not-regular', type: 'character device' } })
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it.skipIf(process.platform !== 'linux')('refuses a FIFO without waiting for a writer', async () => {
    expect(await read(path.join(folder, 'pipe.md'), { limit: 100 })).toEqual({ ok: false, failure: { kind: 'not-regular', type: 'FIFO (named pipe)' } })
  })

  it.skipIf(process.platform !== 'linux')('counts the bytes while reading: a file whose stat says 0 bytes is still bounded', async () => {
    // /proc files are regular files of size 0 by stat, and hold kilobytes.
    expect(await read('/proc/self/maps', { limit: 64 })).toEqual({ ok: false, failure: { kind: 'too-large', size: 65, limit: 64, exact: false } })
  })

  it('a missing file is unreadable (ENOENT)', async () => {
    expect(await read(path.join(folder, 'none.md'), { limit: 64 })).toEqual({ ok: false, failure: { kind: 'unreadable', code: 'ENOENT' } })
  })
})
