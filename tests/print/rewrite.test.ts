import { describe, expect, it } from 'vitest'
import { objectText, pdfTail, readXref, rewriteObjects } from '../../src/print/rewrite.js'

/** A PDF of `count` small objects with one classic cross-reference table, as Chromium lays it out. */
function pdfOf(count: number): Buffer {
  let body = '%PDF-1.7\n'
  const offsets: number[] = []
  for (let n = 1; n <= count; n++) {
    offsets.push(body.length)
    body += n === 1 ? '1 0 obj\n<</Type /Catalog>>\nendobj\n' : `${n} 0 obj\n${n}\nendobj\n`
  }
  const xref = `xref\n0 ${count + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  return Buffer.from(`${body}${xref}trailer\n<</Size ${count + 1}\n/Root 1 0 R>>\nstartxref\n${body.length}\n%%EOF\n`, 'latin1')
}

describe('rewriteObjects', () => {
  it('replaces and adds objects of a PDF with hundreds of thousands of objects (a 4,000-page edition)', () => {
    const count = 300_000
    const pdf = pdfOf(count)
    const tail = pdfTail(pdf)
    expect(tail.base).toBeGreaterThan(0) // only the end of the file is read as text
    const layout = readXref(tail.text, tail.base)!
    expect(layout.offsets.size).toBe(count)
    const out = rewriteObjects(pdf, layout, new Map([[2, objectText(2, '(two)')]]), new Map([[count + 1, objectText(count + 1, '(new)')]]))
    const text = out.toString('latin1')
    const again = readXref(text)!
    expect(again.trailer).toContain(`/Size ${count + 2}`)
    expect(text.startsWith('2 0 obj\n(two)\nendobj\n', again.offsets.get(2))).toBe(true)
    expect(text.startsWith(`${count + 1} 0 obj\n(new)\nendobj\n`, again.offsets.get(count + 1))).toBe(true)
    expect(text.startsWith(`${count} 0 obj\n${count}\nendobj\n`, again.offsets.get(count))).toBe(true)
  })
})
