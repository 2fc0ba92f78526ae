import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { Nodes, Root, Table } from 'mdast'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { createParser } from '../markdown/processor.js'
import { createAbbreviationMatcher } from '../markdown/util/abbreviations.js'
import { joinSkeletons, skeletonOf, type Skeleton } from './skeleton.js'
import { isProjectPath, readRegularFileSync } from '../load/safe-read.js'
import { maxSourceBytes } from '../load/read-source.js'

/** Where the text of a source comes from: a commit (through git) or the work tree. */
export interface SourceReader {
  /** Text of a project-relative path at the reader's commit (or on disk); undefined if absent. */
  read(file: string): string | undefined
  /** Project-relative paths of the Markdown sources and YAML files at that commit. */
  list(): string[]
  commit?: string
}

/** Read sources from disk, under `root`. */
export function diskReader(root: string): SourceReader {
  return {
    read: (file) => {
      // The names come from the PDF's source map, which anyone can edit: only files of the
      // project, read as every project file is (regular, inside the root, bounded).
      if (!isProjectPath(file)) return undefined
      const read = readRegularFileSync(path.join(root, file), { limit: maxSourceBytes, within: [root] })
      return read.ok ? read.bytes.toString('utf8') : undefined
    },
    list: () => {
      const out: string[] = []
      const walk = (dir: string) => {
        for (const entry of safeReaddir(path.join(root, dir))) {
          const rel = dir ? `${dir}/${entry.name}` : entry.name
          if (entry.isDirectory()) walk(rel)
          else if (rel.endsWith('.md')) out.push(rel)
        }
      }
      walk('sections')
      return ['guidelines.yaml', 'glossary.yaml', ...out.sort()]
    }
  }
}

function safeReaddir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
}

/**
 * Read sources as they were at `commit` (`git show COMMIT:PREFIX/FILE`), where `prefix` is the
 * project's folder inside the repository. Undefined when git or the commit is not available.
 */
export function commitReader(root: string, commit: string, prefix = ''): SourceReader | undefined {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })
  try {
    git('cat-file', '-e', `${commit}^{commit}`)
  } catch {
    return undefined
  }
  const top = prefix ? `${prefix}/` : ''
  const cache = new Map<string, string | undefined>()
  return {
    commit,
    read: (file) => {
      if (!isProjectPath(file)) return undefined
      if (!cache.has(file)) {
        try {
          cache.set(file, git('show', `${commit}:${top}${file}`))
        } catch {
          cache.set(file, undefined)
        }
      }
      return cache.get(file)
    },
    list: () => {
      try {
        const files = git('ls-tree', '-r', '--name-only', commit, '--', `${top}sections`).split('\n').filter((f) => f.endsWith('.md')).map((f) => f.slice(top.length))
        return ['guidelines.yaml', 'glossary.yaml', ...files.sort()]
      } catch {
        return ['guidelines.yaml', 'glossary.yaml']
      }
    }
  }
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
