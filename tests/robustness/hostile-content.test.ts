import { describe, expect, it } from 'vitest'
import { createHyphenator } from '../../src/print/hyphenate.js'
import { createAbbreviationMatcher } from '../../src/markdown/util/abbreviations.js'
import { contribution, diagnose, makeProject } from './helpers.js'

// Hostile and real-world input, second round (issue 18): what runs in the process (no CLI).

describe('2. long words and long lines stay linear', () => {
  it('the hyphenator skips a word of 200,000 letters at once, and still hyphenates ordinary words', () => {
    const hyphenate = createHyphenator('en')!
    const started = performance.now()
    const result = hyphenate(['abcdefghij'.repeat(20_000), 'cooperation'])
    expect(performance.now() - started).toBeLessThan(500)
    expect(Object.keys(result)).toEqual(['cooperation'])
  })

  it('words of capitals: 200,000 capitals followed by a small letter take linear time', () => {
    const matcher = createAbbreviationMatcher([])
    const started = performance.now()
    expect(matcher.unknown(`${'A'.repeat(200_000)}a and WCO, AEOs, A1B, ABs-x`)).toEqual([
      { index: 200_006, text: 'WCO' },
      { index: 200_011, text: 'AEO' },
      { index: 200_017, text: 'A1B' }
    ])
    // Before: a pattern with two starred classes backtracked (20,000 capitals: 1.1 s; 200,000: minutes).
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('40,000 unknown abbreviations in one paragraph are located in linear time', async () => {
    const { root, remove } = makeProject({ 'sections/purpose/wco.md': contribution(`Text ${'AB '.repeat(40_000)}end.`) })
    try {
      const started = performance.now()
      const list = await diagnose(root)
      // Before: each warning walked the paragraph from its start (28 s).
      expect(performance.now() - started).toBeLessThan(10_000)
      const found = list.filter((d) => d.rule === 'glossary-unknown-abbreviation')
      expect(found.length).toBe(40_000)
      expect(`${found[39_999]!.line}:${found[39_999]!.column}`).toBe(`6:${6 + 3 * 39_999}`)
    } finally {
      remove()
    }
  })
})
