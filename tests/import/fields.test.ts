import { DOMParser, XMLSerializer } from '@xmldom/xmldom'
import { describe, expect, test } from 'vitest'
import { prepareFields } from '../../src/import/fields.js'
import { visibleText, wAll, type XmlPart } from '../../src/ooxml/package.js'
import { ImportDiagnostics } from '../../src/import/places.js'
import { Styles } from '../../src/import/styles.js'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const r = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`
const char = (type: string) => `<w:r><w:fldChar w:fldCharType="${type}"/></w:r>`
const instr = (text: string) => `<w:r><w:instrText xml:space="preserve"> ${text} </w:instrText></w:r>`
const styles = new Styles({ name: 'word/styles.xml', changed: false, doc: new DOMParser().parseFromString(`<w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style></w:styles>`, 'text/xml') })

function prepare(body: string) {
  const part: XmlPart = { name: 'word/document.xml', changed: false, doc: new DOMParser().parseFromString(`<w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`, 'text/xml') }
  const diagnostics = new ImportDiagnostics('a.docx')
  diagnostics.track(part)
  prepareFields(part, styles, diagnostics)
  return {
    part,
    paragraphs: wAll(part.doc, 'p').map((p) => visibleText(p).trim()),
    messages: diagnostics.list().flatMap((f) => f.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)),
    xml: new XMLSerializer().serializeToString(part.doc)
  }
}

describe('prepareFields', () => {
  test('a table of contents field across paragraphs is removed whole and reported once', () => {
    const result = prepare(
      `<w:p>${char('begin')}${instr('TOC \\o "1-3" \\h')}${char('separate')}${r('Introduction 1')}</w:p><w:p>${r('Scope 2')}</w:p><w:p>${r('Annex 3')}${char('end')}</w:p><w:p>${r('Body text.')}</w:p>`
    )
    expect(result.paragraphs).toEqual(['Body text.'])
    expect(result.messages).toEqual(['1:1 import-field-dropped Unexpected table of contents (TOC field), dropped; the press makes its own table of contents'])
  })

  test('a table of contents content control is removed', () => {
    const result = prepare(`<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent><w:p>${r('Contents')}</w:p></w:sdtContent></w:sdt><w:p>${r('Body.')}</w:p>`)
    expect(result.paragraphs).toEqual(['Body.'])
    expect(result.messages).toEqual(['1:1 import-field-dropped Unexpected table of contents, dropped; the press makes its own table of contents'])
  })

  test('a cross-reference (REF to a bookmark) becomes an internal hyperlink field, silently', () => {
    const result = prepare(`<w:p>${r('See ')}${char('begin')}${instr('REF _Ref123 \\h')}${char('separate')}${r('Table 1')}${char('end')}${r('.')}</w:p>`)
    expect(result.xml).toContain('<w:instrText xml:space="preserve"> HYPERLINK \\l "_Ref123" </w:instrText>')
    expect(result.paragraphs).toEqual(['See Table 1.'])
    expect(result.messages).toEqual([])
  })

  test('a simple field is rewritten as a complex one, so that mammoth keeps its text; it is reported', () => {
    const result = prepare(`<w:p>${r('Page ')}<w:fldSimple w:instr="PAGE">${r('7')}</w:fldSimple></w:p>`)
    expect(result.xml).not.toContain('fldSimple')
    expect(result.paragraphs).toEqual(['Page 7'])
    expect(result.messages).toEqual(['1:6 import-field-dropped Unexpected field `PAGE`, kept as its text “7”; page numbers come from the press'])
  })

  test('a caption number (SEQ) is not reported; a SEQ elsewhere is', () => {
    const seq = `${char('begin')}${instr('SEQ Table \\* ARABIC')}${char('separate')}${r('1')}${char('end')}`
    const result = prepare(`<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr>${r('Table ')}${seq}${r(': Areas')}</w:p><w:p>${r('Count ')}${seq}</w:p>`)
    expect(result.messages).toEqual(['2:7 import-field-dropped Unexpected field `SEQ Table \\* ARABIC`, kept as its text “1”'])
  })
})
