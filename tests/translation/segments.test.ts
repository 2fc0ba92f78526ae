import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { createParser } from '../../src/markdown/processor.js'
import { createAbbreviationMatcher } from '../../src/markdown/util/abbreviations.js'
import { canonical, codesOf, leavesOf, matchCodes, toMarkdown, type Inline } from '../../src/translation/segments.js'
import { unitIds } from '../../src/translation/units.js'

const parser = createParser({ matcher: createAbbreviationMatcher([]) })
const leaves = (text: string) => {
  const file = new VFile({ path: 'x.md', value: text })
  const tree = parser.parse(file)
  parser.runSync(tree, file)
  return leavesOf(tree, text)
}
/** A content as text with codes shown as `<id:kind>…</id>` and `[id:kind]`. */
const show = (parts: readonly Inline[]): string => parts.map((p) => (p.type === 'text' ? p.value : p.type === 'ph' ? `[${p.id}:${p.code.kind}]` : `<${p.id}:${p.code.kind}>${show(p.children)}</${p.id}>`)).join('')

const source = `---
section: s
writer: W
---

# Readers {#readers}

See [](#tab-areas), *the* **policy** of the [WCO](https://www.wcoomd.org "site") and \`code\`.[^a] {#first}

Table: Areas of *cooperation* {#tab-areas}

| Area | Lead \\| owner |
|---|---|
| Data | |

- item with a hard  
  break
- item <sup>2</sup>

![A flow of data](img.png) {#fig-flow}

> quoted text

[^a]: A *note*.
`

describe('leaves', () => {
  it('cut a contribution into translatable blocks with their markup as codes', () => {
    const list = leaves(source)
    expect(list.map((l) => `${l.kind}: ${show(l.content)}`)).toEqual([
      'heading: Readers',
      'paragraph: See [1:xref], <2:emphasis>the</2> <3:strong>policy</3> of the <4:link>WCO</4> and [5:code].[6:footnote]',
      'table caption: Areas of <1:emphasis>cooperation</1>',
      'table cell: Area',
      'table cell: Lead | owner',
      'table cell: Data',
      'list item: item with a hard[1:break]break',
      'list item: item [1:html]2[2:html]',
      'figure caption: A flow of data',
      'quote: quoted text',
      'footnote: A <1:emphasis>note</1>.'
    ])
  })

  it('keep the Markdown of each code exactly, and the span of the text without `#`, `{#id}` or `Table:`', () => {
    const [heading, paragraph, caption, , cell, , , , figure] = leaves(source)
    expect(source.slice(...heading!.span)).toBe('Readers')
    expect(source.slice(...paragraph!.span)).toBe('See [](#tab-areas), *the* **policy** of the [WCO](https://www.wcoomd.org "site") and `code`.[^a]')
    expect(source.slice(...caption!.span)).toBe('Areas of *cooperation*')
    expect(source.slice(...cell!.span)).toBe('Lead \\| owner')
    expect(source.slice(...figure!.span)).toBe('A flow of data')
    const link = codesOf(paragraph!.content).find((c) => c.code.kind === 'link')!
    expect([link.code.start, link.code.end]).toEqual(['[', '](https://www.wcoomd.org "site")'])
    expect(codesOf(paragraph!.content).map((c) => c.code.start)).toEqual(['[](#tab-areas)', '*', '**', '[', '`code`', '[^a]'])
  })

  it('give ids from `{#id}`, footnote labels, or a hash of the text that inserting blocks elsewhere does not change', () => {
    const before = unitIds(leaves(source))
    expect(before.slice(0, 3)).toEqual(['readers', 'first', 'tab-areas'])
    expect(before).toContain('fn.a.1')
    expect(before.find((id) => id.startsWith('li.'))).toMatch(/^li\.[0-9a-f]{8}$/)
    const inserted = unitIds(leaves(source.replace('> quoted text', 'A new paragraph.\n\n- a new item\n\n> quoted text')))
    for (const id of before) expect(inserted).toContain(id)
    const edited = unitIds(leaves(source.replace('item with a hard', 'item with a soft')))
    expect(edited).not.toContain(before[6])
    expect(edited).toContain(before[7])
  })
})

describe('toMarkdown', () => {
  const [, paragraph] = leaves(source)
  const codes = new Map(codesOf(paragraph!.content).map((c) => [c.id, c.code]))

  it('puts the source codes back and escapes text that would be markup', () => {
    const target: Inline[] = [
      { type: 'text', value: '# Voir *pas* [ceci] ' },
      { type: 'ph', id: '1', code: codes.get('1')! },
      { type: 'text', value: ' et ' },
      { type: 'pc', id: '4', code: codes.get('4')!, children: [{ type: 'text', value: "l'OMD" }] },
      { type: 'text', value: ' !' },
      { type: 'ph', id: '6', code: codes.get('6')! }
    ]
    expect(toMarkdown(target, codes)).toBe("\\# Voir \\*pas\\* \\[ceci\\] [](#tab-areas) et [l'OMD](https://www.wcoomd.org \"site\") \\![^a]")
  })

  it('moves spaces out of emphasis, so the emphasis survives', () => {
    const target: Inline[] = [{ type: 'text', value: 'le' }, { type: 'pc', id: '2', code: codes.get('2')!, children: [{ type: 'text', value: ' « mot » ' }] }, { type: 'text', value: 'suivant' }]
    const markdown = toMarkdown(target, codes)
    expect(markdown).toBe('le *« mot »* suivant')
    const [read] = leaves(`${markdown}\n`)
    expect(show(read!.content)).toBe('le <1:emphasis>« mot »</1> suivant')
  })

  it('matches a translation’s codes to the source’s by kind and identity, whatever their order', () => {
    const [, fr] = leaves(source.replace('See [](#tab-areas), *the* **policy** of the [WCO](https://www.wcoomd.org "site") and `code`.[^a]', 'La **politique** de l’[OMD](https://www.wcoomd.org/fr "site") et `code`, *voir* [](#tab-areas).[^a]'))
    const matched = matchCodes(fr!.content, paragraph!.content)!
    expect(show(matched)).toBe('La <3:strong>politique</3> de l’<4:link>OMD</4> et [5:code], <2:emphasis>voir</2> [1:xref].[6:footnote]')
    expect(canonical(matched)).not.toBe(canonical(paragraph!.content))
    const [, missing] = leaves(source.replace('`code`.', '.'))
    expect(matchCodes(missing!.content, paragraph!.content)).toBeUndefined()
  })
})
