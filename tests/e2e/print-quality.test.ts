import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { bookmarkTitles, DISCRETIONARY, mm, readOutline, readPdf, type PdfLine, type PdfPage } from '../helpers/pdf.js'
import { abbreviations, longTitle, tableLengths, urls, writeProofProject, type ProofLanguage } from '../helpers/proof-project.js'

// What a professional proof reader checks (issue 13), read back from the PDFs of a proof
// project (tests/helpers/proof-project.ts) printed in every built-in template, in English and
// in French: nothing beyond the text block, the glossary's terms beside their definitions,
// recto/verso, tables split with two rows on each side and the same columns, hyphenation by
// the rules of the trade, figures that let the text move up, TOC entries that wrap, the
// acronyms' baselines, bookmarks, references to paragraphs, the cover in pdf.js.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cli = path.join(repo, 'bin', 'guidelines.js')

/** Margins (mm) of each template's text block; `hang`: paragraph numbers stand this far into the left margin. */
const geometry = {
  'wco-working-document': { top: 22, bottom: 22, left: 27, right: 20, hang: 11, sides: 1 },
  iaph: { top: 24, bottom: 22, left: 28, right: 20, hang: 11, sides: 1 },
  // Mirrored: the inner margin (26 mm) at the spine, left on right-hand (odd) pages.
  'joint-publication': { top: 24, bottom: 24, left: 26, right: 24, hang: 0, sides: 2 }
} as const
type Template = keyof typeof geometry

interface Edition {
  language: ProofLanguage
  name: string
  template: Template
  pdf: string
  pages: PdfPage[]
}

const editions: Edition[] = []
/** The build's diagnostics (JSON), by language. */
const diagnostics = new Map<ProofLanguage, Array<{ file: string; line: number; rule: string; message: string }>>()

beforeAll(() => {
  const built: Array<[ProofLanguage, Array<[string, Template]>]> = [
    ['en', [['working', 'wco-working-document'], ['iaph', 'iaph'], ['publication', 'joint-publication']]],
    ['fr', [['working', 'wco-working-document'], ['publication', 'joint-publication']]]
  ]
  for (const [language, list] of built) {
    const root = mkdtempSync(path.join(os.tmpdir(), `press-proof-${language}-`))
    writeProofProject(root, language)
    const run = spawnSync(process.execPath, [cli, 'build', '--root', root, '--format', 'json', ...list.flatMap(([name]) => ['--edition', name])], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    if (run.status !== 0) throw new Error(`The proof project (${language}) does not build:\n${run.stderr}\n${run.stdout}`)
    diagnostics.set(language, JSON.parse(run.stderr.trim() || '[]'))
    for (const [name, template] of list) {
      const pdf = path.join(root, 'output', `${name}.pdf`)
      editions.push({ language, name, template, pdf, pages: readPdf(pdf) })
    }
  }
}, 300_000)

const label = (edition: Edition) => `${edition.language}/${edition.name}`

/** The text block of a page (pt): two-sided templates mirror their margins on left-hand (even) pages. */
function textBlock(edition: Edition, page: PdfPage) {
  const g = geometry[edition.template]
  const verso = g.sides === 2 && page.number % 2 === 0
  const left = mm(verso ? g.right : g.left)
  const right = page.width - mm(verso ? g.left : g.right)
  return { left, right, top: mm(g.top), bottom: page.height - mm(g.bottom), hang: mm(g.hang) }
}

/** The lines inside the text block (not the running head or folio), top to bottom. The box of a line reaches above its text by the font's ascent: large type starts above the block. */
function bodyLines(edition: Edition, page: PdfPage): PdfLine[] {
  const block = textBlock(edition, page)
  return page.lines.filter((line) => line.y1 > block.top + 1 && line.y0 < block.bottom - 1).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)
}

