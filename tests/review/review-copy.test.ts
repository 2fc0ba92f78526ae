import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { readPdf } from '../helpers/pdf.js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { edit, fixtureRepository, gitIn, runCli, tempDir } from './helpers.js'

/**
 * End to end, with Chromium: a temporary repository of the fixture project whose second
 * commit edits a paragraph, deletes one and adds a section; its review copy compared with the
 * first commit, printed, read back. Also: two builds of one commit are byte-identical.
 */

const epoch = '1895045600' // 2030-01-19 09:33:20 UTC
let dir: string
let remove: () => void
let html: string
let text: string
let first: { code: number; stdout: string; stderr: string }

beforeAll(async () => {
  ;({ dir, remove } = tempDir())
  fixtureRepository(dir)
  gitIn(dir, 'tag', 'draft-1')
  edit(dir, 'sections/01-intro/purpose-wco.md', 'work together on the\nmovement of goods through ports.', 'work closely together on the\nsafe movement of goods through seaports.')
  edit(dir, 'sections/01-intro/purpose-wco.md', '\nA third paragraph explains that the Guidelines will be reviewed every year by a joint\nworking group of both organizations.\n', '')
  edit(dir, 'guidelines.yaml', 'title: Scope\n', 'title: Scope of application\n')
  edit(dir, 'guidelines.yaml', '      - id: risk\n', '      - id: training\n        title: Joint training\n        writers: [IAPH]\n      - id: risk\n')
  writeFileSync(path.join(dir, 'sections/02-practice/training-iaph.md'), '---\nsection: training\nwriter: IAPH\n---\n\nJoint training brings Customs officers and port staff into one classroom.\n')
  gitIn(dir, 'add', '-A')
  gitIn(dir, 'commit', '-q', '-m', 'Second draft')
  vi.stubEnv('SOURCE_DATE_EPOCH', epoch)
  first = await runCli(dir, ['build', '--edition', 'review', '--compare', 'draft-1'])
  html = readFileSync(path.join(dir, 'output', 'review.html'), 'utf8')
  text = execFileSync('pdftotext', ['-layout', path.join(dir, 'output', 'review.pdf'), '-'], { encoding: 'utf8' })
}, 180_000)

afterAll(() => {
  vi.unstubAllEnvs()
  remove?.()
})

