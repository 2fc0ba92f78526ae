import { describe, expect, it } from 'vitest'
import { withShippedFonts } from '../../src/print/svg-fonts.js'

const families = (svg: string) => [...svg.matchAll(/@font-face\{font-family:'([^']+)';font-weight:(\d+)/g)].map((m) => `${m[1]} ${m[2]}`)

describe('withShippedFonts', () => {
  it('declares the shipped faces under the family names the SVG asks for, and only those', () => {
    const svg = withShippedFonts('<svg xmlns="http://www.w3.org/2000/svg"><text font-family="Helvetica, Arial, sans-serif">A</text><text style="font-family:Georgia">B</text></svg>')
    expect(families(svg).sort()).toEqual(['Arial 400', 'Arial 700', 'Georgia 400', 'Georgia 700', 'Helvetica 400', 'Helvetica 700'])
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"><style>@font-face/)
    expect(svg).toMatch(/src:url\(data:font\/woff2;x-svg=[0-9a-f]{16};base64,d09GMg/) // a woff2 file ("wOF2")
  })

  it('matches names with spaces and quotes, not names inside other words', () => {
    expect(families(withShippedFonts(`<svg><text font-family="'Times New Roman'">x</text></svg>`))).toContain('Times New Roman 400')
    expect(families(withShippedFonts('<svg><text font-family="Arialish">x</text></svg>'))).toEqual([])
  })

  it('leaves an SVG that names none of them as it is', () => {
    const svg = '<svg><text font-family="sans-serif">x</text></svg>'
    expect(withShippedFonts(svg)).toBe(svg)
  })

  it('gives each SVG font URLs of its own', () => {
    const url = (svg: string) => /x-svg=([0-9a-f]+)/.exec(withShippedFonts(svg))![1]
    expect(url('<svg><text font-family="Arial">a</text></svg>')).not.toBe(url('<svg><text font-family="Arial">b</text></svg>'))
  })
})