/** The line right under `line` in the same column (overlapping it horizontally, less than 1.4 line heights lower), or undefined. */
function lineAfter(lines: PdfLine[], line: PdfLine, pitch = 1.4): PdfLine | undefined {
  const height = line.y1 - line.y0
  return lines
    .filter((other) => other !== line && other.y0 > line.y0 + height * 0.5 && other.y0 - line.y0 <= height * pitch && Math.min(other.x1, line.x1) - Math.max(other.x0, line.x0) > 0)
    .sort((a, b) => a.y0 - b.y0)[0]
}

const last = <T>(list: T[]) => list[list.length - 1]!

describe('nothing is cut at the edge of the text block', () => {
  it('prints every word of every page of every edition inside the text block (paragraph numbers in their margin)', () => {
    for (const edition of editions) {
      const outside: string[] = []
      for (const page of edition.pages) {
        const block = textBlock(edition, page)
        for (const word of page.words) {
          if (word.x1 > block.right + 1 || word.x0 < block.left - block.hang - 1 || word.y1 > page.height || word.x0 < 0) outside.push(`p${page.number}: ${word.text} (${word.x0.toFixed(0)}-${word.x1.toFixed(0)} of ${block.left.toFixed(0)}-${block.right.toFixed(0)})`)
        }
      }
      expect(outside, label(edition)).toEqual([])
    }
  })

  it('prints the whole of the long code line, the twelve columns and the long identifier', () => {
    for (const edition of editions) {
      const text = edition.pages.map((page) => page.words.map((w) => w.text).join('')).join('')
      expect(text, label(edition)).toContain('ROTTERDAM-FELIXSTOWE-SAVANNAH')
      for (let c = 1; c <= 12; c++) expect(text, `${label(edition)}: column ${c}`).toContain(`w6c${c}`)
      // The identifier, broken over lines of its cell (poppler gives the cells' lines in turn), on the page of its table's caption.
      const table = edition.pages.findLastIndex((page) => page.lines.some((l) => /An identifier too long|Un identifiant trop long/.test(l.text)))
      const identifier = edition.pages.slice(table, table + 2).flatMap((page) => page.words.filter((w) => /^(id)?[0-9a-f]*\d[0-9a-f]*[\u00ad\u2010-]?$/.test(w.text) && w.text.length >= 6 && !/^\d+$/.test(w.text)).map((w) => w.text.replace(/[\u00ad\u2010-]/g, '')))
      expect(identifier.join('').length, label(edition)).toBe(2 + 16 * 8)
      // The code block longer than a page: every one of its 90 lines.
      for (let i = 1; i <= 90; i++) expect(text, `${label(edition)}: code line ${i}`).toContain(`message.segment(${i - 1})`)
    }
  })

  it('reports no block as overflowing in the proof project', () => {
    for (const [language, list] of diagnostics) expect(list.filter((d) => d.rule === 'layout-overflow'), language).toEqual([])
  })
})

describe('the glossary', () => {
  it('prints every term beside its definition, on the page where the definition starts, when the glossary spans pages', () => {
    for (const edition of editions) {
      const pages = edition.pages.filter((page) => page.words.some((w) => /^Gloss(word\d+|abbr)/.test(w.text)))
      expect(pages.length, label(edition)).toBeGreaterThanOrEqual(2)
      let paired = 0
      for (const page of pages) {
        for (const word of page.words) {
          const match = /^Glossword(\d+)$/.exec(word.text)
          if (!match) continue
          const i = Number(match[1])
          const code = `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`
          const term = page.words.find((w) => w.text === code && Math.abs(w.y0 - word.y0) < 4 && w.x1 < word.x0)
          expect(term, `${label(edition)}: term ${code} beside its definition (p${page.number})`).toBeDefined()
          paired++
        }
        for (const [abbreviation] of abbreviations) {
          const definition = page.words.find((w) => w.text === `Glossabbr${abbreviation}`)
          if (!definition) continue
          expect(page.words.some((w) => w.text === abbreviation && Math.abs(w.y0 - definition.y0) < 4 && w.x1 < definition.x0), `${label(edition)}: ${abbreviation}`).toBe(true)
          paired++
        }
      }
      expect(paired, label(edition)).toBe(57 + abbreviations.length)
      // Definitions stand in one column on every page (from the text block's left edge): none starts in the term column.
      const starts = pages.flatMap((page) => page.words.filter((w) => /^Gloss(word|abbr)/.test(w.text)).map((w) => ({ page, x: w.x0 - textBlock(edition, page).left })))
      const column = Math.min(...starts.map((s) => s.x))
      for (const { page, x } of starts) expect(Math.abs(x - column), `${label(edition)} p${page.number}`).toBeLessThan(1)
    }
  })
})

