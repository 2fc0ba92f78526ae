import { createRequire } from 'node:module'
import { Ajv, type ErrorObject } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { closest, distance } from 'fastest-levenshtein'
import { isMap, isPair, isScalar, isSeq, parseDocument, Parser, visit, type Node as YamlNode, type Document } from 'yaml'
import { location } from 'vfile-location'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { Position } from 'unist'
import { copyMessage, report, type RuleId } from '../report/rules.js'
import { schemaFingerprint, schemas, validatorOptions } from './schema.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
let ajv: Ajv | undefined
type Validate = ReturnType<Ajv['compile']>
const validators = new WeakMap<object, Validate>()

// Validators compiled ahead by scripts/compile.mjs (next to this module, and next to the bundled
// CLI): compiling the schemas at run time took ~0.09 s of every build. Each comes with the
// fingerprint of its schema; one that does not match (a stale dist/) is compiled afresh. A
// CommonJS file, loaded without a top-level await: the bundled CLI is CommonJS, for V8's code
// cache (src/cli/bundle.ts).
const precompiled = loadPrecompiled()
for (const [name, schema] of Object.entries(schemas)) {
  const validate = precompiled?.[name]
  if (typeof validate === 'function' && precompiled?.fingerprints[name] === schemaFingerprint(schema)) validators.set(schema, validate as Validate)
}

function loadPrecompiled(): { fingerprints: Record<string, string>; [name: string]: unknown } | undefined {
  try {
    return createRequire(import.meta.url)('./validators.cjs') as { fingerprints: Record<string, string> }
  } catch {
    return undefined // not compiled ahead (tests run from src/): compiled at run time
  }
}

export interface YamlOptions {
  /** Offset in `file` where the YAML text starts (front matter starts after `---\n`). */
  offset?: number
  /** Rule id for syntax errors and schema violations alike. */
  rule: RuleId
}

export interface YamlResult<T> {
  /** The validated data, or `undefined` when it does not parse or does not validate. */
  data: T | undefined
  /** Position in `file` of the node at `path` (keys and indices), for later diagnostics. */
  locate: (path: ReadonlyArray<string | number>) => Position | undefined
}

/** What readYaml made of one text: its result and copies of the messages it reported. */
interface Remembered {
  result: YamlResult<unknown>
  messages: VFileMessage[]
}

/**
 * Texts readYaml read (per schema, by rule, offset, path and the file's whole text), while a
 * process lasts, the most recently used last: an edited file's older texts age out.
 */
const remembered = new WeakMap<object, Map<string, Remembered>>()
/** At most this many texts a schema: the contributions of a 10x project, three times over. */
const rememberedTexts = 1024
/** Texts readYaml parsed, and took from what it remembered, in this process (for tests). */
export const yamlReads = { parsed: 0, remembered: 0 }

/**
 * Parse YAML held in `file` (whole or from `offset`) and validate it against `schema`.
 * Every problem becomes a message on `file` with the line and column of the offending node
 * (an unknown key points at the key and suggests the closest allowed one).
 * Returns the data, or `undefined` when it does not parse or does not validate.
 *
 * A text read before in this process (watch mode builds again on every save, and all but one
 * file are the same) is not parsed again: its messages are copied onto `file` and its data
 * copied out (callers may change what they get). At 10x, the front matter of 345 files and a
 * guidelines.yaml of 1,500 lines took ~90 ms of every rebuild.
 */
export function readYaml<T>(file: VFile, text: string, schema: object, options: YamlOptions): YamlResult<T> {
  const whole = String(file.value)
  // The text is the file's from the offset (front matter), or not: then it is part of the key.
  const inFile = whole.startsWith(text, options.offset ?? 0)
  const key = `${options.rule}\0${options.offset ?? 0}\0${file.path}\0${text.length}\0${inFile ? '' : `${text}\0`}${whole}`
  let texts = remembered.get(schema)
  if (!texts) remembered.set(schema, (texts = new Map()))
  const known = texts.get(key)
  if (known) {
    texts.delete(key)
    texts.set(key, known)
    yamlReads.remembered++
    for (const message of known.messages) file.messages.push(copyMessage(message))
    return { data: known.result.data === undefined ? undefined : (structuredClone(known.result.data) as T), locate: known.result.locate }
  }
  yamlReads.parsed++
  const before = file.messages.length
  const result = parseYaml<T>(file, text, schema, options)
  if (texts.size >= rememberedTexts) texts.delete(texts.keys().next().value!)
  texts.set(key, { result: { data: result.data === undefined ? undefined : structuredClone(result.data), locate: result.locate }, messages: file.messages.slice(before).map(copyMessage) })
  return result
}

