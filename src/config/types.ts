import type { FromSchema } from 'json-schema-to-ts'
import type { frontMatterSchema, glossarySchema, guidelinesSchema, translationFrontMatterSchema, translationGlossarySchema, translationSchema } from './schema.js'

/**
 * The types of the YAML a project holds, derived from the JSON Schemas that validate it
 * (src/config/schema.ts), so the two cannot drift: a key optional in the schema is optional
 * here, and code must handle its absence.
 */

/** guidelines.yaml, validated. */
export type Guidelines = FromSchema<typeof guidelinesSchema>

/** Options of one edition (guidelines.yaml `editions.NAME`). */
export type EditionOptions = Guidelines['editions'][string]

/** A chapter or an annex: a titled list of sections. */
export type OutlineChapter = Guidelines['outline'][number]

/** A section of the outline (or a front-matter part): the unit writers contribute to. */
export type OutlineSection = OutlineChapter['sections'][number]

export type WorkplanTask = NonNullable<Guidelines['workplan']>[number]

/** Fields of a committee working document's first page. */
export type Submission = NonNullable<Guidelines['submission']>

/** One entry of glossary.yaml. */
export type GlossaryEntry = FromSchema<typeof glossarySchema>[number]

/** Front matter of a contribution. */
export type FrontMatter = FromSchema<typeof frontMatterSchema>

/** translations/LANG/guidelines.yaml. */
export type TranslationConfig = FromSchema<typeof translationSchema>

/** One entry of translations/LANG/glossary.yaml. */
export type TranslatedGlossaryEntry = FromSchema<typeof translationGlossarySchema>[number]

/** Front matter of a translated contribution. */
export type TranslationFrontMatter = FromSchema<typeof translationFrontMatterSchema>
