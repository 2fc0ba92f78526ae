import { describe, expect, it } from 'vitest'
import { VFile } from 'vfile'
import { stampFallbackCss, templateUses } from '../../src/html/render.js'

describe('templateUses', () => {
  const file = (value: string) => new VFile({ path: 't.hbs', value })
  it('finds a field used as a value, a raw value or a condition', () => {
    expect(templateUses([file('<footer>{{stamp}}</footer>')], 'stamp')).toBe(true)
    expect(templateUses([file('{{{ changes }}}')], 'changes')).toBe(true)
    expect(templateUses([file('{{#if stamp}}<p>{{stamp}}</p>{{/if}}')], 'stamp')).toBe(true)
    expect(templateUses([file('<p>{{edition.stampText}}</p> {{stamps}}')], 'stamp')).toBe(false)
    expect(templateUses([], 'stamp')).toBe(false)
  })
})

describe('stampFallbackCss', () => {
  it('sets the stamp as a CSS string, quotes and backslashes escaped', () => {
    expect(stampFallbackCss('a1b2c3d · branch "x\\y" · 2030-01-01 00:00 UTC')).toBe(':root { --review-stamp: "a1b2c3d · branch \\"x\\\\y\\" · 2030-01-01 00:00 UTC"; }')
  })
})
