import os from 'node:os'
import path from 'node:path'
import type { Root as Hast, RootContent } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { loadProject, type Project } from '../../src/load/project.js'
import { memoryReader } from '../../src/load/readers.js'
import type { Numbering } from '../../src/outline/model.js'
import type { Numbered } from '../../src/link/number.js'
import { parseAll } from '../../src/core/parse.js'
import { renderDocument } from '../../src/core/render.js'

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
 * Run the document stages in memory, as `build` does: load (through a memory reader), pass 1
 * and the outline check (`parseAll`), then one edition's numbering and pass 2
 * (`renderDocument`). Nothing is read from disk except images under `root`.
 */
export async function runPipeline(input: MemoryProject, options: PipelineOptions = {}): Promise<PipelineResult> {
  const root = input.root ?? path.join(os.tmpdir(), 'guidelines-press-no-such-root')
  const files: Record<string, string> = { 'guidelines.yaml': input.config ?? defaultConfig, 'glossary.yaml': input.glossary ?? defaultGlossary }
  for (const [relative, text] of Object.entries(input.files)) files[`sections/${relative}`] = text
  const project = await loadProject(memoryReader(root, files))
  // Tests name contributions without the sections/ folder.
  for (const contribution of project.contributions) contribution.file.path = contribution.file.path.replace(/^sections\//, '')
  const all = [project.configFile, project.glossaryFile, ...project.contributions.map((c) => c.file)]
  const file = (relative: string) => {
    const found = project.contributions.find((c) => c.file.path === relative)
    if (!found) throw new Error(`No contribution ${relative}`)
    return found.file
  }
  const html = new Map<string, string>()
  const parsed = await parseAll(project)
  if (!parsed) return { project, files: all, file, numbered: undefined, html }
  const document = await renderDocument(parsed, { numbering: options.numbering, paragraphNumbers: options.paragraphNumbers, outputDir: path.join(root, 'output') })
  for (const section of document.sections) for (const contribution of section.contributions) html.set(contribution.source, formatHtml(contribution.tree))
  return { project, files: all, file, numbered: document.numbered, html }
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