describe('recto and verso', () => {
  const twoSided = () => editions.filter((e) => geometry[e.template].sides === 2)
  /** The folio printed in the footer of a page (arabic or roman), with its box. */
  const folioOf = (edition: Edition, page: PdfPage) => {
    const block = textBlock(edition, page)
    return page.words.find((w) => w.y0 > block.bottom + 2 && /^(\d+|[ivxlc]+)$/.test(w.text))
  }

  it('prints page 1 on a right-hand page, odd folios on the right and even ones on the left, at the outer edge', () => {
    for (const edition of twoSided()) {
      let arabic = 0
      for (const page of edition.pages) {
        const folio = folioOf(edition, page)
        if (!folio || !/^\d+$/.test(folio.text)) continue
        arabic++
        const n = Number(folio.text)
        const recto = page.number % 2 === 1
        expect(n % 2 === 1, `${label(edition)}: folio ${n} on PDF page ${page.number}`).toBe(recto)
        const block = textBlock(edition, page)
        // At the outer edge: the right end of the text block on a right-hand page, its left end on a left-hand one.
        if (recto) expect(block.right - folio.x1, `${label(edition)}: folio ${n}`).toBeLessThan(2)
        else expect(folio.x0 - block.left, `${label(edition)}: folio ${n}`).toBeLessThan(2)
        const head = page.words.filter((w) => w.y1 < block.top - 2)
        if (head.length > 0) {
          if (recto) expect(block.right - Math.max(...head.map((w) => w.x1)), `${label(edition)}: running head p${page.number}`).toBeLessThan(2)
          else expect(Math.min(...head.map((w) => w.x0)) - block.left, `${label(edition)}: running head p${page.number}`).toBeLessThan(2)
        }
      }
      expect(arabic, label(edition)).toBeGreaterThan(20)
    }
  })

  it('mirrors the margins: the text starts at the inner margin of right-hand pages and at the outer one of left-hand pages', () => {
    for (const edition of twoSided()) {
      // From printed page 1 on (the front matter's lists and contents are indented).
      const first = edition.pages.findIndex((page) => folioOf(edition, page)?.text === '1')
      expect(first, label(edition)).toBeGreaterThan(0)
      for (const page of edition.pages.slice(first)) {
        const block = textBlock(edition, page)
        // Full lines of paragraphs start at the page's left edge (quotes, lists and cells further in).
        const lines = bodyLines(edition, page).filter((l) => l.x1 - l.x0 > 0.8 * (block.right - block.left))
        if (lines.length < 5) continue
        expect(Math.min(...lines.map((l) => l.x0)) - block.left, `${label(edition)} p${page.number}`).toBeGreaterThan(-1)
        // A page of paragraphs (not only quotes and lists): they start right at the edge, not 2 mm off it.
        if (lines.some((l) => l.x0 < block.left + mm(3))) expect(lines.some((l) => Math.abs(l.x0 - block.left) < 1), `${label(edition)} p${page.number}`).toBe(true)
      }
    }
  })

  it('opens chapters, the glossary and annexes on right-hand pages, leaves blank pages empty, and ends on an even page', () => {
    for (const edition of twoSided()) {
      expect(edition.pages.length % 2, label(edition)).toBe(0)
      const blank = edition.pages.filter((page) => page.words.length === 0)
      expect(blank.length, label(edition)).toBeGreaterThan(0)
      for (const page of blank) expect(page.number % 2, `${label(edition)}: blank page ${page.number}`).toBe(0)
      // The big chapter numbers ("1.", "2.") open their chapters, and the glossary's first definition its part.
      const openers = edition.pages.filter((page) => bodyLines(edition, page)[0]?.text.match(/^[1-4]\.$/))
      expect(openers.length, label(edition)).toBe(4)
      for (const page of openers) expect(page.number % 2, `${label(edition)}: chapter on page ${page.number}`).toBe(1)
      const glossary = edition.pages.find((page) => page.words.some((w) => /^Gloss(word|abbr)/.test(w.text)))!
      expect(glossary.number % 2, label(edition)).toBe(1)
    }
  })

  it('keeps working documents single-sided: no blank page', () => {
    for (const edition of editions.filter((e) => geometry[e.template].sides === 1)) {
      expect(edition.pages.filter((page) => page.words.length === 0).map((p) => p.number), label(edition)).toEqual([])
    }
  })
})

