import type { Heading, Paragraph, Table } from 'mdast'

/** What pass 1 learns of a contribution (markdown/remark-collect.ts); link/number.ts folds these across the document. */
export interface Collected {
  /** Root-level headings, in order (depth as written: `#` is 1). */
  headings: Heading[]
  /** Root-level body paragraphs that get paragraph numbers (figures excluded). */
  paragraphs: Paragraph[]
  /** Captioned tables, in order. */
  tables: Table[]
  /** Figure paragraphs (image alone with an id), in order. */
  figures: Paragraph[]
  /** Footnote labels in order of first reference. */
  footnotes: string[]
  /** Ids this contribution defines, in order, with the node that defines them. */
  ids: Array<{ id: string; kind: 'heading' | 'paragraph' | 'table' | 'figure'; node: Heading | Paragraph | Table }>
  /** First body use of each glossary abbreviation, and whether its term is written out there. */
  abbreviations: Map<string, { writtenOut: boolean }>
  /** First use in a footnote of each glossary abbreviation (expanded there only when the text never uses it). */
  noteAbbreviations: Map<string, { writtenOut: boolean }>
  /** Every glossary abbreviation used, also in footnotes and hyphenated compounds (`AEO-certified`); and every glossary term without one (its `term`). */
  mentions: Set<string>
  /** Glossary terms without an abbreviation, in order of first use in the text (not headings, links or code). */
  terms: string[]
}

declare module 'vfile' {
  interface DataMap {
    collected: Collected
  }
}
