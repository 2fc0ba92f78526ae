import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkPdf, pdfuaRules, type PdfUaRuleId } from '../../src/pdfua/index.js'
import { buildXmp } from '../../src/pdfua/xmp.js'
import { get, getArray, getDict, openPdf, type Pdf } from '../../src/pdfua/document.js'
import { readStructTree, type StructElem } from '../../src/pdfua/structure.js'

// The fixture project built by the CLI (so through Chromium and post-processing): its PDFs pass
// every rule; then, for each rule, a copy broken with pdf-lib must fail it.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'guidelines-pdfua-'))
let publication: Uint8Array
let workingDocument: Uint8Array
let project: string

/** The CLI, as a user runs it. */
function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [path.join(repo, 'bin', 'guidelines.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
}

beforeAll(() => {
  project = path.join(scratch, 'basic')
  cpSync(path.join(repo, 'tests', 'fixtures', 'projects', 'basic'), project, { recursive: true })
  const run = cli(['build'], project)
  expect(run.stderr).not.toContain('error')
  expect(run.status).toBe(0)
  publication = readFileSync(path.join(project, 'output', 'publication.pdf'))
  workingDocument = readFileSync(path.join(project, 'output', 'working-document.pdf'))
})

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A copy of `bytes` changed by `change` (pdf-lib, saved whole). */
async function broken(bytes: Uint8Array, change: (pdf: Pdf, elems: StructElem[]) => void): Promise<Uint8Array> {
  const pdf = await openPdf(bytes)
  change(pdf, readStructTree(pdf)!.elems)
  return pdf.doc.save({ useObjectStreams: false, updateFieldAppearances: false })
}

const first = (elems: StructElem[], type: string) => {
  const found = elems.find((e) => e.type === type)
  if (!found) throw new Error(`no ${type} element in the fixture`)
  return found
}
const rename = (elem: StructElem, type: string) => elem.dict.set(PDFName.of('S'), PDFName.of(type))

/** Add a content stream to page 1 (after its own). */
function appendContent(pdf: Pdf, content: string) {
  const page = pdf.pages[0]!.dict
  const stream = pdf.doc.context.register(pdf.doc.context.stream(content))
  const current = page.get(PDFName.of('Contents'))!
  page.set(PDFName.of('Contents'), pdf.doc.context.obj([current, stream]))
}

function replaceXmp(pdf: Pdf, xmp: string) {
  const stream = pdf.doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })
  pdf.doc.catalog.set(PDFName.of('Metadata'), pdf.doc.context.register(stream))
}

const xmpFields = { title: 'T', language: 'en', creatorTool: 'test', producer: 'test', date: new Date('2030-01-01T00:00:00Z') }

function firstLinkAnnotation(pdf: Pdf): { page: PDFDict; annot: PDFDict } {
  for (const page of pdf.pages) {
    for (const item of getArray(pdf, page.dict, 'Annots')?.asArray() ?? []) {
      const annot = pdf.doc.context.lookup(item)
      if (annot instanceof PDFDict && annot.get(PDFName.of('Subtype'))?.toString() === '/Link') return { page: page.dict, annot }
    }
  }
  throw new Error('no link annotation in the fixture')
}

function firstFont(pdf: Pdf): { font: PDFDict; descendant: PDFDict } {
  const fonts = getDict(pdf, getDict(pdf, pdf.pages[0]!.dict, 'Resources'), 'Font')!
  const font = pdf.doc.context.lookup(fonts.values()[0]) as PDFDict
  const descendant = pdf.doc.context.lookup(getArray(pdf, font, 'DescendantFonts')!.get(0)) as PDFDict
  return { font, descendant }
}

