import type { Heading, Paragraph, Table, PhrasingContent } from 'mdast'
import type { VFile } from 'vfile'
import { toString } from 'mdast-util-to-string'
import GithubSlugger from 'github-slugger'
import { headingMarker, type Numbering, type Outline, type SectionUnit } from '../outline/model.js'
import { report } from '../report/rules.js'
import type { Collected } from '../markdown/remark-collect.js'
import type { Target } from './targets.js'

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

/** The result of numbering the whole document. */
export interface Numbered {
  targets: Map<string, Target>
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
}

/**
 * Fold pass-1 results across the document in print order: number headings, paragraphs, tables,
 * figures and footnotes continuously, decide which contribution expands each abbreviation, and
 * build the map of reference targets. Numbers are written into `node.data` of the parsed trees;
 * a second definition of an id is reported (`id-duplicate`) where it stands.
 */
export function numberDocument(outline: Outline, content: SectionContent[], options: NumberOptions): Numbered {
  const targets = new Map<string, Target>()
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

  for (const { section, contributions } of content) {
    let headingCount = 0
    const numberedHeadings = section.kind !== 'front'
    const baseRank = section.kind === 'front' ? 1 : 2
    for (const { file, collected } of contributions) {
      let currentLabel = section.label
      const localIds = new Map(collected.ids.map((entry) => [entry.node, entry.id]))
      for (const heading of collected.headings) {
        const data = (heading.data ??= {})
        data.rank = Math.min(6, baseRank + heading.depth)
        if (heading.depth === 1 && numberedHeadings) {
          headingCount++
          data.marker = headingMarker(section.path, headingCount, options.numbering)
          currentLabel = options.numbering === 'decimal' ? `Section ${data.marker}` : `${section.label}.${data.marker.slice(0, -1)}`
        } else {
          delete data.marker
        }
        const id = localIds.get(heading)
        if (!id) data.autoId = slugger.slug(`${section.id}-${toString(heading)}`)
        if (id) define(file, heading, { id, kind: 'heading', label: heading.depth === 1 && numberedHeadings ? currentLabel : `“${toString(heading)}”`, title: toString(heading) })
      }
      for (const paragraph of collected.paragraphs) {
        const data = (paragraph.data ??= {})
        if (section.kind === 'chapter') {
          data.number = ++counts.paragraphs
          if (!options.paragraphNumbers) delete data.number
        } else {
          delete data.number
        }
        const id = localIds.get(paragraph)
        if (id) {
          const label = section.kind === 'chapter' ? `paragraph ${counts.paragraphs}` : section.label
          define(file, paragraph, { id, kind: 'paragraph', label, title: toString(paragraph).slice(0, 80) })
        }
      }
      for (const table of collected.tables) {
        const data = (table.data ??= {})
        data.number = ++counts.tables
        const id = localIds.get(table)
        if (id) define(file, table, { id, kind: 'table', label: `Table ${data.number}`, title: phrasingText(data.caption) })
      }
      for (const figure of collected.figures) {
        const data = (figure.data ??= {})
        data.figureNumber = ++counts.figures
        const id = localIds.get(figure)
        if (id) define(file, figure, { id, kind: 'figure', label: `Figure ${data.figureNumber}`, title: data.figure?.alt ?? '' })
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
  return { targets, footnotes, expand, used, counts }
}

function phrasingText(children: PhrasingContent[] | undefined): string {
  return children ? children.map((child) => toString(child)).join('') : ''
}