describe('guidelines build --edition review --compare REF', () => {
  it('builds', () => {
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^Built 1 edition/)
  })

  it('marks inserted and deleted words, deleted paragraphs and new sections, with change bars', () => {
    expect(html).toContain('work <ins>closely</ins> together on the\n<ins>safe</ins> movement of goods through <del>ports</del><ins>seaports</ins>.')
    expect(html).toMatch(/<p class="para changed deleted"[^>]*><del>A third paragraph explains/)
    expect(html).toMatch(/<p class="para changed inserted"[^>]*><span class="para-num">\d+\.<\/span><ins>Joint training brings/)
    expect(html).toMatch(/<h2 class="section-title changed"><span class="num">b\.<\/span> Scope <ins>of application<\/ins><\/h2>/)
    // Renumbered: "Risk management" went from 2.b to 2.c, and the reference to it with it.
    expect(html).not.toMatch(/<(ins|del)>Section 2\.[bc]/)
  })

  it('opens with the summary of changed sections', () => {
    expect(text).toContain('Changes since draft-1')
    expect(text).toMatch(/3 sections changed since draft-1: 4 insertions \(\d+ words\) and 2 deletions \(\d+ words\)/)
    expect(text).toMatch(/1\.a Purpose\s+changed\s+3 \(3\)\s+2 \(\d+\)\s+[1-9]\b/)
    expect(text).toMatch(/2\.b Joint training\s+new section\s+1 \(\d+\)\s+–\s+[1-9]\b/)
    expect(text).toMatch(/2\.c Risk management\s+moved, text unchanged, was 2\.b/)
    expect(text).toMatch(/1\.b Scope of application\s+changed, title was “Scope”/)
  })

  it('prints the watermark, the version stamp and line numbers on the pages', () => {
    const commit = gitIn(dir, 'rev-parse', '--short', 'HEAD')
    const pages = text.split('\f').filter((page) => page.trim() !== '')
    expect(pages.length).toBeGreaterThan(1)
    for (const page of pages) expect(page).toContain(`${commit} · branch main · 1 commit after draft-1 · 2030-01-19 09:33 UTC`)
    expect(html).toContain('DRAFT – FOR REVIEW')
    // Line numbers restart on each page: every page has a line "1" in the margin.
    for (const page of pages) expect(page).toMatch(/^\s*(?:\d+\.\s+)?1\s+\S/m)
  })

  it('prints each writer’s tag in the outer margin, 4 mm clear of the text and 5 mm inside the trim', () => {
    const pages = readPdf(path.join(dir, 'output', 'review.pdf'))
    const tags = pages.flatMap((page) => page.words.filter((w) => /^(WCO|IAPH)$/.test(w.text) && w.x0 > page.width * 0.85).map((w) => ({ w, page })))
    expect(tags.length).toBeGreaterThan(0)
    for (const { w, page } of tags) {
      expect(page.width - w.x1).toBeGreaterThan(14)
      // Clear of the text block: every other word on the tag's lines ends at least 3 mm (8.5 pt) to its left.
      const text = page.words.filter((o) => o !== w && o.y1 > w.y0 && o.y0 < w.y1 && o.x1 <= w.x0)
      for (const o of text) expect(w.x0 - o.x1).toBeGreaterThan(8.5)
    }
    // Nothing of the tag's box (its border, its letters) in the 4.2 mm (12 pt) next to the trim, at 144 dpi.
    const { page } = tags[0]!
    const band = execFileSync('pdftoppm', ['-r', '144', '-f', String(page.number), '-l', String(page.number), '-x', String(Math.floor((page.width - 12) * 2)), '-y', '0', '-W', '24', '-H', String(Math.floor(page.height * 2)), path.join(dir, 'output', 'review.pdf')], { maxBuffer: 64 * 1024 * 1024 })
    const counts = countColours(band, { border: [0xd8, 0xb4, 0xa0], letters: [0xa0, 0x52, 0x2d] })
    expect(counts).toEqual({ border: 0, letters: 0 })
    // Nor in the 4 mm (11 pt) right of the text block (the right margin is 20 mm).
    const gutter = execFileSync('pdftoppm', ['-r', '144', '-f', String(page.number), '-l', String(page.number), '-x', String(Math.ceil((page.width - 56.7 + 1) * 2)), '-y', '0', '-W', '22', '-H', String(Math.floor(page.height * 2)), path.join(dir, 'output', 'review.pdf')], { maxBuffer: 64 * 1024 * 1024 })
    expect(countColours(gutter, { border: [0xd8, 0xb4, 0xa0], letters: [0xa0, 0x52, 0x2d] })).toEqual({ border: 0, letters: 0 })
  })

  it('shows the marks in colour: underlined green insertions, red deletions and bars (pixels of the page of 1.a)', () => {
    const pages = text.split('\f')
    const page = pages.findIndex((p) => /a\.\s+Purpose/.test(p) && !p.includes('Changes since')) + 1
    expect(page).toBeGreaterThan(0)
    const ppm = execFileSync('pdftoppm', ['-r', '50', '-f', String(page), '-l', String(page), path.join(dir, 'output', 'review.pdf')], { maxBuffer: 64 * 1024 * 1024 })
    const counts = countColours(ppm, { ins: [0x0b, 0x6e, 0x2f], del: [0xb3, 0x26, 0x1e], bar: [0xc2, 0x41, 0x0c] })
    expect(counts.ins).toBeGreaterThan(20)
    expect(counts.del).toBeGreaterThan(20)
    expect(counts.bar).toBeGreaterThan(10)
  })

  it('rejects a ref that is not a commit, as a usage error', async () => {
    const result = await runCli(dir, ['build', '--edition', 'review', '--compare', 'no-such-tag'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^--compare: Unexpected ref `no-such-tag`/)
  })

  it('rejects --compare for a build of no review edition, as a usage error, writing nothing', async () => {
    const result = await runCli(dir, ['build', '--edition', 'plain', '--compare', 'HEAD'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^--compare: changes are marked only in review editions \(`review: true` in guidelines.yaml\), and none is built here: `plain`/)
    expect(existsSync(path.join(dir, 'output', 'plain.pdf'))).toBe(false)
  })
})

describe('review edition options', () => {
  it('takes the watermark from the edition, and can leave line numbers out', async () => {
    const result = await runCli(dir, ['build', '--edition', 'peer-review'])
    expect(result.code).toBe(0)
    const peer = readFileSync(path.join(dir, 'output', 'peer-review.html'), 'utf8')
    expect(peer).toContain('PEER REVIEW COPY')
    expect(peer).not.toContain('DRAFT – FOR REVIEW')
    expect(peer).not.toContain('change-summary"')
    const pages = execFileSync('pdftotext', ['-layout', path.join(dir, 'output', 'peer-review.pdf'), '-'], { encoding: 'utf8' }).split('\f')
    // Lines that start with a bare number (paragraph numbers end with a dot): line numbers, and
    // footnote numbers. Without line numbers only the one footnote is left.
    const numbered = (text: string) => text.split('\n').filter((line) => /^\s*(?:\d+\.\s+)?\d+\s+\S/.test(line)).length
    expect(numbered(text)).toBeGreaterThan(20)
    const numberedLines = pages.join('\n').split('\n').filter((line) => /^\s*(?:\d+\.\s+)?\d+\s+\S/.test(line) && !/^\s*\d+ (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/.test(line)) // not the date of issue
    expect(numberedLines, numberedLines.join(' | ')).toHaveLength(1)
    expect(pages.join('')).toMatch(/ · branch main · 1 commit after draft-1 · 2030-01-19 09:33 UTC/)
  }, 120_000)
})

describe('reproducible builds', () => {
  it('gives byte-identical PDFs for two builds of one commit with SOURCE_DATE_EPOCH', async () => {
    const pdf = path.join(dir, 'output', 'review.pdf')
    copyFileSync(pdf, path.join(dir, 'first.pdf'))
    const second = await runCli(dir, ['build', '--edition', 'review', '--compare', 'draft-1'])
    expect(second.code).toBe(0)
    const a = readFileSync(path.join(dir, 'first.pdf'))
    const b = readFileSync(pdf)
    expect(b.length).toBe(a.length)
    expect(Buffer.compare(a, b)).toBe(0)
    expect(b.toString('latin1')).toMatch(/\/CreationDate \(D:20300119093320\+00'00'\)/)
  }, 120_000)
})

/** Pixels of a binary PPM (P6) within a small distance of each named colour. */
function countColours(ppm: Buffer, colours: Record<string, [number, number, number]>): Record<string, number> {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 64).toString('latin1'))
  if (!header) throw new Error('Unexpected image: not a binary PPM')
  const start = header[0].length
  const counts = Object.fromEntries(Object.keys(colours).map((k) => [k, 0]))
  for (let i = start; i + 2 < ppm.length; i += 3) {
    for (const [name, [r, g, b]] of Object.entries(colours)) {
      if (Math.abs(ppm[i]! - r) + Math.abs(ppm[i + 1]! - g) + Math.abs(ppm[i + 2]! - b) < 60) counts[name]!++
    }
  }
  return counts
}
