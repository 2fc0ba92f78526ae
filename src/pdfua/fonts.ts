import { PDFDict, PDFName, type PDFRef } from 'pdf-lib'
import { get, getArray, getDict, latin1, nameOf, resolve, streamData, type Pdf } from './document.js'
import type { Operand } from './content.js'

/** What the checker and post-processing need of a font: how to read its codes as text, and whether it is usable in PDF/UA. */
export interface FontInfo {
  ref?: PDFRef
  subtype: string
  /** Bytes a character code takes (2 for Identity-H Type 0 fonts, else 1). */
  codeBytes: number
  /** Unicode text of a code, from the ToUnicode CMap (or a standard encoding). */
  map: Map<number, string>
  hasToUnicode: boolean
  /** Codes with known Unicode values without a ToUnicode map: a simple font in WinAnsi or MacRoman encoding, a CIDFont of a registered Adobe collection. */
  standardEncoding: boolean
  embedded: boolean
  /** Problems found reading the font: a ToUnicode value of U+0000, U+FEFF or U+FFFE, a CIDFontType2 without CIDToGIDMap. */
  badUnicode: boolean
  missingCidToGid: boolean
}

/**
 * Read a ToUnicode CMap (ISO 32000-1, 9.10.3): `bfchar` and `bfrange` entries, both forms of the
 * latter. A hand-written reader: the format is small and fixed, and pdf.js keeps its reader private.
 */
export function parseToUnicode(text: string): { map: Map<number, string>; bad: boolean } {
  const map = new Map<number, string>()
  let bad = false
  const utf16 = (hex: string) => {
    const units: number[] = []
    for (let k = 0; k + 4 <= hex.length; k += 4) units.push(parseInt(hex.slice(k, k + 4), 16))
    if (hex.length === 2) units.push(parseInt(hex, 16))
    const value = String.fromCharCode(...units)
    if (value === '\u0000' || value === '\ufeff' || value === '\ufffe') bad = true
    return value
  }
  for (const block of text.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(parseInt(m[1]!, 16), utf16(m[2]!))
  }
  for (const block of text.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]+)>|\[([^\]]*)\])/g)) {
      const low = parseInt(m[1]!, 16)
      const high = parseInt(m[2]!, 16)
      if (high - low > 0xffff) continue
      if (m[3] !== undefined) {
        const base = m[3]
        const last = parseInt(base.slice(-4), 16)
        for (let code = low; code <= high; code++) map.set(code, utf16(base.slice(0, -4) + (last + code - low).toString(16).padStart(4, '0')))
      } else {
        const items = Array.from(m[4]!.matchAll(/<([0-9a-fA-F]*)>/g), (x) => x[1]!)
        items.forEach((hex, index) => map.set(low + index, utf16(hex)))
      }
    }
  }
  return { map, bad }
}

/** Encodings of simple fonts whose codes have known Unicode values (ISO 19005-2, 6.2.11.7.2, which PDF/UA-1 7.21.7 cites). */
const standardEncodings = new Set(['WinAnsiEncoding', 'MacRomanEncoding', 'MacExpertEncoding'])
/** Character collections of CIDFonts with known Unicode values (same clause); Identity is not one. */
const knownCollections = new Set(['GB1', 'CNS1', 'Japan1', 'Korea1'])

