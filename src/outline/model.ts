import type { EditionOptions, Guidelines, OutlineChapter, OutlineSection } from '../config/types.js'
import { builtInLabels, formatLabel, type Labels } from '../i18n/labels.js'
import { typeset } from '../i18n/typography.js'

/** How headings are numbered: `outline` gives 1. / a. / i., `decimal` gives 1 / 1.1 / 1.1.1. */
export type Numbering = NonNullable<EditionOptions['numbering']>

export type PartKind = 'front' | 'chapter' | 'annex'

/** A numbered section of the outline, with the data its contributions are rendered under. */
export interface SectionUnit {
  id: string
  title: string
  kind: PartKind
  /** Number as printed before the title ("c." or "3.3"); empty for front parts. */
  marker: string
  /** Cross-reference label ("Section 3.c"); front parts use their title. */
  label: string
  /** Prefix for labels of headings inside: "3.c" gives "Section 3.c.ii". */
  path: string
  source: OutlineSection
  part: PartUnit
}

/** A chapter, an annex, or the unnumbered front matter. */
export interface PartUnit {
  id: string
  title: string
  kind: PartKind
  marker: string
  label: string
  path: string
  sections: SectionUnit[]
}

/** The outline of guidelines.yaml, numbered for one edition. */
export interface Outline {
  parts: PartUnit[]
  /** Sections in document order (front, chapters, annexes). */
  sections: SectionUnit[]
  byId: Map<string, PartUnit | SectionUnit>
}

const alpha = (n: number) => {
  let s = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s
  return s
}

/** Roman numeral of n (1 -> I). */
export function roman(n: number): string {
  const table: Array<[number, string]> = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']]
  let s = ''
  let rest = n
  for (const [value, letters] of table) while (rest >= value) { s += letters; rest -= value }
  return s
}

/** Number of the n-th heading inside a section ("ii" in outline numbering, "3" in decimal). */
export function headingNumber(n: number, numbering: Numbering): string {
  return numbering === 'decimal' ? String(n) : roman(n).toLowerCase()
}

/** Marker printed before the n-th inside heading of a section with `path`. */
export function headingMarker(sectionPath: string, n: number, numbering: Numbering): string {
  return numbering === 'decimal' ? `${sectionPath}.${n}` : `${headingNumber(n, numbering)}.`
}

export interface OutlineOptions {
  /** The edition's words ("Chapter", "Annexe"...); English by default. */
  labels?: Labels
  /** Titles by id, in the edition's language (a translation's `titles`); the outline's own otherwise. */
  titles?: Readonly<Record<string, string>>
  /** The language the titles are typeset in (curly apostrophes and quotes, French spacing); the document's by default. */
  language?: string
}

/**
 * Number the outline of `config` for an edition. Chapters 1., 2.; sections a., b. (or 1.1, 1.2);
 * annexes I, II with sections a., b.; front parts unnumbered. Labels and titles in the
 * edition's language (`options`).
 */
export function createOutline(config: Guidelines, numbering: Numbering = 'outline', options: OutlineOptions = {}): Outline {
  const labels = options.labels ?? builtInLabels.en
  // Titles are typeset here, once, for every place that prints them: headings, contents, running heads, bookmarks.
  const language = options.language ?? config.language
  const title = (unit: { id: string; title: string }) => typeset(options.titles?.[unit.id] ?? unit.title, language)
  const parts: PartUnit[] = []
  if (config.front && config.front.length > 0) {
    const front: PartUnit = { id: '', title: '', kind: 'front', marker: '', label: '', path: '', sections: [] }
    front.sections = config.front.map((source) => ({ id: source.id, title: title(source), kind: 'front', marker: '', label: title(source), path: '', source, part: front }))
    parts.push(front)
  }
  config.outline.forEach((chapter, index) => parts.push(part(chapter, 'chapter', String(index + 1), numbering, labels, title)))
  ;(config.annexes ?? []).forEach((annex, index) => parts.push(part(annex, 'annex', roman(index + 1), numbering, labels, title)))
  const sections = parts.flatMap((p) => p.sections)
  const byId = new Map<string, PartUnit | SectionUnit>()
  for (const p of parts) if (p.id) byId.set(p.id, p)
  for (const s of sections) byId.set(s.id, s)
  return { parts, sections, byId }
}

function part(chapter: OutlineChapter, kind: 'chapter' | 'annex', number: string, numbering: Numbering, labels: Labels, title: (unit: { id: string; title: string }) => string): PartUnit {
  const unit: PartUnit = {
    id: chapter.id,
    title: title(chapter),
    kind,
    marker: kind === 'annex' ? formatLabel(labels.annexHeading, { n: number }) : numbering === 'decimal' ? number : `${number}.`,
    label: formatLabel(kind === 'annex' ? labels.annex : labels.chapter, { n: number }),
    path: number,
    sections: []
  }
  unit.sections = chapter.sections.map((source, index) => {
    const local = numbering === 'decimal' ? String(index + 1) : alpha(index + 1)
    const path = `${number}.${local}`
    return {
      id: source.id,
      title: title(source),
      kind,
      marker: numbering === 'decimal' ? path : `${local}.`,
      label: kind === 'annex' ? formatLabel(labels.annexSection, { annex: number, n: local }) : formatLabel(labels.section, { n: path }),
      path,
      source,
      part: unit
    }
  })
  return unit
}