function parseYaml<T>(file: VFile, text: string, schema: object, options: YamlOptions): YamlResult<T> {
  const base = options.offset ?? 0
  const place = location(file)
  const at = (start: number, end?: number) => {
    const s = place.toPoint(base + start)
    const e = end === undefined ? undefined : place.toPoint(base + end)
    return s && e ? { start: s, end: e } : s
  }
  const none: YamlResult<T> = { data: undefined, locate: () => undefined }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true })
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      // An unclosed quote is found at the end of the file: point at where the quote opens.
      const start = error.code === 'MISSING_CHAR' && /quote/.test(error.message) ? (unclosedQuote(text) ?? error.pos[0]) : error.pos[0]
      report(file, options.rule, `Invalid YAML: ${firstLine(error.message)}`, at(start))
    }
    return none
  }
  const locate = (path: ReadonlyArray<string | number>): Position | undefined => {
    const node = doc.getIn(path, true) as YamlNode | undefined
    const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined
    const point = range ? at(range[0], range[1]) : undefined
    return point && 'start' in point ? point : point ? { start: point, end: point } : undefined
  }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    // An alias to an anchor defined later (or nowhere), or an alias bomb: no data, one message.
    report(file, options.rule, `Invalid YAML: ${firstLine(String((error as Error).message))}`, aliasPlace(doc, at) ?? at(0))
    return none
  }
  let validate = validators.get(schema)
  if (!validate) {
    ajv ??= addFormats(new Ajv(validatorOptions))
    validate = ajv.compile(schema)
    validators.set(schema, validate)
  }
  if (validate(data)) return { data: data as T, locate }
  const errors = dedupe(validate.errors ?? [])
  // A misspelt required key is one mistake: "did you mean `language`?" says it, "missing `language`" repeats it.
  const typos = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => `${e.instancePath}/${nearMiss(e) ?? ''}`))
  for (const error of errors) {
    if (error.keyword === 'required' && typos.has(`${error.instancePath}/${String((error.params as Record<string, unknown>)['missingProperty'])}`)) continue
    const { reason, node, key } = describe(error, doc)
    const range = (key ?? node)?.range
    report(file, options.rule, reason, range ? at(range[0], range[1]) : at(0))
  }
  return { data: undefined, locate }
}

/** Offset of the first quoted scalar with no closing quote, from the concrete syntax tree. */
function unclosedQuote(text: string): number | undefined {
  let found: number | undefined
  const walk = (token: unknown): void => {
    if (found !== undefined || !token || typeof token !== 'object') return
    const t = token as { type?: string; source?: string; offset?: number }
    if ((t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') && typeof t.source === 'string' && typeof t.offset === 'number') {
      const quote = t.type === 'double-quoted-scalar' ? '"' : "'"
      if (t.source.length < 2 || !t.source.endsWith(quote)) found = t.offset
      return
    }
    for (const value of Object.values(token)) {
      if (Array.isArray(value)) value.forEach(walk)
      else if (value && typeof value === 'object') walk(value)
    }
  }
  for (const token of new Parser().parse(text)) walk(token)
  return found
}

/** Place of the first alias that does not resolve (else of the first alias at all). */
function aliasPlace<P>(doc: Document, at: (start: number, end?: number) => P): P | undefined {
  let first: [number, number] | undefined
  let broken: [number, number] | undefined
  visit(doc, {
    Alias(_, node) {
      const range = node.range ? ([node.range[0], node.range[1]] as [number, number]) : undefined
      first ??= range
      if (!broken && range && node.resolve(doc) === undefined) broken = range
    }
  })
  const range = broken ?? first
  return range ? at(range[0], range[1]) : undefined
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}

/** Drop the noise ajv adds around one real problem (e.g. "must match a schema in anyOf"). */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>()
  return errors.filter((error) => {
    const key = error.instancePath + error.keyword + JSON.stringify(error.params)
    if (seen.has(key)) return false
    seen.add(key)
    return error.keyword !== 'if'
  })
}

