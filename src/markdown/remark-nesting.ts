import type { Root, Nodes, Parent } from 'mdast'
import type { Processor } from 'unified'
import type { VFile } from 'vfile'
import { report } from '../report/rules.js'

export interface NestingOptions {
  /** Deepest nesting of block containers (lists, block quotes); deeper content is cut. */
  maxNesting: number
}

/**
 * Pass 1, first plugin after the parser: keep pathological nesting (thousands of nested lists
 * or quotes) from overflowing the stack anywhere in the pipeline. Before parsing, a line whose
 * container markers (`>`, `-`, `1.`...) and indentation pass `maxNesting` is cut at the marker
 * where it passes (the rest of the line is blanked, so positions stay exact); after parsing,
 * any list or quote deeper than `maxNesting`, or any node deeper than four times that (nested
 * emphasis, links), loses its children. Both report `source-too-deep` once per file, at the
 * place where the depth passes the limit.
 */
export default function remarkNesting(this: Processor, options: NestingOptions) {
  const { maxNesting } = options
  // Wrap the parser set by remark-parse: the parser itself recurses per nesting level.
  const self = this as unknown as { parser?: (document: string, file: VFile) => Root }
  const parse = self.parser
  if (parse) {
    self.parser = (document: string, file: VFile) => parse(limitLines(document, file, maxNesting), file)
  }
  return (tree: Root, file: VFile) => cutDeepNodes(tree, file, maxNesting)
}

/**
 * Most emphasis marks (`*`, `_`) one paragraph may hold: the parser's time grows with the square
 * of nested emphasis (4000 nested pairs: ~8 s), so a hostile file of 2 MiB could take hours.
 */
export const maxEmphasisMarks = 500

/**
 * Blank what passes `max` container levels on each line, and the rest of a paragraph past
 * `maxEmphasisMarks` emphasis marks; report the first place of each. A GFM table row counts on
 * its own (the parser reads each cell's emphasis apart, in time linear in the rows: a table of
 * 400 rows with emphasis in its cells was cut at its 501st mark).
 */
export function limitLines(document: string, file: VFile, max: number): string {
  let reported = false
  let changed = false
  const lines = document.split('\n')
  let fence: string | undefined
  let marks = 0
  let cutParagraph = false
  let reportedMarks = false
  // Indentation of the head row of the table the line is in, if it is in one.
  let table: number | undefined
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!
    if (line.trim() === '') {
      marks = 0
      cutParagraph = false
      table = undefined
      continue
    }
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (opening && (!fence || opening.startsWith(fence))) {
      fence = fence ? undefined : opening
      table = undefined
      continue
    }
    if (!fence) {
      if (table !== undefined && !isTableRow(line, table)) {
        table = undefined
        marks = 0
        cutParagraph = false
      }
      if (table === undefined && (index === 0 || lines[index - 1]!.trim() === '')) table = tableHead(line, lines[index + 1])
      if (table !== undefined) {
        marks = 0
        cutParagraph = false
      }
      let cutAt = cutParagraph ? 0 : undefined
      for (let i = 0; cutAt === undefined && i < line.length; i++) {
        if ((line[i] === '*' || line[i] === '_') && ++marks > maxEmphasisMarks) cutAt = i
      }
      if (cutAt !== undefined) {
        if (!reportedMarks) {
          reportedMarks = true
          report(file, 'source-too-deep', `Unexpected paragraph with more than ${maxEmphasisMarks} emphasis marks (\`*\`, \`_\`), expected at most ${maxEmphasisMarks} (the rest of the paragraph is left out)`, { line: index + 1, column: cutAt + 1 })
        }
        cutParagraph = true
        lines[index] = line.slice(0, cutAt) + ' '.repeat(line.length - cutAt)
        changed = true
        continue
      }
    }
    const cut = cutColumn(line, max)
    if (cut === undefined) continue
    if (!reported) {
      reported = true
      report(file, 'source-too-deep', `Unexpected nesting deeper than ${max} levels of lists or quotes, expected at most ${max} (the rest of the line is left out)`, { line: index + 1, column: cut + 1 })
    }
    lines[index] = line.slice(0, cut) + ' '.repeat(line.length - cut)
    changed = true
  }
  return changed ? lines.join('\n') : document
}