const breakers: Record<Exclude<PdfUaRuleId, 'pdfua-unreadable'>, (pdf: Pdf, elems: StructElem[]) => void> = {
  'pdfua-tagged': (pdf) => getDict(pdf, pdf.doc.catalog, 'MarkInfo')!.set(PDFName.of('Marked'), pdf.doc.context.obj(false)),
  'pdfua-suspects': (pdf) => getDict(pdf, pdf.doc.catalog, 'MarkInfo')!.set(PDFName.of('Suspects'), pdf.doc.context.obj(true)),
  'pdfua-metadata': (pdf) => pdf.doc.catalog.delete(PDFName.of('Metadata')),
  'pdfua-metadata-part': (pdf) => replaceXmp(pdf, buildXmp(xmpFields).replace(/\s*<pdfuaid:part>1<\/pdfuaid:part>/, '')),
  'pdfua-metadata-title': (pdf) => replaceXmp(pdf, buildXmp(xmpFields).replace(/<dc:title>.*<\/dc:title>/, '')),
  'pdfua-display-doc-title': (pdf) => pdf.doc.catalog.delete(PDFName.of('ViewerPreferences')),
  'pdfua-lang': (pdf) => pdf.doc.catalog.delete(PDFName.of('Lang')),
  'pdfua-lang-invalid': (_pdf, elems) => first(elems, 'P').dict.set(PDFName.of('Lang'), PDFString.of('en_GB!')),
  'pdfua-content-untagged': (pdf) => appendContent(pdf, 'q 0 0 10 10 re f Q'),
  'pdfua-mcid-unreferenced': (pdf) => appendContent(pdf, '/P <</MCID 999>> BDC 0 0 1 1 re f EMC'),
  'pdfua-artifact-in-content': (pdf) => appendContent(pdf, '/P <</MCID 998>> BDC /Artifact BMC 0 0 1 1 re f EMC EMC'),
  'pdfua-content-in-artifact': (pdf) => appendContent(pdf, '/Artifact BMC /P <</MCID 997>> BDC 0 0 1 1 re f EMC EMC'),
  'pdfua-content-syntax': (pdf) => appendContent(pdf, '0 0 1 1 re /Artifact BMC f EMC'),
  'pdfua-role-unmapped': (_pdf, elems) => rename(first(elems, 'P'), 'Fancy'),
  'pdfua-role-circular': (pdf, elems) => {
    rename(first(elems, 'P'), 'Alpha')
    const root = pdf.doc.context.lookup(pdf.doc.catalog.get(PDFName.of('StructTreeRoot'))) as PDFDict
    root.set(PDFName.of('RoleMap'), pdf.doc.context.obj({ Alpha: 'Beta', Beta: 'Alpha' }))
  },
  'pdfua-role-remapped': (pdf) => {
    const root = pdf.doc.context.lookup(pdf.doc.catalog.get(PDFName.of('StructTreeRoot'))) as PDFDict
    root.set(PDFName.of('RoleMap'), pdf.doc.context.obj({ P: 'Span' }))
  },
  'pdfua-heading-first': (_pdf, elems) => rename(first(elems, 'H1'), 'H2'),
  'pdfua-heading-skip': (_pdf, elems) => rename(first(elems, 'H2'), 'H4'),
  'pdfua-heading-mixed': (_pdf, elems) => rename(first(elems, 'H2'), 'H'),
  'pdfua-figure-alt': (_pdf, elems) => first(elems, 'Div').kids.forEach((k) => k.kind === 'elem' && k.elem.type === 'Figure' && k.elem.dict.delete(PDFName.of('Alt'))),
  'pdfua-table-structure': (_pdf, elems) => rename(first(elems, 'TR'), 'P'),
  'pdfua-table-header-scope': (_pdf, elems) => {
    for (const cell of elems.filter((e) => e.type === 'TH' || e.type === 'TD')) cell.dict.delete(PDFName.of('A'))
  },
  'pdfua-list-structure': (_pdf, elems) => {
    rename(first(elems, 'TOC'), 'L')
    for (const item of first(elems, 'TOC').kids) if (item.kind === 'elem') rename(item.elem, 'LI')
  },
  'pdfua-toc-structure': (_pdf, elems) => rename(first(elems, 'TOCI'), 'P'),
  'pdfua-note-id': (_pdf, elems) => first(elems, 'Note').dict.delete(PDFName.of('ID')),
  'pdfua-link-tag': (_pdf, elems) => rename(first(elems, 'Link'), 'Span'),
  'pdfua-link-contents': (pdf) => firstLinkAnnotation(pdf).annot.delete(PDFName.of('Contents')),
  'pdfua-annot-tag': (pdf) => {
    const page = pdf.pages[0]!.dict
    const note = pdf.doc.context.register(pdf.doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [0, 0, 10, 10], Contents: PDFHexString.fromText('A note') }))
    const annots = getArray(pdf, page, 'Annots')
    if (annots) annots.push(note)
    else page.set(PDFName.of('Annots'), pdf.doc.context.obj([note]))
    page.set(PDFName.of('Tabs'), PDFName.of('S'))
  },
  'pdfua-tabs': (pdf) => firstLinkAnnotation(pdf).page.delete(PDFName.of('Tabs')),
  'pdfua-font-embedded': (pdf) => getDict(pdf, firstFont(pdf).descendant, 'FontDescriptor')!.delete(PDFName.of('FontFile2')),
  'pdfua-font-unicode': (pdf) => firstFont(pdf).font.delete(PDFName.of('ToUnicode')),
  'pdfua-font-cidtogid': (pdf) => firstFont(pdf).descendant.delete(PDFName.of('CIDToGIDMap')),
  'pdfua-embedded-file': (pdf) => {
    const names = getArray(pdf, getDict(pdf, getDict(pdf, pdf.doc.catalog, 'Names'), 'EmbeddedFiles'), 'Names')!
    ;(pdf.doc.context.lookup(names.get(1)) as PDFDict).delete(PDFName.of('UF'))
  }
}

