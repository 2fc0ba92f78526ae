import os from 'node:os'
import path from 'node:path'
import type { Root as Hast, RootContent } from 'hast'
import type { Root as Mdast } from 'mdast'
import { toHtml } from 'hast-util-to-html'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { readYaml } from '../../src/config/yaml.js'
import { glossarySchema, guidelinesSchema } from '../../src/config/schema.js'
import type { GlossaryEntry, Guidelines } from '../../src/config/types.js'
import { readContribution, type Project } from '../../src/load/project.js'
import { createOutline, type Numbering } from '../../src/outline/model.js'
import { checkOutline } from '../../src/outline/check.js'
import { createAbbreviationMatcher, glossaryAnchor } from '../../src/markdown/util/abbreviations.js'
import { createParser, createRenderer, render } from '../../src/markdown/processor.js'
import { numberDocument, type Numbered, type SectionContent } from '../../src/link/number.js'

/**
 * The outline most tests write against: three chapters (the third with three sections), two
 * annexes, and the contributors WCO, IAPH and BG.
 */
export const defaultConfig = `title: Test Guidelines
language: en
organisations: [WCO, IAPH]
contributors:
  WCO: World Customs Organization
  IAPH: International Association of Ports and Harbors
  BG: Bulgaria
outline:
  - id: introduction
    title: Introduction
    sections:
      - id: purpose
        title: Purpose
        writers: [WCO, IAPH]
        peers: [BG]
        due: 2022-05-22
      - id: scope
        title: Scope
        writers: [IAPH]
  - id: cooperation
    title: Cooperation
    sections:
      - id: need
        title: Need for cooperation
        writers: [BG]
  - id: digitalization
    title: Digitalization
    sections:
      - id: pcs
        title: Port Community Systems
        writers: [WCO]
      - id: single-window
        title: Single Window
        writers: [WCO]
      - id: data
        title: Data exchange
        writers: [WCO, BG]
annexes:
  - id: mou-annex
    title: Model MoU
    sections:
      - id: mou
        title: The model
        writers: [WCO]
  - id: checklist-annex
    title: Checklist
    sections:
      - id: checklist
        title: The checklist
        writers: [IAPH]
editions:
  doc:
    template: wco-working-document
`

/** Glossary used by default: three abbreviations and one entry without. */
export const defaultGlossary = `- term: Authorized Economic Operator
  abbreviation: AEO
  definition: A party approved by Customs as complying with supply chain security standards.
- term: Port Community System
  abbreviation: PCS
  definition: A neutral electronic platform that connects the systems of a port community.
- term: Coordinated Border Management
  abbreviation: CBM
  definition: Coordination of border agencies.
- term: Single Window
  definition: A facility for lodging standardized information at a single entry point.
`

export interface MemoryProject {
  /** guidelines.yaml text; `defaultConfig` when absent. */
  config?: string
  /** glossary.yaml text; `defaultGlossary` when absent. */
  glossary?: string
  /** Contributions: path relative to the root -> Markdown with front matter. */
  files: Record<string, string>
  /** Root that image paths resolve against (default: a folder that holds nothing). */
  root?: string
}

export interface PipelineOptions {
  numbering?: Numbering
  paragraphNumbers?: boolean
}

export interface PipelineResult {
  project: Project
  /** Configuration, glossary and contribution files (with their messages). */
  files: VFile[]
  /** Contribution file by path. */
  file: (relative: string) => VFile
  numbered: Numbered | undefined
  /** Rendered HTML of each contribution (by path), one top-level block a line. */
  html: Map<string, string>
}

/**
 * Run the stages `build.ts` chains, in memory: validate the YAML, pass 1 (parse, attributes,
 * collect) on every contribution, the outline check, the fold (`numberDocument`) and pass 2
 * (references, glossary, footnotes, HTML). Nothing is read from disk except images under `root`.
 */
