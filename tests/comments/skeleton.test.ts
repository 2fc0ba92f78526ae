import { describe, expect, test } from 'vitest'
import { findText, skeletonOf } from '../../src/comments/skeleton.js'
import { indexSource, pointAt } from '../../src/comments/sources.js'

describe('skeleton', () => {
  test('letters and digits only, lower case, ligatures and soft hyphens resolved, offsets kept', () => {
    expect(skeletonOf('The ﬁrst Oﬃce: co\u00adop-\neration, 2019!')).toMatchObject({ chars: 'thefirstofficecooperation2019' })
    expect(skeletonOf('a ﬁ', 10).offsets).toEqual([10, 12, 12])
  })

  test('findText: with its context, alone, after what precedes it, before what follows it, by its start', () => {
    const text = 'One customs office. Another customs office here, see [](#tab-1). The end of it, and more words.'
    const hay = skeletonOf(text)
    const second = text.indexOf('customs office here')
    expect(findText(hay, 'customs office', 'Another')).toEqual({ start: second, end: second + 'customs office'.length - 1, quality: 'context' })
    expect(findText(hay, 'customs office', 'nothing like it')).toMatchObject({ start: text.indexOf('customs'), quality: 'text' })
    const link = text.indexOf('[](#tab-1)')
    expect(findText(hay, 'Table 1', 'Another customs office here, see')).toEqual({ start: link - 1, end: link - 2, quality: 'before' })
    expect(findText(hay, 'Table 1', 'x', 0, Infinity, '. The end of it, and more')).toMatchObject({ start: text.indexOf('The end'), quality: 'after' })
    expect(findText(hay, 'Another customs officer', 'zz')).toMatchObject({ start: text.indexOf('Another'), quality: 'prefix' })
    expect(findText(hay, 'nowhere at all', 'zz')).toBeUndefined()
  })
})

describe('indexSource', () => {
  test('indexes what prints: no front matter, ids, URLs or markup; captions and block ranges by line', () => {
    const md = '---\nsection: s\nwriter: W\n---\n\nSome *emphasis* and a [link](https://example.org/x).{#para-a}\n\nTable: The caption {#tab-a}\n\n| A | B |\n|---|---|\n| c | d |\n'
    const source = indexSource('a.md', md)
    expect(source.skeleton.chars).toBe('someemphasisandalinkthecaptionabcd')
    expect(pointAt(source, source.skeleton.offsets[source.skeleton.chars.indexOf('link')]!)).toEqual({ line: 6, column: 24 })
    const table = source.blocks.get(10)!
    expect(md.slice(table.start, table.start + 6)).toBe('Table:')
    expect(indexSource('glossary.yaml', 'term: X\n').skeleton.chars).toBe('termx')
  })
})
