import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { closeBrowser, launchBrowser } from '../../src/print/browser.js'

// After a build the browser is killed rather than asked to shut down (src/print/printer.ts):
// no process and no temporary profile may be left.
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Processes of process group `group` that are not zombies (from /proc: Linux). */
const running = (group: number) =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return Number(fields[2]) === group && fields[0] !== 'Z' && fields[0] !== 'X' ? [Number(pid)] : []
      } catch {
        return []
      }
    })

describe.skipIf(process.platform !== 'linux')('closeBrowser with kill', () => {
  it('ends every browser process and removes the temporary profile', async () => {
    const browser = await launchBrowser({ timeout: 30_000 })
    const child = browser.process()!
    const profile = child.spawnargs.find((arg) => arg.startsWith('--user-data-dir='))!.split('=')[1]!
    expect(existsSync(profile)).toBe(true)
    await (await browser.newPage()).setContent('<p>x</p>')
    const started = performance.now()
    await closeBrowser(browser, undefined, { kill: true })
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(browser.connected).toBe(false)
    expect(alive(child.pid!)).toBe(false)
    // No process of its group (renderers, GPU and utility processes) still runs: killed ones
    // may stay zombies until init reaps them, which takes nothing but a process table entry. A
    // signal is delivered when the process is next scheduled: on a loaded machine, a moment later.
    for (let i = 0; i < 40 && running(child.pid!).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(running(child.pid!)).toEqual([])
    expect(existsSync(profile)).toBe(false)
  })
})
