import type { Root as Hast } from 'hast'
import type { VFile } from 'vfile'
import type { EditionOptions } from '../config/types.js'
import { glossaryAnchor } from '../model/glossary.js'
import type { Target } from '../model/targets.js'
import { createOutline, type Outline, type SectionUnit } from '../outline/model.js'
import { orderContributions, type SectionContributions } from '../outline/check.js'
import { numberDocument, withNumbers, type Numbered, type SectionContent } from '../link/number.js'
import { createRenderer, render } from '../markdown/processor.js'
import { report } from '../report/rules.js'
import type { Parsed } from './parse.js'

/** One rendered contribution, ready to be placed in its section. */
export interface RenderedContribution {
  /** Project-relative path of the source. */
  source: string
  /** The source's file (absent for text the review copy shows from an earlier version). */
  file?: VFile
  writer: string
  writerName: string
  status?: string
  tree: Hast
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
  /** Targets besides the outline's and the glossary's (generated annexes). */
  targets?: readonly Target[]
}

/** How one edition numbers and renders the document. */
export interface DocumentOptions extends Pick<EditionOptions, 'numbering' | 'paragraphNumbers' | 'sectionOrder'> {
  /** Where the edition is written: image paths are made relative to it. */
  outputDir: string
  /** Another plan than the outline of guidelines.yaml (the progress edition). */
  plan?: DocumentPlan
}

/** One edition's document: its outline, its numbers, and every contribution rendered to HTML. */
export interface RenderedDocument {
  outline: Outline
  numbered: Numbered
  sections: RenderedSection[]
}

/**
 * Number and render one edition of a parsed project: fold the numbers across the document in
 * print order (`numberDocument`), resolve references, glossary uses and footnotes, and turn
 * each contribution into sanitized HTML (pass 2). Pure as to `parsed`: the shared trees are
 * not changed (numbers live in `numbered.nodes` and are printed on copies), so editions with
 * different numbering can render from one parse, even at the same time. Messages go on the
 * files (identical ones from several editions are removed by the report's filters).
 */
export async function renderDocument(parsed: Parsed, options: DocumentOptions): Promise<RenderedDocument> {
  const { project, config, trees, matcher } = parsed
  const numbering = options.numbering ?? 'outline'
  const plan = options.plan ?? outlinePlan(parsed, options)
  const { outline } = plan
  const unitOf = (section: SectionUnit) => (outline.byId.get(section.id) as SectionUnit | undefined) ?? section
  const content: SectionContent[] = plan.groups.map(({ section, contributions }) => ({
    section: unitOf(section),
    contributions: contributions.filter((c) => trees.has(c.file)).map((c) => ({ file: c.file, collected: c.file.data.collected! }))
  }))
  const numbered = numberDocument(outline, content, { numbering, paragraphNumbers: options.paragraphNumbers ?? true, headings: plan.headings })
  for (const target of plan.targets ?? []) numbered.targets.set(target.id, target)
  // The glossary belongs to the document of the outline (a plan's document prints none).
  if (!options.plan) {
    project.glossary.forEach((entry, index) => {
      if (entry.abbreviation && !numbered.used.has(entry.abbreviation)) {
        report(project.glossaryFile, 'glossary-unused', `Unexpected unused abbreviation \`${entry.abbreviation}\`, expected a use in some contribution (or remove the entry)`, project.locateGlossary([index, 'abbreviation']))
      }
    })
  }

  const renderer = createRenderer({ targets: numbered.targets, matcher, footnotes: numbered.footnotes, expand: numbered.expand, root: project.root, outputDir: options.outputDir })
  const sections: RenderedSection[] = []
  for (const [index, { section, contributions }] of plan.groups.entries()) {
    const out: RenderedSection = { section: content[index]!.section, contributions: [], missing: plan.groups[index]!.missing }
    for (const { file, meta } of contributions) {
      const tree = trees.get(file)
      if (!tree || !meta) continue
      const hast = await render(renderer, withNumbers(tree, file.data.collected!, numbered.nodes), file)
      out.contributions.push({ source: file.path, file, writer: meta.writer, writerName: config.contributors[meta.writer] ?? meta.writer, status: meta.status, tree: hast })
    }
    sections.push(out)
  }
  return { outline, numbered, sections }
}

/** The document of guidelines.yaml's outline, numbered as `options` asks, with the glossary's entries as targets. */
function outlinePlan(parsed: Parsed, options: DocumentOptions): DocumentPlan {
  const targets = parsed.project.glossary.map((entry): Target => ({ id: glossaryAnchor(entry), kind: 'glossary', label: entry.abbreviation ?? entry.term, title: entry.term }))
  return { outline: createOutline(parsed.config, options.numbering ?? 'outline'), groups: orderContributions(parsed.groups, options.sectionOrder), targets }
}
