import type { EditionOptions, GlossaryEntry, Guidelines } from '../config/types.js'
import type { TextRenderer } from '../markdown/text.js'
import { formatLongDate } from './dates.js'
import type { Assembled, ListEntry, TocEntry } from './assemble.js'
import { toHtml } from 'hast-util-to-html'

/** What a template (`templates/NAME.hbs`) receives; docs/architecture.md lists every field. */
export interface TemplateContext {
  edition: EditionOptions & { name: string; review: boolean; paragraphNumbers: boolean }
  lang: string
  title: string
  subtitle?: string
  organisations: Array<{ code: string; name: string }>
  reference?: string
  editionText?: string
  date?: string
  dateText?: string
  submission: Record<string, string | undefined>
  css: string
  front: string
  body: string
  back: string
  footnotes: string
  toc: TocEntry[]
  figures: ListEntry[]
  tables: ListEntry[]
  acronyms: GlossaryEntry[]
  generator: string
  watermark?: string
  stamp?: string
  changes: string
}

/** Review editions' additions (src/review): the stamp line and the change summary page. */
export interface ReviewContext {
  /** The version stamp, one line. */
  stamp: string
  /** HTML of the change summary page (empty without `--compare`). */
  changes: string
  /** Whether the template places `{{{changes}}}` itself (else it opens the front matter). */
  placesChanges: boolean
  watermark: string
}

export interface ContextInput {
  config: Guidelines
  name: string
  edition: EditionOptions
  assembled: Assembled
  /** Glossary entries whose abbreviation this edition uses (the list of acronyms). */
  acronyms: GlossaryEntry[]
  /** Every style sheet of the edition, in cascade order. */
  css: string
  generator: string
  review?: ReviewContext
  /** Renders the submission texts (Markdown from authors). */
  text: TextRenderer
}

/**
 * The context of an edition's page shell: document fields from guidelines.yaml (the edition's
 * own `title`, `reference` and `submission` fields override the document's), the assembled
 * document as HTML strings, the lists templates print around it, and review additions.
 */
export async function templateContext(input: ContextInput): Promise<TemplateContext> {
  const { config, name, edition, assembled, review } = input
  const submission = { ...config.submission, ...edition.submission }
  return {
    edition: { name, ...edition, review: Boolean(edition.review), paragraphNumbers: edition.paragraphNumbers ?? true },
    lang: config.language,
    title: edition.title ?? config.title,
    subtitle: config.subtitle,
    organisations: config.organisations.map((code) => ({ code, name: config.contributors[code] ?? code })),
    reference: edition.reference ?? config.reference,
    editionText: config.edition,
    date: config.date,
    dateText: config.date ? formatLongDate(config.date) : undefined,
    submission: { ...submission, issuedText: submission.issued ? formatLongDate(submission.issued) : undefined, purposeHtml: await input.text.html(submission.purpose), actionRequiredHtml: await input.text.html(submission.actionRequired) },
    css: input.css,
    front: (review && !review.placesChanges ? review.changes : '') + toHtml(assembled.front),
    body: toHtml(assembled.body),
    back: toHtml(assembled.back),
    footnotes: assembled.footnotes ? toHtml(assembled.footnotes) : '',
    toc: assembled.toc,
    figures: assembled.figures,
    tables: assembled.tables,
    acronyms: [...input.acronyms].sort((a, b) => a.abbreviation!.localeCompare(b.abbreviation!)),
    generator: input.generator,
    watermark: review?.watermark,
    stamp: review?.stamp,
    changes: review?.changes ?? ''
  }
}
