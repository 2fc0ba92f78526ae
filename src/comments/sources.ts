import type { Nodes, Root, Table } from 'mdast'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { createParser } from '../markdown/processor.js'
import { createAbbreviationMatcher } from '../markdown/util/abbreviations.js'
import { joinSkeletons, skeletonOf, type Skeleton } from './skeleton.js'
import type { SourceReader } from '../load/readers.js'

/**
 * The texts of a project's sources as one reader saw them, read ahead: annotations are looked
 * up in every source, so all are read anyway, and the search that follows is synchronous.
 * Only the project's sources are in it (guidelines.yaml, glossary.yaml, the Markdown files
 * under sections/): a path from elsewhere (a tampered source map) reads as absent.
 */
export interface SourceTexts {
  commit?: string
  /** Text of a project-relative path; undefined when it is not one of the sources. */
  read(file: string): string | undefined
  /** Project-relative paths of the sources. */
  list(): string[]
}

/** Read every source of the project through `reader` (the work tree, or a commit). */
export async function readSourceTexts(reader: SourceReader): Promise<SourceTexts> {
  const names = ['guidelines.yaml', 'glossary.yaml', ...(await reader.list('sections'))]
  const texts = new Map<string, string>()
  await Promise.all(
    names.map(async (name) => {
      if (!(await reader.exists(name))) return
      const file = await reader.read(name)
      if (file.messages.some((m) => m.fatal)) return
      texts.set(name, String(file.value))
    })
  )
  const list = names.filter((name) => texts.has(name))
  return { commit: reader.commit, read: (file) => texts.get(file), list: () => list }
}

/** A source parsed for searching: its printed text as a skeleton, and its block ranges by line. */
export interface IndexedSource {
  file: string
  text: string
  skeleton: Skeleton
  /** Offset range of the outermost block starting on a line (Markdown), by 1-based line. */
  blocks: Map<number, { start: number; end: number }>
  /** Offset of the start of each line (index 0 is line 1). */
  lineStarts: number[]
  /** Footnote definitions (offset range) with the line of their first reference. */
  footnotes: Array<{ start: number; end: number; referenceLine?: number }>
}

const parser = createParser({ matcher: createAbbreviationMatcher([]) })

/**
 * Index one source. Markdown is parsed like the build parses it (front matter, GFM, `{#id}`
 * attributes, table captions), and only what prints is indexed: text, inline code, image
 * descriptions; not URLs, ids or markup. YAML files are indexed as they are written.
 */
export function indexSource(file: string, text: string): IndexedSource {
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1)
  const blocks = new Map<number, { start: number; end: number }>()
  const footnotes: IndexedSource['footnotes'] = []
  if (!file.endsWith('.md')) return { file, text, skeleton: skeletonOf(text), blocks, lineStarts, footnotes }
  const vfile = new VFile({ path: file, value: text })
  const tree = parser.parse(vfile) as Root
  parser.runSync(tree, vfile)
  const runs: Skeleton[] = []
  const addText = (node: Nodes, value: string) => {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start === undefined || end === undefined) return
    const raw = text.slice(start, end)
    // Where the parser took syntax out of a text (`Table:` before a caption, `{#id}` after a
    // paragraph), the value stands inside the source slice: index it at its own offset. Else the
    // slice itself (escapes and entities have no letters to lose).
    const at = value === '' ? -1 : raw.startsWith(value) ? 0 : raw.lastIndexOf(value)
    runs.push(at >= 0 ? skeletonOf(value, start + at) : skeletonOf(raw, start))
  }
  const visitPhrasing = (node: Nodes) => {
    visit(node, (child: Nodes) => {
      if (child.type === 'yaml' || child.type === 'html' || child.type === 'code' || child.type === 'definition') return 'skip'
      if (child.type === 'text') addText(child, child.value)
      else if (child.type === 'inlineCode') addText(child, child.value)
      else if (child.type === 'image' && child.position?.start.offset !== undefined) runs.push(skeletonOf(child.alt ?? '', child.position.start.offset + 2))
      else if (child.type === 'table' && (child as Table).data?.caption) for (const c of (child as Table).data!.caption!) visitPhrasing(c as Nodes)
      return undefined
    })
  }
  visitPhrasing(tree)
  runs.sort((a, b) => (a.offsets[0] ?? 0) - (b.offsets[0] ?? 0))
  visit(tree, (node: Nodes) => {
    if (node.type === 'root' || !node.position || node.position.start.offset === undefined) return
    const line = node.position.start.line
    const start = node.position.start.offset
    const end = node.position.end.offset ?? start
    const known = blocks.get(line)
    if (!known || end - start > known.end - known.start) blocks.set(line, { start, end })
  })
  // A table's caption was written above it: its block starts at the caption.
  visit(tree, 'table', (node: Table) => {
    const first = node.data?.caption?.[0]?.position?.start
    const line = node.position?.start.line
    if (first?.offset !== undefined && line !== undefined) {
      const known = blocks.get(line)
      if (known) blocks.set(line, { start: Math.min(known.start, lineStarts[first.line - 1] ?? first.offset), end: known.end })
    }
  })
  const references = new Map<string, number>()
  visit(tree, 'footnoteReference', (node) => {
    if (!references.has(node.identifier) && node.position) references.set(node.identifier, node.position.start.line)
  })
  visit(tree, 'footnoteDefinition', (node) => {
    if (node.position?.start.offset === undefined) return
    footnotes.push({ start: node.position.start.offset, end: node.position.end.offset ?? node.position.start.offset, referenceLine: references.get(node.identifier) })
  })
  return { file, text, skeleton: joinSkeletons(runs), blocks, lineStarts, footnotes }
}

/** 1-based line and column of an offset. */
export function pointAt(source: IndexedSource, offset: number): { line: number; column: number } {
  let lo = 0
  let hi = source.lineStarts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (source.lineStarts[mid]! <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: offset - source.lineStarts[lo]! + 1 }
}

/** Offset of a 1-based line's start. */
export function lineOffset(source: IndexedSource, line: number): number {
  return source.lineStarts[Math.max(0, Math.min(line - 1, source.lineStarts.length - 1))] ?? 0
}
