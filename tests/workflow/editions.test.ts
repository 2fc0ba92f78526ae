import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, type BuildResult } from '../../src/build.js'
import { hasErrors } from '../../src/report/rules.js'
import { repoRoot, statusFixture } from './helpers.js'

// These tests print PDFs with Chromium: a few seconds each build.
const timeout = 180_000

const pdfText = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
const messages = (result: BuildResult) => result.files.flatMap((file) => file.messages.map((m) => ({ rule: m.ruleId, fatal: m.fatal, text: String(m) })))

/** Text of each cell of the table row `<tr ... id="ID">` of `html`. */
function rowCells(html: string, id: string): string[] {
  const row = new RegExp(`<tr[^>]* id="${id}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)
  if (!row) throw new Error(`No row #${id}`)
  return [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, '')).trim())
}

function decode(text: string): string {
  return text.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
}

/** HTML of the `section` with `id` (sections of the outline do not nest). */
function sectionHtml(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`)
  if (start === -1) throw new Error(`No section #${id}`)
  return html.slice(start, html.indexOf('</section>', start))
}

const out = mkdtempSync(path.join(os.tmpdir(), 'press-workflow-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('review and final editions of the fixture project', () => {
  let result: BuildResult
  let review: string
  let final: string
  beforeAll(async () => {
    result = await build({ root: statusFixture, editions: ['review', 'final', 'progress'], outputDir: path.join(out, 'fixture') })
    review = readFileSync(path.join(out, 'fixture', 'review.html'), 'utf8')
    final = readFileSync(path.join(out, 'fixture', 'final.html'), 'utf8')
  }, timeout)

  it('builds, repeating the missing-contribution warnings', () => {
    expect(result.outputs.map((o) => o.edition)).toEqual(['review', 'final', 'progress'])
    const missing = messages(result).filter((m) => m.rule === 'outline-missing-contribution')
    expect(missing.map((m) => [m.fatal, m.text])).toEqual([
      [false, 'guidelines.yaml:41:19-41:21: Expected a contribution of `BG` to section `need`, due 2022-05-22, found none under sections/'],
      [false, 'guidelines.yaml:60:19-60:21: Expected a contribution of `JP` to section `checklist`, due 2022-12-31, found none under sections/']
    ])
  })

  it('review: each contribution starts with its writer code, in the order of sectionOrder', () => {
    const codes = (id: string) => [...sectionHtml(review, id).matchAll(/<span class="attribution" title="([^"]*)">([^<]*)<\/span>/g)].map((m) => `${m[2]} ${m[1]}`)
    expect(codes('purpose')).toEqual(['WCO World Customs Organization'])
    expect(codes('path')).toEqual(['IAPH International Association of Ports and Harbors', 'BG Bulgaria', 'DE Germany'])
    expect(codes('data')).toEqual(['BG Bulgaria', 'WCO World Customs Organization'])
  })

  it('review: a placeholder stands for each missing contribution, with its writer and due date', () => {
    expect(sectionHtml(review, 'need')).toContain('<p class="placeholder" data-writer="BG">Contribution from Bulgaria pending, due 22 May 2022</p>')
    expect(sectionHtml(review, 'checklist')).toContain('Contribution from Japan pending, due 31 December 2022')
    const text = pdfText(path.join(out, 'fixture', 'review.pdf'))
    expect(text).toContain('Contribution from Bulgaria pending, due 22 May 2022')
    expect(text).toMatch(/\bBG\b/)
  })

  it('final: no attribution, no placeholder; several writers joined in the order of sectionOrder', () => {
    expect(final).not.toContain('class="attribution"')
    expect(final).not.toContain('class="placeholder"')
    const text = pdfText(path.join(out, 'fixture', 'final.pdf'))
    expect(text).not.toContain('pending')
    const bulgaria = text.indexOf('Data text written by Bulgaria.')
    const customs = text.indexOf('Data text written by the Customs Organization.')
    expect(bulgaria).toBeGreaterThan(-1)
    expect(customs).toBeGreaterThan(bulgaria)
    // Joined seamlessly: one numbered paragraph after the other, no writer between them.
    expect(text.slice(bulgaria, customs)).not.toMatch(/\b(BG|WCO)\b/)
  })

  it('no edition but the progress one prints the body file', () => {
    expect(review).not.toContain('First paragraph of the progress report')
    expect(final).not.toContain('First paragraph of the progress report')
    expect(messages(result).filter((m) => m.rule === 'outline-unknown-section')).toEqual([])
  })

  it('progress: the body with numbered paragraphs, then Annex I and Annex II generated from the sources', () => {
    const html = readFileSync(path.join(out, 'fixture', 'progress.html'), 'utf8')
    const text = pdfText(path.join(out, 'fixture', 'progress.pdf'))
    expect(text).toMatch(/I\. Background/)
    expect(text).toMatch(/1\.\s+First paragraph of the progress report\./)
    expect(text).toMatch(/2\.\s+Second paragraph, see Annex I and Annex II and Section 2\.a\./)
    expect(text).toContain('Annex I to')
    expect(text).toContain('Doc. TEST01')
    expect(text).toContain('Draft outline of the Guidelines on Customs-Port Cooperation')
    expect(text).toContain('Annex II to')
    // Annex I: writer columns WCO, IAPH, BG, DE, JP (numbered as contributors 1-5); two peer columns.
    expect(rowCells(html, 'introduction')).toEqual(['1.', 'Introduction', '', '', '', '', '', '', ''])
    expect(rowCells(html, 'purpose')).toEqual(['', 'a. Purpose', 'WCO 20/04', '', '', '', '', 'IAPH', ''])
    expect(rowCells(html, 'need')).toEqual(['', 'a. The need for cooperation', '', '', 'BG', '', '', 'WCO', 'JP'])
    expect(rowCells(html, 'path')).toEqual(['', 'b. The path to cooperation', '', 'IAPH 15/06', 'BG 20/06', 'DE* 25/06', '', 'WCO', ''])
    expect(rowCells(html, 'checklist-annex')).toEqual(['Annex I', 'Checklist', '', '', '', '', '', '', ''])
    expect(text).toMatch(/a\. Purpose\s+WCO\s+IAPH/)
    expect(text).toMatch(/JP\s+: Japan/)
    // Annex II: one row per task; the due month's cell marked with the day; done tasks ticked.
    expect(rowCells(html, 'task-kickoff').filter(Boolean)).toEqual(['1', 'Kick off meeting', '20/01/2022', 'Jan 20 ✓'])
    expect(rowCells(html, 'task-publish').filter(Boolean)).toEqual(['6', 'Publication', '01/08/2022', 'Aug 1'])
    expect(rowCells(html, 'task-publish')).toHaveLength(3 + 8) // January to August 2022
    expect(text).toMatch(/1\s+Kick off meeting\s+20\/01\/2022\s+Jan/)
    expect(text).toMatch(/6\s+Publication\s+01\/08\/2022\s+Aug/)
  })
})