describe('tables split between pages', () => {
  it('leave two body rows or more on each side of a break, repeat the head, and keep their column widths', () => {
    for (const edition of editions) {
      let splits = 0
      for (const rows of tableLengths) {
        const parts = edition.pages
          .map((page) => ({ page, cells: page.words.filter((w) => new RegExp(`^t${rows}r\\d+$`).test(w.text)) }))
          .filter((part) => part.cells.length > 0)
        expect(parts.reduce((n, part) => n + part.cells.length, 0), `${label(edition)}: rows of table ${rows}`).toBe(rows)
        if (parts.length < 2) continue
        splits += parts.length - 1
        const columns: number[][] = []
        for (const { page, cells } of parts) {
          expect(cells.length, `${label(edition)}: table of ${rows} rows, p${page.number}`).toBeGreaterThanOrEqual(2)
          // The head, repeated above the first row of each part: where its three columns start.
          const top = Math.min(...cells.map((c) => c.y0))
          const head = page.words.filter((w) => /^(Row|Description|Value|Ligne|Valeur)$/.test(w.text) && w.y1 <= top + 1 && top - w.y1 < 30)
          expect(head.length, `${label(edition)}: head of table ${rows} on p${page.number}`).toBe(3)
          const values = page.words.filter((w) => /^\d+$/.test(w.text) && cells.some((c) => Math.abs(c.y0 - w.y0) < 1))
          // From the left of the text block (which moves with the margins of left- and right-hand pages).
          const left = textBlock(edition, page).left
          columns.push([...head.map((w) => w.x0).sort((a, b) => a - b), Math.min(...values.map((v) => v.x0))].map((x) => x - left))
        }
        for (const part of columns.slice(1)) part.forEach((x, i) => expect(Math.abs(x - columns[0]![i]!), `${label(edition)}: table ${rows}, column ${i}`).toBeLessThan(0.6))
      }
      expect(splits, `${label(edition)}: tables split`).toBeGreaterThanOrEqual(4)
    }
  })
})

