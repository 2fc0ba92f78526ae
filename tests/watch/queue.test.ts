import { describe, expect, it } from 'vitest'
import { BuildQueue, type BuildKind } from '../../src/watch/queue.js'
import { relevant } from '../../src/watch/session.js'
import { injectClient, resolveFile } from '../../src/watch/server.js'

describe('BuildQueue', () => {
  it('never runs two builds at once and coalesces requests made meanwhile', async () => {
    const log: string[] = []
    let running = 0
    let release: (() => void) | undefined
    const queue = new BuildQueue(async (kind: BuildKind) => {
      running++
      expect(running).toBe(1)
      log.push(`start ${kind}`)
      await new Promise<void>((resolve) => (release = resolve))
      log.push(`end ${kind}`)
      running--
    })
    queue.request('pdf')
    await Promise.resolve()
    // While the PDF build runs: three saves and another PDF request.
    queue.request('html')
    queue.request('pdf')
    queue.request('html')
    queue.request('html')
    const done = queue.idle()
    for (let i = 0; i < 3; i++) {
      while (!release) await new Promise((resolve) => setImmediate(resolve))
      const r = release
      release = undefined
      r()
    }
    await done
    // One HTML build (before the queued PDF), then one PDF build.
    expect(log).toEqual(['start pdf', 'end pdf', 'start html', 'end html', 'start pdf', 'end pdf'])
  })

  it('keeps going after a failed build', async () => {
    const kinds: BuildKind[] = []
    const queue = new BuildQueue(async (kind) => {
      kinds.push(kind)
      if (kinds.length === 1) throw new Error('browser crashed')
    })
    queue.request('pdf')
    queue.request('html')
    await queue.idle()
    expect(kinds).toEqual(['pdf', 'html'])
  })
})

describe('preview server paths', () => {
  const root = '/project'
  const output = '/project/output'
  it('maps /output/ to the output folder and the rest to the project root', () => {
    expect(resolveFile('/output/working-document.html', root, output)).toEqual({ absolute: '/project/output/working-document.html', output: true })
    expect(resolveFile('/sections/images/a.svg', root, output)).toEqual({ absolute: '/project/sections/images/a.svg', output: false })
  })
  it('refuses paths that leave the project, dot-files and node_modules', () => {
    expect(resolveFile('/../etc/passwd', root, output)).toBeUndefined()
    expect(resolveFile('/output/../../etc/passwd', root, output)).toBeUndefined()
    expect(resolveFile('/.git/config', root, output)).toBeUndefined()
    expect(resolveFile('/node_modules/x/package.json', root, output)).toBeUndefined()
    expect(resolveFile('/a\\..\\..\\b', root, output)).toBeUndefined()
  })
  it('adds the client script before </body>', () => {
    expect(injectClient('<html><body><p>x</p></body></html>')).toBe('<html><body><p>x</p><script src="/__guidelines/client.js"></script></body></html>')
  })
  it('ignores outputs, editor files and dot-folders when watching', () => {
    expect(relevant('sections/01/a.md', 'output')).toBe(true)
    expect(relevant('output/working-document.html', 'output')).toBe(false)
    expect(relevant('sections/01/.a.md.swp', 'output')).toBe(false)
    expect(relevant('sections/01/a.md~', 'output')).toBe(false)
    expect(relevant('.git/index', 'output')).toBe(false)
  })
})
