import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

// Builds a generated project long enough to paginate (chapters, footnotes on many pages, a table
// and a list longer than a page), in the joint-publication template (TOC with page numbers,
// roman front matter), then reads the PDF back with poppler and qpdf.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cli = path.join(repo, 'bin', 'guidelines.js')

const words = 'customs port authority cooperation data exchange risk management clearance single window community system security resilience governance'.split(' ')
const sentence = (seed: number, length: number) =>
  Array.from({ length }, (_, i) => words[(seed * 7 + i * 3) % words.length]).join(' ').replace(/^./, (c) => c.toUpperCase()) + '.'
const paragraph = (seed: number) => Array.from({ length: 5 }, (_, i) => sentence(seed + i, 14 + ((seed + i) % 9))).join(' ')

let root: string
let pdf: string
/** Text of each physical page (pdftotext -layout). */
let pages: string[]

function chapter(n: number): string {
  const parts: string[] = []
  for (let p = 0; p < 14; p++) {
    const id = n * 100 + p
    // A unique token right before each footnote reference, to find the citing page.
    const note = p % 3 === 0 ? ` tokenfn${id}[^n${id}]` : ''
    parts.push(`${paragraph(id)}${note}`)
    if (p === 6) parts.push(`# Heading ${n} inside {#h-${n}}`)
  }
  for (let p = 0; p < 14; p += 3) parts.push(`[^n${n * 100 + p}]: Footnote text number ${n * 100 + p}, a source citation.`)
  if (n === 2) {
    parts.push('Table: A long table {#tab-long}\n\n| Item | Description |\n|---|---|\n' + Array.from({ length: 70 }, (_, i) => `| row${i} | ${sentence(i, 8)} |`).join('\n'))
    parts.push(Array.from({ length: 40 }, (_, i) => `${i + 1}. listitem${i + 1} ${sentence(i, 10)}`).join('\n'))
  }
  parts.push(`See [](#chapter-${n === 1 ? 2 : 1}) and [](#tab-long).`)
  return `---\nsection: section-${n}\nwriter: WCO\nstatus: final\n---\n\n${parts.join('\n\n')}\n`
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'press-pagination-'))
  const chapters = [1, 2, 3]
    .map((n) => `  - id: chapter-${n}\n    title: Chapter title ${n}\n    sections:\n      - id: section-${n}\n        title: Section title ${n}\n        writers: [WCO]\n        peers: [IAPH]`)
    .join('\n')
  writeFileSync(
    path.join(root, 'guidelines.yaml'),
    `title: Pagination Test Guidelines\nsubtitle: Read back from the PDF\nlanguage: en\norganisations: [WCO, IAPH]\nreference: PT0001Ea\nedition: First edition\ndate: 2023-05-31\ncontributors:\n  WCO: World Customs Organization\n  IAPH: International Association of Ports and Harbors\noutline:\n${chapters}\neditions:\n  publication:\n    template: joint-publication\n    paragraphNumbers: false\n  working:\n    template: wco-working-document\n`
  )
  writeFileSync(path.join(root, 'glossary.yaml'), '')
  mkdirSync(path.join(root, 'sections'))
  for (const n of [1, 2, 3]) writeFileSync(path.join(root, 'sections', `c${n}.md`), chapter(n))
  execFileSync(process.execPath, [cli, 'build', '--root', root, '--edition', 'publication', '--quiet'], { encoding: 'utf8' })
  pdf = path.join(root, 'output', 'publication.pdf')
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
  pages = Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }))
})

/** Physical index (0-based) of the first page whose text matches. */
const pageOf = (pattern: RegExp) => pages.findIndex((text) => pattern.test(text))

