import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

// A small project in English with French and Spanish translations, built into three editions
// (English, French, Spanish) and read back from the PDFs: the press's words, dates and
// typography in each language, the same numbers and references, the translated glossary in its
// language's order, /Lang, hyphenation patterns of the language; then the translators'
// diagnostics and status after a commit that changes one source paragraph.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cli = path.join(repo, 'bin', 'guidelines.js')
const require = createRequire(import.meta.url)

const config = `title: Language Test Guidelines
subtitle: One source, three languages
language: en
organisations: [WCO, IAPH]
reference: LT0001Ea
edition: First edition
date: 2023-05-31
submission:
  committee: Permanent Technical Committee
  issued: 2022-08-22
  agendaItem: XI
  place: Brussels
  purpose: The purpose of the document.
  actionRequired: The Committee is invited to take note.
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
        writers: [WCO]
  - id: cooperation
    title: Cooperation
    sections:
      - id: need
        title: The need for cooperation
        writers: [BG]
editions:
  en:
    template: wco-working-document
    paragraphNumbers: true
  fr:
    template: wco-working-document
    language: fr
    reference: LT0001Fa
    paragraphNumbers: true
  es:
    template: joint-publication
    language: es
    paragraphNumbers: true
`

const glossary = `- term: Authorized Economic Operator
  abbreviation: AEO
  definition: A party approved by Customs.
- term: Coordinated Border Management
  abbreviation: CBM
  definition: Coordination of border agencies.
`

const purpose = `---
section: purpose
writer: WCO
---

# Readers {#readers}

The AEO programme and CBM matter here; see [](#tab-areas) and [](#second).[^a]

A second paragraph with "quoted words" and the port's data. {#second}

Table: Areas of cooperation {#tab-areas}

| Area | Lead |
|---|---|
| Data | Port |

[^a]: A source note.
`

const need = `---
section: need
writer: BG
---

Cooperation is needed between Customs and ports; it makes clearance faster. See [](#readers).
`

const purposeFr = (commit: string, extra = '') => `---
section: purpose
writer: WCO
status: draft
translates: ${commit}
---

# Lecteurs {#readers}

Le programme OEA et la GCF comptent ici ; voir le [](#tab-areas) et le [](#second).[^a]

Un second paragraphe avec des "mots cités" et les données du port : administrations, établissements, communautés portuaires internationalisées, interopérabilité, responsabilités, réglementations, dématérialisation, harmonisation, internationalisation, professionnalisation, caractéristiques, infrastructures, télécommunications et simplification. {#second}
${extra}
Table: Domaines de coopération {#tab-areas}

| Domaine | Chef de file |
|---|---|
| Données | Port |

[^a]: Une note de source.
`

const needFr = (commit: string) => `---
section: need
writer: BG
translates: ${commit}
---

La coopération est nécessaire entre la douane et les ports ; elle accélère le dédouanement. Voir la [](#readers).
`

const glossaryFr = `- source: Authorized Economic Operator
  term: Opérateur économique agréé
  abbreviation: OEA
  definition: Partie agréée par la douane.
- source: Coordinated Border Management
  term: gestion coordonnée des frontières
  abbreviation: GCF
  definition: Coordination des services aux frontières.
`

const guidelinesFr = `title: Directives pour les tests de langues
subtitle: Une source, trois langues
edition: Première édition
submission:
  committee: Comité technique permanent
  purpose: L'objet du document.
titles:
  introduction: Introduction
  purpose: Objet
  cooperation: Coopération
  need: La nécessité de coopérer
contributors:
  BG: Bulgarie
`

const guidelinesEs = `title: Directrices para las pruebas de idiomas
titles:
  introduction: Introducción
  purpose: Objeto
  cooperation: Cooperación
  need: La necesidad de cooperar
`

const purposeEs = (commit: string) => `---
section: purpose
writer: WCO
translates: ${commit}
---

# Lectores {#readers}

El programa OEA y la GCF importan aquí; véase el [](#tab-areas) y el [](#second).[^a]

Un segundo párrafo con "palabras citadas" y los datos del puerto. {#second}

Table: Ámbitos de cooperación {#tab-areas}

| Ámbito | Responsable |
|---|---|
| Datos | Puerto |

[^a]: Una nota de fuente.
`

const glossaryEs = `- source: Authorized Economic Operator
  term: Operador Económico Autorizado
  abbreviation: OEA
  definition: Parte autorizada por la Aduana.
- source: Coordinated Border Management
  term: gestión coordinada de fronteras
  abbreviation: GCF
  definition: Coordinación de los organismos fronterizos.
`

