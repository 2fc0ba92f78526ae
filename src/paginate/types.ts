// The paginator's contract with Node: what src/build.ts asks `guidelinesPaginate` for and what it
// gets back (as JSON, through page.evaluate). Types only: the page code and Node both import
// them (`import type`), so this module holds nothing that runs.

/** Options of one run of the paginator. */
export interface PaginateOptions {
  /** Long words of running prose with their soft hyphens (U+00AD), word -> hyphenated; from src/print/hyphenate.ts. */
  hyphenation?: Record<string, string>
  /** Number the lines of each page in its margin, from 1 on every page (review editions). */
  lineNumbers?: boolean
  /** Return where each `[data-line]` element was laid out (`blocks`), for the PDF's source map. */
  layoutMap?: boolean
}

/** A rectangle in CSS px relative to the top-left corner of the page box (210mm x 297mm). */
export interface LayoutRect {
  x: number
  y: number
  w: number
  h: number
}

/** A block element (`[data-line]`) as laid out on one page; a block split over pages has one entry a page. */
export interface LayoutBlock {
  /** 1-based sheet index. */
  page: number
  /** `data-source` of the contribution (project-relative path); absent outside contributions. */
  source?: string
  /** `data-line`: 1-based line of the source where the element starts. */
  line: number
  id?: string
  /** Paragraph number printed before a numbered paragraph. */
  para?: number
  continued?: boolean
  /** Line boxes of the element's text on this page. */
  rects: LayoutRect[]
}

/** The paginator's timed phases, in the order they run. */
export type PaginatePhase = 'setup' | 'flow' | 'folios' | 'lineNumbers' | 'layoutMap'

/** What one run of the paginator returns. */
export interface PaginateResult {
  /** Number of sheets. */
  pages: number
  /** Number of front-matter sheets (roman folios), before the one holding `[data-folio-start]`. */
  front: number
  /** The folio of each sheet, in order (`i`, `ii`, `1`, `2`...). */
  folios: string[]
  /** Folio of the sheet holding each target of a page reference (`[data-page-of]`), by id. */
  pageOf: Record<string, string>
  /** Where each `[data-line]` element was laid out; only when asked (`layoutMap`). */
  blocks?: LayoutBlock[]
  /** Milliseconds of each phase. */
  phases: Record<PaginatePhase, number>
  /** Milliseconds of the whole run. */
  ms: number
}
