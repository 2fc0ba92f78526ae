/** A section of the outline (or a front-matter part): the unit writers contribute to. */
export interface OutlineSection {
  id: string
  title: string
  writers: string[]
  peers: string[]
  due?: string
}

/** A chapter or an annex: a titled list of sections. */
export interface OutlineChapter {
  id: string
  title: string
  sections: OutlineSection[]
}

export interface WorkplanTask {
  id: string
  task: string
  due?: string
  done?: boolean
}

/** Fields of a committee working document's first page. */
export interface Submission {
  committee?: string
  session?: string
  meetingDates?: string
  place?: string
  issued?: string
  agendaItem?: string
  topic?: string
  purpose?: string
  actionRequired?: string
}

/** Options of one edition (guidelines.yaml `editions.NAME`). */
export interface EditionOptions {
  template: string
  paragraphNumbers?: boolean
  numbering?: 'outline' | 'decimal'
  review?: boolean
  watermark?: string
  lineNumbers?: boolean
  strict?: boolean
  body?: string
  sectionOrder?: Record<string, string[]>
  title?: string
  reference?: string
  submission?: Submission
}

/** guidelines.yaml, validated. */
export interface Guidelines {
  title: string
  subtitle?: string
  language: string
  organisations: string[]
  reference?: string
  edition?: string
  date?: string
  submission?: Submission
  contributors: Record<string, string>
  front?: OutlineSection[]
  outline: OutlineChapter[]
  annexes?: OutlineChapter[]
  workplan?: WorkplanTask[]
  editions: Record<string, EditionOptions>
  /** Words of capitals that are not abbreviations (`GET`, `ORDER BY`); see createAbbreviationMatcher. */
  abbreviations?: { ignore?: string[] }
}

export interface GlossaryEntry {
  term: string
  abbreviation?: string
  definition: string
}

/** Front matter of a contribution. */
export interface FrontMatter {
  section: string
  writer: string
  status?: 'draft' | 'peer-reviewed' | 'final'
  submitted?: string
}
