import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

// A project a proof reader would read: long enough to paginate in every built-in template, with
// what went wrong in print before (issue 13): a glossary of 65 entries spanning pages, tables of
// many lengths at many positions, a table of 12 columns and one that cannot fit, long code lines
// and a code block longer than a page, tall figures, prose full of long words, proper names,
// compounds and URLs, a long section title (TOC entry and bookmark that wrap), headings inside
// a quote and a list item, references to paragraphs. Written in English or in French (labels,
// hyphenation patterns, typography of the language). Deterministic: the same text every run.

/** The language of a proof project. */
export type ProofLanguage = 'en' | 'fr'

/** Lengths (body rows) of the tables of the tables chapter, each after text of another length. */
export const tableLengths = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 20, 24, 30, 40]

/** Glossary entries with an abbreviation the text uses, then entries without (always listed). */
export const abbreviations = [
  ['CBM', 'Coordinated Border Management', 'gestion coordonnée des frontières'],
  ['PCS', 'Port Community System', 'système de communauté portuaire'],
  ['AEO', 'Authorized Economic Operator', 'opérateur économique agréé'],
  ['TRS', 'Time Release Study', 'étude sur le temps nécessaire pour la mainlevée'],
  ['NSW', 'National Single Window', 'guichet unique national'],
  ['MoU', 'Memorandum of Understanding', 'protocole d’accord'],
  ['KPI', 'Key Performance Indicator', 'indicateur clé de performance'],
  ['ETA', 'Estimated Time of Arrival', 'heure d’arrivée prévue']
] as const

/** The long section title: its TOC entry and its heading wrap. */
export const longTitle = {
  en: 'Harmonized data requirements for the exchange of information between Customs administrations, port community systems and maritime single windows',
  fr: 'Exigences harmonisées en matière de données pour l’échange d’informations entre les administrations douanières, les systèmes portuaires et les guichets uniques maritimes'
}

/** URLs in the running text and the notes (no hyphen of their own: any hyphen in them is the press's). */
export const urls = ['https://www.portcommunitysystems.example.org/publications/internationalharmonization/guidelines/index.html', 'https://www.customsadministration.example.int/procedures/electronicdeclarations/requirements/annex.pdf']

/** Proper names in the running text: never hyphenated. */
export const names = {
  en: ['Savannah', 'Bulgarian', 'Rotterdam', 'Antwerpen', 'Valparaiso', 'Singapore', 'Casablanca', 'Yokohama', 'Barcelona', 'Melbourne', 'Vancouver', 'Mombasa', 'Hamburger', 'Harbormaster'],
  fr: ['Marseille', 'Bulgarie', 'Rotterdam', 'Anvers', 'Valparaiso', 'Singapour', 'Casablanca', 'Yokohama', 'Barcelone', 'Abidjan', 'Montréal', 'Dunkerque', 'Strasbourg', 'Nouakchott']
}

/** Compounds of the running text: broken at their own hyphen only. */
export const compounds = {
  en: ['Customs-supervised', 'pre-arrival', 'post-clearance', 'risk-based', 'cross-border', 'self-assessment', 'decision-making', 'inter-agency', 'container-handling', 'paper-based'],
  fr: ['porte-conteneurs', 'avant-arrivée', 'après-dédouanement', 'auto-évaluation', 'prise-de-décision', 'inter-agences', 'sous-traitance', 'contre-expertise', 'libre-service', 'demi-mesures']
}

const pools = {
  en: {
    long: 'administrations cooperation infrastructure interoperability transparency digitalization documentation implementation responsibilities requirements harmonization authorities organizations international stakeholders facilitation procedures information management performance consultation coordination notification verification development environment recommendations characteristics communication establishment commitments arrangements assessments consignments declarations examination inspections operators terminals warehouses agreements capabilities competencies contributions electronic integrated operational institutional sustainable continuously systematically appropriately predictability accountability confidentiality'.split(' '),
    short: 'the of and to in for with on by at is are that which their all port data risk time ship cargo each both more less as an a so its'.split(' ')
  },
  fr: {
    long: 'administrations coopération infrastructures interopérabilité transparence numérisation documentation responsabilités exigences harmonisation autorités organisations internationales facilitation procédures information gestion performance consultation coordination notification vérification développement environnement recommandations caractéristiques communication établissement engagements arrangements évaluations déclarations inspections opérateurs terminaux entrepôts accords capacités compétences contributions électroniques intégrées opérationnelles institutionnelles durables systématiquement convenablement prévisibilité responsabilisation confidentialité'.split(' '),
    short: 'le la les de des et à en pour avec sur par dans est sont qui que leur tous port données risque temps navire cargaison chaque plus moins aussi'.split(' ')
  }
}

