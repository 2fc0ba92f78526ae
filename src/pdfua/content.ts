/**
 * A lexer for PDF content streams (ISO 32000-1, 7.8.2): operators with their operands and byte
 * offsets. Written by hand rather than taken from pdf.js, whose operator lists do not keep
 * offsets (post-processing inserts marked-content operators at exact places) and which takes
 * ~1 s to read the text of a 57-page edition where this takes a few tens of milliseconds.
 */

/** An operand: a number, a name (`{ name }`), a string (bytes as latin1), an array or a dictionary. */
export type Operand = number | boolean | null | { name: string } | { string: string } | Operand[] | { dict: Record<string, Operand> }

/**
 * One operator of a content stream: its name, where it stands (from its first operand to the
 * end of the operator) and its operands, parsed on first use (most operations are only
 * looked at by name: parsing every operand made reading a page three times slower). With
 * `lexContent`'s `runs`, one operation may stand for several of the same text-showing operator
 * in a row (`count`), with only operators not kept between them: see `parts`.
 */
export class Operation {
  private parsed?: Operand[]
  /** How many operators this stands for: more than 1 for a run of text shown glyph by glyph (`runs`). */
  count = 1
  constructor(
    readonly op: string,
    readonly start: number,
    /** Where the (last) operator ends; a run grows it as the lexer meets the next one. */
    public end: number,
    private readonly source: string,
    private readonly operandsEnd: number
  ) {}

  /** The operands of the (first) operator. */
  get operands(): Operand[] {
    this.parsed ??= parseOperands(this.source.slice(this.start, this.operandsEnd))
    return this.parsed
  }

  /** The operators this stands for, each with its own operands and place: itself, or those of its run. */
  parts(): Operation[] {
    // A run holds text-showing operators of one name and only operators not kept between them.
    return this.count === 1 ? [this] : lexContent(this.source, textOperators, { from: this.start, to: this.end })
  }
}

const whitespace = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const delimiters = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25])
/** Whitespace or a delimiter, by character code (a table: this is the lexer's inner loop). */
const breaks = new Uint8Array(256)
for (const c of [...whitespace, ...delimiters]) breaks[c] = 1

/** The operators that paint: text showing, path painting, shadings, XObjects and inline images. */
export const paintOperators = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'sh', 'Do', 'BI'])

/** The operators that show text. */
export const textOperators = new Set(['Tj', 'TJ', "'", '"'])

/** The operators that build a path (and clip with it): with the painting operator after them, one path object. */
export const pathOperators = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're', 'W', 'W*', 'n'])

/** What PDF/UA looks at in a content stream: marked content, text objects, fonts, painting, and where paths start. */
export const markedContentOperators: ReadonlySet<string> = new Set(['BDC', 'BMC', 'EMC', 'BT', 'ET', 'Tf', ...paintOperators, ...pathOperators])

/**
 * Every operation of a content stream (given as a latin1 string, one character a byte), in
 * order; with `keep`, only the operations named there (a page has ~100,000 operations, most of
 * them glyph positioning: not keeping those halves the time, most of it spent making objects).
 * With `runs`, text-showing operators of one name with only operators not kept between them
 * are one operation (`count`, `parts`): Chromium shows each glyph with its own `Td ... Tj`, and
 * one object a glyph was most of the time and garbage of reading a page (a run is what lies
 * between two kept operators, so marked content, text objects and fonts still split runs).
 * `from` and `to` lex a range of `text` (offsets stay those of `text`). Inline images
 * (`BI ... ID data EI`) are one operation `BI`. Malformed input ends the list where it stops
 * making sense rather than throwing.
 */
export function lexContent(text: string, keep?: ReadonlySet<string>, options: { runs?: boolean; from?: number; to?: number } = {}): Operation[] {
  const ops: Operation[] = []
  let operandStart = -1
  let depth = 0 // inside arrays and dictionaries, where words are operands, not operators
  const runs = options.runs === true
  let last: Operation | undefined
  let i = options.from ?? 0
  const n = Math.min(options.to ?? text.length, text.length)
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00) {
      i++
      continue
    }
    const at = i
    if (c === 0x25) {
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++
      continue
    }
    if (operandStart < 0 && c !== 0x29 && c !== 0x3e && c !== 0x5d && c !== 0x7b && c !== 0x7d) operandStart = at
    if (c === 0x2f) {
      i++
      while (i < n && !breaks[text.charCodeAt(i)]) i++
      continue
    }
    if (c === 0x28) {
      i = skipLiteralString(text, i)
      continue
    }
    if (c === 0x3c) {
      if (text.charCodeAt(i + 1) === 0x3c) {
        depth++
        i += 2
        continue
      }
      const close = text.indexOf('>', i)
      i = close < 0 ? n : close + 1
      continue
    }
    if (c === 0x3e) {
      if (text.charCodeAt(i + 1) === 0x3e) depth = Math.max(0, depth - 1)
      i += text.charCodeAt(i + 1) === 0x3e ? 2 : 1
      continue
    }
    if (c === 0x5b) {
      depth++
      i++
      continue
    }
    if (c === 0x5d) {
      depth = Math.max(0, depth - 1)
      i++
      continue
    }
    if (breaks[c]) {
      i++ // a stray delimiter (`)`, `{`, `}`)
      continue
    }
    const begin = i
    while (i < n && !breaks[text.charCodeAt(i)]) i++
    // A number (digits, sign, point) or a keyword operand stays an operand.
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || depth > 0) continue
    const word = i - begin === 2 ? twoLetter(text, begin) : text.slice(begin, i)
    if (word === 'true' || word === 'false' || word === 'null') continue
    if (word === 'BI') {
      // Inline image: its dictionary and data up to `EI` standing alone.
      const data = text.indexOf('ID', i)
      const ei = /\sEI(?=\s|$)/g
      ei.lastIndex = data < 0 ? n : data + 2
      const found = ei.exec(text)
      i = found ? found.index + found[0].length : n
      last = new Operation('BI', at, i, text, at)
      ops.push(last)
    } else if (!keep || keep.has(word)) {
      if (runs && last !== undefined && last.op === word && textOperators.has(word)) {
        last.end = i
        last.count++
      } else {
        last = new Operation(word, operandStart >= 0 ? operandStart : begin, i, text, begin)
        ops.push(last)
      }
    }
    operandStart = -1
    depth = 0
  }
  return ops
}