let root: string
let head: string
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim()
const write = (relative: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true })
  writeFileSync(path.join(root, relative), text)
}
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args, '--root', root], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
/** The text of an edition's PDF: `layout` keeps columns, `raw` keeps the printed lines, `plain` reading order. */
const text = (edition: string, mode: 'layout' | 'raw' | 'plain' = 'layout') => execFileSync('pdftotext', [...(mode === 'plain' ? [] : [`-${mode}`]), path.join(root, 'output', `${edition}.pdf`), '-'], { encoding: 'utf8' })
/** Word boxes of an edition's PDF, in reading order (pdftotext -bbox). */
const words = (edition: string) =>
  [...execFileSync('pdftotext', ['-bbox', path.join(root, 'output', `${edition}.pdf`), '-'], { encoding: 'utf8' }).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), text: m[5]!.replace(/&amp;/g, '&') }))
/** The gap (pt) between the word `before` and the word after it, where they follow each other on a line. */
const gapAfter = (edition: string, before: string, after: string) => {
  const list = words(edition)
  const i = list.findIndex((w, k) => w.text === before && list[k + 1]?.text === after && Math.abs(list[k + 1]!.y0 - w.y0) < 1)
  if (i < 0) throw new Error(`No words \`${before} ${after}\` on one line in ${edition}.pdf`)
  return list[i + 1]!.x0 - list[i]!.x1
}
/** The catalog's /Lang (qpdf's JSON of the document's objects). */
const catalogLanguage = (edition: string) => {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', path.join(root, 'output', `${edition}.pdf`)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] }
  const objects = json.qpdf[1]
  const catalog = Object.values(objects).find((o) => o.value?.['/Type'] === '/Catalog')
  return catalog?.value?.['/Lang']
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'press-languages-'))
  git('init', '-q', '-b', 'main')
  write('guidelines.yaml', config)
  write('glossary.yaml', glossary)
  write('sections/purpose.md', purpose)
  write('sections/need.md', need)
  git('add', '-A')
  git('commit', '-q', '-m', 'English sources')
  head = git('rev-parse', 'HEAD')
  write('translations/fr/guidelines.yaml', guidelinesFr)
  write('translations/fr/glossary.yaml', glossaryFr)
  write('translations/fr/sections/purpose.md', purposeFr(head))
  write('translations/fr/sections/need.md', needFr(head))
  write('translations/es/guidelines.yaml', guidelinesEs)
  write('translations/es/glossary.yaml', glossaryEs)
  write('translations/es/sections/purpose.md', purposeEs(head))
  git('add', '-A')
  git('commit', '-q', '-m', 'Translations')
  const built = run('build')
  expect(built.status, built.stderr).toBe(0)
}, 240_000)