/** Read one font dictionary. */
export function readFont(pdf: Pdf, dict: PDFDict, ref?: PDFRef): FontInfo {
  const subtype = nameOf(dict.get(PDFName.of('Subtype'))) ?? ''
  const encodingName = nameOf(get(pdf, dict, 'Encoding'))
  const toUnicode = streamData(get(pdf, dict, 'ToUnicode'))
  const parsed = toUnicode ? parseToUnicode(latin1(toUnicode)) : { map: new Map<number, string>(), bad: false }
  let embedded = subtype === 'Type3'
  let missingCidToGid = false
  let codeBytes = 1
  let knownCollection = false
  if (subtype === 'Type0') {
    codeBytes = 2
    const descendant = resolve(pdf, getArray(pdf, dict, 'DescendantFonts')?.get(0))
    if (descendant instanceof PDFDict) {
      const info = getDict(pdf, descendant, 'CIDSystemInfo')
      const ordering = info ? get(pdf, info, 'Ordering') : undefined
      knownCollection = Boolean(ordering && 'decodeText' in ordering && knownCollections.has((ordering as unknown as { decodeText(): string }).decodeText()))
      const descriptor = getDict(pdf, descendant, 'FontDescriptor')
      embedded = Boolean(descriptor && (descriptor.has(PDFName.of('FontFile')) || descriptor.has(PDFName.of('FontFile2')) || descriptor.has(PDFName.of('FontFile3'))))
      missingCidToGid = nameOf(descendant.get(PDFName.of('Subtype'))) === 'CIDFontType2' && !descendant.has(PDFName.of('CIDToGIDMap'))
    }
  } else if (subtype !== 'Type3') {
    const descriptor = getDict(pdf, dict, 'FontDescriptor')
    embedded = Boolean(descriptor && (descriptor.has(PDFName.of('FontFile')) || descriptor.has(PDFName.of('FontFile2')) || descriptor.has(PDFName.of('FontFile3'))))
  }
  const map = parsed.map
  if (!toUnicode && (encodingName === 'WinAnsiEncoding' || encodingName === 'MacRomanEncoding' || encodingName === 'StandardEncoding')) {
    // Close enough for link descriptions: the printable ASCII range is the same in these encodings.
    for (let code = 0x20; code < 0x7f; code++) map.set(code, String.fromCharCode(code))
  }
  return {
    ref,
    subtype,
    codeBytes,
    map,
    hasToUnicode: Boolean(toUnicode),
    standardEncoding: subtype === 'Type0' ? knownCollection : Boolean(encodingName && standardEncodings.has(encodingName)),
    embedded,
    badUnicode: parsed.bad,
    missingCidToGid
  }
}

/** The fonts of a resource dictionary by resource name, read once per font object (`cache`). */
export function resourceFonts(pdf: Pdf, resources: PDFDict | undefined, cache: Map<string, FontInfo>): Map<string, FontInfo> {
  const fonts = new Map<string, FontInfo>()
  const dict = getDict(pdf, resources, 'Font')
  if (!dict) return fonts
  for (const [key, value] of dict.entries()) {
    const ref = value instanceof Object && 'objectNumber' in value ? (value as PDFRef) : undefined
    const cacheKey = ref ? `${ref.objectNumber}` : `${key.decodeText()}@direct`
    let info = cache.get(cacheKey)
    if (!info) {
      const font = resolve(pdf, value)
      if (!(font instanceof PDFDict)) continue
      info = readFont(pdf, font, ref)
      cache.set(cacheKey, info)
    }
    fonts.set(key.decodeText(), info)
  }
  return fonts
}

/** The text a text-showing operation draws, read through its font. */
export function shownText(font: FontInfo | undefined, operands: Operand[], op: string): string {
  if (!font) return ''
  const strings: string[] = []
  const collect = (value: Operand | undefined) => {
    if (value && typeof value === 'object' && 'string' in value) strings.push(value.string)
    else if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'number' && item < -200) strings.push(' ') // a wide negative kern is a word space in practice
        else collect(item)
      }
    }
  }
  collect(op === '"' ? operands[2] : operands[0])
  let out = ''
  for (const s of strings) {
    if (s === ' ') {
      out += ' '
      continue
    }
    for (let k = 0; k + font.codeBytes <= s.length; k += font.codeBytes) {
      const code = font.codeBytes === 2 ? (s.charCodeAt(k) << 8) | s.charCodeAt(k + 1) : s.charCodeAt(k)
      out += font.map.get(code) ?? ''
    }
  }
  return out
}

