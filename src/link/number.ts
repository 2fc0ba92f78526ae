import type { Heading, Paragraph, Table, PhrasingContent, Root } from 'mdast'
import type { VFile } from 'vfile'
import { toString } from 'mdast-util-to-string'
import GithubSlugger from 'github-slugger'
import { builtInLabels, formatLabel, type Labels } from '../i18n/labels.js'
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
    /** Label of a numbered figure ("Figure 1"). */
    captionLabel?: string
    /** What follows the label in the caption, in the edition's language (": ", " : "). */
    captionSeparator?: string
  }
  interface TableData {
    number?: number
    /** Label of a numbered table ("Table 3"). */
    captionLabel?: string
    /** What follows the label in the caption, in the edition's language. */
    captionSeparator?: string
  }
}

/** One contribution, parsed and collected, as it enters the fold. */
export interface Parsed {
  file: VFile
  collected: Collected
  /** For a translation: what pass 1 collected of its source, whose numbers it takes. */
  source?: Collected
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
  /** Label of a numbered table or figure in the edition's language ("Table 3", "Figure 1"). */
  captionLabel?: string
  /** The caption's separator after the label, in the edition's language (a caption of untranslated text keeps the label's typography: "Tableau 5 : Title"). */
  captionSeparator?: string
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
  /** Whether chapter paragraphs are numbered; a reference to a paragraph says "paragraph N" only when they are (else the section that holds it). */
  paragraphNumbers: boolean
  /**
   * How `#` headings are numbered: `section` (default) numbers them inside their section
   * ("ii.", "3.3.2"; labels "Section 3.c.ii"); `part` numbers them through the document as the
   * parts of a committee document ("I.", "II."; labels "Part I"), one rank below the title.
   */
  headings?: 'section' | 'part'
  /** The edition's words ("Section", "paragraphe"...); English by default. */
  labels?: Labels
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
  const labels = options.labels ?? builtInLabels.en
  const quoted = (text: string) => `${labels.quoteOpen}${text}${labels.quoteClose}`
  let partCount = 0
  for (const { section, contributions } of content) {
    let headingCount = 0
    // The label of the numbered heading the next paragraph stands under (across the section's contributions).
    let under = section.label
    const numberedHeadings = section.kind !== 'front'
    const baseRank = parts ? 1 : section.kind === 'front' ? 1 : 2
    for (const { file, collected, source } of contributions) {
      // A translation is numbered as its source: its i-th block takes the number of the source's
      // i-th block, and the document goes on after the source's blocks, so that a translation
      // whose blocks differ (reported by the parse) cannot shift the numbers of the rest.
      const within = (i: number, of: keyof Pick<Collected, 'paragraphs' | 'tables' | 'figures'>) => !source || i < source[of].length
      const start = { ...counts, headings: headingCount, parts: partCount }
      let currentLabel = section.label
      const localIds = new Map(collected.ids.map((entry) => [entry.node, entry.id]))
      let topHeadings = 0
      const heads: Array<{ at: number; label: string }> = []
      for (const heading of collected.headings) {
        const data: NodeNumbers = { rank: Math.min(6, baseRank + heading.depth) }
        nodes.set(heading, data)
        const counted = heading.depth === 1 && (!source || topHeadings < source.headings.filter((h) => h.depth === 1).length)
        if (heading.depth === 1) topHeadings++
        if (counted && parts) {
          partCount++
          data.marker = `${roman(partCount)}.`
          currentLabel = formatLabel(labels.part, { n: roman(partCount) })
        } else if (counted && numberedHeadings) {
          headingCount++
          data.marker = headingMarker(section.path, headingCount, options.numbering)
          const path = options.numbering === 'decimal' ? data.marker : `${section.path}.${data.marker.slice(0, -1)}`
          currentLabel = section.kind === 'annex' ? formatLabel(labels.annexSection, { annex: section.part.path, n: path.slice(section.part.path.length + 1) }) : formatLabel(labels.section, { n: path })
        }
        if (counted && (numberedHeadings || parts)) heads.push({ at: heading.position?.start.offset ?? 0, label: currentLabel })
        const id = localIds.get(heading)
        if (!id) data.autoId = slugger.slug(`${section.id}-${toString(heading)}`)
        if (id) define(file, heading, { id, kind: 'heading', label: counted && (numberedHeadings || parts) ? currentLabel : quoted(toString(heading)), title: toString(heading) })
      }
      collected.paragraphs.forEach((paragraph, i) => {
        const data: NodeNumbers = {}
        nodes.set(paragraph, data)
        const counted = section.kind === 'chapter' && within(i, 'paragraphs')
        if (counted) {
          ++counts.paragraphs
          if (options.paragraphNumbers) data.number = counts.paragraphs
        }
        while (heads.length > 0 && heads[0]!.at < (paragraph.position?.start.offset ?? 0)) under = heads.shift()!.label
        const id = localIds.get(paragraph)
        if (id) {
          // Without printed numbers, "paragraph 41" is nowhere to be found: the section holding it is.
          const label = !counted ? section.label : options.paragraphNumbers ? formatLabel(labels.paragraph, { n: counts.paragraphs }) : formatLabel(labels.paragraphIn, { section: under })
          define(file, paragraph, { id, kind: 'paragraph', label, title: toString(paragraph).slice(0, 80) })
        }
      })
      if (heads.length > 0) under = heads[heads.length - 1]!.label
      collected.tables.forEach((table, i) => {
        const data: NodeNumbers = within(i, 'tables') ? { number: ++counts.tables } : {}
        if (data.number !== undefined) Object.assign(data, { captionLabel: formatLabel(labels.tableCaption, { n: data.number }), captionSeparator: labels.captionSeparator })
        nodes.set(table, data)
        const id = localIds.get(table)
        if (id) define(file, table, { id, kind: 'table', label: data.number !== undefined ? formatLabel(labels.table, { n: data.number }) : quoted(phrasingText(table.data?.caption)), title: phrasingText(table.data?.caption) })
      })
      collected.figures.forEach((figure, i) => {
        const data: NodeNumbers = within(i, 'figures') ? { figureNumber: ++counts.figures } : {}
        if (data.figureNumber !== undefined) Object.assign(data, { captionLabel: formatLabel(labels.figureCaption, { n: data.figureNumber }), captionSeparator: labels.captionSeparator })
        nodes.set(figure, data)
        const id = localIds.get(figure)
        if (id) define(file, figure, { id, kind: 'figure', label: data.figureNumber !== undefined ? formatLabel(labels.figure, { n: data.figureNumber }) : quoted(figure.data?.figure?.alt ?? ''), title: figure.data?.figure?.alt ?? '' })
      })
      const numbers = new Map<string, number>()
      collected.footnotes.forEach((label, i) => {
        if (!source || i < source.footnotes.length) numbers.set(label, ++counts.footnotes)
      })
      footnotes.set(file, numbers)
      if (source) {
        counts.paragraphs = start.paragraphs + (section.kind === 'chapter' ? source.paragraphs.length : 0)
        counts.tables = start.tables + source.tables.length
        counts.figures = start.figures + source.figures.length
        counts.footnotes = start.footnotes + source.footnotes.length
        const sourceTop = source.headings.filter((h) => h.depth === 1).length
        if (parts) partCount = start.parts + sourceTop
        else if (numberedHeadings) headingCount = start.headings + sourceTop
      }
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
  const copies = new Map<object, unknown>()
  const copy = cloneTree(tree, copies) as Root
  for (const node of [...collected.headings, ...collected.paragraphs, ...collected.tables, ...collected.figures]) {
    const numbers = nodes.get(node)
    const target = copies.get(node) as Heading | Paragraph | Table | undefined
    if (numbers && target) target.data = { ...target.data, ...numbers }
  }
  return copy
}

/**
 * A deep copy of a syntax tree, as structuredClone makes it (an object reached twice is copied
 * once), noting in `copies` each object's copy. Written out because a tree is plain objects and
 * arrays, which this copies three times faster than structuredClone's serialize-and-read (50 ms
 * against 16 ms for the 345 trees of a 415-page document, each edition); anything else in
 * `data` (a Map, a class) still goes through structuredClone.
 */
export function cloneTree(value: unknown, copies: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value
  const known = copies.get(value)
  if (known !== undefined) return known
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length)
    copies.set(value, out)
    for (let i = 0; i < value.length; i++) out[i] = cloneTree(value[i], copies)
    return out
  }
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) {
    const out = structuredClone(value)
    copies.set(value, out)
    return out
  }
  const out: Record<string, unknown> = {}
  copies.set(value, out)
  for (const key in value) out[key] = cloneTree((value as Record<string, unknown>)[key], copies)
  return out
}

function phrasingText(children: PhrasingContent[] | undefined): string {
  return children ? children.map((child) => toString(child)).join('') : ''
}
