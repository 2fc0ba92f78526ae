/**
 * A lexer for PDF content streams (ISO 32000-1, 7.8.2): operators with their operands and byte
 * offsets. Written by hand rather than taken from pdf.js, whose operator lists do not keep
 * offsets (post-processing inserts marked-content operators at exact places) and which takes
 * ~1 s to read the text of a 57-page edition where this takes a few tens of milliseconds.
 */

/** An operand: a number, a name (`{ name }`), a string (bytes as latin1), an array or a dictionary. */
export type Operand = number | boolean | null | { name: string } | { string: string } | Operand[] | { dict: Record<string, Operand> }

/** One operator of a content stream, with its operands and where it stands (start of its first operand, end of the operator). */
export interface Operation {
  op: string
  operands: Operand[]
  start: number
  end: number
}

const whitespace = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const delimiters = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25])

/** The operators that paint: text showing, path painting, shadings, XObjects and inline images. */
export const paintOperators = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'sh', 'Do', 'BI'])

/** The operators that show text. */
export const textOperators = new Set(['Tj', 'TJ', "'", '"'])

/**
 * Every operation of a content stream (given as a latin1 string, one character a byte), in
 * order. Inline images (`BI ... ID data EI`) are one operation `BI`. Malformed input ends the
 * list where it stops making sense rather than throwing.
 */
export function lexContent(text: string): Operation[] {
  const ops: Operation[] = []
  let operands: Operand[] = []
  let operandStart = -1
  let i = 0
  const n = text.length
  const stack: Array<{ kind: 'array'; items: Operand[] } | { kind: 'dict'; items: Operand[] }> = []
  const push = (value: Operand, at: number) => {
    const top = stack[stack.length - 1]
    if (top) top.items.push(value)
    else {
      if (operandStart < 0) operandStart = at
      operands.push(value)
    }
  }
  while (i < n) {
    const c = text.charCodeAt(i)
    if (whitespace.has(c)) {
      i++
      continue
    }
    const at = i
    if (c === 0x25) {
      // a comment runs to the end of the line
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++
      continue
    }
    if (c === 0x2f) {
      i++
      const begin = i
      while (i < n && !whitespace.has(text.charCodeAt(i)) && !delimiters.has(text.charCodeAt(i))) i++
      push({ name: decodeName(text.slice(begin, i)) }, at)
      continue
    }
    if (c === 0x28) {
      const [value, next] = literalString(text, i)
      i = next
      push({ string: value }, at)
      continue
    }
    if (c === 0x3c) {
      if (text.charCodeAt(i + 1) === 0x3c) {
        stack.push({ kind: 'dict', items: [] })
        if (stack.length === 1 && operandStart < 0) operandStart = at
        i += 2
        continue
      }
      const close = text.indexOf('>', i)
      const hex = text.slice(i + 1, close < 0 ? n : close).replace(/[^0-9a-fA-F]/g, '')
      i = close < 0 ? n : close + 1
      push({ string: hexToLatin1(hex) }, at)
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
      push({ dict }, at)
      continue
    }
    if (c === 0x5b) {
      stack.push({ kind: 'array', items: [] })
      if (stack.length === 1 && operandStart < 0) operandStart = at
      i++
      continue
    }
    if (c === 0x5d) {
      i++
      const top = stack.pop()
      if (top) push(top.items, at)
      continue
    }
    // A number or an operator: a run of regular characters.
    const begin = i
    while (i < n && !whitespace.has(text.charCodeAt(i)) && !delimiters.has(text.charCodeAt(i))) i++
    if (i === begin) {
      i++ // a stray delimiter (`)`, `>`, `{`, `}`)
      continue
    }
    const word = text.slice(begin, i)
    const number = /^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(word) ? Number(word) : undefined
    if (number !== undefined) push(number, at)
    else if (word === 'true' || word === 'false') push(word === 'true', at)
    else if (word === 'null') push(null, at)
    else if (stack.length > 0) push({ name: word }, at) // an operator inside an array: malformed, kept as a name
    else {
      if (word === 'BI') {
        // Inline image: skip its dictionary and data up to `EI` standing alone.
        const data = text.indexOf('ID', i)
        let end = data < 0 ? n : data + 2
        const ei = /\sEI(?=[\s]|$)/g
        ei.lastIndex = end
        const found = ei.exec(text)
        end = found ? found.index + found[0].length : n
        ops.push({ op: 'BI', operands: [], start: at, end })
        i = end
      } else {
        ops.push({ op: word, operands, start: operandStart >= 0 ? operandStart : begin, end: i })
      }
      operands = []
      operandStart = -1
    }
  }
  return ops
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

function hexToLatin1(hex: string): string {
  const even = hex.length % 2 === 1 ? `${hex}0` : hex
  let out = ''
  for (let k = 0; k < even.length; k += 2) out += String.fromCharCode(parseInt(even.slice(k, k + 2), 16))
  return out
}

function decodeName(raw: string): string {
  return raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw
}

/** The name of an operand, or undefined. */
export function operandName(operand: Operand | undefined): string | undefined {
  return operand && typeof operand === 'object' && 'name' in operand ? operand.name : undefined
}