describe('language editions', () => {
  it("print the press's words, dates and typography of their language", () => {
    const fr = text('fr')
    expect(fr).toContain('Organisation mondiale des douanes')
    expect(fr).toContain('RÉSUMÉ')
    expect(fr).toContain('Objet du document')
    expect(fr).toContain('Suite à donner par le Comité technique permanent')
    expect(fr).toContain('(Point XI de l’ordre du jour)')
    expect(fr).toContain('22 août 2022')
    expect(fr).toContain('Directives pour les tests de langues')
    expect(fr).not.toMatch(/\b(Chapter|Table|Summary|SUMMARY|Glossary|Purpose of document|Action required|on the Agenda)\b/)
    // French typography: a narrow no-break space before ; (Chromium draws spaces as gaps, not
    // glyphs: measured, it is narrower than the line's word spaces and not zero), « » with spaces.
    const narrow = gapAfter('fr', 'ici', ';')
    expect(narrow).toBeGreaterThan(0.6)
    expect(narrow).toBeLessThan(0.7 * gapAfter('fr', 'comptent', 'ici'))
    expect(words('en').some((w) => w.text === 'here;')).toBe(true) // no space before ; in English
    expect(text('fr')).toContain('« mots cités »')
    expect(text('fr')).toContain('L’objet du document.')
    expect(fr).toContain('Bruxelles'.replace('Bruxelles', 'Brussels, 22 août 2022.'))

    const es = text('es')
    expect(es).toContain('PUBLICACIÓN CONJUNTA') // set in capitals by the style sheet
    expect(es).toContain('31 de mayo de 2023')
    expect(es).toContain('Índice')
    expect(es).toContain('«palabras citadas»')
    expect(es).toContain('Reservados todos los derechos.')
    expect(es).not.toMatch(/\b(Contents|Joint publication|Table \d|All rights reserved)\b/)

    expect(text('en', 'plain')).toContain('“quoted words” and the port’s data')
  })

  it('number paragraphs, tables and footnotes alike, and print references in the language', () => {
    // Soft hyphens inside a word are kept by poppler at line ends only; ignore them.
    const en = text('en', 'plain').replace(/\u00ad\n?/g, '')
    const fr = text('fr', 'plain').replace(/\u00ad\n?/g, '')
    const es = text('es', 'plain').replace(/\u00ad\n?/g, '')
    expect(en).toMatch(/see Table 1 and paragraph 2\./)
    expect(fr).toMatch(/voir le tableau 1 et le paragraphe 2\./)
    expect(es).toMatch(/véase el cuadro 1 y el párrafo 2\./)
    expect(en).toContain('Table 1: Areas of cooperation')
    expect(fr).toContain('Tableau 1 : Domaines de coopération')
    expect(es).toContain('Cuadro 1: Ámbitos de cooperación')
    // "See [](#readers)" in chapter 2: the heading's section label, in each language.
    expect(en).toMatch(/See\s+Section 1\.a\.i\./)
    expect(fr).toMatch(/Voir\s+la\s+section 1\.a\.i\./)
    // The same paragraph numbers at the same paragraphs (1, 2 in chapter 1; 3 in chapter 2).
    for (const [pdf, first, third] of [[en, 'The Authorized Economic Operator', 'Cooperation is needed'], [fr, 'Le programme Opérateur économique agréé', 'La coopération est nécessaire']] as const) {
      expect(pdf).toMatch(new RegExp(`1\\.\\s+${first}`))
      expect(pdf).toMatch(new RegExp(`3\\.\\s+${third}`))
    }
  })

  it('print an untranslated contribution in its source language, marked, and report it', () => {
    const es = text('es', 'plain')
    expect(es).toContain('Cooperation is needed between Customs and ports')
    expect(es).toContain('Todavía sin traducir')
    // Its references are written in its own language (the same numbers): "Section", not "sección".
    expect(es.replace(/\u00ad\n?/g, '')).toMatch(/See\s+Section\s+1\.a\.i\./)
    const checked = run('check', '--format', 'json')
    const list = JSON.parse(checked.stdout) as Array<{ file: string; line: number; rule: string; message: string }>
    expect(list.filter((d) => d.rule === 'translation-missing').map((d) => `${d.file}:${d.line} ${d.message.slice(0, 40)}`)).toEqual(['sections/need.md:1 Expected a translation into `es` at tran'])
  })

  it('sort the translated glossary in its language, with the PDF /Lang of the language', () => {
    const fr = text('fr', 'plain')
    const glossaryStart = fr.lastIndexOf('Glossaire')
    expect(glossaryStart).toBeGreaterThan(0)
    const tail = fr.slice(glossaryStart)
    expect(tail.indexOf('GCF')).toBeLessThan(tail.indexOf('OEA')) // AEO, CBM in English; GCF, OEA in French
    expect(catalogLanguage('fr')).toBe('u:fr')
    expect(catalogLanguage('es')).toBe('u:es')
    expect(catalogLanguage('en')).toBe('u:en')
    expect(execFileSync('pdfinfo', [path.join(root, 'output', 'fr.pdf')], { encoding: 'utf8' })).toMatch(/Title:\s+Directives pour les tests de langues/)
  })

  it('hyphenate with the patterns of the language', () => {
    // Every word broken at a line end in the French edition is broken where French patterns allow.
    const hyphenFr = require('hyphen/fr') as { hyphenateSync: (w: string, o?: object) => string }
    const lines = text('fr', 'raw').split('\n')
    const breaks: string[] = []
    lines.forEach((line, i) => {
      // A line-end break is printed as a discretionary hyphen (U+00AD, which poppler reads back).
      const end = /(\p{L}+)[\u00ad-]$/u.exec(line)
      // poppler may put the hyphen glyph on a line of its own after the soft hyphen.
      const next = /^\s*(\p{L}+)/u.exec(lines.slice(i + 1).find((l) => l.trim() !== '-') ?? '')
      if (end && next) breaks.push(`${end[1]}\u00ad${next[1]}`)
    })
    expect(breaks.length).toBeGreaterThan(0)
    const hyphenEn = require('hyphen/en-gb') as typeof hyphenFr
    /** Offsets where `patterns` allow a break in `word`. */
    const points = (patterns: typeof hyphenFr, word: string) => {
      const out = new Set<number>()
      let at = 0
      for (const ch of patterns.hyphenateSync(word)) ch === '\u00ad' ? out.add(at) : at++
      return out
    }
    let notEnglish = 0
    for (const broken of breaks) {
      const word = broken.replace('\u00ad', '')
      const at = broken.indexOf('\u00ad')
      expect(points(hyphenFr, word).has(at), `${broken}: not a French break`).toBe(true)
      if (!points(hyphenEn, word).has(at)) notEnglish++
    }
    expect(notEnglish).toBeGreaterThan(0) // French patterns, not the document's English ones
  })
})