export async function runPipeline(input: MemoryProject, options: PipelineOptions = {}): Promise<PipelineResult> {
  const root = input.root ?? path.join(os.tmpdir(), 'guidelines-press-no-such-root')
  const numbering = options.numbering ?? 'outline'
  const configText = input.config ?? defaultConfig
  const configFile = new VFile({ cwd: root, path: 'guidelines.yaml', value: configText })
  const config = readYaml<Guidelines>(configFile, configText, guidelinesSchema, { rule: 'config-invalid' })
  const glossaryText = input.glossary ?? defaultGlossary
  const glossaryFile = new VFile({ cwd: root, path: 'glossary.yaml', value: glossaryText })
  const glossary = readYaml<GlossaryEntry[]>(glossaryFile, glossaryText, glossarySchema, { rule: 'glossary-invalid' })
  const contributions = Object.keys(input.files)
    .sort()
    .map((relative) => readContribution(new VFile({ cwd: root, path: relative, value: input.files[relative]! })))
  const project: Project = {
    root,
    configFile,
    config: config.data,
    locateConfig: config.locate,
    glossaryFile,
    glossary: glossary.data ?? [],
    locateGlossary: glossary.locate,
    contributions
  }
  const files = [configFile, glossaryFile, ...contributions.map((c) => c.file)]
  const file = (relative: string) => {
    const found = contributions.find((c) => c.file.path === relative)
    if (!found) throw new Error(`No contribution ${relative}`)
    return found.file
  }
  const html = new Map<string, string>()
  if (!config.data) return { project, files, file, numbered: undefined, html }

  const matcher = createAbbreviationMatcher(project.glossary)
  const parser = createParser({ matcher })
  const trees = new Map<VFile, Mdast>()
  for (const contribution of contributions) {
    if (!contribution.meta) continue
    const tree = parser.parse(contribution.file)
    parser.runSync(tree, contribution.file)
    trees.set(contribution.file, tree)
  }
  const outline = createOutline(config.data, numbering)
  const grouped = checkOutline(project, config.data, outline)
  const content: SectionContent[] = grouped.map(({ section, contributions: list }) => ({
    section: outline.byId.get(section.id) as SectionContent['section'],
    contributions: list.filter((c) => trees.has(c.file)).map((c) => ({ file: c.file, collected: c.file.data.collected! }))
  }))
  const numbered = numberDocument(outline, content, { numbering, paragraphNumbers: options.paragraphNumbers ?? true })
  for (const entry of project.glossary) {
    numbered.targets.set(glossaryAnchor(entry), { id: glossaryAnchor(entry), kind: 'glossary', label: entry.abbreviation ?? entry.term, title: entry.term })
  }
  const renderer = createRenderer({ targets: numbered.targets, matcher, root, outputDir: path.join(root, 'output') })
  for (const { contributions: list } of content) {
    for (const { file: source } of list) {
      source.data.link = { footnotes: numbered.footnotes.get(source) ?? new Map(), expand: numbered.expand.get(source) ?? new Map() }
      html.set(source.path, formatHtml(await render(renderer, trees.get(source)!, source)))
    }
  }
  return { project, files, file, numbered, html }
}

/**
 * Serialize HTML for comparison: one top-level block a line, white space between blocks
 * dropped. `data-line` (source lines for the proof-reader mapping) is left out: it has its
 * own tests and would make every fixture depend on line numbers.
 */
export function formatHtml(tree: Hast): string {
  visit(tree, 'element', (node) => {
    delete node.properties['dataLine']
  })
  return tree.children
    .filter((node: RootContent) => !(node.type === 'text' && node.value.trim() === ''))
    .map((node) => toHtml(node))
    .join('\n')
    .concat('\n')
}

/** Messages of a file as the reporter would print their place and reason. */
export function messages(file: VFile): string[] {
  return file.messages.map(String)
}

/** A contribution with front matter. */
export function contribution(section: string, writer: string, body: string): string {
  return `---\nsection: ${section}\nwriter: ${writer}\nstatus: draft\n---\n\n${body}`
}