/** The two-letter operators (most of a page: `Td`, `Tj`), one string each rather than a new one per occurrence. */
const twoLetters = new Map<number, string>(
  ['Td', 'TD', 'Tj', 'TJ', 'Tf', 'Tm', 'Tc', 'Tw', 'Tz', 'TL', 'Tr', 'Ts', 'T*', 'BT', 'ET', 're', 'cm', 'rg', 'RG', 'gs', 'Do', 'sh', 'f*', 'B*', 'b*', 'W*', 'BI', 'ID', 'EI', 'cs', 'CS', 'sc', 'SC', 'MP', 'DP', 'BX', 'EX', 'd0', 'd1'].map((op) => [(op.charCodeAt(0) << 8) | op.charCodeAt(1), op])
)

function twoLetter(text: string, at: number): string {
  return twoLetters.get((text.charCodeAt(at) << 8) | text.charCodeAt(at + 1)) ?? text.slice(at, at + 2)
}

function skipLiteralString(text: string, start: number): number {
  let depth = 0
  const n = text.length
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5c) i++
    else if (c === 0x28) depth++
    else if (c === 0x29 && --depth === 0) return i + 1
  }
  return n
}

/** The operands of one operation, parsed from their text. */
export function parseOperands(text: string): Operand[] {
  const operands: Operand[] = []
  let i = 0
  const n = text.length
  const stack: Array<{ kind: 'array'; items: Operand[] } | { kind: 'dict'; items: Operand[] }> = []
  const push = (value: Operand) => {
    const top = stack[stack.length - 1]
    if (top) top.items.push(value)
    else operands.push(value)
  }
  while (i < n) {
    const c = text.charCodeAt(i)
    if (whitespace.has(c)) {
      i++
      continue
    }
    if (c === 0x25) {
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++
      continue
    }
    if (c === 0x2f) {
      i++
      const begin = i
      while (i < n && !breaks[text.charCodeAt(i)]) i++
      push({ name: decodeName(text.slice(begin, i)) })
      continue
    }
    if (c === 0x28) {
      const [value, next] = literalString(text, i)
      i = next
      push({ string: value })
      continue
    }
    if (c === 0x3c) {
      if (text.charCodeAt(i + 1) === 0x3c) {
        stack.push({ kind: 'dict', items: [] })
        i += 2
        continue
      }
      const close = text.indexOf('>', i)
      const hex = text.slice(i + 1, close < 0 ? n : close).replace(/[^0-9a-fA-F]/g, '')
      i = close < 0 ? n : close + 1
      push({ string: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1') })
      continue
    }
    if (c === 0x3e && text.charCodeAt(i + 1) === 0x3e) {
      i += 2
      const top = stack.pop()
      if (!top || top.kind !== 'dict') continue
      const dict: Record<string, Operand> = {}
      for (let k = 0; k + 1 < top.items.length; k += 2) {
        const key = top.items[k]
        if (key && typeof key === 'object' && 'name' in key) dict[key.name] = top.items[k + 1]!
      }
      push({ dict })
      continue
    }
    if (c === 0x5b) {
      stack.push({ kind: 'array', items: [] })
      i++
      continue
    }
    if (c === 0x5d) {
      i++
      const top = stack.pop()
      if (top) push(top.items)
      continue
    }
    const begin = i
    while (i < n && !breaks[text.charCodeAt(i)]) i++
    if (i === begin) {
      i++
      continue
    }
    const word = text.slice(begin, i)
    const number = Number(word)
    if (!Number.isNaN(number) && word !== '') push(number)
    else if (word === 'true' || word === 'false') push(word === 'true')
    else if (word === 'null') push(null)
    else push({ name: word })
  }
  return operands
}

function literalString(text: string, start: number): [string, number] {
  let depth = 0
  let out = ''
  let i = start
  const n = text.length
  while (i < n) {
    const ch = text[i]!
    if (ch === '\\') {
      const next = text[i + 1] ?? ''
      const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' }
      if (next in escapes) {
        out += escapes[next]
        i += 2
      } else if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0]
        out += String.fromCharCode(parseInt(octal, 8) & 0xff)
        i += 1 + octal.length
      } else if (next === '\r' || next === '\n') {
        i += next === '\r' && text[i + 2] === '\n' ? 3 : 2
      } else {
        out += next
        i += 2
      }
      continue
    }
    if (ch === '(') {
      depth++
      if (depth > 1) out += ch
    } else if (ch === ')') {
      depth--
      if (depth === 0) return [out, i + 1]
      out += ch
    } else out += ch
    i++
  }
  return [out, n]
}

function decodeName(raw: string): string {
  return raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw
}

/** The name of an operand, or undefined. */
export function operandName(operand: Operand | undefined): string | undefined {
  return operand && typeof operand === 'object' && 'name' in operand ? operand.name : undefined
}