describe('translators\' diagnostics and status', () => {
  it('translation-structure at the first block that differs, naming the source line', () => {
    write('translations/fr/sections/purpose.md', purposeFr(head, '\nUn paragraphe de plus.\n'))
    const checked = run('check', '--format', 'json', '--edition', 'fr')
    write('translations/fr/sections/purpose.md', purposeFr(head))
    const list = JSON.parse(checked.stdout) as Array<{ file: string; line: number; column: number; rule: string; message: string }>
    const structure = list.filter((d) => d.rule === 'translation-structure')
    expect(structure.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(['translations/fr/sections/purpose.md:14:1'])
    expect(structure[0]!.message).toBe('Unexpected paragraph, expected a table of 2 rows and 2 columns {#tab-areas} as in sections/purpose.md:14: a translation keeps its source\'s blocks and ids, in order')
  })

  it('a translated glossary entry of no source term, front matter of another writer, a translation of nothing, no translates:', () => {
    write('translations/fr/glossary.yaml', glossaryFr.replace('source: Coordinated Border Management', 'source: Coordinated Border Managment'))
    write('translations/fr/sections/need.md', needFr(head).replace('writer: BG', 'writer: WCO').replace(`translates: ${head}\n`, ''))
    write('translations/fr/sections/old.md', '---\nsection: need\n---\n\nOld.\n')
    const checked = run('check', '--format', 'json', '--edition', 'fr')
    write('translations/fr/glossary.yaml', glossaryFr)
    write('translations/fr/sections/need.md', needFr(head))
    rmSync(path.join(root, 'translations/fr/sections/old.md'))
    const list = (JSON.parse(checked.stdout) as Array<{ file: string; line: number; column: number; rule: string; message: string }>).map((d) => `${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}`)
    expect(list).toContain('translations/fr/glossary.yaml:5:11 glossary-invalid Unexpected source `Coordinated Border Managment`, expected the `term` of an entry of glossary.yaml; did you mean `Coordinated Border Management`?')
    expect(list).toContain('translations/fr/sections/need.md:3:9 translation-structure Unexpected `writer: WCO`, expected `BG` as in sections/need.md (front matter keys are not translated)')
    expect(list).toContain('translations/fr/sections/need.md:1:1 translation-stale Unexpected translation without `translates:`, expected the commit of the source it follows (`guidelines translate start` writes it)')
    expect(list).toContain('translations/fr/sections/old.md:1:1 translation-structure Unexpected translation of `sections/old.md`, which does not exist, expected a file at the same path as its source under sections/')
  })

  it('after a commit that changes one source paragraph: translation-stale at `translates:`, and status names that paragraph', () => {
    write('sections/purpose.md', purpose.replace('with "quoted words"', 'with more "quoted words"'))
    git('commit', '-q', '-am', 'Change the second paragraph')
    const checked = run('check', '--format', 'json', '--edition', 'fr')
    const list = JSON.parse(checked.stdout) as Array<{ file: string; line: number; column: number; rule: string; message: string }>
    const stale = list.filter((d) => d.rule === 'translation-stale')
    expect(stale.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(['translations/fr/sections/purpose.md:5:13'])
    expect(stale[0]!.message).toContain('paragraph 2, line 10')
    const status = JSON.parse(run('status', '--language', 'fr', '--format', 'json').stdout) as { totals: Record<string, number>; contributions: Array<{ source: string; state: string; changes?: Array<{ paragraph: number; line: number; added: number; removed: number }> }> }
    expect(status.totals).toEqual({ contributions: 2, translated: 1, stale: 1, missing: 0 })
    const entry = status.contributions.find((c) => c.source === 'sections/purpose.md')!
    expect(entry.state).toBe('stale')
    expect(entry.changes).toEqual([expect.objectContaining({ kind: 'changed', paragraph: 2, line: 10, added: 1, removed: 0 })])
    const textStatus = run('status', '--language', 'fr').stdout
    expect(textStatus).toMatch(/sections\/purpose\.md\s+stale/)
    expect(textStatus).toMatch(/changed\s+paragraph 2, line 10: \+1 -0 words/)
  })

  it('translate start creates only the missing mirror files, with translates:', () => {
    const started = run('translate', 'start', '--language', 'es')
    expect(started.status, started.stderr).toBe(0)
    expect(started.stdout).toContain('translations/es/sections/need.md')
    const created = readFileSync(path.join(root, 'translations/es/sections/need.md'), 'utf8')
    expect(created).toMatch(new RegExp(`^---\\nsection: need\\nwriter: BG\\nstatus: draft\\ntranslates: ${git('rev-parse', 'HEAD')}\\n---\\n`))
    expect(created).toContain('Cooperation is needed between Customs and ports')
    // The Spanish purpose.md existed: untouched.
    expect(readFileSync(path.join(root, 'translations/es/sections/purpose.md'), 'utf8')).toBe(purposeEs(head))
    expect(run('translate', 'start', '--language', 'es').stdout).toContain('Created 0 translation files under translations/es/ (2 already there')
  })
})