describe('pagination read back from the PDF', () => {
  it('prints a multi-page document', () => {
    expect(pages.length).toBeGreaterThan(10)
  })

  it('gives the right page number to every chapter in the table of contents', () => {
    const tocPage = pageOf(/Contents/)
    expect(tocPage).toBeGreaterThanOrEqual(0)
    // Folio of a physical page: the number printed in its footer ("N | title" or "N").
    const folio = (index: number) => {
      const lines = pages[index]!.trim().split('\n')
      const footer = lines[lines.length - 1]!
      return /(\b[0-9]+\b|\b[ivxlc]+\b)/.exec(footer)?.[1]
    }
    for (const n of [1, 2, 3]) {
      const entry = new RegExp(`Chapter title ${n}[ .]*?(\\d+)\\s*$`, 'm').exec(pages[tocPage]!)
      expect(entry, `TOC entry for chapter ${n}`).not.toBeNull()
      const printed = entry![1]
      // The chapter's heading: the page where its title stands, after the TOC.
      const start = pages.findIndex((text, index) => index > tocPage && new RegExp(`^\\s*${n}\\.?\\s+Chapter title ${n}\\s*$`, 'm').test(text))
      expect(start, `page of chapter ${n}`).toBeGreaterThan(tocPage)
      expect(folio(start)).toBe(printed)
    }
  })

  it('puts each footnote at the bottom of the page that cites it', () => {
    let checked = 0
    for (const n of [1, 2, 3]) {
      for (let p = 0; p < 14; p += 3) {
        const id = n * 100 + p
        const cites = pageOf(new RegExp(`tokenfn${id}\\b`))
        const note = pageOf(new RegExp(`Footnote text number ${id},`))
        expect(cites, `citation of note ${id}`).toBeGreaterThanOrEqual(0)
        expect(note, `page of note ${id}`).toBe(cites)
        const lines = pages[note]!.split('\n')
        const noteLine = lines.findIndex((line) => line.includes(`Footnote text number ${id},`))
        const citeLine = lines.findIndex((line) => line.includes(`tokenfn${id}`))
        expect(noteLine).toBeGreaterThan(citeLine)
        checked++
      }
    }
    expect(checked).toBe(15)
  })

  it('hyphenates at line ends and leaves no soft hyphen inside a line of the text', () => {
    const lines = pages.join('\n').split('\n')
    const broken = lines.filter((line) => line.includes('\u00ad'))
    expect(broken.length).toBeGreaterThan(5)
    // A kept soft hyphen ends its line (followed only by the hyphen Chromium draws there).
    for (const line of broken) expect(line).toMatch(/\p{L}\u00ad[\u2010-]?\s*$/u)
  })

  it('numbers footnotes continuously across the document', () => {
    const all = pages.join('\n')
    const numbers = [...all.matchAll(/^\s*(\d+)\s+Footnote text number (\d+),/gm)].map((m) => Number(m[1]))
    expect(numbers).toEqual(Array.from({ length: 15 }, (_, i) => i + 1))
  })

  it('splits a long table between rows and repeats its header row', () => {
    const first = pageOf(/row0\b/)
    const last = pageOf(/row69\b/)
    expect(last).toBeGreaterThan(first)
    for (let index = first; index <= last; index++) expect(pages[index]).toMatch(/Item\s+Description/)
    // No row is lost or printed twice.
    const rows = pages.join('\n').match(/\brow\d+\b/g) ?? []
    expect(new Set(rows).size).toBe(70)
    expect(rows.length).toBe(70)
  })

  it('continues the numbering of a list split across pages', () => {
    const all = pages.join('\n')
    for (const n of [1, 17, 33, 40]) expect(all).toMatch(new RegExp(`\\b${n}\\.\\s+listitem${n}\\b`))
  })

  it('resolves references and numbers front matter in roman numerals', () => {
    const all = pages.join('\n')
    expect(all).toMatch(/See Chapter 2 and Table 1\./)
    const footerOf = (index: number) => pages[index]!.trim().split('\n').pop()!
    const tocPage = pageOf(/Contents/)
    expect(footerOf(tocPage)).toMatch(/\b[ivx]+\b/)
  })

  it('has nested bookmarks, a structure tree, metadata and only embedded fonts', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
    expect(info).toMatch(/Tagged:\s+yes/)
    expect(info).toMatch(/Title:\s+Pagination Test Guidelines/)
    expect(info).toMatch(/Author:\s+World Customs Organization; International Association of Ports and Harbors/)
    expect(info).toMatch(/Producer:\s+Guidelines press/)
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as {
      outlines: Array<{ title: string; kids: Array<{ title: string }> }>
    }
    const titles = JSON.stringify(json.outlines)
    for (const n of [1, 2, 3]) expect(titles).toContain(`Chapter title ${n}`)
    expect(json.outlines.some((o) => o.kids.length > 0)).toBe(true)
    const raw = readFileSync(pdf).toString('latin1')
    expect(raw).toContain('/StructTreeRoot')
    expect(raw).toMatch(/\/Lang \(en\)/)
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(fonts.length).toBeGreaterThan(0)
    for (const line of fonts) {
      expect(line).toMatch(/SourceSerif4|SourceSans3/)
      expect(line.split(/\s+/).slice(-5)[0]).toBe('yes')
    }
  })
})
