import { describe, expect, it } from 'vitest'
import type { Inline } from '../../src/translation/segments.js'
import { readXliff, writeXliff, type ReadInline } from '../../src/translation/xliff.js'

const emphasis = { kind: 'emphasis' as const, start: '*', end: '*', key: 'emphasis', disp: 'emphasis' }
const xref = { kind: 'xref' as const, start: '[](#scope)', key: 'xref #scope', disp: '[→ scope]' }
const source: Inline[] = [{ type: 'text', value: 'See ' }, { type: 'ph', id: '1', code: xref }, { type: 'text', value: ' and ' }, { type: 'pc', id: '2', code: emphasis, children: [{ type: 'text', value: 'this & <that>\u0001' }] }, { type: 'text', value: '.' }]
const show = (parts: readonly ReadInline[]): string => parts.map((p) => (p.type === 'text' ? p.value : p.type === 'ph' ? `[${p.id}]` : `<${p.id}>${show(p.children)}</${p.id}>`)).join('')

describe('XLIFF', () => {
  it('is written with codes, their Markdown as original data, notes, and read back with places', () => {
    const text = writeXliff({ srcLang: 'en', trgLang: 'fr', files: [{ id: 'f', original: 'sections/a.md', notes: [{ id: 'export-commit', category: 'export-commit', text: 'abc1234' }], units: [{ id: 'p.1', name: 'paragraph 1', notes: [{ category: 'location', text: 'sections/a.md:3' }], source, target: source, state: 'translated' }] }] })
    expect(text).toContain('<data id="d1">[](#scope)</data>')
    expect(text).toContain('<data id="d2s">*</data>')
    expect(text).toContain('<ph id="1" canCopy="no" canDelete="no" type="link" dataRef="d1" disp="[→ scope]" equiv=""/>')
    expect(text).toContain('<pc id="2" canCopy="no" canDelete="no" type="fmt" subType="xlf:i" dataRefStart="d2s" dataRefEnd="d2e" dispStart="*" dispEnd="*" equivStart="" equivEnd="">this &amp; &lt;that&gt;<cp hex="0001"/></pc>')
    const read = readXliff(text)
    expect(read.errors).toEqual([])
    expect(read.files[0]!.notes).toEqual([{ id: 'export-commit', category: 'export-commit', text: 'abc1234' }])
    const unit = read.files[0]!.units[0]!
    expect(show(unit.source)).toBe('See [1] and <2>this & <that>\u0001</2>.')
    expect(show(unit.target!)).toBe(show(unit.source))
    expect(unit.state).toBe('translated')
    const line = text.split('\n').findIndex((l) => l.includes('<unit id="p.1"')) + 1
    expect(unit.at).toEqual({ line, column: 5 })
  })

  it('reads units a CAT tool segmented, and <sc>/<ec> pairs, as one content; an unpaired code is a problem at its place', () => {
    const text = `<?xml version="1.0"?>
<xliff version="2.1" srcLang="en" trgLang="fr" xmlns="urn:oasis:names:tc:xliff:document:2.0">
  <file id="f" original="sections/a.md">
    <group id="g">
      <unit id="u">
        <segment state="translated"><source>One <sc id="2"/>two.</source><target>Un <sc id="2"/>deux.</target></segment>
        <ignorable><source> </source></ignorable>
        <segment state="final"><source>Three<ec startRef="2"/> <ph id="1"/></source><target>Trois<ec startRef="2"/> <ph id="1"/></target></segment>
      </unit>
      <unit id="v"><segment><source>A</source><target>B<ec startRef="9"/></target></segment><segment><source>C</source><target>D</target></segment></unit>
      <unit id="w"><segment><source>A</source><target>B</target></segment><segment><source>C</source></segment></unit>
    </group>
  </file>
</xliff>`
    const [u, v, w] = readXliff(text).files[0]!.units
    expect(show(u!.source)).toBe('One <2>two. Three</2> [1]')
    expect(show(u!.target!)).toBe('Un <2>deux. Trois</2> [1]')
    expect(u!.state).toBe('translated')
    // A segment without a target: the unit is not translated (not written).
    expect(w!.target).toBeUndefined()
    expect(v!.problems).toEqual([{ message: 'Unexpected <ec startRef="9">, expected a <sc> before it', at: { line: 10, column: 56 } }])
  })

  it('says where a file is not XML, or not XLIFF 2', () => {
    expect(readXliff('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0">\n  <file id="f">\n</xliff>').errors).toEqual([{ message: expect.stringMatching(/^Invalid XML: /), at: { line: 2, column: expect.any(Number) } }])
    expect(readXliff('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>').errors).toEqual([{ message: 'Unexpected document element `xliff`, expected <xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0">', at: { line: 1, column: 1 } }])
  })
})