describe('hyphenation', () => {
  /** The running-text lines of an edition that end with a discretionary hyphen, with the line after each. */
  function hyphenated(edition: Edition) {
    const found: Array<{ page: PdfPage; line: PdfLine; next: PdfLine | undefined; lines: PdfLine[] }> = []
    for (const page of edition.pages) {
      const lines = bodyLines(edition, page)
      for (const line of lines) if (DISCRETIONARY.test(last(line.words).text)) found.push({ page, line, next: lineAfter(lines, line), lines })
    }
    return found
  }
  const fragment = (line: PdfLine) => last(line.words).text.replace(DISCRETIONARY, '')

  it('hyphenates running text (and less than one full line in six)', () => {
    for (const edition of editions) {
      const all = edition.pages.flatMap((page) => bodyLines(edition, page))
      const count = hyphenated(edition).length
      expect(count, label(edition)).toBeGreaterThan(20)
      expect(count / all.length, label(edition)).toBeLessThan(1 / 6)
    }
  })

  it('never hyphenates more than two lines in a row', () => {
    for (const edition of editions) {
      const found = hyphenated(edition)
      const ends = new Set(found.map((f) => f.line))
      for (const { page, line, next, lines } of found) {
        const third = next && ends.has(next) ? lineAfter(lines, next) : undefined
        expect(third !== undefined && ends.has(third), `${label(edition)} p${page.number}: three hyphens from "${line.text}"`).toBe(false)
      }
    }
  })

  it('never ends a page, or the line before a paragraph’s last, with a hyphen', () => {
    for (const edition of editions) {
      for (const { page, line, next, lines } of hyphenated(edition)) {
        expect(next, `${label(edition)} p${page.number}: "${line.text}" ends its page or column`).toBeDefined()
        // The line after next is a paragraph's last when the next line lower, in the same type
        // (not the footnotes under the page's last line), is a paragraph gap away.
        const after = lineAfter(lines, next!)
        const nextParagraph = lineAfter(lines, next!, 2.6)
        const sameType = nextParagraph !== undefined && Math.abs(nextParagraph.y1 - nextParagraph.y0 - (next!.y1 - next!.y0)) < 1
        const endsParagraph = after === undefined && sameType
        expect(endsParagraph, `${label(edition)} p${page.number}: paragraph ending on a fragment "${next!.text}"`).toBe(false)
      }
    }
  })

  it('never breaks capitalised words or compounds except at their hyphen, and leaves three letters on each side', () => {
    for (const edition of editions) {
      for (const { page, line, next } of hyphenated(edition)) {
        const part = fragment(line).replace(/^[^\p{L}]+/u, '')
        expect(part, `${label(edition)} p${page.number}: capitalised "${part}"`).not.toMatch(/^\p{Lu}/u)
        expect(part, `${label(edition)} p${page.number}: compound broken "${part}"`).not.toMatch(/[-\u2010]/)
        expect(part.length, `${label(edition)} p${page.number}: "${part}-"`).toBeGreaterThanOrEqual(3)
        const rest = /^\p{L}*/u.exec(next!.words[0]!.text)![0]
        expect(rest.length, `${label(edition)} p${page.number}: "${part}-${next!.words[0]!.text}"`).toBeGreaterThanOrEqual(3)
      }
    }
  })

  it('breaks URLs after a slash or a dot, without a hyphen', () => {
    for (const edition of editions) {
      let broken = 0
      for (const page of edition.pages) {
        const lines = bodyLines(edition, page)
        for (const line of lines) {
          const start = line.words.findIndex((w) => w.text.startsWith('https://'))
          if (start === -1) continue
          let text = line.words.slice(start).map((w) => w.text).join(' ')
          let current: PdfLine | undefined = line
          while (!urls.some((url) => text.startsWith(url)) && current) {
            expect(text, `${label(edition)} p${page.number}`).toMatch(/[/.]$/)
            current = lineAfter(lines, current)
            if (current) text += current.words[0]!.text
            broken++
          }
          expect(urls.some((url) => text.startsWith(url)), `${label(edition)} p${page.number}: ${text}`).toBe(true)
        }
      }
      expect(broken, label(edition)).toBeGreaterThan(0)
    }
  })
})

