// A small project for the Word tests, written into a fresh git repository: chapters, sections and
// an annex, numbered paragraphs with bold and italic runs, headings, a nested list, a captioned
// table, an SVG figure, footnotes (one with italics), references to a table, a section and a
// paragraph, a glossary abbreviation, a link; a PDF edition and DOCX editions in English and French.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const config = `title: Guidelines on Port Cooperation
subtitle: A test of Word editions
language: en
organisations: [WCO, IAPH]
reference: PC0001Ea
date: 2023-05-31
submission:
  committee: Permanent Technical Committee
  session: 240th Session
  place: Brussels
  issued: 2023-04-03
  agendaItem: IV
  topic: Customs-Port Cooperation
  purpose: The Committee is invited to take note of these *Guidelines*.
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
        writers: [WCO, BG]
  - id: cooperation
    title: Cooperation in practice
    sections:
      - id: governance
        title: Governance
        writers: [IAPH]
annexes:
  - id: checklist-annex
    title: Checklist
    sections:
      - id: checklist
        title: The checklist
        writers: [WCO]
editions:
  doc:
    template: wco-working-document
    paragraphNumbers: true
  word:
    template: wco-working-document
    format: docx
    paragraphNumbers: true
  word-fr:
    template: wco-working-document
    format: docx
    language: fr
    paragraphNumbers: true
`

export const glossary = `- term: Port Community System
  abbreviation: PCS
  definition: A neutral electronic platform that connects the systems of a port community.
`

export const files: Record<string, string> = {
  'sections/01-introduction/a-purpose/wco.md': `---
section: purpose
writer: WCO
---

Customs and ports share the **same border**, and their cooperation is *older than any treaty*.[^trade] {#para-shared}

# Objectives {#objectives}

The objectives are listed below, and the governance is described in [](#governance).

- to raise awareness of the complementary mandates;
- to provide a framework:
  1. for a first dialogue;
  2. for a formal agreement.

A paragraph that a reviewer will join with the next one, at its very end.

The next paragraph, whose first words are deleted with the end of the one before.

[^trade]: UNCTAD, *Review of Maritime Transport*, Geneva, 2021.
`,
  'sections/01-introduction/a-purpose/bg.md': `---
section: purpose
writer: BG
---

Bulgaria connects its PCS to the Customs system, as [paragraph 1](#para-shared) recommends.[^bg]

Table: Areas of cooperation {#tab-areas}

| Area | Lead | Partner |
|------|------|---------|
| Data exchange | Port Authority | Customs |
| Risk management | Customs | Port Authority |

[^bg]: National Customs Agency, *Annual Report*, Sofia, 2022.
`,
  'sections/02-cooperation/a-governance/iaph.md': `---
section: governance
writer: IAPH
---

Effective governance usually has three levels, illustrated in [](#fig-levels), and the areas are those of [](#tab-areas).

![Three levels of governance](../../images/levels.svg)
{#fig-levels}

More is said on the [IAPH website](https://www.iaphworldports.org/).
`,
  'sections/annex/checklist/wco.md': `---
section: checklist
writer: WCO
---

The parties should agree on the scope before they sign.
`,
  'sections/images/levels.svg': `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120" font-family="Helvetica, Arial, sans-serif" font-size="14"><rect x="10" y="10" width="300" height="100" rx="8" fill="#dce6f2" stroke="#2b4c7e" stroke-width="2"/><text x="160" y="66" text-anchor="middle">Strategic, tactical, operational</text></svg>
`
}

/** Write the project into a new git repository (one commit); returns its root. */
export async function makeProject(prefix = 'guidelines-word-'): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), prefix))
  const all: Record<string, string> = { 'guidelines.yaml': config, 'glossary.yaml': glossary, ...files }
  for (const [name, text] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true })
    await writeFile(path.join(root, name), text)
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' })
  git('init', '-q')
  git('-c', 'user.email=test@example.org', '-c', 'user.name=Test', 'add', '-A')
  git('-c', 'user.email=test@example.org', '-c', 'user.name=Test', 'commit', '-qm', 'Sources')
  return root
}

/** The 1-based line and column of the `occurrence`-th `text` in a file of the project. */
export function placeOf(source: string, text: string, occurrence = 0): { line: number; column: number } {
  let at = -1
  for (let n = 0; n <= occurrence; n++) at = source.indexOf(text, at + 1)
  if (at < 0) throw new Error(`“${text}” is not in the source`)
  const before = source.slice(0, at)
  const line = before.split('\n').length
  return { line, column: at - before.lastIndexOf('\n') }
}