describe('the body of an edition', () => {
  it('is reported where guidelines.yaml names it when it is missing or outside the project', async () => {
    const root = path.join(out, 'bad-body')
    cpSync(statusFixture, root, { recursive: true })
    const yaml = readFileSync(path.join(root, 'guidelines.yaml'), 'utf8')
    for (const [body, expected] of [
      ['sections/missing.md', 'guidelines.yaml:102:11-102:30: Unexpected body `sections/missing.md` of edition `progress`, expected an existing Markdown file'],
      ['../outside.md', 'guidelines.yaml:102:11-102:24: Unexpected body `../outside.md` of edition `progress`, expected a path inside the project']
    ] as const) {
      writeFileSync(path.join(root, 'guidelines.yaml'), yaml.replace('body: sections/progress.md', `body: ${body}`))
      const result = await build({ root, editions: ['progress'], write: false })
      expect(messages(result).filter((m) => m.fatal && m.text.includes('body')).map((m) => m.text)).toEqual([expected])
    }
  }, timeout)
})

describe('strict editions', () => {
  it('turn warnings into errors and write nothing', async () => {
    const outputDir = path.join(out, 'strict')
    const result = await build({ root: statusFixture, editions: ['submitted'], outputDir })
    expect(hasErrors(result.files)).toBe(true)
    expect(result.outputs).toEqual([])
    expect(existsSync(path.join(outputDir, 'submitted.pdf'))).toBe(false)
    expect(messages(result).filter((m) => m.rule === 'outline-missing-contribution').every((m) => m.fatal)).toBe(true)
  }, timeout)

  it('leave the same warnings warnings in other editions', async () => {
    const result = await build({ root: statusFixture, editions: ['final'], write: false })
    expect(hasErrors(result.files)).toBe(false)
    expect(messages(result).some((m) => m.rule === 'outline-missing-contribution' && !m.fatal)).toBe(true)
  }, timeout)
})

