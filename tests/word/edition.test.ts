import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { build, type BuildResult } from '../../src/build.js'
import { builtInLabels } from '../../src/i18n/labels.js'
import { readSourceMap } from '../../src/word/source-map.js'
import { all, attr, documentText, openDocx, paragraphs, type Docx } from './ooxml.js'
import { makeProject, placeOf, files } from './project.js'

// A DOCX edition of a small project (tests/word/project.ts), read back part by part: what Word
// shows (heading styles, the TOC, footnotes, numbered paragraphs, tables, figures, links) and
// what maps it back (bookmarks and the source map).
const cli = fileURLToPath(new URL('../../bin/guidelines.js', import.meta.url))
let root: string
let built: BuildResult
let docx: Docx
let french: Docx

beforeAll(async () => {
  root = await makeProject()
  built = await build({ root, editions: ['doc', 'word', 'word-fr'] })
  docx = await openDocx(await readFile(path.join(root, 'output', 'word.docx')))
  french = await openDocx(await readFile(path.join(root, 'output', 'word-fr.docx')))
}, 120_000)

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

const body = () => paragraphs(docx.part('word/document.xml')!)

describe('a DOCX edition (format: docx)', () => {
  test('is written as output/NAME.docx, with no HTML or PDF of its own, beside the PDF edition', () => {
    expect(built.outputs.map((o) => [o.edition, o.pdf && path.basename(o.pdf), o.docx && path.basename(o.docx)])).toEqual([
      ['doc', 'doc.pdf', undefined],
      ['word', undefined, 'word.docx'],
      ['word-fr', undefined, 'word-fr.docx']
    ])
    expect(existsSync(path.join(root, 'output', 'word.html'))).toBe(false)
    expect(existsSync(path.join(root, 'output', 'word.pdf'))).toBe(false)
  })

  test('titles are Word heading styles, with their numbers, so the navigation pane and the TOC list them', () => {
    const headings = body().filter((p) => /^Heading\d$/.test(p.style)).map((p) => `${p.style}: ${p.text}`)
    expect(headings).toEqual([
      'Heading1: 1. Introduction',
      'Heading2: a. Purpose',
      'Heading3: i. Objectives',
      'Heading1: 2. Cooperation in practice',
      'Heading2: a. Governance',
      'Heading1: Glossary',
      'Heading1: Annex I\nChecklist',
      'Heading2: a. The checklist'
    ])
    const styles = docx.part('word/styles.xml')!
    const heading1 = all(styles, 'style').find((s) => attr(s, 'styleId') === 'Heading1')!
    expect(attr(all(heading1, 'name')[0], 'val')).toBe('heading 1')
    expect(attr(all(heading1, 'outlineLvl')[0], 'val')).toBe('0')
  })

  test('a TOC field over the headings, filled with links to them', () => {
    const instructions = all(docx.part('word/document.xml')!, 'instrText').map((i) => i.textContent)
    expect(instructions.find((i) => i?.startsWith('TOC'))).toBe('TOC \\h \\o "1-2"')
    const entries = body().filter((p) => /^TOC\d$/.test(p.style)).map((p) => p.text.replace(/\t.*$/, ''))
    expect(entries).toEqual(['1. Introduction', 'a. Purpose', '2. Cooperation in practice', 'a. Governance', 'Glossary', 'Annex I Checklist', 'a. The checklist'])
    // With page numbers laid out as Word lays the pages out (in the embedded fonts), before Word updates the field.
    const folios = body().filter((p) => /^TOC\d$/.test(p.style)).map((p) => Number(p.text.split('\t')[1]))
    expect(folios.every((n, i) => Number.isInteger(n) && n >= 2 && (i === 0 || n >= folios[i - 1]!))).toBe(true)
  })

  test('paragraph numbers are printed as text, in a style of their own, as the PDF numbers them', async () => {
    const numbered = body().filter((p) => p.style === 'NumberedParagraph').map((p) => p.text.split('\t')[0])
    expect(numbered).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.'])
    const pdfText = execFileSync('pdftotext', ['-layout', path.join(root, 'output', 'doc.pdf'), '-'], { encoding: 'utf8' })
    for (const n of numbered) expect(pdfText).toMatch(new RegExp(`^\\s*${n.replace('.', '\\.')}\\s`, 'm'))
  })

  test('footnotes are Word footnotes, numbered by Word in the order of their calls', () => {
    const notes = all(docx.part('word/footnotes.xml')!, 'footnote').filter((f) => !attr(f, 'type'))
    expect(notes.map((f) => paragraphs(f as never).map((p) => `${p.style}: ${p.text}`))).toEqual([
      ['FootnoteText: UNCTAD, Review of Maritime Transport, Geneva, 2021.'],
      ['FootnoteText: National Customs Agency, Annual Report, Sofia, 2022.']
    ])
    expect(all(docx.part('word/document.xml')!, 'footnoteReference').map((r) => attr(r, 'id'))).toEqual(['1', '2'])
  })

  test('a table with its caption, a header row that repeats on each page, and cells as written', () => {
    const caption = body().find((p) => p.style === 'TableCaption')!
    expect(caption.text).toBe('Table 1: Areas of cooperation')
    const table = all(docx.part('word/document.xml')!, 'tbl').find((t) => all(t, 't').some((x) => x.textContent === 'Data exchange'))!
    const rows = all(table, 'tr')
    expect(rows.map((r) => all(r, 'tblHeader').length)).toEqual([1, 0, 0])
    expect(rows.map((r) => all(r, 'tc').map((c) => all(c, 't').map((t) => t.textContent).join('')))).toEqual([
      ['Area', 'Lead', 'Partner'],
      ['Data exchange', 'Port Authority', 'Customs'],
      ['Risk management', 'Customs', 'Port Authority']
    ])
  })

  test('an SVG figure is embedded with a PNG fallback, centred above its caption', async () => {
    const media = docx.names.filter((n) => n.startsWith('word/media/'))
    expect(media.map((n) => path.extname(n)).sort()).toEqual(['.png', '.svg'])
    const png = await docx.zip.file(media.find((n) => n.endsWith('.png'))!)!.async('uint8array')
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG')
    expect(Buffer.from(png).readUInt32BE(16)).toBe(640) // 320 px wide, drawn at twice its size
    const xml = await docx.zip.file('word/document.xml')!.async('string')
    expect(xml).toContain('asvg:svgBlip')
    const index = body().findIndex((p) => p.style === 'Figure')
    expect(body()[index + 1]!.text).toBe('Figure 1: Three levels of governance')
  })

  test('references are internal hyperlinks to bookmarks on their targets; links go out', () => {
    const document = docx.part('word/document.xml')!
    const bookmarks = new Set(all(document, 'bookmarkStart').map((b) => attr(b, 'name')))
    const links = all(document, 'hyperlink').map((h) => ({ anchor: attr(h, 'anchor'), text: all(h, 't').map((t) => t.textContent).join('') }))
    const internal = links.filter((l) => l.anchor && !l.anchor.startsWith('_Toc'))
    expect(internal.map((l) => `${l.text} -> ${l.anchor}`)).toEqual(expect.arrayContaining(['Section\u00a02.a -> governance', 'paragraph 1 -> para_shared', 'Figure\u00a01 -> fig_levels', 'Table\u00a01 -> tab_areas', 'PCS -> gloss_pcs']))
    for (const link of internal) expect(bookmarks.has(link.anchor)).toBe(true)
    const rels = docx.part('word/_rels/document.xml.rels')!
    expect(Array.from(rels.getElementsByTagName('Relationship')).some((r) => r.getAttribute('Target') === 'https://www.iaphworldports.org/' && r.getAttribute('TargetMode') === 'External')).toBe(true)
  })

  test('the glossary lists the abbreviations used, with their definitions', () => {
    const terms = body().filter((p) => p.style === 'GlossaryTerm').map((p) => p.text)
    expect(terms).toEqual(['PCS\tPort Community System'])
    expect(body().find((p) => p.style === 'GlossaryDefinition')!.text).toBe('A neutral electronic platform that connects the systems of a port community.')
  })

  test('document properties: title, subject, authors, keywords and language', async () => {
    const core = await docx.zip.file('docProps/core.xml')!.async('string')
    expect(core).toContain('<dc:title>Guidelines on Port Cooperation</dc:title>')
    expect(core).toContain('<dc:creator>World Customs Organization; International Association of Ports and Harbors</dc:creator>')
    expect(core).toContain('<dc:subject>A test of Word editions</dc:subject>')
    expect(core).toContain('<cp:keywords>WCO; IAPH; PC0001Ea</cp:keywords>')
    expect(core).toContain('<dc:language>en-GB</dc:language>')
    expect(await docx.zip.file('word/styles.xml')!.async('string')).toContain('<w:lang w:val="en-GB"/>')
  })

  test('the template’s look: its fonts, the reference in the running head, page numbers in the foot, the WCO first page', async () => {
    const styles = await docx.zip.file('word/styles.xml')!.async('string')
    expect(styles).toContain('w:ascii="Source Serif 4"')
    expect(styles).toContain('w:ascii="Source Sans 3"')
    // Embedded, so that Word and LibreOffice show them where they are not installed.
    const fontTable = docx.part('word/fontTable.xml')!
    const embedded = all(fontTable, 'font').filter((f) => all(f, 'embedRegular').length > 0).map((f) => `${attr(f, 'name')}: ${['embedRegular', 'embedBold', 'embedItalic', 'embedBoldItalic'].filter((e) => all(f, e).length > 0).join(' ')}`)
    expect(embedded).toEqual(['Source Serif 4: embedRegular embedBold embedItalic embedBoldItalic', 'Source Sans 3: embedRegular embedBold embedItalic'])
    expect(docx.names.filter((n) => n.endsWith('.odttf'))).toHaveLength(7)
    const section = all(docx.part('word/document.xml')!, 'sectPr')[0]!
    expect(all(section, 'titlePg')).toHaveLength(1)
    const headerPart = (type: string) => {
      const id = all(section, 'headerReference').find((h) => attr(h, 'type') === type)!.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id')
      const target = Array.from(docx.part('word/_rels/document.xml.rels')!.getElementsByTagName('Relationship')).find((r) => r.getAttribute('Id') === id)!.getAttribute('Target')!
      return docx.part(`word/${target}`)!
    }
    expect(paragraphs(headerPart('default')).map((p) => p.text)).toEqual(['PC0001Ea'])
    expect(paragraphs(headerPart('first')).map((p) => p.text).join('')).toBe('')
    const footers = docx.names.filter((n) => /word\/footer\d\.xml/.test(n))
    const fields = (await Promise.all(footers.map((n) => docx.zip.file(n)!.async('string')))).join('')
    expect(fields).toMatch(/PAGE/)
    expect(fields).toMatch(/NUMPAGES/)
    const first = body().slice(0, 12).map((p) => p.text)
    expect(first).toEqual(expect.arrayContaining(['World Customs Organization', 'Organisation mondiale des douanes', 'PC0001Ea', 'Permanent Technical Committee', '240th Session', 'Brussels, 3 April 2023.', 'Customs-Port Cooperation', 'Guidelines on Port Cooperation', '(Item IV on the Agenda)', 'SUMMARY']))
    expect(styles).toMatch(/w:styleId="Committee".*?<w:caps\/>/)
  })

  test('every paragraph printed from a source is marked by a bookmark the source map resolves', async () => {
    const map = (await readSourceMap(docx.zip))!
    expect(map.edition).toBe('word')
    expect(map.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(Object.keys(map.sources).sort()).toEqual(Object.keys(files).filter((f) => f.endsWith('.md')).sort())
    const marked = new Map<string, string>()
    for (const part of ['word/document.xml', 'word/footnotes.xml']) {
      for (const p of paragraphs(docx.part(part)!)) {
        const name = all(p.element, 'bookmarkStart').map((b) => attr(b, 'name')!).find((n) => n.startsWith('_GS'))
        if (name) marked.set(p.text, name)
      }
    }
    const block = (text: string) => map.blocks[Number(marked.get([...marked.keys()].find((k) => k.includes(text))!)!.slice(3))]!
    const wco = files['sections/01-introduction/a-purpose/wco.md']!
    expect(block('same border')).toMatchObject({ source: 'sections/01-introduction/a-purpose/wco.md', line: placeOf(wco, 'Customs and ports').line, para: 1 })
    expect(block('Review of Maritime')).toMatchObject({ source: 'sections/01-introduction/a-purpose/wco.md', line: placeOf(wco, '[^trade]:').line, id: 'fn-1' })
    expect(block('Risk management')).toMatchObject({ source: 'sections/01-introduction/a-purpose/bg.md', line: placeOf(files['sections/01-introduction/a-purpose/bg.md']!, '| Risk').line })
    expect(block('for a first dialogue')).toMatchObject({ line: placeOf(wco, '1. for a first').line })
  })

  test('a French edition speaks French: labels, language of the text and of the document', async () => {
    const fr = builtInLabels.fr
    const text = documentText(french)
    expect(text).toContain(fr.contents)
    expect(text).toContain(fr.summary)
    expect(text).toContain(fr.glossary)
    expect(await french.zip.file('docProps/core.xml')!.async('string')).toContain('<dc:language>fr-FR</dc:language>')
    expect(await french.zip.file('word/styles.xml')!.async('string')).toContain('<w:lang w:val="fr-FR"/>')
    expect(text).toContain('Organisation mondiale des douanes\nWorld Customs Organization')
  })

  test('`check` renders DOCX editions without writing them', async () => {
    const checked = await build({ root, write: false })
    expect(checked.files.flatMap((f) => f.messages.filter((m) => m.fatal).map(String))).toEqual([])
    expect(checked.outputs).toEqual([])
  })

  test('the CLI writes it in a worker thread (beside the bundle), byte for byte what it writes in its main thread', async () => {
    // The bundle carries the worker's script; the TypeScript sources (this test's build()) have none.
    expect(existsSync(fileURLToPath(new URL('../../dist/bundle/docx-worker.js', import.meta.url)))).toBe(true)
    expect(existsSync(fileURLToPath(new URL('../../src/word/docx-worker.js', import.meta.url)))).toBe(false)
    const written = (worker: string) => {
      execFileSync(process.execPath, [cli, 'build', '--edition', 'word', '--quiet'], { cwd: root, env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', GUIDELINES_DOCX_WORKER: worker } })
      return readFileSync(path.join(root, 'output', 'word.docx'))
    }
    const inWorker = written('1')
    expect(inWorker.equals(written('0'))).toBe(true)
    // The SVG figure was drawn by the main thread's browser for the worker.
    expect((await openDocx(inWorker)).zip.file(/^word\/media\/.*\.png$/).length).toBeGreaterThan(0)
  })

  test('with SOURCE_DATE_EPOCH, building a commit twice gives the same bytes (dates, font keys, link ids)', async () => {
    const twice = ['a', 'b'].map((name) => {
      execFileSync(process.execPath, [cli, 'build', '--edition', 'word', '--quiet'], { cwd: root, env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } })
      return readFileSync(path.join(root, 'output', 'word.docx'))
    })
    expect(twice[0]!.equals(twice[1]!)).toBe(true)
    const core = await (await openDocx(twice[0]!)).zip.file('docProps/core.xml')!.async('string')
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z</dcterms:created>')
  })
})