function nodeAt(doc: Document, pointer: string): YamlNode | undefined {
  const path = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
  if (path.length === 0) return doc.contents ?? undefined
  const node = doc.getIn(path, true)
  return node && typeof node === 'object' && 'range' in (node as object) ? (node as YamlNode) : undefined
}

function keyNode(doc: Document, pointer: string, name: string): YamlNode | undefined {
  const parent = nodeAt(doc, pointer)
  if (!isMap(parent)) return undefined
  for (const pair of parent.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === name) return pair.key
  }
  return undefined
}

/** The allowed key an unknown key is a near miss of (a likely typo), if any. */
function nearMiss(error: ErrorObject): string | undefined {
  const name = String((error.params as Record<string, unknown>)['additionalProperty'])
  const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {})
  if (allowed.length === 0) return undefined
  const suggestion = closest(name, allowed)
  // Only a near miss is a likely typo; suggesting the closest of unrelated keys misleads.
  return distance(name, suggestion) <= Math.max(2, name.length / 3) ? suggestion : undefined
}

function describe(error: ErrorObject, doc: Document): { reason: string; node?: YamlNode; key?: YamlNode } {
  const where = error.instancePath ? `\`${error.instancePath.slice(1).replace(/\//g, '.')}\`` : 'the document'
  const node = nodeAt(doc, error.instancePath)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty'])
      const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {})
      const suggestion = nearMiss(error)
      const hint = suggestion ? `; did you mean \`${suggestion}\`?` : `; expected one of ${allowed.map((key) => `\`${key}\``).join(', ')}`
      return { reason: `Unexpected key \`${name}\` in ${where}${hint}`, key: keyNode(doc, error.instancePath, name), node }
    }
    case 'required':
      return { reason: `Missing required key \`${String(params['missingProperty'])}\` in ${where}`, node }
    case 'type':
      return { reason: `Unexpected ${kind(node)} for ${where}, expected ${String(params['type'])}`, node }
    case 'format':
      if (params['format'] === 'date') {
        return { reason: `Unexpected date \`${scalarText(node)}\` for ${where}, expected a real date as YYYY-MM-DD`, node }
      }
      return { reason: `Unexpected value for ${where}, expected format ${String(params['format'])}`, node }
    case 'enum':
      return {
        reason: `Unexpected \`${scalarText(node)}\` for ${where}, expected one of ${(params['allowedValues'] as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`,
        node
      }
    case 'pattern':
      return { reason: `Unexpected \`${scalarText(node)}\` for ${where}, expected ${patternHint(String(params['pattern']))}`, node }
    case 'propertyNames': {
      return { reason: `Unexpected key name in ${where}: ${error.message ?? ''}`, node }
    }
    default:
      return { reason: `Unexpected value for ${where}: ${error.message ?? 'invalid'}`, node }
  }
}

function patternHint(pattern: string): string {
  if (pattern.startsWith('^[a-z0-9]')) return 'an id of lowercase letters, digits and hyphens'
  if (pattern.startsWith('^[A-Za-z]')) return 'a code of letters and digits'
  if (pattern.startsWith('^[a-z]{2,3}')) return 'a language tag such as `en` or `fr`'
  return `text matching ${pattern}`
}

function kind(node: YamlNode | undefined): string {
  if (isSeq(node)) return 'list'
  if (isMap(node)) return 'mapping'
  if (isScalar(node)) return node.value === null ? 'empty value' : typeof node.value
  return 'value'
}

function scalarText(node: YamlNode | undefined): string {
  return isScalar(node) ? String(node.value) : kind(node)
}
