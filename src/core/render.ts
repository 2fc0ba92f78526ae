import type { Root as Hast } from 'hast'
import type { Root as Mdast } from 'mdast'
import type { VFile } from 'vfile'
import type { EditionOptions } from '../config/types.js'
import { labelsFor, type Labels } from '../i18n/labels.js'
import type { Collected } from '../model/collected.js'
import { glossaryAnchor, type GlossaryTerm } from '../model/glossary.js'
import type { Translation } from '../model/project.js'
import type { Target } from '../model/targets.js'
import { createOutline, type Outline, type SectionUnit } from '../outline/model.js'
import { orderContributions, type SectionContributions } from '../outline/check.js'
import { numberDocument, withNumbers, type Numbered, type SectionContent } from '../link/number.js'
import { termLinks } from '../link/glossary-terms.js'
import { pause } from '../pause.js'
import { createRenderer, render } from '../markdown/processor.js'
import { report } from '../report/rules.js'
import type { Parsed, ParsedLanguage } from './parse.js'

/** One rendered contribution, ready to be placed in its section. */
export interface RenderedContribution {
  /** Project-relative path of the file printed (the translation's, in a language edition). */
  source: string
  /** The file printed (absent for text the review copy shows from an earlier version). */
  file?: VFile
  writer: string
  writerName: string
  status?: string
  tree: Hast
  /** Language of the text printed (BCP 47). */
  language?: string
  /** A language edition prints the source text of a contribution not translated yet: marked so. */
  untranslated?: boolean
}

/** A section with its rendered contributions (in print order) and the writers still missing. */
export interface RenderedSection {
  section: SectionUnit
  contributions: RenderedContribution[]
  missing: string[]
}

/**
 * What a document is made of, when it is not the outline of guidelines.yaml: the progress
 * edition renders its body as one section under its own heading style, with extra targets.
 */
export interface DocumentPlan {
  outline: Outline
  /** Sections in print order (units need not be in `outline`). */
  groups: readonly SectionContributions[]
  headings?: 'section' | 'part'
  /** Targets besides the outline's (generated annexes; the glossary's for the outline's document). */
  targets?: readonly Target[]
}

/** How one edition numbers and renders the document. */
export interface DocumentOptions extends Pick<EditionOptions, 'numbering' | 'paragraphNumbers' | 'sectionOrder' | 'language'> {
  /** Where the edition is written: image paths are made relative to it. */
  outputDir: string
  /** Another plan than the outline of guidelines.yaml (the progress edition). */
  plan?: DocumentPlan
  /** Stops the rendering (Ctrl-C, SIGTERM): checked between contributions. */
  signal?: AbortSignal
}

/** One edition's document: its outline, its numbers, and every contribution rendered to HTML. */
export interface RenderedDocument {
  /** The edition's language (BCP 47). */
  language: string
  /** The press's words in that language. */
  labels: Labels
  outline: Outline
  numbered: Numbered
  sections: RenderedSection[]
  /** The glossary in the edition's language (anchors are the source entries'). */
  glossary: GlossaryTerm[]
  /** Anchors of the glossary entries the document uses (in any language it prints). */
  usedGlossary: Set<string>
}

/** What a contribution prints in an edition: its translation's text, or its source's. */
interface PrintedText {
  file: VFile
  tree: Mdast
  /** For a translation: what pass 1 collected of its source, whose numbers it takes. */
  source?: Collected
  language: string
  untranslated: boolean
}

/** One edition numbered (the fold), before pass 2: what `renderDocument` renders, and what `status` needs. */
export interface NumberedEdition extends Omit<RenderedDocument, 'sections'> {
  /**
   * In a language edition, the references as the source's language writes them ("paragraph
   * 17", "Table 4"), with the same numbers: what a contribution printed untranslated says.
   */
  sourceTargets?: Numbered['targets']
  plan: DocumentPlan
  content: SectionContent[]
  printed: Map<VFile, PrintedText>
  parsedLanguage: ParsedLanguage | undefined
  translation: Translation | undefined
}

