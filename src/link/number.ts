import type { Heading, Paragraph, Table, PhrasingContent, Root } from 'mdast'
import type { VFile } from 'vfile'
import { toString } from 'mdast-util-to-string'
import GithubSlugger from 'github-slugger'
import { headingMarker, roman, type Numbering, type Outline, type SectionUnit } from '../outline/model.js'
import { report } from '../report/rules.js'
import type { Collected } from '../model/collected.js'
import type { Target } from '../model/targets.js'

// The numbers of one edition, on the copy of a tree that pass 2 renders (`withNumbers`).
declare module 'mdast' {
  interface HeadingData {
    /** Printed before the heading text ("ii." or "3.3.2"); absent for unnumbered headings. */
    marker?: string
    /** Rank in the assembled document (h1-h6). */
    rank?: number
    /** Id made from the heading text when the writer gave none (for the TOC and bookmarks). */
    autoId?: string
  }
  interface ParagraphData {
    /** Paragraph number in the document, when the paragraph is numbered. */
    number?: number
    /** Figure number, for figure paragraphs. */
    figureNumber?: number
  }
  interface TableData {
    number?: number
  }
}

/** One contribution, parsed and collected, as it enters the fold. */
export interface Parsed {
  file: VFile
  collected: Collected
}

/** A section with its contributions in print order. */
export interface SectionContent {
  section: SectionUnit
  contributions: Parsed[]
}

/**
 * What one edition prints on one node of a parsed tree: heading marker, rank and made-up id,
 * paragraph and figure numbers, table numbers. Kept in a side table (`Numbered.nodes`), never
 * written into the parsed trees, which every edition and the watch cache share.
 */
export interface NodeNumbers {
  /** Printed before the heading text ("ii." or "3.3.2"); absent for unnumbered headings. */
  marker?: string
  /** Rank in the assembled document (h1-h6). */
  rank?: number
  /** Id made from the heading text when the writer gave none (for the TOC and bookmarks). */
  autoId?: string
  /** Paragraph number in the document (numbered paragraphs), or table number. */
  number?: number
  /** Figure number, for figure paragraphs. */
  figureNumber?: number
}

/** The result of numbering the whole document. */
export interface Numbered {
  targets: Map<string, Target>
  /** Per node of the parsed trees: what this edition prints on it (see `withNumbers`). */
  nodes: Map<Heading | Paragraph | Table, NodeNumbers>
  /** Per contribution: footnote label -> document-wide number. */
  footnotes: Map<VFile, Map<string, number>>
  /**
   * Per contribution: the glossary abbreviations to expand at their first use in it: in the
   * text (`'text'`), or, for one the text of the document never uses, in a footnote (`'note'`).
   */
  expand: Map<VFile, Map<string, 'text' | 'note'>>
  /** Glossary abbreviations used anywhere. */
  used: Set<string>
  counts: { paragraphs: number; tables: number; figures: number; footnotes: number }
}

export interface NumberOptions {
  numbering: Numbering
  /** Whether chapter paragraphs are numbered (labels say "paragraph N" either way). */
  paragraphNumbers: boolean
  /**
   * How `#` headings are numbered: `section` (default) numbers them inside their section
   * ("ii.", "3.3.2"; labels "Section 3.c.ii"); `part` numbers them through the document as the
   * parts of a committee document ("I.", "II."; labels "Part I"), one rank below the title.
   */
  headings?: 'section' | 'part'
}

/**
 * Fold pass-1 results across the document in print order: number headings, paragraphs, tables,
 * figures and footnotes continuously, decide which contribution expands each abbreviation, and
 * build the map of reference targets. Pure as to the trees: numbers go into the side table
 * `nodes` (printed on a copy by `withNumbers`), so editions can be numbered differently from
 * one parse, even at once. A second definition of an id is reported (`id-duplicate`) where it
 * stands.
 */
