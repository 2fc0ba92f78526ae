import { primaryLanguage } from './labels.js'

/**
 * Typographic punctuation of running text, by language, as a professional typesetter sets it:
 * curly quotes and apostrophes, en dashes in number ranges and for a spaced hyphen, an
 * ellipsis character; in French « » quotes with no-break spaces inside, a narrow no-break
 * space (U+202F) before ; ! ? and %, a no-break space (U+00A0) before : ; in Spanish « » quotes.
 *
 * Authors type plain ASCII (`"`, `'`, ` - `, `25-27`) or the typographic forms; either way the
 * result is the same. Only running text is set: callers leave out code, URLs and ids.
 * Written by hand: the libraries of the field (smartypants, retext-smartypants) know English
 * quotes only, not French spacing, and work on one string at a time, while a quote often
 * opens in one text node and closes in another (`"*word*"`).
 */

const NBSP = '\u00a0'
const NNBSP = '\u202f'

interface Style {
  double: [string, string]
  single: [string, string]
  /** French: spaces inside « » and before high punctuation. */
  french: boolean
}

const styles: Record<string, Style> = {
  en: { double: ['“', '”'], single: ['‘', '’'], french: false },
  fr: { double: ['«' + NBSP, NBSP + '»'], single: ['“', '”'], french: true },
  es: { double: ['«', '»'], single: ['“', '”'], french: false }
}

/** The punctuation style of a language (English for languages without a style of their own). */
function styleOf(language: string): Style {
  return styles[primaryLanguage(language)] ?? styles['en']!
}

/**
 * Sets the typography of a run of text that may come in several pieces (the text nodes of one
 * paragraph): `set` takes each piece in reading order and returns it set, remembering what came
 * before, so that a quote is opened or closed by the text around it, across pieces.
 */
export interface Typesetter {
  set(text: string): string
  /** A piece that is not set (inline code): it still counts as text before the next piece. */
  skip(text: string): void
}

/** A typesetter for one block of running text in `language`. */
export function createTypesetter(language: string): Typesetter {
  const style = styleOf(language)
  let before = '' // the last character of the text so far (set or skipped)
  const opensAfter = (ch: string) => ch === '' || /[\s([{\u2014\u2013/-]/.test(ch) || ch === style.double[0].trim() || ch === NBSP
  return {
    skip(text) {
      if (text) before = text[text.length - 1]!
    },
    set(text) {
      let out = ''
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!
        const next = text[i + 1] ?? ''
        const prev = out.length > 0 ? out[out.length - 1]! : before
        if (ch === '"' || ch === '“' || ch === '”' || (style.french && (ch === '«' || ch === '»'))) {
          const opening = ch === '“' || ch === '«' ? true : ch === '”' || ch === '»' ? false : opensAfter(prev)
          if (opening) {
            out += style.double[0]
            // An author's own space inside the quote is replaced by the style's.
            if (style.french) while (text[i + 1] === ' ' || text[i + 1] === NBSP || text[i + 1] === NNBSP) i++
          } else {
            if (style.french) out = out.replace(/[ \u00a0\u202f]+$/, '')
            out += style.double[1]
          }
        } else if (ch === "'" || ch === '‘' || ch === '’') {
          // French and Spanish use no single quotes in running text: every one is an apostrophe.
          const opening = ch === '‘' || (ch === "'" && !style.french && primaryLanguage(language) !== 'es' && opensAfter(prev) && /\p{L}/u.test(next))
          out += opening ? style.single[0] : '’'
        } else if (ch === '-' && text[i + 1] === '-' && text[i + 2] === '-') {
          out += '\u2014'
          i += 2
        } else if (ch === '-' && text[i + 1] === '-') {
          out += '\u2013'
          i += 1
        } else if (ch === '-' && prev === ' ' && next === ' ') {
          out += '\u2013' // a spaced hyphen is a dash (British and French practice: spaced en dash)
        } else if (ch === '-' && /\d/.test(prev) && /\d/.test(next) && isRange(out, text, i)) {
          out += '\u2013'
        } else if (ch === '.' && text[i + 1] === '.' && text[i + 2] === '.') {
          out += '…'
          i += 2
        } else if (style.french && ch === '%' && /\d[ \u00a0\u202f]*$/.test(out)) {
          out = out.replace(/[ \u00a0\u202f]+$/, '') + NNBSP + ch // "98 %": a narrow no-break space before the sign
        } else if (style.french && (ch === ';' || ch === '!' || ch === '?' || ch === ':') && highPunctuationHere(out || before, text, i)) {
          out = out.replace(/[ \u00a0\u202f]+$/, '')
          out += (ch === ':' ? NBSP : NNBSP) + ch
        } else {
          out += ch
        }
      }
      if (text) before = out[out.length - 1] ?? before
      return out
    }
  }
}

/** Set the typography of one self-contained piece of text (a title, a table cell). */
export function typeset(text: string, language: string): string {
  return createTypesetter(language).set(text)
}

/**
 * A hyphen between digits is a range ("25-27", "2022-2023", "pp. 12-15") unless the numbers
 * belong to something else: an ISO date (2022-08-22), a code with more hyphens (978-92-95...),
 * or letters joined to the digits (ISO-28000, A4-2).
 */
function isRange(out: string, text: string, i: number): boolean {
  const left = /[\p{L}\d.-]*$/u.exec(out)![0]
  const right = /^[\p{L}\d.-]*/u.exec(text.slice(i + 1))![0]
  if (!/^\d{1,4}$/.test(left) || !/^\d{1,4}$/.test(right)) return false
  return true
}

/**
 * Whether a French high punctuation mark at `text[i]` takes a space before it: after a word, a
 * closing quote or bracket, not inside a URL (`https://`), a time or ratio (`12:30`), a
 * repeated mark (`?!`: one space before the group), or at the start of the text.
 */
function highPunctuationHere(out: string, text: string, i: number): boolean {
  const ch = text[i]!
  const trimmed = out.replace(/[ \u00a0\u202f]+$/, '')
  const prev = trimmed[trimmed.length - 1]
  if (prev === undefined) return false
  if (/[;:!?]/.test(prev)) return false
  if (ch === ':' && /\d/.test(prev) && /\d/.test(text[i + 1] ?? '')) return false
  if (ch === ':' && text[i + 1] === '/' ) return false
  return /[\p{L}\p{N})\]»”’%…]/u.test(prev)
}
