import { isMap, isScalar, isSeq, parseDocument, Scalar, stringify, type Node as YamlNode } from 'yaml'

/**
 * Set values in a YAML text, changing nothing else of it: each value that exists is replaced in
 * place (its node's range, from the `yaml` library's positions), a missing key is added at the
 * end of its map, a missing item at the end of its sequence. A whole reformat with the library
 * (`doc.toString()`) would re-wrap and re-quote values nobody touched; the translators' files
 * must not change where an import did not write.
 */
export function setYamlValues(text: string, edits: ReadonlyArray<{ path: ReadonlyArray<string | number>; value: unknown }>): string {
  let out = text
  // One edit at a time, each on a fresh parse: inserted text moves the ranges of what follows.
  for (const edit of edits) out = setYamlValue(out, edit.path, edit.value)
  return out
}

function setYamlValue(text: string, path: ReadonlyArray<string | number>, value: unknown): string {
  const doc = parseDocument(text, { keepSourceTokens: true })
  if (doc.errors.length > 0) throw new Error(`Cannot edit YAML that does not parse: ${doc.errors[0]!.message}`)
  // The deepest node that exists on the path.
  let node: YamlNode | null | undefined = doc.contents as YamlNode | null
  let depth = 0
  while (depth < path.length && node && (isMap(node) || isSeq(node))) {
    const next = node.get(path[depth] as never, true) as YamlNode | undefined
    if (next === undefined) break
    node = next
    depth++
  }
  if (depth === path.length && node && isScalar(node) && node.range) {
    const [start, end] = node.range
    const column = start - text.lastIndexOf('\n', start - 1) - 1
    const keyIndent = indentOfLine(text, start)
    const scalar = scalarText(value, node.type, keyIndent, column)
    // A block scalar's range ends after its line break; keep one.
    const tail = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? (scalar.endsWith('\n') ? '' : '\n') : ''
    return text.slice(0, start) + scalar + tail + text.slice(end)
  }
  const rest = path.slice(depth)
  const nested = rest.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value)
  if (!node || depth === 0 && !isMap(node) && !isSeq(node)) {
    const base = text === '' || text.endsWith('\n') ? text : `${text}\n`
    return base + stringify(nested, { lineWidth: 0 })
  }
  if (isMap(node) || isSeq(node)) {
    const items = node.items as Array<{ key?: YamlNode | null; value?: YamlNode | null } | YamlNode>
    const lastItem = items[items.length - 1]
    const firstItem = items[0]
    const firstRange = firstItem && (isMap(node) ? ((firstItem as { key?: YamlNode }).key?.range) : (firstItem as YamlNode).range)
    const indent = firstRange ? firstRange[0] - text.lastIndexOf('\n', firstRange[0] - 1) - 1 - (isSeq(node) ? 2 : 0) : 0
    const lastEnd = lastItem ? endOf(lastItem as never) : node.range?.[1] ?? text.length
    const lineEnd = text.indexOf('\n', lastEnd - 1 < 0 ? 0 : lastEnd - 1)
    const insertAt = lastItem ? (text[lastEnd - 1] === '\n' ? lastEnd : lineEnd < 0 ? text.length : lineEnd + 1) : text.length
    const block = stringify(isSeq(node) ? [nested instanceof Array ? nested[0] : nested] : nested, { lineWidth: 0 })
    const indented = block.replace(/^(?=.)/gm, ' '.repeat(Math.max(0, indent)))
    const before = text.slice(0, insertAt)
    return (before === '' || before.endsWith('\n') ? before : `${before}\n`) + indented + text.slice(insertAt)
  }
  throw new Error(`Cannot set ${path.join('.')}: ${path.slice(0, depth).join('.')} is not a map or a list`)
}

function endOf(item: { value?: YamlNode | null; key?: YamlNode | null; range?: [number, number, number] }): number {
  const node = (item as { value?: YamlNode | null }).value ?? (item as { key?: YamlNode | null }).key ?? (item as YamlNode)
  return node?.range?.[2] ?? node?.range?.[1] ?? 0
}

function indentOfLine(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  return /^ */.exec(text.slice(lineStart))![0].length
}

/**
 * A scalar's YAML text for `value`, in the style of the node it replaces where that style can
 * hold it: a block scalar (`|`) for text with line breaks, indented under its key; else plain
 * when the library writes it plain, double-quoted otherwise. The library does the quoting.
 */
function scalarText(value: unknown, type: Scalar.Type | undefined, keyIndent: number, _column: number): string {
  const string = String(value)
  if (string.includes('\n')) {
    const block = stringify(string, { blockQuote: 'literal', lineWidth: 0, defaultStringType: 'BLOCK_LITERAL' })
    // The library indents block content by 2 from column 0; the key's content sits 2 past the key.
    return block.replace(/\n(?=.)/g, `\n${' '.repeat(keyIndent)}`).replace(/\n$/, '')
  }
  const defaultStringType = type === 'QUOTE_SINGLE' ? 'QUOTE_SINGLE' : type === 'PLAIN' ? 'PLAIN' : 'QUOTE_DOUBLE'
  return stringify(string, { lineWidth: 0, defaultStringType, defaultKeyType: 'PLAIN' }).replace(/\n$/, '')
}