export function numberDocument(outline: Outline, content: SectionContent[], options: NumberOptions): Numbered {
  const targets = new Map<string, Target>()
  const nodes = new Map<Heading | Paragraph | Table, NodeNumbers>()
  const origin = new Map<string, string>()
  const footnotes = new Map<VFile, Map<string, number>>()
  const expand = new Map<VFile, Map<string, 'text' | 'note'>>()
  const used = new Set<string>()
  // Abbreviations whose expansion is already placed; the contributions in print order.
  const firstUsed = new Set<string>()
  const inOrder: Array<{ file: VFile; notes: Collected['noteAbbreviations'] }> = []
  const counts = { paragraphs: 0, tables: 0, figures: 0, footnotes: 0 }
  const slugger = new GithubSlugger()

  for (const part of outline.parts) {
    if (part.id) targets.set(part.id, { id: part.id, kind: part.kind === 'annex' ? 'annex' : 'chapter', label: part.label, title: part.title })
    for (const section of part.sections) {
      targets.set(section.id, { id: section.id, kind: section.kind === 'front' ? 'front' : 'section', label: section.label, title: section.title })
      origin.set(section.id, 'guidelines.yaml')
    }
    if (part.id) origin.set(part.id, 'guidelines.yaml')
  }

  const define = (file: VFile, node: Heading | Paragraph | Table, target: Target) => {
    const previous = origin.get(target.id)
    if (previous) {
      report(file, 'id-duplicate', `Unexpected duplicate id \`${target.id}\`, already defined in ${previous}`, node.position)
      return
    }
    origin.set(target.id, `${file.path}:${node.position?.start.line ?? 1}`)
    targets.set(target.id, target)
  }

  const parts = options.headings === 'part'
  let partCount = 0
  for (const { section, contributions } of content) {
    let headingCount = 0
    const numberedHeadings = section.kind !== 'front'
    const baseRank = parts ? 1 : section.kind === 'front' ? 1 : 2
    for (const { file, collected } of contributions) {
      let currentLabel = section.label
      const localIds = new Map(collected.ids.map((entry) => [entry.node, entry.id]))
      for (const heading of collected.headings) {
        const data: NodeNumbers = { rank: Math.min(6, baseRank + heading.depth) }
        nodes.set(heading, data)
        if (heading.depth === 1 && parts) {
          partCount++
          data.marker = `${roman(partCount)}.`
          currentLabel = `Part ${roman(partCount)}`
        } else if (heading.depth === 1 && numberedHeadings) {
          headingCount++
          data.marker = headingMarker(section.path, headingCount, options.numbering)
          currentLabel = options.numbering === 'decimal' ? `Section ${data.marker}` : `${section.label}.${data.marker.slice(0, -1)}`
        }
        const id = localIds.get(heading)
        if (!id) data.autoId = slugger.slug(`${section.id}-${toString(heading)}`)
        if (id) define(file, heading, { id, kind: 'heading', label: heading.depth === 1 && (numberedHeadings || parts) ? currentLabel : `“${toString(heading)}”`, title: toString(heading) })
      }
      for (const paragraph of collected.paragraphs) {
        const data: NodeNumbers = {}
        nodes.set(paragraph, data)
        if (section.kind === 'chapter') {
          ++counts.paragraphs
          if (options.paragraphNumbers) data.number = counts.paragraphs
        }
        const id = localIds.get(paragraph)
        if (id) {
          const label = section.kind === 'chapter' ? `paragraph ${counts.paragraphs}` : section.label
          define(file, paragraph, { id, kind: 'paragraph', label, title: toString(paragraph).slice(0, 80) })
        }
      }
      for (const table of collected.tables) {
        const data: NodeNumbers = { number: ++counts.tables }
        nodes.set(table, data)
        const id = localIds.get(table)
        if (id) define(file, table, { id, kind: 'table', label: `Table ${data.number}`, title: phrasingText(table.data?.caption) })
      }
      for (const figure of collected.figures) {
        const data: NodeNumbers = { figureNumber: ++counts.figures }
        nodes.set(figure, data)
        const id = localIds.get(figure)
        if (id) define(file, figure, { id, kind: 'figure', label: `Figure ${data.figureNumber}`, title: figure.data?.figure?.alt ?? '' })
      }
      const numbers = new Map<string, number>()
      for (const label of collected.footnotes) numbers.set(label, ++counts.footnotes)
      footnotes.set(file, numbers)
      const mine = new Map<string, 'text' | 'note'>()
      for (const [abbreviation, use] of collected.abbreviations) {
        if (firstUsed.has(abbreviation)) continue
        firstUsed.add(abbreviation)
        if (!use.writtenOut) mine.set(abbreviation, 'text')
      }
      expand.set(file, mine)
      for (const abbreviation of collected.mentions) used.add(abbreviation)
      inOrder.push({ file, notes: collected.noteAbbreviations })
    }
  }
  // An abbreviation the text never uses is expanded at its first use in a footnote.
  for (const { file, notes } of inOrder) {
    for (const [abbreviation, use] of notes) {
      if (firstUsed.has(abbreviation)) continue
      firstUsed.add(abbreviation)
      if (!use.writtenOut) expand.get(file)!.set(abbreviation, 'note')
    }
  }
  return { targets, nodes, footnotes, expand, used, counts }
}

/**
 * A deep copy of a contribution's parsed tree with one edition's numbers written into the
 * copy's `node.data` (what pass 2's handlers print). `tree` is not changed: it is shared by
 * every edition and by the watch cache. `collected` is what pass 1 noted of this tree.
 */
export function withNumbers(tree: Root, collected: Collected, nodes: ReadonlyMap<Heading | Paragraph | Table, NodeNumbers>): Root {
  const keys = [...collected.headings, ...collected.paragraphs, ...collected.tables, ...collected.figures].filter((node) => nodes.has(node))
  // One structuredClone of the tree and the numbered nodes together keeps identities: each
  // copy in `copies` is the node inside `copy` (native cloning, no walk in JavaScript).
  const [copy, ...copies] = structuredClone([tree, ...keys]) as [Root, ...Array<Heading | Paragraph | Table>]
  keys.forEach((node, index) => {
    const target = copies[index]!
    target.data = { ...target.data, ...nodes.get(node) }
  })
  return copy
}

function phrasingText(children: PhrasingContent[] | undefined): string {
  return children ? children.map((child) => toString(child)).join('') : ''
}
