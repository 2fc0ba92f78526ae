import type { EditionOptions, GlossaryEntry, Guidelines, TranslatedGlossaryEntry, TranslationConfig } from '../config/types.js'
import type { TextRenderer } from '../markdown/text.js'
import { formatLongDate } from '../i18n/dates.js'
import { formatLabel, type Labels } from '../i18n/labels.js'
import { typeset } from '../i18n/typography.js'
import type { Assembled, ListEntry, TocEntry } from './assemble.js'
import { toHtml } from 'hast-util-to-html'

/** What a template (`templates/NAME.hbs`) receives; docs/architecture.md lists every field. */
export interface TemplateContext {
  edition: EditionOptions & { name: string; review: boolean; paragraphNumbers: boolean }
  lang: string
  /** The press's words in the edition's language, placeholders filled where the document says what they are. */
  labels: Record<string, string>
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
  /** The edition's language and words; the document's texts in that language (a translation's guidelines.yaml). */
  language: string
  labels: Labels
  translation?: TranslationConfig
  assembled: Assembled
  /** Glossary entries whose abbreviation this edition uses (the list of acronyms). */
  acronyms: GlossaryEntry[]
  /** Every style sheet of the edition, in cascade order. */
  css: string
  generator: string
  review?: ReviewContext
  /** Renders the submission texts (Markdown from authors). */
  text: TextRenderer
  /** The organisations' abbreviations in the edition's language, where they differ (WCO -> OMD; `organisationCodes`). */
  codes?: Readonly<Record<string, string>>
}

/**
 * One organisation in "of the WCO or the IAPH", as each language repeats the preposition and the
 * article: "de l’OMD" (elided before a vowel; "du" else), "de la OMA" (organisations are
 * feminine in Spanish: organización, asociación); "the WCO" (English says "of" once, before the list).
 */
function ofThe(code: string, language: string): string {
  if (language.startsWith('fr')) return /^[AEIOUYÉ]/i.test(code) ? `de l’${code}` : `du ${code}`
  if (language.startsWith('es')) return `de la ${code}`
  return `the ${code}`
}

/**
 * The organisations' abbreviations in a translation's language: the translated glossary's
 * abbreviation of the source entry that an organisation's code abbreviates (WCO -> OMD in
 * French, OMA in Spanish). Codes without such an entry stay as they are (IAPH).
 */
export function organisationCodes(codes: readonly string[], glossary: readonly GlossaryEntry[], translated: ReadonlyArray<TranslatedGlossaryEntry> = []): Record<string, string> {
  const out: Record<string, string> = {}
  for (const code of codes) {
    const source = glossary.find((entry) => entry.abbreviation === code)
    const abbreviation = source && translated.find((entry) => entry.source === source.term)?.abbreviation
    if (abbreviation && abbreviation !== code) out[code] = abbreviation
  }
  return out
}

/**
 * The context of an edition's page shell: document fields from guidelines.yaml (the edition's
 * own `title`, `reference` and `submission` fields override the document's), the assembled
 * document as HTML strings, the lists templates print around it, and review additions.
 */
export async function templateContext(input: ContextInput): Promise<TemplateContext> {
  const { config, name, edition, assembled, review, language, labels, translation } = input
  const text = (value: string | undefined) => (value === undefined ? undefined : typeset(value, language))
  const submission = { ...config.submission, ...translation?.submission, ...edition.submission }
  const organisations = config.organisations.map((code) => ({ code: input.codes?.[code] ?? code, name: translation?.contributors?.[code] ?? config.contributors[code] ?? code }))
  const reference = edition.reference ?? config.reference
  const dateText = config.date ? formatLongDate(config.date, language) : undefined
  const issuedText = submission.issued ? formatLongDate(submission.issued, language) : undefined
  const list = (items: string[], and: string) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`)
  const conjunction = { and: language.startsWith('fr') ? 'et' : language.startsWith('es') ? 'y' : 'and', or: language.startsWith('fr') ? 'ou' : language.startsWith('es') ? 'o' : 'or' }
  const values = {
    item: submission.agendaItem ?? '',
    committee: text(submission.committee) ?? '',
    reference: reference ?? '',
    year: config.date ? config.date.slice(0, 4) : String(new Date().getUTCFullYear()),
    holders: list(organisations.map((o) => `${o.name} (${o.code})`), conjunction.and),
    codes: list(organisations.map((o) => o.code), conjunction.or),
    'the-codes': list(organisations.map((o) => (language.startsWith('en') ? `the ${o.code}` : o.code)), conjunction.or),
    'of-the-codes': `${language.startsWith('fr') || language.startsWith('es') ? '' : 'of '}${list(organisations.map((o) => ofThe(o.code, language)), conjunction.or)}`,
    generator: input.generator
  }
  const filled = Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, formatLabel(label, values)]))
  return {
    edition: { name, ...edition, review: Boolean(edition.review), paragraphNumbers: edition.paragraphNumbers ?? true },
    lang: language,
    labels: filled,
    title: text(edition.title ?? translation?.title ?? config.title)!,
    subtitle: text(translation?.subtitle ?? config.subtitle),
    organisations,
    reference,
    editionText: text(translation?.edition ?? config.edition),
    date: config.date,
    dateText,
    submission: {
      ...Object.fromEntries(Object.entries(submission).map(([key, value]) => [key, key === 'issued' || key === 'purpose' || key === 'actionRequired' ? value : text(value)])),
      issuedText,
      purposeHtml: await input.text.html(submission.purpose),
      actionRequiredHtml: await input.text.html(submission.actionRequired)
    },
    css: input.css,
    front: (review && !review.placesChanges ? review.changes : '') + toHtml(assembled.front),
    body: toHtml(assembled.body),
    back: toHtml(assembled.back),
    footnotes: assembled.footnotes ? toHtml(assembled.footnotes) : '',
    toc: assembled.toc,
    figures: assembled.figures,
    tables: assembled.tables,
    acronyms: [...input.acronyms].sort((a, b) => a.abbreviation!.localeCompare(b.abbreviation!, language)),
    generator: input.generator,
    watermark: review?.watermark,
    stamp: review?.stamp,
    changes: review?.changes ?? ''
  }
}
