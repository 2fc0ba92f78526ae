import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { edit, fixtureRepository, gitIn, runCli, tempDir } from './helpers.js'

/**
 * A footnote deleted (call and text) between two commits: the review copy shows the call struck
 * through and the note's text, struck through, at the bottom of the same page. Printed by
 * Chromium and read back with poppler.
 */
let dir: string
let remove: () => void
let html: string
let pages: string[]

beforeAll(async () => {
  ;({ dir, remove } = tempDir())
  fixtureRepository(dir)
  edit(dir, 'sections/02-practice/data-iaph.md', 'the actors of a port.[^pcs]', 'the actors of a port and its hinterland.')
  edit(dir, 'sections/02-practice/data-iaph.md', '[^pcs]: A port community system is a neutral electronic platform.\n', '')
  gitIn(dir, 'commit', '-q', '-am', 'Footnote removed')
  const result = await runCli(dir, ['build', '--edition', 'review', '--compare', 'HEAD~1'])
  expect(result.code).toBe(0)
  html = readFileSync(path.join(dir, 'output', 'review.html'), 'utf8')
  const pdf = path.join(dir, 'output', 'review.pdf')
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
  pages = Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }))
}, 120_000)

afterAll(() => remove?.())

describe('a deleted footnote in a review copy', () => {
  it('keeps the deleted call as a call of the deleted note, struck through', () => {
    expect(html).toMatch(/<sup class="fnref fnref-deleted"><a href="#fn-deleted-1" role="doc-noteref">1<\/a><\/sup>/)
    const aside = /<aside [^>]*id="fn-deleted-1"[^>]*>.*?<\/aside>/.exec(html)?.[0] ?? ''
    expect(aside).toMatch(/class="footnote changed deleted"/)
    expect(aside).toMatch(/role="doc-footnote"/)
    expect(aside).toContain('<del>A port community system is a neutral electronic platform.</del>')
  })

  it('prints the deleted note at the bottom of the page of its call', () => {
    const page = pages.find((p) => p.includes('and its hinterland'))!
    expect(page).toBeDefined()
    const lines = page.split('\n')
    const call = lines.findIndex((line) => line.includes('actors of a port'))
    const note = lines.findIndex((line) => line.includes('A port community system is a neutral electronic platform.'))
    expect(note).toBeGreaterThan(call)
    // Below the text: nothing of the running text comes after the note on its page.
    expect(lines.slice(note + 1).join(' ')).not.toMatch(/Port community systems/)
  })
})