/**
 * Number one edition of a parsed project, without rendering it: the fold across the document
 * in print order (`numberDocument`) with the edition's outline, labels and language.
 *
 * An edition in another language than the document's prints each contribution's translation
 * (parsed by `parseAll` for that language), numbered as its source so that numbers and
 * references are the same in every language, with the outline's titles, the glossary and the
 * press's words in that language; a contribution not translated yet is reported
 * (`translation-missing`) and printed in its source language, marked `untranslated`.
 */
export function numberEdition(parsed: Parsed, options: DocumentOptions): NumberedEdition {
  const { project, config, trees } = parsed
  const numbering = options.numbering ?? 'outline'
  const language = options.language ?? config.language
  const foreign = language !== config.language
  const parsedLanguage = foreign ? parsed.languages.get(language) : undefined
  const translation = foreign ? project.translations.get(language) : undefined
  const labels = labelsFor(language, foreign ? translation?.config.labels : config.labels)
  const glossary: GlossaryTerm[] = parsedLanguage?.glossary ?? project.glossary.map((entry) => ({ ...entry, anchor: glossaryAnchor(entry) }))
  const plan = options.plan ?? outlinePlan(parsed, options, labels, translation?.config.titles, glossary)
  const { outline } = plan
  const unitOf = (section: SectionUnit) => (outline.byId.get(section.id) as SectionUnit | undefined) ?? section

  // What each contribution prints in this edition: its translation, or its source text.
  const printed = new Map<VFile, PrintedText>()
  for (const { contributions } of plan.groups) {
    for (const { file } of contributions) {
      const tree = trees.get(file)
      if (!tree) continue
      const translated = parsedLanguage?.contributions.get(file)
      if (translated) {
        printed.set(file, { file: translated.translated.file, tree: translated.tree, source: file.data.collected, language, untranslated: false })
        continue
      }
      if (foreign && !options.plan) {
        report(file, 'translation-missing', `Expected a translation into \`${language}\` at translations/${language}/${file.path}, found none (printed in the source language, marked as not translated)`, { line: 1, column: 1 })
      }
      printed.set(file, { file, tree, language: config.language, untranslated: foreign })
    }
  }
  const content: SectionContent[] = plan.groups.map(({ section, contributions }) => ({
    section: unitOf(section),
    contributions: contributions.flatMap((c) => {
      const p = printed.get(c.file)
      return p ? [{ file: p.file, collected: p.file.data.collected!, source: p.source }] : []
    })
  }))
  const numbered = numberDocument(outline, content, { numbering, paragraphNumbers: options.paragraphNumbers ?? true, headings: plan.headings, labels })
  for (const target of plan.targets ?? []) numbered.targets.set(target.id, target)
  // The glossary belongs to the document of the outline (a plan's document prints none).
  if (!options.plan && !foreign) {
    project.glossary.forEach((entry, index) => {
      if (entry.abbreviation && !numbered.used.has(entry.abbreviation)) {
        report(project.glossaryFile, 'glossary-unused', `Unexpected unused abbreviation \`${entry.abbreviation}\`, expected a use in some contribution (or remove the entry)`, project.locateGlossary([index, 'abbreviation']))
      }
      // A term without an abbreviation: its uses are noted in `used` by its term (src/link/glossary-terms.ts).
      if (!entry.abbreviation && !numbered.used.has(entry.term)) {
        report(project.glossaryFile, 'glossary-unused', `Unexpected unused term \`${entry.term}\`, expected a use in some contribution (or remove the entry)`, project.locateGlossary([index, 'term']))
      }
    })
  }
  const usedGlossary = new Set<string>()
  for (const entry of [...glossary, ...project.glossary]) if (numbered.used.has(entry.abbreviation ?? entry.term)) usedGlossary.add(glossaryAnchor(entry))
  // Untranslated text refers in its own language: the same fold with the source's words (only
  // its targets are kept; its messages are the same as the edition's, and deduplicated).
  let sourceTargets: Numbered['targets'] | undefined
  if (foreign && !options.plan && [...printed.values()].some((p) => p.untranslated)) {
    const sourceLabels = labelsFor(config.language, config.labels)
    const sourceOutline = createOutline(config, numbering, { labels: sourceLabels })
    const sourceContent = content.map((c) => ({ ...c, section: (sourceOutline.byId.get(c.section.id) as SectionUnit | undefined) ?? c.section }))
    sourceTargets = numberDocument(sourceOutline, sourceContent, { numbering, paragraphNumbers: options.paragraphNumbers ?? true, headings: plan.headings, labels: sourceLabels }).targets
    for (const entry of project.glossary) sourceTargets.set(glossaryAnchor(entry), { id: glossaryAnchor(entry), kind: 'glossary', label: entry.abbreviation ?? entry.term, title: entry.term })
  }
  return { language, labels, outline, numbered, sourceTargets, glossary, usedGlossary, plan, content, printed, parsedLanguage, translation }
}

