import { describe, expect, it } from 'vitest'
import { alignBlocks, type AlignBlock } from '../../src/review/align.js'
import { similarity } from '../../src/review/marks.js'

const block = (text: string, id?: string, family = 'p'): AlignBlock => ({ family, id, text, words: text.toLowerCase().match(/\w+/g) ?? [] })

describe('alignBlocks', () => {
  it('matches identical blocks in order and leaves inserted ones unmatched', () => {
    const before = [block('First paragraph here.'), block('Second paragraph here.')]
    const after = [block('A new opening paragraph.'), block('First paragraph here.'), block('Second paragraph here.')]
    expect(alignBlocks(before, after, similarity)).toEqual([
      [0, 1],
      [1, 2]
    ])
  })

  it('matches an edited paragraph with itself, not with its neighbour', () => {
    const before = [block('Customs receive advance cargo information.'), block('Joint inspections save time for traders.')]
    const after = [block('Customs receive advance cargo information early.'), block('Joint inspections save a lot of time for traders.')]
    expect(alignBlocks(before, after, similarity)).toEqual([
      [0, 0],
      [1, 1]
    ])
  })

  it('matches by explicit id first, even when the text was rewritten and moved', () => {
    const before = [block('Old wording of a rule.', 'rule'), block('Another paragraph entirely.')]
    const after = [block('Another paragraph entirely.'), block('Completely new words now.', 'rule')]
    expect(alignBlocks(before, after, similarity)).toEqual([
      [1, 0],
      [0, 1]
    ])
  })

  it('never matches blocks of different kinds', () => {
    expect(alignBlocks([block('Same words', undefined, 'h')], [block('Same words')], similarity)).toEqual([])
  })

  it('leaves a deleted paragraph unmatched', () => {
    const before = [block('Keep this one.'), block('Delete this one please.'), block('Keep that one too.')]
    const after = [block('Keep this one.'), block('Keep that one too.')]
    expect(alignBlocks(before, after, similarity)).toEqual([
      [0, 0],
      [2, 1]
    ])
  })
})
