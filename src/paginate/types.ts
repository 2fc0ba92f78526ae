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
  /**
   * Remember this run for the next, on a new build's body (`guidelinesNextBody`): it keeps the
   * pages that did not change (the preview; src/paginate/memory.ts).
   */
  remember?: boolean
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

/**
 * A block that does not fit its page: `wide`, it runs `by` px beyond the right edge of the text
 * block (cut at the sheet's edge); `tall`, it runs `by` px below the foot of the page's area.
 */
export interface LayoutOverflow {
  kind: 'wide' | 'tall'
  by: number
  /** 1-based sheet index, and the folio printed on it. */
  page: number
  folio?: string
  /** `data-source` of the contribution (project-relative path); absent outside contributions. */
  source?: string
  /** `data-line` of the block or of its first element that has one. */
  line?: number
  /** Lower-case tag name (`table`, `pre`, `p`...). */
  tag: string
  /** The start of its text, to find it by. */
  text: string
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
  /** Blocks that do not fit their page (wider than the text block, taller than the page), in page order. */
  overflows: LayoutOverflow[]
  /** Where each `[data-line]` element was laid out; only when asked (`layoutMap`). */
  blocks?: LayoutBlock[]
  /** Milliseconds of each phase. */
  phases: Record<PaginatePhase, number>
  /** Milliseconds of the whole run. */
  ms: number
  /** Pages kept as they were from the last run (`remember`); 0 on a first run. */
  kept: number
}