describe('progress edition of this repository', () => {
  it('has Annex I (draft outline) and Annex II (work plan) with the rows of the sources', async () => {
    const outputDir = path.join(out, 'repo')
    const result = await build({ root: repoRoot, editions: ['progress'], outputDir })
    expect(messages(result).filter((m) => m.fatal)).toEqual([])
    const html = readFileSync(path.join(outputDir, 'progress.html'), 'utf8')
    const text = pdfText(path.join(outputDir, 'progress.pdf'))
    expect(text).toMatch(/I\. Background/)
    expect(text).toMatch(/II\. Intersessional developments/)
    expect(text).toMatch(/^8\.\s+The PTC is invited to:/m)
    expect(text).toMatch(/Annex I to\s+Doc\. PC0706Ea/)
    expect(text).toMatch(/Annex II to\s+Doc\. PC0706Ea/)
    expect(text).toContain('Draft outline of the Guidelines on Customs-Port Cooperation')
    // Writer columns: WCO IAPH GPA CN BG DE JP (APN only reviews); peer columns 1 and 2.
    expect(rowCells(html, 'need-for-cooperation')).toEqual(['', 'a. The need for cooperation', '', '', 'GPA 29/06', 'CN 26/06', 'BG 22/05', '', '', 'APN', 'IAPH'])
    expect(rowCells(html, 'path-to-cooperation')).toEqual(['', 'b. The path to strengthening cooperation', '', 'IAPH 22/07', '', 'CN 26/06', 'BG 22/05', 'DE', '', 'APN', 'WCO'])
    expect(rowCells(html, 'japan')).toEqual(['', 'a. Japan', '', '', '', '', '', '', 'JP 29/06', 'WCO', 'IAPH'])
    expect(rowCells(html, 'strengthening-cooperation').slice(0, 2)).toEqual(['2.', 'Strengthening Cooperation between Customs & Ports'])
    expect(text).toMatch(/a\. The need for cooperation\s+GPA\s+CN\s+BG\s+APN\s+IAPH/)
    expect(text).toMatch(/APN\s+: National Ports Agency of Morocco/)
    // Annex II: 33 tasks, January 2022 to June 2023.
    expect(html.match(/<tr class="task-row/g)).toHaveLength(33)
    expect(rowCells(html, 'task-kickoff')).toHaveLength(3 + 18)
    expect(rowCells(html, 'task-confirm-core-team').filter(Boolean)).toEqual(['3', 'Confirm Core Team, Writing & Peer Review Assignment Commitments', '15/02/2022', 'Feb 15 ✓'])
    expect(rowCells(html, 'task-submission-ptc-dcc').filter(Boolean)).toEqual(['29', 'Draft document submitted to the PTC & DCC', '15/02/2023', 'Feb 15'])
    expect(text).toMatch(/1\s+Working Group Kick off Meeting\s+20\/01\/2022\s+Jan/)
    expect(text).toMatch(/33\s+Document Submission to WCO Policy\s.*01\/06\/2023\s+Jun/)
    // Annex III: the state of the translations, a column group per language, named in the edition's language.
    expect(text).toMatch(/State of the translations\s+No\s+Topic\s+Spanish\s+French\s+translated\s+out of date\s+missing/)
  }, timeout)
})