/** A deterministic source of numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Writes prose in one language from one seed. */
export function prose(language: ProofLanguage, seed: number) {
  const next = random(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!
  const pool = pools[language]
  const word = (k: number) => {
    const roll = next()
    if (roll < 0.04) return pick(names[language])
    if (roll < 0.08) return pick(compounds[language])
    if (roll < 0.45) return pick(pool.long)
    return pick(pool.short)
  }
  const sentence = (length: number) => {
    const words = Array.from({ length }, (_, k) => word(k))
    const text = words.join(' ')
    return text.charAt(0).toUpperCase() + text.slice(1) + '.'
  }
  return {
    sentence: (length = 12 + Math.floor(next() * 18)) => sentence(length),
    paragraph: (sentences = 3 + Math.floor(next() * 4)) => Array.from({ length: sentences }, () => sentence(12 + Math.floor(next() * 18))).join(' '),
    words: (count: number) => Array.from({ length: count }, (_, k) => word(k)).join(' '),
    number: () => next()
  }
}

const yaml = (text: string) => JSON.stringify(text)

/** guidelines.yaml of the proof project. */
function config(language: ProofLanguage): string {
  const fr = language === 'fr'
  const t = (en: string, french: string) => yaml(fr ? french : en)
  return `title: ${t('Guidelines on Cooperation between Customs and Port Authorities, as a Proof Reader Reads Them', 'Directives sur la coopération entre les douanes et les autorités portuaires, telles qu’un correcteur les lit')}
subtitle: ${t('Every page read back from the PDF', 'Chaque page relue dans le PDF')}
language: ${language}
organisations: [WCO, IAPH]
reference: PQ0001${fr ? 'F' : 'E'}a
edition: ${t('First edition', 'Première édition')}
date: 2023-05-31
submission:
  committee: ${t('Permanent Technical Committee', 'Comité technique permanent')}
  issued: 2022-08-22
  agendaItem: XI
  place: Brussels
  purpose: ${t('The purpose of the document.', 'L’objet du document.')}
  actionRequired: ${t('The Committee is invited to take note.', 'Le Comité est invité à prendre note.')}
contributors:
  WCO: World Customs Organization
  IAPH: International Association of Ports and Harbors
front:
  - id: foreword
    title: ${t('Foreword', 'Avant-propos')}
    writers: [WCO]
outline:
  - id: ch-intro
    title: ${t('Introduction', 'Introduction')}
    sections:
      - id: s-purpose
        title: ${t('Purpose', 'Objet')}
        writers: [WCO]
      - id: s-long
        title: ${yaml(longTitle[language])}
        writers: [IAPH]
  - id: ch-tables
    title: ${t('Tables of every length', 'Tableaux de toutes longueurs')}
    sections:
      - id: s-tables
        title: ${t('Tables', 'Tableaux')}
        writers: [WCO]
  - id: ch-wide
    title: ${t('Wide content', 'Contenus larges')}
    sections:
      - id: s-code
        title: ${t('Code', 'Code')}
        writers: [WCO]
      - id: s-wide
        title: ${t('Wide tables', 'Tableaux larges')}
        writers: [IAPH]
  - id: ch-text
    title: ${t('Running text', 'Texte courant')}
    sections:
      - id: s-names
        title: ${t('Names, compounds and addresses', 'Noms, composés et adresses')}
        writers: [WCO]
      - id: s-figures
        title: ${t('Figures, quotes and lists', 'Figures, citations et listes')}
        writers: [IAPH]
annexes:
  - id: annex-model
    title: ${t('Model text', 'Texte type')}
    sections:
      - id: s-annex
        title: ${t('Articles', 'Articles')}
        writers: [WCO]
editions:
  working:
    template: wco-working-document
    paragraphNumbers: true
  iaph:
    template: iaph
    paragraphNumbers: true
  publication:
    template: joint-publication
    paragraphNumbers: false
`
}

/** glossary.yaml: the abbreviations the text uses, and 57 terms without abbreviation, definitions of 8 to 90 words. */
function glossary(language: ProofLanguage): string {
  const text = prose(language, 7)
  const entries: string[] = []
  abbreviations.forEach(([abbreviation, en, fr], i) => {
    entries.push(`- term: ${yaml(language === 'fr' ? fr : en)}\n  abbreviation: ${abbreviation}\n  definition: ${yaml(`Glossabbr${abbreviation} ${text.words(10 + ((i * 13) % 50))}.`)}`)
  })
  for (let i = 0; i < 57; i++) {
    const term = `${language === 'fr' ? 'Terme' : 'Term'} ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} ${text.words(1 + (i % 3))}`
    const length = 8 + ((i * 37) % 83)
    entries.push(`- term: ${yaml(term)}\n  definition: ${yaml(`Glossword${i} ${text.words(length)}.`)}`)
  }
  return entries.join('\n') + '\n'
}

const front = (section: string, writer: string) => `---\nsection: ${section}\nwriter: ${writer}\nstatus: final\n---\n\n`

/** The contributions, by file name under sections/. */
function contributions(language: ProofLanguage): Record<string, string> {
  const fr = language === 'fr'
  const files: Record<string, string> = {}
  const p = (seed: number) => prose(language, seed)

  files['foreword.md'] = front('foreword', 'WCO') + [p(1).paragraph(5), p(2).paragraph(4)].join('\n\n') + '\n'

  // Introduction: the abbreviations in use, a paragraph others refer to, notes with URLs.
  const uses = abbreviations.map(([abbreviation]) => abbreviation).join(fr ? ', ' : ', ')
  files['purpose.md'] =
    front('s-purpose', 'WCO') +
    [
      `${p(3).paragraph(4)} ${fr ? 'Les sigles' : 'The abbreviations'} ${uses} ${fr ? 'sont employés ici' : 'are used here'}.[^n1]`,
      `# ${fr ? 'Un titre numéroté' : 'A numbered heading'} {#h-numbered}`,
      `${p(4).paragraph(5)} {#para-target}`,
      p(5).paragraph(6),
      `${fr ? 'Voir le' : 'See'} [](#para-target) ${fr ? 'et le' : 'and'} [](#para-late).`,
      `[^n1]: ${p(6).sentence(14)} ${urls[0]}`
    ].join('\n\n') +
    '\n'
  files['long.md'] = front('s-long', 'IAPH') + [p(8).paragraph(6), p(9).paragraph(5), `${p(10).paragraph(4)} {#para-late}`, p(11).paragraph(5)].join('\n\n') + '\n'

  // Tables of many lengths, each after text of another length.
  const tables: string[] = []
  tableLengths.forEach((rows, n) => {
    const text = p(100 + n)
    tables.push(Array.from({ length: 1 + (n % 4) }, () => text.paragraph(2 + ((n * 7) % 5))).join('\n\n'))
    const head = fr ? '| Ligne | Description | Valeur |' : '| Row | Description | Value |'
    const body = Array.from({ length: rows }, (_, i) => `| t${rows}r${i + 1} | ${text.words(3 + ((i * 5 + n) % 14))} | ${(i + 1) * 17} |`)
    tables.push(`Table: ${fr ? 'Un tableau de' : 'A table of'} ${rows} ${fr ? 'lignes' : 'rows'} {#tab-${rows}}\n\n${head}\n|---|---|---|\n${body.join('\n')}`)
  })
  files['tables.md'] = front('s-tables', 'WCO') + tables.join('\n\n') + '\n'

  // Code: a line longer than the text block, and a block longer than a page.
  const longLine = `const request = { declarant: 'GB123456789000', procedure: '4000', office: 'GBFXT001', documents: ['N935', 'C505', 'Y923'], containers: ['MSCU1234565', 'MSCU7654321', 'MAEU1122334'], routing: 'ROTTERDAM-FELIXSTOWE-SAVANNAH' }`
  const longBlock = Array.from({ length: 90 }, (_, i) => `${String(i + 1).padStart(3, '0')}  message.segment(${i}) = encode('${'ABCDEFGHIJ'.slice(0, 1 + (i % 9))}', ${i * 7})`).join('\n')
  files['code.md'] = front('s-code', 'WCO') + [p(20).paragraph(3), '```js\n' + longLine + '\n```', p(21).paragraph(3), '```text\n' + longBlock + '\n```', p(22).paragraph(2)].join('\n\n') + '\n'

  // Wide tables: 12 columns (made to fit), and one whose cell holds an identifier no column can hold.
  const wideHead = `| ${Array.from({ length: 12 }, (_, i) => `${fr ? 'Colonne' : 'Column'}${i + 1}`).join(' | ')} |`
  const wideRule = `|${'---|'.repeat(12)}`
  const wideRows = Array.from({ length: 6 }, (_, r) => `| ${Array.from({ length: 12 }, (_, c) => `w${r + 1}c${c + 1} ${p(300 + r * 12 + c).words(1 + ((r + c) % 3))}`).join(' | ')} |`)
  const identifier = 'id' + '0123456789abcdef'.repeat(8)
  files['wide.md'] =
    front('s-wide', 'IAPH') +
    [
      p(30).paragraph(3),
      `Table: ${fr ? 'Un tableau de douze colonnes' : 'A table of twelve columns'} {#tab-wide}\n\n${wideHead}\n${wideRule}\n${wideRows.join('\n')}`,
      p(31).paragraph(2),
      `Table: ${fr ? 'Un identifiant trop long' : 'An identifier too long'} {#tab-unfit}\n\n| ${fr ? 'Code' : 'Code'} | ${fr ? 'Objet' : 'Purpose'} |\n|---|---|\n| ${identifier} | ${p(32).words(6)} |`,
      p(33).paragraph(2)
    ].join('\n\n') +
    '\n'

  // Running text: names, compounds and URLs in long paragraphs.
  const names: string[] = []
  for (let i = 0; i < 9; i++) names.push(p(40 + i).paragraph(6) + (i % 3 === 1 ? ` ${fr ? 'Voir' : 'See'} ${urls[i % 2]} ${fr ? 'pour le détail' : 'for the details'}.` : ''))
  names.push(`${p(49).sentence(10)}[^n2]`, `[^n2]: ${fr ? 'Source' : 'Source'}: ${urls[1]}`)
  files['names.md'] = front('s-names', 'WCO') + names.join('\n\n') + '\n'

  // Figures that do not fit where they stand, a heading in a quote and in a list item.
  const figures: string[] = []
  for (let i = 0; i < 4; i++) {
    figures.push(Array.from({ length: 2 + i }, (_, k) => p(60 + i * 5 + k).paragraph(4 + ((i + k) % 3))).join('\n\n'))
    figures.push(`![${fr ? 'Une figure haute' : 'A tall figure'} ${i + 1}](images/tall.svg)\n{#fig-${i + 1}}`)
  }
  figures.push(`> # ${fr ? 'Un titre dans une citation' : 'A heading in a quote'}\n>\n> ${p(90).paragraph(2)}`)
  figures.push(`- # ${fr ? 'Un titre dans une liste' : 'A heading in a list item'}\n\n  ${p(91).paragraph(2)}\n- ${p(92).paragraph(1)}`)
  figures.push(p(93).paragraph(4))
  files['figures.md'] = front('s-figures', 'IAPH') + figures.join('\n\n') + '\n'

  files['annex.md'] = front('s-annex', 'WCO') + Array.from({ length: 6 }, (_, i) => p(95 + i).paragraph(5)).join('\n\n') + '\n'
  return files
}

/** A tall figure (145 mm at the text width): it never fits the room left under a few paragraphs. */
const tallFigure = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="540" viewBox="0 0 600 540"><rect x="4" y="4" width="592" height="532" fill="#e9f1f5" stroke="#0f2b4c" stroke-width="6"/><path d="M40 480 L200 200 L340 360 L560 80" fill="none" stroke="#0f8b8d" stroke-width="14"/></svg>`

/** Write the proof project in `language` into `root` (which must exist). */
export function writeProofProject(root: string, language: ProofLanguage): void {
  writeFileSync(path.join(root, 'guidelines.yaml'), config(language))
  writeFileSync(path.join(root, 'glossary.yaml'), glossary(language))
  mkdirSync(path.join(root, 'sections', 'images'), { recursive: true })
  writeFileSync(path.join(root, 'sections', 'images', 'tall.svg'), tallFigure)
  for (const [name, text] of Object.entries(contributions(language))) writeFileSync(path.join(root, 'sections', name), text)
}
