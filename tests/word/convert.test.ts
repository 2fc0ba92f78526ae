import { h } from 'hastscript'
import { Document, Packer } from 'docx'
import JSZip from 'jszip'
import { describe, expect, test } from 'vitest'
import { builtInLabels } from '../../src/i18n/labels.js'
import { convertBlocks, type ConvertContext } from '../../src/word/convert.js'
import { lookOf } from '../../src/word/look.js'
import { bookmarkNames } from '../../src/word/source-map.js'
import { all, attr, paragraphs } from './ooxml.js'
import { DOMParser } from '@xmldom/xmldom'

/** Convert element trees and write them as a document: its document.xml, parsed. */
async function convert(...nodes: ReturnType<typeof h>[]) {
  const context: ConvertContext = { look: lookOf('wco-working-document'), labels: builtInLabels.en, bookmark: bookmarkNames(), blocks: [], footnoteSources: new Map(), footnoteContent: new Map(), footnotes: {}, images: new Map(), textWidth: 163, listInstances: { next: 1 }, listStarts: new Set() }
  const children = convertBlocks(nodes, context)
  const zip = await JSZip.loadAsync(await Packer.toBuffer(new Document({ sections: [{ children }] })))
  return new DOMParser().parseFromString(await zip.file('word/document.xml')!.async('string'), 'text/xml')
}

describe('convertBlocks: the assembled HTML as Word blocks', () => {
  test('cells that span columns and rows are merged as in HTML, the others placed around them', async () => {
    const doc = await convert(
      h('table', [
        h('thead', [h('tr', [h('th', { rowSpan: 2 }, 'No'), h('th', { colSpan: 2 }, 'Writer')]), h('tr', [h('th', '1'), h('th', '2')])]),
        h('tbody', [h('tr', [h('td', '1.'), h('td', 'WCO'), h('td', 'IAPH')])])
      ])
    )
    const rows = all(doc, 'tr').map((tr) => all(tr, 'tc').map((tc) => `${all(tc, 't').map((t) => t.textContent).join('')}${attr(all(tc, 'gridSpan')[0], 'val') ? `[span ${attr(all(tc, 'gridSpan')[0], 'val')}]` : ''}${all(tc, 'vMerge').length ? `[merge ${attr(all(tc, 'vMerge')[0], 'val') ?? 'continue'}]` : ''}`))
    expect(rows).toEqual([
      ['No[merge restart]', 'Writer[span 2]'],
      ['[merge continue]', '1', '2'],
      ['1.', 'WCO', 'IAPH']
    ])
    expect(all(doc, 'tr').map((tr) => all(tr, 'tblHeader').length)).toEqual([1, 1, 0])
  })

  test('a table too wide for the column is set smaller, never splitting a word', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `Column${i}`)
    const doc = await convert(h('table', [h('tbody', [h('tr', many.map((text) => h('td', text)))])]))
    const sizes = all(doc, 'sz').map((s) => Number(attr(s, 'val')))
    expect(sizes.length).toBe(20)
    expect(Math.max(...sizes)).toBeLessThan(18)
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12)
  })

  test('a numbered paragraph prints its number and a tab in the number style; white space is collapsed', async () => {
    const doc = await convert(h('p.para', { dataPara: 7 }, [h('span.para-num', '7.'), '  Ports\n  and ', h('em', 'Customs'), ' .  ']))
    const [p] = paragraphs(doc)
    expect(p!.style).toBe('NumberedParagraph')
    expect(p!.text).toBe('7.\tPorts and Customs .')
    expect(all(doc, 'rStyle').map((s) => attr(s, 'val'))).toEqual(['ParagraphNumber', 'ParagraphNumber'])
  })
})