describe('tables of contents, lists, acronyms, bookmarks, references', () => {
  it('carries the leader and the page number of a TOC entry that wraps on its last line', () => {
    for (const edition of editions.filter((e) => e.template !== 'wco-working-document')) {
      const words = longTitle[edition.language].split(' ')
      const page = edition.pages.find((p) => p.lines.some((l) => l.text.includes(words.slice(0, 4).join(' '))))!
      const first = page.lines.find((l) => l.text.includes(words.slice(0, 4).join(' ')))!
      const end = page.lines.find((l) => l.y0 > first.y0 && l.words.some((w) => w.text === last(words)))!
      expect(end, label(edition)).toBeDefined()
      // The page number stands on the entry's last line, right of its last word; none on its first line.
      const number = (line: PdfLine) => page.words.find((w) => /^\d+$/.test(w.text) && Math.abs(w.y1 - line.y1) < 2 && w.x0 > last(line.words).x1)
      expect(number(end), label(edition)).toBeDefined()
      expect(number(first), label(edition)).toBeUndefined()
    }
  })

  it('sets each abbreviation of the acronyms page on the baseline of its expansion', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
    for (const edition of editions.filter((e) => e.template === 'joint-publication')) {
      const document = await getDocument({ data: new Uint8Array(readFileSync(edition.pdf)), verbosity: 0 }).promise
      const index = edition.pages.findIndex((p) => p.lines.some((l) => /^(Acronyms and abbreviations|Sigles et abréviations)$/.test(l.text)))
      const content = await (await document.getPage(index + 1)).getTextContent()
      const items = content.items.filter((item): item is { str: string; transform: number[] } => 'str' in item && item.str.trim() !== '')
      let checked = 0
      for (const [abbreviation] of abbreviations) {
        const abbr = items.find((item) => item.str === abbreviation)!
        const expansion = items.find((item) => item !== abbr && Math.abs(item.transform[5]! - abbr.transform[5]!) < 4 && item.transform[4]! > abbr.transform[4]!)!
        expect(expansion, `${label(edition)}: ${abbreviation}`).toBeDefined()
        expect(Math.abs(expansion.transform[5]! - abbr.transform[5]!), `${label(edition)}: ${abbreviation}`).toBeLessThan(0.05)
        checked++
      }
      expect(checked).toBe(abbreviations.length)
      await document.destroy()
    }
  })

  it('keeps the spaces of bookmark titles where a heading wraps and after its number, and leaves headings of quotes and lists out', () => {
    for (const edition of editions) {
      const titles = bookmarkTitles(readOutline(edition.pdf))
      const fr = edition.language === 'fr'
      expect(titles, label(edition)).toContain(`1. Introduction`)
      expect(titles, label(edition)).toContain(`b. ${longTitle[edition.language]}`)
      expect(titles, label(edition)).toContain(fr ? '2. Tableaux de toutes longueurs' : '2. Tables of every length')
      expect(titles.some((t) => t.startsWith(fr ? 'Directives sur la coopération entre les douanes et les autorités portuaires' : 'Guidelines on Cooperation between Customs and Port Authorities, as a')), label(edition)).toBe(true)
      for (const title of titles) expect(title, label(edition)).not.toMatch(/\p{Ll}\p{Lu}|\d\.\p{L}|\bI[A-Z]\p{Ll}/u)
      expect(titles.filter((t) => /^(A heading in a (quote|list item)|Un titre dans une (citation|liste))$/.test(t)), label(edition)).toEqual([])
      // The joint publication sets the annex number in capitals ("ANNEXE I").
      const annex = titles.find((t) => /^annexe? I\b/i.test(t))!
      expect(annex, label(edition)).toMatch(fr ? /^Annexe I\b.* Texte type$/i : /^Annex I\b.* Model text$/i)
    }
  })

  it('refers to a paragraph by its number where numbers are printed, else by the section that holds it', () => {
    for (const edition of editions) {
      const text = edition.pages.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n').replace(/\u00ad[-\u2010]?\n/g, '')
      const fr = edition.language === 'fr'
      // The publication prints no paragraph numbers.
      if (edition.template !== 'joint-publication') expect(text, label(edition)).toMatch(fr ? /Voir le paragraphe \d+ et le paragraphe \d+\./ : /See paragraph \d+ and paragraph \d+\./)
      else expect(text, label(edition)).toMatch(fr ? /Voir le paragraphe de la section 1\.a\.i et le paragraphe de la section 1\.b\./ : /See Section 1\.a\.i and Section 1\.b\./)
    }
  })
})

