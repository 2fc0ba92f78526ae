import { describe, expect, it } from 'vitest'
import { withShippedFonts } from '../../src/print/svg-fonts.js'
import type { Diagnostic } from '../../src/report/format.js'
import { createHyphenator } from '../../src/print/hyphenate.js'
import { createAbbreviationMatcher } from '../../src/markdown/util/abbreviations.js'
import { contribution, diagnose, makeProject } from './helpers.js'
import { png } from './images.js'

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

describe('3. images and SVG', () => {
  const wco = 'sections/purpose/wco.md'
  const of = (list: Diagnostic[], rule: string) => list.filter((d) => d.file === wco && d.rule === rule).map((d) => `${d.line}:${d.column} ${d.message}`)

  it('withShippedFonts: 400 KB of `<svg ` with no `>` in linear time', () => {
    const svg = '<svg '.repeat(80_000)
    const started = performance.now()
    expect(withShippedFonts(svg)).toBe(svg)
    // Before: 14.7 s a call.
    expect(performance.now() - started).toBeLessThan(200)
  })

  it('a huge, a truncated, a false and a fine image: positioned image-too-large and image-invalid', async () => {
    const bomb = png(20_000, 20_000)
    const { root, remove } = makeProject({
      [wco]: contribution('![bomb](../images/bomb.png)\n\n![cut](../images/cut.png) ![text](../images/text.png)\n\n![jpeg](../images/photo.png) ![fine](../images/fine.png) ![svg](../images/fine.svg)\n\n![inline](data:image/png;base64,' + png(12_000, 100).toString('base64') + ')'),
      'sections/images/bomb.png': bomb,
      'sections/images/cut.png': bomb.subarray(0, 200),
      'sections/images/text.png': 'this is not an image\n',
      'sections/images/photo.png': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]),
      'sections/images/fine.png': png(40, 30),
      'sections/images/fine.svg': '<?xml version="1.0"?>\n<!-- a long comment ' + 'x'.repeat(2_000) + ' -->\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    })
    try {
      expect(bomb.length).toBeLessThan(300_000)
      const list = await diagnose(root)
      expect(of(list, 'image-too-large')).toEqual([
        '6:1 Unexpected image `../images/bomb.png` of 20000 x 20000 pixels, expected at most 10000 pixels a side and 40 megapixels (a full A4 page at 300 dpi is 2480 x 3508)',
        `12:1 Unexpected image \`data:image/png;base64,iVBORw0KGg...\` of 12000 x 100 pixels, expected at most 10000 pixels a side and 40 megapixels (a full A4 page at 300 dpi is 2480 x 3508)`
      ])
      expect(of(list, 'image-invalid')).toEqual([
        '8:1 Unexpected image `../images/cut.png` that is truncated (the IDAT chunk at byte 33 needs ' + String(33 + 12 + bomb.readUInt32BE(33) - 200) + ' more bytes than the file has), expected a complete PNG file',
        '8:27 Unexpected image `../images/text.png` whose content is not a PNG image, expected a PNG, JPEG, GIF, WebP or SVG file whose content matches its name',
        '10:1 Unexpected image `../images/photo.png` whose content is a JPEG image, not a PNG, expected a PNG, JPEG, GIF, WebP or SVG file whose content matches its name'
      ])
    } finally {
      remove()
    }
  })
})

describe('5. raw HTML nested too deeply', () => {
  const wco = 'sections/purpose/wco.md'
  it.each([
    ['2,000 nested <div>s in one block', `${'<div>'.repeat(2_000)}deep${'</div>'.repeat(2_000)}`, `6:${5 * 64 + 1}`],
    ['50,000 unclosed <span>s in one paragraph', `Text ${'<span>a '.repeat(50_000)}end.`, `6:${6 + 8 * 64}`],
    ['<div>s left open in the blocks around', `${'<div>\n\n'.repeat(40)}> ${'<em>x '.repeat(30)}deep`, `86:${3 + 6 * 24}`]
  ])('%s: source-too-deep at the tag that passes 64, no stack overflow', async (_, body, place) => {
    const { root, remove } = makeProject({ [wco]: contribution(`${body}\n\nThe next paragraph.`) })
    try {
      const started = performance.now()
      const list = await diagnose(root)
      expect(performance.now() - started).toBeLessThan(20_000)
      const deep = list.filter((d) => d.rule === 'source-too-deep').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)
      expect(deep).toEqual([`${wco}:${place} Unexpected raw HTML nested deeper than 64 elements, expected at most 64 (the HTML from here to the end of the block is left out)`])
    } finally {
      remove()
    }
  })
})
