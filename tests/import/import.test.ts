import { describe, expect, test } from 'vitest'
import { importDocx, type ImportOptions, type ImportResult } from '../../src/import/index.js'
import { diagnostics } from '../../src/report/format.js'
import { buildDocx, editPart, fixtureModified, makePng, paragraphsWith, richestMarkdown, withTrackedMove, type Variant } from './docx-fixtures.js'

const options: ImportOptions = { docxName: 'contribution.docx', sectionTitle: 'Cooperation in practice', imageFolder: 'images', imageStem: 'wco', takenIds: new Set() }

async function run(variant: Variant | Buffer, extra: Partial<ImportOptions> = {}): Promise<ImportResult> {
  const data = Buffer.isBuffer(variant) ? variant : await buildDocx(variant)
  return importDocx(data, { ...options, takenIds: new Set(), ...extra })
}

/** Diagnostics as `file:line:column severity rule reason`, in the reporter's order. */
const messages = (result: ImportResult) =>
  diagnostics(result.files).map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`)

const richest = richestMarkdown('images/wco-1.png')

describe('importDocx: a document written by Word’s conventions', () => {
  test('becomes Markdown in the press’s syntax: headings from #, no hand numbers, nested list, captioned table, figure, references, footnote', async () => {
    const result = await run({})
    expect(result.ok).toBe(true)
    expect(result.markdown).toBe(richest)
    expect(messages(result)).toEqual([])
    expect(result.counts).toEqual({ headings: 2, tables: 1, figures: 1, footnotes: 1, references: 3, links: 1 })
    expect(result.modified).toBe(fixtureModified)
  })

  test('extracts the embedded picture byte for byte, one file per distinct picture', async () => {
    const result = await run({})
    expect(result.images.map((i) => [i.path, i.contentType])).toEqual([['images/wco-1.png', 'image/png']])
    expect(Buffer.from(result.images[0]!.data).equals(makePng())).toBe(true)
  })

  test('generated ids avoid the ids the project already uses', async () => {
    const result = await run({}, { takenIds: new Set(['tab-areas-of-cooperation', 'steps-to-take']) })
    expect(result.markdown).toContain('Table: Areas of cooperation {#tab-areas-of-cooperation-2}')
    expect(result.markdown).toContain('As [](#tab-areas-of-cooperation-2) shows')
    expect(result.markdown).toContain('## Steps to take {#steps-to-take-2}')
  })

  test('Word list numbering on headings is not carried as text', async () => {
    const result = await run({ numberedHeadings: true })
    expect(result.markdown).toBe(richest)
    expect(messages(result)).toEqual([])
  })

  test('endnotes become footnotes too, numbered in the order of their calls, a second paragraph indented', async () => {
    const result = await run({ endnote: true })
    expect(messages(result)).toEqual([])
    expect(result.markdown).toBe(
      richest
        .replace('Both sides review the agreement every year.', 'Both sides review the agreement every year.[^2] Reviews are public.[^3]')
        .replace(/\n$/, '\n\n[^2]: Agreed at the first meeting.\n\n    Recorded in the minutes.\n\n[^3]: On the website of each side.\n')
    )
  })

  test('a hand number in a run of its own (bold, as Word’s autoformat leaves it) is removed too', async () => {
    const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
    const data = await editPart(await buildDocx({}), 'word/document.xml', (doc) => {
      const text = Array.from(doc.getElementsByTagNameNS(W, 't')).find((t) => t.textContent === '4. Both sides review the agreement every year.')!
      const run = text.parentNode!
      const number = doc.createElementNS(W, 'w:r')
      number.appendChild(doc.createElementNS(W, 'w:rPr')).appendChild(doc.createElementNS(W, 'w:b'))
      number.appendChild(doc.createElementNS(W, 'w:t')).textContent = '4.'
      run.parentNode!.insertBefore(number, run)
      text.textContent = ' Both sides review the agreement every year.'
    })
    expect((await run(data)).markdown).toBe(richest)
  })

  test('a Word document without headings of level 1 starts at # with its shallowest level', async () => {
    const data = await editPart(await buildDocx({}), 'word/document.xml', (doc) => {
      for (const style of Array.from(doc.getElementsByTagNameNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'pStyle'))) {
        const value = style.getAttributeNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'val')
        if (value === 'Heading1' || value === 'Heading2') style.setAttributeNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'w:val', value === 'Heading1' ? 'Heading2' : 'Heading3')
      }
    })
    expect((await run(data)).markdown).toBe(richest)
  })
})

describe('importDocx: what a contribution cannot carry is reported with its part and paragraph', () => {
  test('a comment (with the commented words and the comment)', async () => {
    const result = await run({ comment: true })
    expect(result.markdown).toBe(richest)
    expect(messages(result)).toEqual([
      'contribution.docx/word/document.xml:2:49 warning import-comment-dropped Unexpected comment by Jane Reviewer (2024-03-04): “Which border? Say land or sea.” on “share one border”, dropped; comments are not carried into a contribution'
    ])
  })

  test('a text box: its text kept as a paragraph', async () => {
    const result = await run({ textBox: true })
    expect(result.markdown).toContain('\n\nA side note follows.\n\nBoxed remark for the editor\n\nBoth sides')
    expect(messages(result)).toEqual([
      'contribution.docx/word/document.xml:21:22 warning import-textbox-flattened Unexpected text box “Boxed remark for the editor”, its text written as ordinary paragraphs after the paragraph that holds it; its frame and position are lost'
    ])
  })

  test('a field other than a hyperlink, a cross-reference or a caption number: its text kept', async () => {
    const result = await run({ field: true })
    expect(result.markdown).toContain('\n\nUpdated on 4 March 2024.\n\n')
    expect(messages(result)).toEqual(['contribution.docx/word/document.xml:21:12 warning import-field-dropped Unexpected field `DATE \\@ "d MMMM yyyy"`, kept as its text “4 March 2024”'])
  })

  test('merged cells: the table written with the merged cells left empty', async () => {
    const result = await run({ mergedCell: true })
    expect(result.markdown).toContain(`Table: Contacts by port {#tab-contacts-by-port}

| Contact |         | Phone |
| ------- | ------- | ----- |
| Antwerp | Customs | 100   |
|         | Port    | 200   |
`)
    expect(messages(result)).toEqual([
      'contribution.docx/word/document.xml:22:8 warning import-cell-merged Unexpected merged table cell “Contact” (it spans 2 columns), written in its first cell with the others left empty; a Markdown table has no merged cells',
      'contribution.docx/word/document.xml:24:8 warning import-cell-merged Unexpected merged table cell “Antwerp” (it is merged with the cell below), written in its first cell with the others left empty; a Markdown table has no merged cells'
    ])
  })

  test('a cell with several paragraphs and a list: one table line with <br>', async () => {
    const result = await run({ blockCell: true })
    expect(result.markdown).toContain('| Risk management<br>Joint targeting<br>• Profiles<br>• Alerts | Customs        |')
    expect(messages(result)).toEqual([
      'contribution.docx/word/document.xml:16:16 warning import-table-flattened Unexpected table cell with a list “Risk management Joint targeting Profiles Alerts”, written on one line of the Markdown table with `<br>` between its lines'
    ])
  })

  test('coloured and highlighted text: kept as plain text', async () => {
    const result = await run({ colour: true })
    expect(result.markdown).toBe(richest)
    expect(messages(result)).toEqual([
      'contribution.docx/word/document.xml:21:15 warning import-formatting-dropped Unexpected coloured text, highlighting on “review the agreement … every year”, kept as plain text; a contribution carries emphasis (bold, italic) only'
    ])
  })

  test('the document title, a heading repeating the section title, and hidden text are dropped', async () => {
    const result = await run({ title: 'Contribution of the WCO', sectionHeading: '1. Cooperation in practice', hidden: true })
    expect(result.markdown).toBe(richest)
    expect(messages(result)).toEqual([
      'contribution.docx/word/document.xml:1:1 warning import-content-dropped Unexpected document title “Contribution of the WCO”, dropped; the section\'s title comes from guidelines.yaml',
      'contribution.docx/word/document.xml:2:1 warning import-content-dropped Unexpected heading “1. Cooperation in practice” that repeats the section\'s title, dropped; the press prints the section title',
      'contribution.docx/word/document.xml:23:47 warning import-content-dropped Unexpected hidden text “Editor: check with the legal team.”, dropped'
    ])
  })

  test('a link to a bookmark that marks nothing carried: text kept', async () => {
    const data = await editPart(await buildDocx({}), 'word/document.xml', (doc) => {
      const link = doc.getElementsByTagNameNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'hyperlink')
      for (const element of Array.from(link)) if (element.getAttributeNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'anchor') === '_Toc_steps') element.setAttributeNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'w:anchor', '_Toc_nowhere')
    })
    const result = await run(data)
    expect(result.markdown).toContain('follows the steps above.')
    expect(messages(result)).toEqual([
      'contribution.docx/word/document.xml:20:39 warning import-link-dropped Unexpected link “steps above” to bookmark `_Toc_nowhere`, which marks nothing the contribution carries (a heading, table, figure or paragraph); kept as text'
    ])
  })
})

describe('importDocx: tracked changes', () => {
  const tracked: Variant = { trackedChange: true, formattingChange: true, trackedParagraphs: true }

  test('pending changes are refused, each listed with its kind, text, author and date', async () => {
    const result = await run(tracked)
    expect(result.ok).toBe(false)
    expect(result.markdown).toBe('')
    expect(result.images).toEqual([])
    const suffix = ', expected no pending changes: accept or reject them in Word, or pass --accept-changes or --reject-changes'
    expect(messages(result)).toEqual([
      `contribution.docx/word/document.xml:3:28 error import-change-pending Unexpected pending tracked deletion “separate” by Jane Reviewer on 2024-03-04${suffix}`,
      `contribution.docx/word/document.xml:3:55 error import-change-pending Unexpected pending tracked deletion “benefit” by Jane Reviewer on 2024-03-04${suffix}`,
      `contribution.docx/word/document.xml:3:62 error import-change-pending Unexpected pending tracked insertion “gain” by Jane Reviewer on 2024-03-04${suffix}`,
      `contribution.docx/word/document.xml:4:40 error import-change-pending Unexpected pending tracked formatting change “background” by Jane Reviewer on 2024-03-04${suffix}`,
      `contribution.docx/word/document.xml:21:1 error import-change-pending Unexpected pending tracked inserted paragraph break by Jane Reviewer on 2024-03-04${suffix}`,
      `contribution.docx/word/document.xml:21:1 error import-change-pending Unexpected pending tracked insertion “A paragraph the reviewer added.” by Jane Reviewer on 2024-03-04${suffix}`,
      `contribution.docx/word/document.xml:22:1 error import-change-pending Unexpected pending tracked deleted paragraph break by Jane Reviewer on 2024-03-04${suffix}`,
      `contribution.docx/word/document.xml:22:1 error import-change-pending Unexpected pending tracked deletion “A paragraph the reviewer removed.” by Jane Reviewer on 2024-03-04${suffix}`
    ])
  })

  test('--accept-changes: insertions in, deletions out, the new formatting', async () => {
    const result = await run(tracked, { changes: 'accept' })
    expect(result.changesApplied).toBe(8)
    expect(messages(result)).toEqual([])
    expect(result.markdown).toBe(richest.replace('\n\nBoth sides', '\n\nA paragraph the reviewer added.\n\nBoth sides'))
  })

  test('--reject-changes: insertions out, deleted text back, the old formatting', async () => {
    const result = await run(tracked, { changes: 'reject' })
    expect(result.changesApplied).toBe(8)
    expect(result.markdown).toBe(
      richest
        .replace('Each side keeps its own mandate, and both gain from shared data.', 'Each side keeps its own separate mandate, and both benefit from shared data.')
        .replace('for the *background*', 'for the **background**')
        .replace('\n\nBoth sides', '\n\nA paragraph the reviewer removed.\n\nBoth sides')
    )
  })

  test('moved text goes to its new place or stays at its old one', async () => {
    const moved = await withTrackedMove(await buildDocx({}), 'Each side keeps')
    const sentence = 'Each side keeps its own mandate, and both gain from shared data.\n\n'
    expect((await run(moved, { changes: 'accept' })).markdown).toBe(richest.replace(sentence, '').replace('Both sides review the agreement every year.\n', `Both sides review the agreement every year.\n\n${sentence.trim()}\n`))
    expect((await run(moved, { changes: 'reject' })).markdown).toBe(richest)
    expect(messages(await run(moved)).map((m) => m.split(' Unexpected ')[1]!.split(',')[0])).toEqual([
      'pending tracked deleted paragraph break by Jane Reviewer on 2024-03-04',
      'pending tracked move (old place) “2. Each side keeps its own mandate',
      'pending tracked inserted paragraph break by Jane Reviewer on 2024-03-04',
      'pending tracked move (new place) “2. Each side keeps its own mandate'
    ])
  })

  test('a pending change in a footnote is refused too', async () => {
    const data = await editPart(await buildDocx({}), 'word/footnotes.xml', (doc) => {
      const paragraph = paragraphsWith(doc, '2021 edition')[0]!
      const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
      const ins = doc.createElementNS(W, 'w:ins')
      ins.setAttributeNS(W, 'w:id', '90')
      ins.setAttributeNS(W, 'w:author', 'Jane Reviewer')
      const run = doc.createElementNS(W, 'w:r')
      const text = doc.createElementNS(W, 'w:t')
      text.textContent = ' Revised.'
      run.appendChild(text)
      ins.appendChild(run)
      paragraph.appendChild(ins)
    })
    expect(messages(await run(data))).toEqual([
      'contribution.docx/word/footnotes.xml:3:104 error import-change-pending Unexpected pending tracked insertion “Revised.” by Jane Reviewer, expected no pending changes: accept or reject them in Word, or pass --accept-changes or --reject-changes'
    ])
    expect((await run(data, { changes: 'accept' })).markdown).toContain('2021 edition. Revised.\n')
  })
})