/**
 * Number and render one edition of a parsed project: fold the numbers across the document in
 * print order (`numberEdition`), resolve references, glossary uses and footnotes, and turn
 * each contribution into sanitized HTML (pass 2). Pure as to `parsed`: the shared trees are
 * not changed (numbers live in `numbered.nodes` and are printed on copies), so editions with
 * different numbering can render from one parse, even at the same time. Messages go on the
 * files (identical ones from several editions are removed by the report's filters).
 */
export async function renderDocument(parsed: Parsed, options: DocumentOptions): Promise<RenderedDocument> {
  const { project, matcher } = parsed
  const { language, labels, outline, numbered, sourceTargets, glossary, usedGlossary, plan, content, printed, parsedLanguage, translation } = numberEdition(parsed, options)
  // Glossary terms without an abbreviation: linked at their first use in each chapter.
  const terms = termLinks(content)
  const renderers = new Map<string, ReturnType<typeof createRenderer>>()
  const rendererFor = (text: PrintedText) => {
    const key = text.untranslated ? 'source' : 'edition'
    let renderer = renderers.get(key)
    if (!renderer) {
      const own = text.untranslated || !parsedLanguage ? matcher : parsedLanguage.matcher
      renderer = createRenderer({ targets: text.untranslated && sourceTargets ? sourceTargets : numbered.targets, matcher: own, footnotes: numbered.footnotes, expand: numbered.expand, terms, root: project.root, outputDir: options.outputDir, language: text.language })
      renderers.set(key, renderer)
    }
    return renderer
  }
  const sections: RenderedSection[] = []
  for (const [index, { contributions }] of plan.groups.entries()) {
    const out: RenderedSection = { section: content[index]!.section, contributions: [], missing: plan.groups[index]!.missing }
    for (const { file, meta } of contributions) {
      const text = printed.get(file)
      if (!text || !meta) continue
      await pause(options.signal) // Ctrl-C is handled between contributions
      const hast = await render(rendererFor(text), withNumbers(text.tree, text.file.data.collected!, numbered.nodes), text.file)
      out.contributions.push({ source: text.file.path, file: text.file, writer: meta.writer, writerName: writerName(parsed, translation, meta.writer), status: meta.status, tree: hast, language: text.language, ...(text.untranslated ? { untranslated: true } : {}) })
    }
    sections.push(out)
  }
  return { language, labels, outline, numbered, sections, glossary, usedGlossary }
}

/** A contributor's name in the edition's language (a translation's `contributors`), else guidelines.yaml's. */
function writerName(parsed: Parsed, translation: Translation | undefined, code: string): string {
  return translation?.config.contributors?.[code] ?? parsed.config.contributors[code] ?? code
}

/** The document of guidelines.yaml's outline, numbered and titled as the edition asks, with the glossary's entries as targets. */
function outlinePlan(parsed: Parsed, options: DocumentOptions, labels: Labels, titles: Readonly<Record<string, string>> | undefined, glossary: readonly GlossaryTerm[]): DocumentPlan {
  const targets = glossary.map((entry): Target => ({ id: glossaryAnchor(entry), kind: 'glossary', label: entry.abbreviation ?? entry.term, title: entry.term }))
  return { outline: createOutline(parsed.config, options.numbering ?? 'outline', { labels, titles, language: options.language }), groups: orderContributions(parsed.groups, options.sectionOrder), targets }
}