/** Columns of indentation at the start of `line` (a tab to the next multiple of 4). */
function indentation(line: string): number {
  let columns = 0
  for (const c of line) {
    if (c === ' ') columns++
    else if (c === '\t') columns += 4 - (columns % 4)
    else break
  }
  return columns
}

/** Cells of a table row (GFM: `|` splits cells, `\\|` does not; outer pipes are optional). */
function tableCells(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (c === '\\' && (line[i + 1] === '|' || line[i + 1] === '\\')) {
      cell += c + line[++i]
    } else if (c === '|') {
      cells.push(cell)
      cell = ''
    } else cell += c
  }
  cells.push(cell)
  if (cells.length > 1 && cells[0]!.trim() === '') cells.shift()
  if (cells.length > 1 && cells[cells.length - 1]!.trim() === '') cells.pop()
  return cells
}

/** A line that may start a block or container of its own (and so end a table), by its first characters. */
const blockStart = /^[ \t]*(?:[>#<`~]|\[\^|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$|(?:-[ \t]*){3,}$|=+[ \t]*$)/

/**
 * The indentation of `line` when it is the head row of a GFM table (`next` its delimiter row, with
 * as many cells), after a blank line; else undefined. Only what surely is a table counts:
 * a line that starts a container or another block is never a head (else a paragraph could pass
 * as table rows and escape the count of emphasis marks).
 */
function tableHead(line: string, next: string | undefined): number | undefined {
  if (next === undefined || !line.includes('|') || !next.includes('|') || blockStart.test(line)) return undefined
  const delimiters = tableCells(next.trim())
  if (!delimiters.every((cell) => /^[ \t]*:?-+:?[ \t]*$/.test(cell))) return undefined
  return tableCells(line.trim()).length === delimiters.length ? indentation(line) : undefined
}

/**
 * Whether `line`, after rows of a table whose head row is indented `indent` columns, is a row
 * of it: indented as much at least (less is a lazy line or the end of a list item), and not
 * the start of another block.
 */
function isTableRow(line: string, indent: number): boolean {
  return indentation(line) >= indent && !blockStart.test(line)
}

/**
 * Index in `line` of the container marker that passes `max` levels, or undefined. Counts block
 * quote markers and list markers at the start of the line, and indentation (a nested list needs
 * at least two more columns a level), so it never counts fewer levels than the parser makes.
 */
function cutColumn(line: string, max: number): number | undefined {
  let depth = 0
  let i = 0
  let indent = 0
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) {
    indent += line[i] === '\t' ? 4 : 1
    i++
  }
  depth = Math.floor(indent / 2)
  if (depth > max) return max * 2
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++
    const start = i
    if (line[i] === '>') {
      i++
    } else if ((line[i] === '-' || line[i] === '*' || line[i] === '+') && (line[i + 1] === ' ' || line[i + 1] === '\t' || i + 1 === line.length)) {
      i++
    } else {
      let digits = 0
      while (digits < 10 && line[i + digits]! >= '0' && line[i + digits]! <= '9') digits++
      const after = line[i + digits]
      if (digits === 0 || (after !== '.' && after !== ')')) break
      const next = line[i + digits + 1]
      if (next !== ' ' && next !== '\t' && next !== undefined) break
      i += digits + 1
    }
    depth++
    if (depth > max) return start
  }
  return undefined
}

/** Cut every subtree that passes the limits; an explicit stack, so depth costs no recursion. */
function cutDeepNodes(tree: Root, file: VFile, max: number): void {
  let reported = false
  const stack: Array<{ node: Nodes; containers: number; depth: number }> = [{ node: tree, containers: 0, depth: 0 }]
  while (stack.length > 0) {
    const { node, containers, depth } = stack.pop()!
    if (!('children' in node)) continue
    const parent = node as Parent
    const isContainer = node.type === 'list' || node.type === 'blockquote'
    const nextContainers = containers + (isContainer ? 1 : 0)
    if (nextContainers > max || depth > max * 4) {
      if (!reported) {
        reported = true
        report(file, 'source-too-deep', `Unexpected nesting deeper than ${max} levels, expected at most ${max} (the deeper content is left out)`, node)
      }
      parent.children = []
      continue
    }
    for (const child of parent.children) stack.push({ node: child as Nodes, containers: nextContainers, depth: depth + 1 })
  }
}
