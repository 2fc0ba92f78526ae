import { describe, expect, test } from 'vitest'
import { headingNumberLength, paragraphNumberLength, stripHeadingNumber } from '../../src/import/numbers.js'
import { afterFigureLabel, afterTableLabel } from '../../src/import/captions.js'

const strip = (text: string) => text.slice(paragraphNumberLength(text))

describe('hand numbers', () => {
  test('typed at the start of a paragraph are removed', () => {
    expect(['1. Text', '12) Text', '(3) Text', '1.2. Text', '1.2\tText', '1.2 The Parties', 'a) text', '(b) text', 'c. text', 'iv. text', '(ii) text', '3\tText'].map(strip)).toEqual([
      'Text', 'Text', 'Text', 'Text', 'Text', 'The Parties', 'text', 'text', 'text', 'text', 'text', 'Text'
    ])
  })

  test('numbers that are words of the sentence stay', () => {
    expect(['1.5 million containers', '2022 was a year', 'A. Smith wrote', 'I. e. nothing', '100 ports', 'U.S. ports', 'e.g. this'].map(strip)).toEqual([
      '1.5 million containers', '2022 was a year', 'A. Smith wrote', 'I. e. nothing', '100 ports', 'U.S. ports', 'e.g. this'
    ])
  })

  test('typed at the start of a heading are removed, capitals and multi-level numbers too', () => {
    expect(['1. Introduction', '2.3 Scope', '2.3.1. Detail', 'IV. Scope', 'B) Annex', '(a) Item', '3\tRisks'].map(stripHeadingNumber)).toEqual([
      'Introduction', 'Scope', 'Detail', 'Scope', 'Annex', 'Item', 'Risks'
    ])
    expect(['2022 outlook', 'Risk management', 'U.S. ports'].map((t) => headingNumberLength(t))).toEqual([0, 0, 0])
  })
})

describe('caption labels', () => {
  test('a table or figure label with its number and separator', () => {
    expect(afterTableLabel('Table 1: Areas')).toBe('Areas')
    expect(afterTableLabel('Table 2-1 – Areas')).toBe('Areas')
    expect(afterTableLabel('Tableau 3. Domaines')).toBe('Domaines')
    expect(afterTableLabel('Table : Areas')).toBe('Areas')
    expect(afterFigureLabel('Figure 2 - Flow')).toBe('Flow')
    expect(afterFigureLabel('Fig. IV: Flow')).toBe('Flow')
  })

  test('words that merely start like a label are not captions', () => {
    expect(afterTableLabel('Table of contents')).toBeUndefined()
    expect(afterTableLabel('Tables show the areas')).toBeUndefined()
    expect(afterFigureLabel('Figures are numbered')).toBeUndefined()
    expect(afterFigureLabel('Figure Index')).toBeUndefined()
  })
})
