import { DOMParser, XMLSerializer } from '@xmldom/xmldom'
import { describe, expect, test } from 'vitest'
import { applyChanges, findChanges, type ChangeMode } from '../../src/import/revisions.js'
import { visibleText, wAll, type XmlPart } from '../../src/ooxml/package.js'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const who = 'w:author="Jane Reviewer" w:date="2024-03-04T10:00:00Z"'

/** A document part whose body is `body` (WordprocessingML, prefix w:). */
function part(body: string): XmlPart {
  const doc = new DOMParser().parseFromString(`<w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`, 'text/xml')
  return { name: 'word/document.xml', doc, changed: false }
}

const r = (text: string, rPr = '') => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`
const d = (text: string) => `<w:r><w:delText xml:space="preserve">${text}</w:delText></w:r>`

/** Paragraph texts after applying every change `mode`'s way. */
function after(body: string, mode: ChangeMode): string[] {
  const p = part(body)
  applyChanges(p, mode)
  expect(findChanges(p)).toEqual([])
  return wAll(p.doc, 'p').map((paragraph) => visibleText(paragraph).trim())
}

describe('findChanges', () => {
  test('lists every kind of pending change with author, date and text, in document order', () => {
    const p = part(
      `<w:p>${r('Keep ')}<w:del w:id="1" ${who}>${d('old ')}</w:del><w:ins w:id="2" ${who}>${r('new ')}</w:ins>${r('text.')}</w:p>` +
        `<w:p><w:pPr><w:rPr><w:ins w:id="3" ${who}/></w:rPr></w:pPr><w:ins w:id="4" ${who}>${r('Added.')}</w:ins></w:p>` +
        `<w:p>${r('Bold now', `<w:b/><w:rPrChange w:id="5" ${who}><w:rPr><w:i/></w:rPr></w:rPrChange>`)}</w:p>` +
        `<w:tbl><w:tr><w:trPr><w:del w:id="6" ${who}/></w:trPr><w:tc><w:p>${r('Row')}</w:p></w:tc></w:tr></w:tbl>`
    )
    expect(findChanges(p).map((c) => `${c.kind} | ${c.author} | ${c.date} | ${c.text.trim()}`)).toEqual([
      'deletion | Jane Reviewer | 2024-03-04T10:00:00Z | old',
      'insertion | Jane Reviewer | 2024-03-04T10:00:00Z | new',
      'inserted paragraph break | Jane Reviewer | 2024-03-04T10:00:00Z | ',
      'insertion | Jane Reviewer | 2024-03-04T10:00:00Z | Added.',
      'formatting change | Jane Reviewer | 2024-03-04T10:00:00Z | Bold now',
      'deleted table row | Jane Reviewer | 2024-03-04T10:00:00Z | Row'
    ])
  })

  test('a document without tracked changes has none', () => {
    expect(findChanges(part(`<w:p>${r('Plain.')}</w:p>`))).toEqual([])
  })
})

describe('applyChanges', () => {
  const edit = `<w:p>${r('Keep ')}<w:del w:id="1" ${who}>${d('old ')}</w:del><w:ins w:id="2" ${who}>${r('new ')}</w:ins>${r('text.')}</w:p>`

  test('accept keeps insertions and removes deletions', () => {
    expect(after(edit, 'accept')).toEqual(['Keep new text.'])
  })

  test('reject removes insertions and restores deleted text as ordinary text', () => {
    const p = part(edit)
    applyChanges(p, 'reject')
    expect(wAll(p.doc, 'p').map((x) => visibleText(x).trim())).toEqual(['Keep old text.'])
    expect(wAll(p.doc, 'delText')).toHaveLength(0)
    expect(new XMLSerializer().serializeToString(p.doc)).toContain('<w:t xml:space="preserve">old </w:t>')
  })

  test('text inserted then deleted by another reviewer goes either way', () => {
    const body = `<w:p>${r('A ')}<w:ins w:id="1" ${who}><w:del w:id="2" ${who}>${d('brief ')}</w:del></w:ins>${r('note.')}</w:p>`
    expect(after(body, 'accept')).toEqual(['A note.'])
    expect(after(body, 'reject')).toEqual(['A note.'])
  })

  test('moved text ends at its new place when accepted, at its old place when rejected', () => {
    const body =
      `<w:p><w:pPr><w:rPr><w:moveFrom w:id="10" ${who}/></w:rPr></w:pPr><w:moveFromRangeStart w:id="20" w:name="move1" ${who}/><w:moveFrom w:id="11" ${who}>${r('Moved.')}</w:moveFrom><w:moveFromRangeEnd w:id="20"/></w:p>` +
      `<w:p>${r('Middle.')}</w:p>` +
      `<w:p><w:pPr><w:rPr><w:moveTo w:id="12" ${who}/></w:rPr></w:pPr><w:moveToRangeStart w:id="21" w:name="move1" ${who}/><w:moveTo w:id="13" ${who}>${r('Moved.')}</w:moveTo><w:moveToRangeEnd w:id="21"/></w:p>` +
      `<w:p>${r('End.')}</w:p>`
    expect(after(body, 'accept')).toEqual(['Middle.', 'Moved.', 'End.'])
    expect(after(body, 'reject')).toEqual(['Moved.', 'Middle.', 'End.'])
  })

  test('an inserted paragraph stays when accepted and leaves no empty paragraph when rejected', () => {
    const body = `<w:p>${r('Before.')}</w:p><w:p><w:pPr><w:rPr><w:ins w:id="1" ${who}/></w:rPr></w:pPr><w:ins w:id="2" ${who}>${r('Added.')}</w:ins></w:p><w:p>${r('After.')}</w:p>`
    expect(after(body, 'accept')).toEqual(['Before.', 'Added.', 'After.'])
    expect(after(body, 'reject')).toEqual(['Before.', 'After.'])
  })

  test('a deleted paragraph mark joins two paragraphs when accepted; the second keeps its style', () => {
    const body = `<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:rPr><w:del w:id="1" ${who}/></w:rPr></w:pPr>${r('First')}</w:p><w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>${r(' second.')}</w:p>`
    expect(after(body, 'accept')).toEqual(['First second.'])
    expect(after(body, 'reject')).toEqual(['First', 'second.'])
    const p = part(body)
    applyChanges(p, 'accept')
    expect(new XMLSerializer().serializeToString(p.doc)).toContain('<w:pStyle w:val="Normal"/>')
  })

  test('a formatting change keeps the new properties when accepted and restores the old ones when rejected', () => {
    const body = `<w:p>${r('Word', `<w:b/><w:rPrChange w:id="1" ${who}><w:rPr><w:i/></w:rPr></w:rPrChange>`)}</w:p>`
    const accepted = part(body)
    applyChanges(accepted, 'accept')
    const rejected = part(body)
    applyChanges(rejected, 'reject')
    const rPr = (p: XmlPart) => new XMLSerializer().serializeToString(wAll(p.doc, 'rPr')[0]!)
    expect(rPr(accepted)).toBe(`<w:rPr xmlns:w="${W}"><w:b/></w:rPr>`)
    expect(rPr(rejected)).toBe(`<w:rPr xmlns:w="${W}"><w:i/></w:rPr>`)
  })

  test('a paragraph formatting change restores the old style but keeps the mark run properties', () => {
    const body = `<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:rPr><w:b/></w:rPr><w:pPrChange w:id="1" ${who}><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:pPrChange></w:pPr>${r('Title')}</w:p>`
    const p = part(body)
    applyChanges(p, 'reject')
    expect(new XMLSerializer().serializeToString(wAll(p.doc, 'pPr')[0]!)).toBe(`<w:pPr xmlns:w="${W}"><w:pStyle w:val="Normal"/><w:rPr><w:b/></w:rPr></w:pPr>`)
  })

  test('table rows and cells inserted or deleted', () => {
    const body =
      `<w:tbl><w:tr><w:tc><w:p>${r('Kept')}</w:p></w:tc><w:tc><w:tcPr><w:cellIns w:id="5" ${who}/></w:tcPr><w:p>${r('New cell')}</w:p></w:tc></w:tr>` +
      `<w:tr><w:trPr><w:ins w:id="1" ${who}/></w:trPr><w:tc><w:p>${r('New row')}</w:p></w:tc></w:tr>` +
      `<w:tr><w:trPr><w:del w:id="2" ${who}/></w:trPr><w:tc><w:p><w:del w:id="3" ${who}>${d('Old row')}</w:del></w:p></w:tc></w:tr></w:tbl>`
    expect(after(body, 'accept')).toEqual(['Kept', 'New cell', 'New row'])
    expect(after(body, 'reject')).toEqual(['Kept', 'Old row'])
  })

  test('returns the number of changes and marks the part changed', () => {
    const p = part(edit)
    expect(applyChanges(p, 'accept')).toBe(2)
    expect(p.changed).toBe(true)
    const plain = part(`<w:p>${r('Plain.')}</w:p>`)
    expect(applyChanges(plain, 'accept')).toBe(0)
    expect(plain.changed).toBe(false)
  })
})
