import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { startWatch, type WatchEvent, type WatchSession } from '../../src/watch/session.js'

// The watch loop with the PDF on: a save made while the PDF is being made stops that print, so
// that the HTML (and the pages view) never waits behind it; the PDF is made again afterwards.

const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const fixture = path.join(toolRoot, 'tests', 'fixtures', 'projects', 'basic')
const contribution = path.join('sections', '01-intro', 'purpose-wco.md')

let project: string | undefined
let session: WatchSession | undefined

afterAll(async () => {
  await session?.close()
  if (project) rmSync(project, { recursive: true, force: true })
})

describe('watch: a save during a print', () => {
  it('stops the print, rebuilds the HTML at once, and prints the PDF (only) again once saves stop', async () => {
    project = mkdtempSync(path.join(os.tmpdir(), 'guidelines-session-'))
    cpSync(fixture, project, { recursive: true })
    // An edition printed as PDF and DOCX: watch makes the PDF only (the DOCX would hold the preview up).
    const config = path.join(project, 'guidelines.yaml')
    writeFileSync(config, readFileSync(config, 'utf8').replace('    template: wco-working-document\n', '    template: wco-working-document\n    format: [pdf, docx]\n'))
    const events: WatchEvent[] = []
    let printing: (() => void) | undefined
    session = await startWatch({
      root: project,
      port: 0,
      edition: 'working-document',
      pdfDelay: 100,
      onEvent: (event) => {
        events.push(event)
        if (event.type === 'printing') printing?.()
      }
    })
    await session.idle()
    const file = path.join(project, contribution)
    const original = readFileSync(file, 'utf8')

    // A save; the PDF build that follows it starts; a second save lands while it runs.
    writeFileSync(file, original.replace('These test guidelines exist', 'First save. These test guidelines exist'))
    await new Promise<void>((resolve) => (printing = resolve))
    const from = events.length
    writeFileSync(file, original.replace('These test guidelines exist', 'Second save. These test guidelines exist'))
    // Until the PDF of the second save is written.
    for (let i = 0; i < 600; i++) {
      if (events.slice(from).some((e) => e.type === 'built' && e.state.kind === 'pdf')) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await session.idle()

    const after = events.slice(from).map((e) => (e.type === 'built' ? `built ${e.state.kind}${e.state.ok ? '' : ' failed'}` : e.type))
    // The running print stopped (no failure shown), the HTML first, then the PDF again.
    expect(after.filter((e) => e !== 'change')).toEqual(['print-stopped', 'built html', 'printing', 'built pdf'])
    const built = events.slice(from).filter((e): e is Extract<WatchEvent, { type: 'built' }> => e.type === 'built')
    const pdf = built.find((e) => e.state.kind === 'pdf')!.outputs[0]!.pdf!
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('Second save.')
    expect(existsSync(path.join(project, 'output', 'working-document.docx'))).toBe(false)
  })
})
