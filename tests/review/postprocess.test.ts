import { describe, expect, it } from 'vitest'
import { finishPdf } from '../../src/print/postprocess.js'

/** A skeleton of what Chromium prints for a table with two header cells, with given node ids. */
function printed(first: string, second: string, date = '20301231235959'): Uint8Array {
  const [low, high] = first < second ? [first, second] : [second, first]
  const objectOf = (id: string) => (id === first ? 2 : 3)
  const text =
    `%PDF-1.4\n1 0 obj\n<</Type /Catalog\n/CreationDate (D:${date}+00'00')>>\nendobj\n` +
    `2 0 obj\n<</Type /StructElem\n/S /TH\n/ID (node${first})>>\nendobj\n` +
    `3 0 obj\n<</Type /StructElem\n/S /TH\n/ID (node${second})>>\nendobj\n` +
    `4 0 obj\n<</Limits [(node${low}) (node${high})]\n/Names [(node${low}) ${objectOf(low)} 0 R (node${high}) ${objectOf(high)} 0 R]>>\nendobj\n` +
    `xref\n0 5\ntrailer\n<</Size 5\n/Root 1 0 R>>\nstartxref\n200\n%%EOF\n`
  return Buffer.from(text, 'latin1')
}

const meta = { title: 'T', author: 'A', producer: 'P', date: new Date('2030-01-01T00:00:00Z') }

describe('finishPdf', () => {
  it('gives the same bytes whatever node ids and dates the browser used', () => {
    const a = Buffer.from(finishPdf(printed('00000258', '00000259'), meta))
    const b = Buffer.from(finishPdf(printed('00000931', '00000017', '20291111111111'), meta))
    expect(b.toString('latin1')).toBe(a.toString('latin1'))
    const text = a.toString('latin1')
    expect(text).toContain('/ID (node00000000)>>')
    expect(text).toContain('/Limits [(node00000000) (node00000001)]\n/Names [(node00000000) 2 0 R (node00000001) 3 0 R]')
    expect(text).toContain("/CreationDate (D:20300101000000+00'00')")
    expect(text).toMatch(/\/ID \[<([0-9a-f]{32})> <\1>\]/)
  })

  it('keeps the name tree sorted when the browser numbered the cells out of order', () => {
    const text = Buffer.from(finishPdf(printed('00000040', '00000012'), meta)).toString('latin1')
    expect(text).toContain('2 0 obj\n<</Type /StructElem\n/S /TH\n/ID (node00000000)>>')
    expect(text).toContain('/Names [(node00000000) 2 0 R (node00000001) 3 0 R]')
  })
})
