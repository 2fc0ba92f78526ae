/**
 * JSON Schemas of the three kinds of YAML a project holds. They are the contract of
 * docs/source-format.md; `additionalProperties: false` everywhere so that a misspelt key is
 * reported (with a suggestion) instead of silently ignored.
 */
import { labelKeys } from '../i18n/labels.js'

const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' } as const
const code = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$' } as const
const date = { type: 'string', format: 'date' } as const
const text = { type: 'string', minLength: 1 } as const
const language = { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)*$' } as const
/** Overrides of the press's own words (src/i18n/labels.ts), by label name. */
const labels = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(labelKeys.map((key) => [key, { type: 'string' }])) as Record<(typeof labelKeys)[number], { type: 'string' }>
} as const

const section = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title'],
  properties: {
    id,
    title: text,
    writers: { type: 'array', items: code },
    peers: { type: 'array', items: code },
    due: date
  }
} as const

const chapter = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'sections'],
  properties: { id, title: text, sections: { type: 'array', items: section } }
} as const

const submission = {
  type: 'object',
  additionalProperties: false,
  properties: {
    committee: text,
    session: text,
    meetingDates: text,
    place: text,
    issued: date,
    agendaItem: text,
    topic: text,
    purpose: text,
    actionRequired: text
  }
} as const

const edition = {
  type: 'object',
  additionalProperties: false,
  required: ['template'],
  properties: {
    template: id,
    /** What the edition is written as: output/NAME.pdf (and .html), or output/NAME.docx (src/word). */
    format: { anyOf: [{ enum: ['pdf', 'docx'] }, { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['pdf', 'docx'] } }] },
    paragraphNumbers: { type: 'boolean' },
    numbering: { enum: ['outline', 'decimal'] },
    review: { type: 'boolean' },
    watermark: { type: 'string' },
    lineNumbers: { type: 'boolean' },
    strict: { type: 'boolean' },
    body: text,
    sectionOrder: { type: 'object', additionalProperties: { type: 'array', items: code } },
    title: text,
    reference: text,
    submission,
    language,
    /** A bilingual review copy: the two languages side by side (`[en, fr]`), source first. */
    parallel: { type: 'array', minItems: 2, maxItems: 2, items: language }
  }
} as const

export const guidelinesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'language', 'organisations', 'contributors', 'outline', 'editions'],
  properties: {
    title: text,
    subtitle: text,
    language,
    organisations: { type: 'array', minItems: 1, items: code },
    reference: text,
    edition: text,
    date,
    keywords: { type: 'array', items: text },
    labels,
    submission,
    contributors: {
      type: 'object',
      propertyNames: code,
      additionalProperties: text
    },
    front: { type: 'array', items: section },
    outline: { type: 'array', minItems: 1, items: chapter },
    annexes: { type: 'array', items: chapter },
    workplan: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'task'],
        properties: { id, task: text, due: date, done: { type: 'boolean' } }
      }
    },
    editions: { type: 'object', minProperties: 1, propertyNames: id, additionalProperties: edition },
    // Words of capitals that are not abbreviations (`GET`, `ORDER BY`): never `glossary-unknown-abbreviation`.
    abbreviations: {
      type: 'object',
      additionalProperties: false,
      properties: { ignore: { type: 'array', items: { type: 'string', pattern: '^\\S+( \\S+)*$' } } }
    }
  }
} as const

export const glossarySchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['term', 'definition'],
    properties: { term: text, abbreviation: { type: 'string', pattern: '^\\S+$' }, definition: text }
  }
} as const

export const frontMatterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['section', 'writer'],
  properties: {
    section: id,
    writer: code,
    status: { enum: ['draft', 'peer-reviewed', 'final'] },
    submitted: date
  }
} as const

/** The text fields of a submission (a translation gives these, not the date). */
const submissionTexts = {
  type: 'object',
  additionalProperties: false,
  properties: {
    committee: text,
    session: text,
    meetingDates: text,
    place: text,
    agendaItem: text,
    topic: text,
    purpose: text,
    actionRequired: text
  }
} as const

/** translations/LANG/guidelines.yaml: the document's texts in that language; every key optional. */
export const translationSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    title: text,
    subtitle: text,
    edition: text,
    submission: submissionTexts,
    titles: { type: 'object', propertyNames: id, additionalProperties: text },
    contributors: { type: 'object', propertyNames: code, additionalProperties: text },
    labels
  }
} as const

/** translations/LANG/glossary.yaml: each entry names the source entry it translates by its `term`. */
export const translationGlossarySchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'term', 'definition'],
    properties: { source: text, term: text, abbreviation: { type: 'string', pattern: '^\\S+$' }, definition: text }
  }
} as const

/** Front matter of a translated contribution: what it translates, and the source's keys (which must match). */
export const translationFrontMatterSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    translates: { type: 'string', pattern: '^[0-9a-f]{7,64}$' },
    section: id,
    writer: code,
    status: { enum: ['draft', 'peer-reviewed', 'final'] },
    submitted: date
  }
} as const

/** The schemas by name: scripts/compile.mjs turns each into a precompiled validator (dist/config/validators.js). */
export const schemas: Record<string, object> = { guidelines: guidelinesSchema, glossary: glossarySchema, frontMatter: frontMatterSchema, translation: translationSchema, translationGlossary: translationGlossarySchema, translationFrontMatter: translationFrontMatterSchema }

/**
 * Options of the validator (the same when compiled at run time and ahead of it). `verbose`
 * gives each error its `parentSchema`: the allowed keys for the did-you-mean of an unknown key.
 */
export const validatorOptions = { allErrors: true, strict: false, verbose: true } as const

/** A fingerprint of a schema: a precompiled validator serves only the schema it was made from. */
export function schemaFingerprint(schema: object): string {
  const text = JSON.stringify(schema)
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0
  return `${text.length}-${hash.toString(16)}`
}
