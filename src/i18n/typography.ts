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

/** Characters the typesetter may change, or that decide a change: text without any is returned as it is. */
const special = /["“”«»'‘’\-.%;!?:]/

/** A typesetter for one block of running text in `language`. */
export function createTypesetter(language: string): Typesetter {
  const style = styleOf(language)
  const spanish = primaryLanguage(language) === 'es'
  let before = '' // the last character of the text so far (set or skipped)
  const opensAfter = (ch: string) => ch === '' || /[\s([{\u2014\u2013/-]/.test(ch) || ch === style.double[0].trim() || ch === NBSP
  return {
    skip(text) {
      if (text) before = text[text.length - 1]!
    },
    set(text) {
      if (!special.test(text)) {
        if (text) before = text[text.length - 1]!
        return text
      }
      // Output as pieces, and the last character kept apart: indexing or matching the end of a
      // string built by `+=` flattens it each time (quadratic on a long paragraph or word).
      const out: string[] = []
      let prev = before
      const push = (piece: string) => {
        out.push(piece)
        prev = piece[piece.length - 1] ?? prev
      }
      /** Drop the spaces that end the output (an author's space the style replaces). */
      const trimEnd = () => {
        while (out.length > 0) {
          const last = out[out.length - 1]!
          const trimmed = last.replace(/[ \u00a0\u202f]+$/, '')
          if (trimmed === last) break
          if (trimmed === '') out.pop()
          else out[out.length - 1] = trimmed
          if (trimmed !== '') break
        }
        prev = out.length > 0 ? out[out.length - 1]!.slice(-1) : before
      }
      const isSpace = (ch: string) => ch === ' ' || ch === NBSP || ch === NNBSP
      let run = 0 // start of the run of characters copied as they are
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!
        if (!special.test(ch)) continue
        if (i > run) push(text.slice(run, i))
        run = i + 1
        const next = text[i + 1] ?? ''
        if (ch === '"' || ch === '“' || ch === '”' || (style.french && (ch === '«' || ch === '»'))) {
          const opening = ch === '“' || ch === '«' ? true : ch === '”' || ch === '»' ? false : opensAfter(prev)
          if (opening) {
            push(style.double[0])
            // An author's own space inside the quote is replaced by the style's.
            if (style.french) while (isSpace(text[i + 1] ?? '')) run = ++i + 1
          } else {
            if (style.french) trimEnd()
            push(style.double[1])
          }
        } else if (ch === "'" || ch === '‘' || ch === '’') {
          // French and Spanish use no single quotes in running text: every one is an apostrophe.
          const opening = ch === '‘' || (ch === "'" && !style.french && !spanish && opensAfter(prev) && /\p{L}/u.test(next))
          push(opening ? style.single[0] : '’')
        } else if (ch === '-' && next === '-' && text[i + 2] === '-') {
          push('\u2014')
          run = (i += 2) + 1
        } else if (ch === '-' && next === '-') {
          push('\u2013')
          run = (i += 1) + 1
        } else if (ch === '-' && prev === ' ' && next === ' ') {
          push('\u2013') // a spaced hyphen is a dash (British and French practice: spaced en dash)
        } else if (ch === '-' && /\d/.test(prev) && /\d/.test(next) && isRange(text, i)) {
          push('\u2013')
        } else if (ch === '.' && next === '.' && text[i + 2] === '.') {
          push('…')
          run = (i += 2) + 1
        } else if (style.french && ch === '%' && /\d/.test(lastNonSpace(text, i, before))) {
          trimEnd()
          push(NNBSP + ch) // "98 %": a narrow no-break space before the sign
        } else if (style.french && (ch === ';' || ch === '!' || ch === '?' || ch === ':') && highPunctuationHere(lastNonSpace(text, i, before), text, i)) {
          trimEnd()
          push((ch === ':' ? NBSP : NNBSP) + ch)
        } else {
          push(ch)
        }
      }
      if (run < text.length) push(text.slice(run))
      before = prev
      return out.join('')
    }
  }
}

/** The last character before `text[i]` that is not a space (looking back a few characters, then `before`). */
function lastNonSpace(text: string, i: number, before: string): string {
  for (let k = i - 1; k >= Math.max(0, i - 8); k--) if (!/[ \u00a0\u202f]/.test(text[k]!)) return text[k]!
  return i <= 8 ? before : ''
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
function isRange(text: string, i: number): boolean {
  // A few characters either side are enough to tell (numbers of a range have at most 4 digits).
  const left = /[\p{L}\d.-]*$/u.exec(text.slice(Math.max(0, i - 12), i))![0]
  const right = /^[\p{L}\d.-]*/u.exec(text.slice(i + 1, i + 13))![0]
  if (!/^\d{1,4}$/.test(left) || !/^\d{1,4}$/.test(right)) return false
  return true
}

/**
 * Whether a French high punctuation mark at `text[i]` takes a space before it: after a word, a
 * closing quote or bracket, not inside a URL (`https://`), a time or ratio (`12:30`), a
 * repeated mark (`?!`: one space before the group), or at the start of the text.
 */
function highPunctuationHere(prev: string, text: string, i: number): boolean {
  const ch = text[i]!
  if (!prev) return false
  if (/[;:!?]/.test(prev)) return false
  if (ch === ':' && /\d/.test(prev) && /\d/.test(text[i + 1] ?? '')) return false
  if (ch === ':' && text[i + 1] === '/' ) return false
  return /[\p{L}\p{N})\]»”’%…"']/u.test(prev)
}
