import { describe, expect, it } from 'vitest'
import { lexContent, markedContentOperators } from '../../src/pdfua/content.js'
import { parseToUnicode } from '../../src/pdfua/fonts.js'
import { cleanText } from '../../src/pdfua/marked.js'
import { buildXmp, readXmp } from '../../src/pdfua/xmp.js'
import { artifactInsertions } from '../../src/print/accessible.js'

/** `content` with the insertions applied. */
function wrapped(content: string): string {
  let out = ''
  let from = 0
  for (const { at, text } of artifactInsertions(lexContent(content, markedContentOperators))) {
    out += content.slice(from, at) + text
    from = at
  }
  return (out + content.slice(from)).replace(/\s+/g, ' ').trim()
}

describe('lexContent', () => {
  it('reads operators with their operands and places, through strings, arrays, dictionaries and inline images', () => {
    const content = '/P <</MCID 3 /ActualText (a \\) b (c))>> BDC\nBT /F1 9.5 Tf [(x) -250 <41>] TJ ET\nBI /W 1 /H 1 ID \x00\xffEI x EI\nEMC % a comment BT\nq 1 0 0 1 0 0 cm Q'
    const ops = lexContent(content)
    expect(ops.map((o) => o.op)).toEqual(['BDC', 'BT', 'Tf', 'TJ', 'ET', 'BI', 'EMC', 'q', 'cm', 'Q'])
    expect(ops[0]!.operands).toEqual([{ name: 'P' }, { dict: { MCID: 3, ActualText: { string: 'a ) b (c)' } } }])
    expect(ops[3]!.operands).toEqual([[{ string: 'x' }, -250, { string: 'A' }]])
    expect(content.slice(ops[2]!.start, ops[2]!.end)).toBe('/F1 9.5 Tf')
    expect(lexContent(content, markedContentOperators).map((o) => o.op)).toEqual(['BDC', 'BT', 'Tf', 'TJ', 'ET', 'BI', 'EMC'])
  })
})

describe('lexContent runs', () => {
  // Chromium shows each glyph with its own `Td ... Tj`: a run is one operation.
  const content = 'BT /F1 9 Tf 1 0 0 -1 10 20 Tm <0001> Tj 5.5 0 Td <0002> Tj 4.25 0 Td (c) Tj /Span <</ActualText (x)>> BDC <0003> Tj EMC <0004> Tj 2 0 Td <0005> Tj ET BT <0006> Tj ET'

  it('makes one operation of text shown glyph by glyph, split by every operator kept', () => {
    const ops = lexContent(content, markedContentOperators, { runs: true })
    expect(ops.map((o) => `${o.op}${o.count > 1 ? `x${o.count}` : ''}`)).toEqual(['BT', 'Tf', 'Tjx3', 'BDC', 'Tj', 'EMC', 'Tjx2', 'ET', 'BT', 'Tj', 'ET'])
    expect(content.slice(ops[2]!.start, ops[2]!.end)).toBe('<0001> Tj 5.5 0 Td <0002> Tj 4.25 0 Td (c) Tj')
    expect(ops[2]!.parts().map((p) => [p.operands, content.slice(p.start, p.end)])).toEqual([
      [[{ string: '\x00\x01' }], '<0001> Tj'],
      [[{ string: '\x00\x02' }], '<0002> Tj'],
      [[{ string: 'c' }], '(c) Tj']
    ])
    expect(ops[4]!.parts()).toEqual([ops[4]])
  })

  it('gives the same operations, one by one, as lexing without runs', () => {
    const one = lexContent(content, markedContentOperators)
    const parts = lexContent(content, markedContentOperators, { runs: true }).flatMap((o) => o.parts())
    expect(parts.map((o) => [o.op, o.start, o.end, o.operands])).toEqual(one.map((o) => [o.op, o.start, o.end, o.operands]))
  })

  it('puts artifacts where it put them one operation at a time', () => {
    const untagged = 'q 0 0 1 1 re f Q BT <01> Tj 1 0 Td <02> Tj /P <</MCID 0>> BDC <03> Tj 1 0 Td <04> Tj EMC <05> Tj 1 0 Td <06> Tj ET'
    expect(artifactInsertions(lexContent(untagged, markedContentOperators, { runs: true }))).toEqual(artifactInsertions(lexContent(untagged, markedContentOperators)))
    expect(artifactInsertions(lexContent(untagged, markedContentOperators, { runs: true }))).toHaveLength(6)
  })
})

describe('artifactInsertions', () => {
  it('wraps untagged painting, whole text objects and runs, and nothing tagged', () => {
    expect(wrapped('q 0 0 1 1 re f Q /P <</MCID 0>> BDC BT (a) Tj ET EMC BT (b) Tj ET')).toBe('q /Artifact BMC 0 0 1 1 re f EMC Q /P <</MCID 0>> BDC BT (a) Tj ET EMC /Artifact BMC BT (b) Tj ET EMC')
  })

  it('wraps inside a text object that also holds tagged content, never across its BT/ET', () => {
    expect(wrapped('BT (a) Tj /P <</MCID 1>> BDC (b) Tj EMC (c) Tj ET')).toBe('BT /Artifact BMC (a) Tj EMC /P <</MCID 1>> BDC (b) Tj EMC /Artifact BMC (c) Tj EMC ET')
  })

  it('leaves artifacts and a content stream without untagged painting as they are', () => {
    expect(artifactInsertions(lexContent('/Artifact BMC 0 0 1 1 re f EMC /Span <</MCID 2>> BDC 0 0 1 1 re f EMC q 1 0 0 1 0 0 cm Q'))).toEqual([])
  })
})

describe('parseToUnicode', () => {
  it('reads bfchar and both forms of bfrange, and flags U+0000', () => {
    const cmap = '2 beginbfchar\n<0003> <0020>\n<0082> <0000>\nendbfchar\n2 beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<00660066> <0069>]\nendbfrange'
    const { map, bad } = parseToUnicode(cmap)
    expect([map.get(3), map.get(0x10), map.get(0x12), map.get(0x20), map.get(0x21)]).toEqual([' ', 'A', 'C', 'ff', 'i'])
    expect(bad).toBe(true)
  })
})

describe('cleanText', () => {
  it('joins a word broken at a line end (soft hyphen, then the hyphen glyph on the line)', () => {
    expect(cleanText('electronic re\u00ad - lease at  the gate ')).toBe('electronic release at the gate')
  })
})

describe('XMP', () => {
  it('writes pdfuaid:part 1 and the title, and reads them in element or attribute form, any prefix', () => {
    const xmp = buildXmp({ title: 'Customs & Ports', language: 'en', creatorTool: 'press', producer: 'press', date: new Date('2030-01-01T00:00:00Z') })
    expect(readXmp(xmp)).toEqual({ part: '1', title: 'Customs &amp; Ports Customs &amp; Ports' })
    expect(xmp).toContain('<xmp:CreateDate>2030-01-01T00:00:00Z</xmp:CreateDate>')
    expect(readXmp('<rdf:Description xmlns:ua="http://www.aiim.org/pdfua/ns/id/" ua:part="1"/>')).toEqual({ part: '1', title: undefined })
  })
})
