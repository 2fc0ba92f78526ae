/**
 * The look of each built-in template, as Word styles take it: the same fonts (named, not
 * embedded: Word substitutes a font it lacks), sizes, colours, margins and running heads as the
 * template's style sheet (styles/NAME.css). A project's own template (templates/NAME.hbs)
 * gets the base look: its CSS cannot be carried into Word.
 */
export interface Look {
  /** Page margins in millimetres (A4). */
  margins: { top: number; right: number; bottom: number; left: number }
  /** Distance of the running head and foot from the page edge (mm). */
  header: number
  footer: number
  serif: string
  sans: string
  /** Body text size (pt). */
  size: number
  /** Line height as a multiple of the font size. */
  leading: number
  text: string
  muted: string
  accent: string
  accent2: string
  /** Header cells of tables. */
  tableHead: string
  tableBorder: string
  /** Table text size (pt). */
  tableSize: number
  /** How far paragraph numbers hang into the left margin (mm). */
  paraIndent: number
  /** Heading sizes (pt) by level 1..4, and their colours. */
  headings: [number, number, number, number]
  headingColour: string
  /** Heading numbers' colour ("2." of a chapter title). */
  numberColour: string
  /** Bullet of unordered lists. */
  bullet: string
  /** Whether each chapter opens a page (annexes and the glossary always do). */
  chapterPageBreak: boolean
  /** Body text justified (the working document) or ragged right. */
  justify: boolean
  /** What the running head and foot show (first page: nothing). */
  running: 'reference-and-folio' | 'iaph' | 'chapter-and-title'
  /** Which first page the edition opens with. */
  opening: 'wco' | 'iaph' | 'cover' | 'title'
}

const base: Look = {
  margins: { top: 25, right: 20, bottom: 25, left: 25 },
  header: 11,
  footer: 11,
  serif: 'Source Serif 4',
  sans: 'Source Sans 3',
  size: 10.5,
  leading: 1.42,
  text: '1A1A1A',
  muted: '5C5C5C',
  accent: '1D3557',
  accent2: '2A6F97',
  tableHead: 'EEF2F6',
  tableBorder: '8A8A8A',
  tableSize: 9,
  paraIndent: 12,
  headings: [16, 13, 11.25, 10.5],
  headingColour: '1D3557',
  numberColour: '2A6F97',
  bullet: '•',
  chapterPageBreak: true,
  justify: false,
  running: 'chapter-and-title',
  opening: 'title'
}

const looks: Record<string, Look> = {
  'wco-working-document': {
    ...base,
    margins: { top: 22, right: 20, bottom: 22, left: 27 },
    header: 10,
    footer: 10,
    size: 11,
    leading: 1.38,
    text: '111111',
    accent: '0D3B66',
    accent2: '1A4A7A',
    tableHead: 'ECECEC',
    tableBorder: '777777',
    paraIndent: 11,
    headings: [12.5, 11.5, 11, 11],
    headingColour: '111111',
    numberColour: '111111',
    bullet: '-',
    chapterPageBreak: false,
    justify: true,
    running: 'reference-and-folio',
    opening: 'wco'
  },
  iaph: {
    ...base,
    margins: { top: 24, right: 20, bottom: 22, left: 28 },
    header: 10,
    footer: 10,
    accent: '0B2447',
    accent2: '006B6E',
    tableHead: 'E6F4F3',
    paraIndent: 11,
    headingColour: '0B2447',
    numberColour: '008A8A',
    chapterPageBreak: false,
    running: 'iaph',
    opening: 'iaph'
  },
  'joint-publication': {
    ...base,
    accent: '0F2B4C',
    accent2: '008A8A',
    headings: [18, 14, 11.25, 10.5],
    headingColour: '0F2B4C',
    numberColour: '008A8A',
    running: 'chapter-and-title',
    opening: 'cover'
  }
}

/** The look of template `name` (the base look for a project's own template). */
export function lookOf(name: string): Look {
  return looks[name] ?? base
}

/** Millimetres in twentieths of a point (Word's twips). */
export function twips(mm: number): number {
  return Math.round((mm / 25.4) * 1440)
}

/** Points in half-points (Word's font sizes). */
export function halfPoints(pt: number): number {
  return Math.round(pt * 2)
}