describe('figures and end marks', () => {
  it('lets the text after a figure fill the page the figure does not fit on', () => {
    for (const edition of editions) {
      let deferred = 0
      for (const page of edition.pages.slice(1)) {
        const lines = bodyLines(edition, page)
        const caption = lines.find((l) => /^(Figure \d+:|Figure \d+ :)/.test(l.text))
        const block = textBlock(edition, page)
        // A tall figure (145 mm high at most) at the top of its page.
        if (!caption || caption.y0 - block.top > mm(160) || lines.some((l) => l.y1 < caption.y0 - mm(60))) continue
        const before = edition.pages[page.number - 2]!
        const previous = bodyLines(edition, before)
        const room = textBlock(edition, before).bottom - last(previous).y1
        expect(room, `${label(edition)}: empty room on p${before.number} before the figure of p${page.number}`).toBeLessThan(mm(30))
        deferred++
      }
      expect(deferred, label(edition)).toBeGreaterThan(0)
    }
  })

  it('never leaves the end mark of a working document alone on a page', () => {
    for (const edition of editions.filter((e) => e.template === 'wco-working-document')) {
      for (const page of edition.pages) {
        const texts = bodyLines(edition, page).map((l) => l.text)
        expect(texts.length > 0 && texts.every((t) => /^[*\s]+$/.test(t)), `${label(edition)} p${page.number}`).toBe(false)
      }
    }
  })
})

describe('the cover in pdf.js', () => {
  it('draws the publication cover in navy in pdf.js (no shading pdf.js cannot draw)', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
    for (const edition of editions.filter((e) => e.template === 'joint-publication')) {
      const document = await getDocument({ data: new Uint8Array(readFileSync(edition.pdf)), verbosity: 0 }).promise
      const page = await document.getPage(1)
      const viewport = page.getViewport({ scale: 0.5 })
      // pdf.js's own canvas in Node (@napi-rs/canvas), as Firefox's viewer draws the page.
      const factory = (document as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D } } }).canvasFactory
      const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height))
      await page.render({ canvas: canvas as HTMLCanvasElement, canvasContext: context, viewport }).promise
      // Top (navy), and the lower third where the teal tint lies over the navy.
      for (const [x, y] of [[0.1, 0.05], [0.9, 0.5], [0.5, 0.9]] as const) {
        const [r, g, b] = context.getImageData(Math.floor(viewport.width * x), Math.floor(viewport.height * y), 1, 1).data
        expect(r, `${label(edition)}: red at ${x},${y}`).toBeLessThan(60)
        expect(b, `${label(edition)}: blue at ${x},${y}`).toBeGreaterThan(g! - 40)
      }
      await document.destroy()
    }
  })
})

describe('a block that cannot be made to fit', () => {
  it('is reported with its file and line (layout-overflow)', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'press-overflow-'))
    execFileSync(process.execPath, [cli, 'init', root], { encoding: 'utf8' })
    const long = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ')
    const file = path.join(root, 'sections', '01-introduction', 'scope-iaph.md')
    const text = readFileSync(file, 'utf8')
    execFileSync('sh', ['-c', `cat > '${file}'`], { input: `${text}\n\nTable: A row taller than a page {#tab-tall}\n\n| Cell | Text |\n|---|---|\n| tall | ${long} |\n` })
    const lines = readFileSync(file, 'utf8').split('\n')
    const row = lines.findIndex((line) => line.startsWith('| tall')) + 1
    const caption = lines.findIndex((line) => line.startsWith('Table: A row taller')) + 1
    const run = spawnSync(process.execPath, [cli, 'build', '--root', root, '--format', 'json'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const found = (JSON.parse(run.stderr) as Array<{ file: string; line: number; rule: string; severity: string; message: string }>).filter((d) => d.rule === 'layout-overflow')
    expect(found.length).toBe(1)
    expect(found[0]).toMatchObject({ file: 'sections/01-introduction/scope-iaph.md', severity: 'warning' })
    expect([caption, row]).toContain(found[0]!.line)
    expect(found[0]!.message).toMatch(/taller than the page|higher than/)
  })
})