describe('guidelines pdfua', () => {
  it('checks every edition of the project by default: all pass, exit 0', () => {
    const run = cli(['pdfua'], project)
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^output\/working-document\.pdf: PDF\/UA-1 passed \(\d+ checks, \d+ pages\)$/m)
    expect(run.stdout).toMatch(/^output\/publication\.pdf: PDF\/UA-1 passed/m)
  })

  it('reports the failures of a PDF given, with rule, page and object, and exits 1 (text, json, github)', async () => {
    const file = path.join(scratch, 'broken.pdf')
    writeFileSync(file, await broken(publication, breakers['pdfua-link-contents']))
    const text = cli(['pdfua', file], scratch)
    expect(text.status).toBe(1)
    expect(text.stdout).toMatch(/^broken\.pdf:1:1 {2}error {2}pdfua-link-contents: Expected \/Contents on the link annotation \d+ 0 R on page \d+ .* {2}pdfua$/m)
    const json = cli(['pdfua', '--format', 'json', file], scratch)
    expect(json.status).toBe(1)
    const [result] = JSON.parse(json.stdout) as Array<{ file: string; passed: boolean; violations: Array<{ rule: string; page: number; object: string }> }>
    expect(result).toMatchObject({ file: 'broken.pdf', passed: false })
    expect(result!.violations.every((v) => v.rule === 'pdfua-link-contents' && v.page >= 1 && /^\d+ 0 R$/.test(v.object))).toBe(true)
    const github = cli(['pdfua', '--format', 'github', file], scratch)
    expect(github.stdout).toMatch(/^::error file=broken\.pdf,line=1,col=1,title=pdfua::pdfua-link-contents: /m)
  })

  it('says so when a PDF is missing (exit 1), and rejects an unknown format (exit 2)', () => {
    const missing = cli(['pdfua', 'nowhere.pdf'], scratch)
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('Cannot read nowhere.pdf: no such file')
    expect(cli(['pdfua', '--format', 'xml'], project).status).toBe(2)
  })
})

describe('checkPdf', () => {
  it('passes the PDFs the press builds, in two templates', async () => {
    for (const bytes of [publication, workingDocument]) {
      const report = await checkPdf(bytes)
      expect(report.violations).toEqual([])
      expect(report.pages).toBeGreaterThan(1)
    }
  })

  it('has a test below for every rule', () => {
    expect(Object.keys(breakers).sort()).toEqual(Object.keys(pdfuaRules).filter((r) => r !== 'pdfua-unreadable').sort())
  })

  for (const [rule, change] of Object.entries(breakers) as Array<[PdfUaRuleId, (pdf: Pdf, elems: StructElem[]) => void]>) {
    it(`fails ${rule} on a PDF made to break it`, async () => {
      const report = await checkPdf(await broken(publication, change))
      expect(report.violations.map((v) => v.rule)).toContain(rule)
      const violation = report.violations.find((v) => v.rule === rule)!
      expect(violation.message.length).toBeGreaterThan(20)
    })
  }

  it('reports the page and object of a failure', async () => {
    const report = await checkPdf(await broken(publication, breakers['pdfua-link-contents']))
    const violation = report.violations.find((v) => v.rule === 'pdfua-link-contents')!
    expect(violation.page).toBeGreaterThanOrEqual(1)
    expect(violation.object).toMatch(/^\d+ 0 R$/)
    expect(violation.message).toContain(`page ${violation.page}`)
  })

  it('fails pdfua-note-id on a duplicate ID', async () => {
    const report = await checkPdf(
      await broken(publication, (_pdf, elems) => {
        const notes = elems.filter((e) => e.type === 'Note')
        notes[1]!.dict.set(PDFName.of('ID'), notes[0]!.dict.get(PDFName.of('ID'))!)
      })
    )
    expect(report.violations.find((v) => v.rule === 'pdfua-note-id')?.message).toContain('already the ID')
  })

  it('fails pdfua-unreadable on bytes that are not a PDF, and never throws', async () => {
    const report = await checkPdf(Buffer.from('not a pdf at all'))
    expect(report.violations.map((v) => v.rule)).toEqual(['pdfua-unreadable'])
  })

  it('lists at most `limit` failures of a rule and counts them all', async () => {
    const many = await broken(publication, (pdf) => {
      for (const page of pdf.pages) {
        for (const item of getArray(pdf, page.dict, 'Annots')?.asArray() ?? []) (pdf.doc.context.lookup(item) as PDFDict).delete(PDFName.of('Contents'))
      }
    })
    const report = await checkPdf(many, { limit: 2 })
    expect(report.violations.filter((v) => v.rule === 'pdfua-link-contents')).toHaveLength(2)
    expect(report.counts['pdfua-link-contents']).toBeGreaterThan(2)
  })

  it('reads the structure it checks: every link annotation of the PDF has /Contents naming its text', async () => {
    const pdf = await openPdf(publication)
    const contents: string[] = []
    for (const page of pdf.pages) {
      for (const item of getArray(pdf, page.dict, 'Annots')?.asArray() ?? []) {
        const annot = pdf.doc.context.lookup(item) as PDFDict
        contents.push((get(pdf, annot, 'Contents') as PDFHexString | PDFString).decodeText())
      }
    }
    expect(contents.length).toBeGreaterThan(5)
    expect(contents.every((c) => c.trim().length > 0)).toBe(true)
    void PDFArray
    void PDFNumber
    void PDFRef
  })
})
