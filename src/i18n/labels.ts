/**
 * The words the press itself writes (labels of numbered things, generated headings, the
 * templates' fixed texts, the review copy's words), in English, French and Spanish. An
 * edition in a language prints that language's set, so a French edition contains no English
 * word the press wrote. Projects override any label in guidelines.yaml (`labels`) or in a
 * translation's guidelines.yaml (`translations/LANG/guidelines.yaml`, `labels`).
 *
 * `{name}` in a label is replaced by `formatLabel`; labels are plain text (no HTML).
 */
export interface Labels {
  // Numbered things, as references print them in running text ("Chapter 3", "paragraph 17";
  // lower case in French and Spanish: "le chapitre 3", "el cuadro 4").
  chapter: string
  section: string
  /** A section of an annex, or a heading in one (`{annex}`: its number; `{n}`: the path inside it): "Section b of Annex I", not the ambiguous "Section I.b". */
  annexSection: string
  annex: string
  part: string
  table: string
  figure: string
  paragraph: string
  /**
   * A paragraph referred to in an edition that prints no paragraph numbers: by the numbered
   * section or heading that holds it (`{section}`: that one's label), worded so that the text
   * around the reference reads the same ("see paragraph 41": "see Section 2.a"; "voir le
   * paragraphe 41": "voir le paragraphe de la section 2.a").
   */
  paragraphIn: string
  // The same at the head of a title or caption ("Annex I", "Tableau 3 :").
  annexHeading: string
  tableCaption: string
  figureCaption: string
  /** Between a caption's label and its text ("Table 3: Title", "Tableau 3 : Titre"). */
  captionSeparator: string
  /** Quotes around the title of an unnumbered heading in a reference. */
  quoteOpen: string
  quoteClose: string
  // Generated headings and lists.
  contents: string
  glossary: string
  acronyms: string
  notes: string
  listOfFigures: string
  listOfTables: string
  // Placeholders and marks.
  contributionPending: string
  contributionPendingDue: string
  untranslated: string
  // Working-document (WCO) first page.
  wcoName: string
  agendaItem: string
  summary: string
  summaryPurpose: string
  summaryAction: string
  annexTo: string
  // IAPH template.
  iaphName: string
  iaphCommittee: string
  documentField: string
  dateField: string
  editionField: string
  organizationsField: string
  pageOf: string
  // Joint publication.
  jointPublication: string
  referenceField: string
  copyright: string
  rights: string
  reproduction: string
  disclaimer: string
  typeset: string
  coverLabel: string
  copyrightLabel: string
  // Review copies.
  watermark: string
  stampBranch: string
  stampTag: string
  stampCommitsAfter: string
  stampCommitAfter: string
  stampUncommitted: string
  stampUnversioned: string
  // Progress document (generated annexes).
  draftOutline: string
  draftOutlineOn: string
  workPlan: string
  frontMatter: string
  columnNo: string
  columnTopic: string
  columnWriter: string
  columnPeer: string
  columnTask: string
  columnTaskNo: string
  columnDue: string
  outlineLegend: string
  outlineLegendUnassigned: string
  workplanLegend: string
  months: string
  // Translators' figures (status, progress edition).
  translationsAnnex: string
  translated: string
  stale: string
  missing: string
}

/** The built-in label sets, by primary language subtag. */
export const builtInLabels: Readonly<Record<'en' | 'fr' | 'es', Labels>> = {
  en: {
    chapter: 'Chapter {n}',
    section: 'Section {n}',
    annexSection: 'Section {n} of Annex {annex}',
    annex: 'Annex {n}',
    part: 'Part {n}',
    table: 'Table {n}',
    figure: 'Figure {n}',
    paragraph: 'paragraph {n}',
    paragraphIn: '{section}',
    annexHeading: 'Annex {n}',
    tableCaption: 'Table {n}',
    figureCaption: 'Figure {n}',
    captionSeparator: ': ',
    quoteOpen: '“',
    quoteClose: '”',
    contents: 'Contents',
    glossary: 'Glossary',
    acronyms: 'Acronyms and abbreviations',
    notes: 'Notes',
    listOfFigures: 'List of figures',
    listOfTables: 'List of tables',
    contributionPending: 'Contribution from {name} pending',
    contributionPendingDue: 'Contribution from {name} pending, due {date}',
    untranslated: 'Not yet translated',
    wcoName: 'World Customs Organization',
    agendaItem: '(Item {item} on the Agenda)',
    summary: 'SUMMARY',
    summaryPurpose: 'Purpose of document',
    summaryAction: 'Action required of the {committee}',
    annexTo: ' to\nDoc. {reference}',
    iaphName: 'International Association of Ports and Harbors',
    iaphCommittee: 'Data Collaboration Committee',
    documentField: 'Document',
    dateField: 'Date',
    editionField: 'Edition',
    organizationsField: 'Organizations',
    pageOf: 'Page {page} of {pages}',
    jointPublication: 'Joint publication',
    referenceField: 'Reference {reference}',
    copyright: 'Copyright © {year} {holders}.',
    rights: 'All rights reserved.',
    reproduction: 'Requests and inquiries concerning translation, reproduction and adaptation rights should be addressed to the Secretariat of either organization ({codes}). Reproduction of short extracts for non-commercial purposes is authorized provided the source is acknowledged.',
    disclaimer: 'The designations employed and the presentation of material in this publication do not imply the expression of any opinion whatsoever on the part of {the-codes} concerning the legal status of any country, territory or area or of its authorities. National practices are described as reported by the contributing administrations and port authorities; their mention does not imply endorsement, and the Guidelines are not legally binding.',
    typeset: 'Typeset with {generator} in Source Serif 4 and Source Sans 3.',
    coverLabel: 'Cover',
    copyrightLabel: 'Copyright',
    watermark: 'DRAFT – FOR REVIEW',
    stampBranch: 'branch {name}',
    stampTag: 'tag {name}',
    stampCommitsAfter: '{n} commits after {tag}',
    stampCommitAfter: '1 commit after {tag}',
    stampUncommitted: 'uncommitted changes',
    stampUnversioned: 'not under version control',
    draftOutline: 'Draft outline of the Guidelines',
    draftOutlineOn: 'Draft outline of the Guidelines on {topic}',
    workPlan: 'Work plan',
    frontMatter: 'Front matter',
    columnNo: 'No',
    columnTopic: 'Topic',
    columnWriter: 'Writer',
    columnPeer: 'Peer',
    columnTask: 'Task',
    columnTaskNo: 'No.',
    columnDue: 'Due by',
    outlineLegend: 'Writer columns are numbered as the contributors below. A code with a date (day/month): contribution received on that date (bold: peer-reviewed or final; brown: draft); a code alone, in grey: contribution pending.',
    outlineLegendUnassigned: ' An asterisk: contribution from a writer not assigned to the topic.',
    workplanLegend: 'The cell of the month a task is due holds its due day; a check mark (✓) and shading: task done.',
    months: 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec',
    translationsAnnex: 'State of the translations',
    translated: 'translated',
    stale: 'out of date',
    missing: 'missing'
  },
  fr: {
    chapter: 'chapitre {n}',
    section: 'section {n}',
    annexSection: 'section {n} de l’annexe {annex}',
    annex: 'annexe {n}',
    part: 'partie {n}',
    table: 'tableau {n}',
    figure: 'figure {n}',
    paragraph: 'paragraphe {n}',
    paragraphIn: 'paragraphe de la {section}',
    annexHeading: 'Annexe {n}',
    tableCaption: 'Tableau {n}',
    figureCaption: 'Figure {n}',
    captionSeparator: '\u00a0: ',
    quoteOpen: '«\u00a0',
    quoteClose: '\u00a0»',
    contents: 'Table des matières',
    glossary: 'Glossaire',
    acronyms: 'Sigles et abréviations',
    notes: 'Notes',
    listOfFigures: 'Liste des figures',
    listOfTables: 'Liste des tableaux',
    contributionPending: 'Contribution de {name} en attente',
    contributionPendingDue: 'Contribution de {name} en attente, attendue pour le {date}',
    untranslated: 'Pas encore traduit',
    wcoName: 'Organisation mondiale des douanes',
    agendaItem: '(Point {item} de l’ordre du jour)',
    summary: 'RÉSUMÉ',
    summaryPurpose: 'Objet du document',
    summaryAction: 'Suite à donner par le {committee}',
    annexTo: ' au\nDoc. {reference}',
    iaphName: 'Association internationale des ports',
    iaphCommittee: 'Comité de collaboration en matière de données',
    documentField: 'Document',
    dateField: 'Date',
    editionField: 'Édition',
    organizationsField: 'Organisations',
    pageOf: 'Page {page} sur {pages}',
    jointPublication: 'Publication conjointe',
    referenceField: 'Référence {reference}',
    copyright: 'Copyright © {year} {holders}.',
    rights: 'Tous droits réservés.',
    reproduction: 'Les demandes relatives aux droits de traduction, de reproduction et d’adaptation doivent être adressées au Secrétariat de l’une ou l’autre organisation ({codes}). La reproduction de courts extraits à des fins non commerciales est autorisée, sous réserve de la mention de la source.',
    disclaimer: 'Les appellations employées dans la présente publication et la présentation des données qui y figurent n’impliquent de la part {of-the-codes} aucune prise de position quant au statut juridique des pays, territoires ou zones, ou de leurs autorités. Les pratiques nationales sont décrites telles que les ont présentées les administrations et autorités portuaires qui les ont communiquées ; leur mention ne vaut pas approbation, et les Directives n’ont pas de caractère juridiquement contraignant.',
    typeset: 'Composé avec {generator} en Source Serif 4 et Source Sans 3.',
    coverLabel: 'Couverture',
    copyrightLabel: 'Droits d’auteur',
    watermark: 'PROJET – POUR EXAMEN',
    stampBranch: 'branche {name}',
    stampTag: 'étiquette {name}',
    stampCommitsAfter: '{n} commits après {tag}',
    stampCommitAfter: '1 commit après {tag}',
    stampUncommitted: 'modifications non validées',
    stampUnversioned: 'hors gestion de versions',
    draftOutline: 'Projet de plan des Directives',
    draftOutlineOn: 'Projet de plan des Directives sur {topic}',
    workPlan: 'Plan de travail',
    frontMatter: 'Pages liminaires',
    columnNo: 'No',
    columnTopic: 'Thème',
    columnWriter: 'Rédacteur',
    columnPeer: 'Relecteur',
    columnTask: 'Tâche',
    columnTaskNo: 'No',
    columnDue: 'Échéance',
    outlineLegend: 'Les colonnes des rédacteurs sont numérotées comme les contributeurs ci-dessous. Un code suivi d’une date (jour/mois) : contribution reçue à cette date (en gras : relue ou définitive ; en brun : projet) ; un code seul, en gris : contribution attendue.',
    outlineLegendUnassigned: ' Un astérisque : contribution d’un rédacteur non désigné pour le thème.',
    workplanLegend: 'La case du mois d’échéance d’une tâche porte le jour d’échéance ; une coche (✓) et une trame : tâche achevée.',
    months: 'janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.',
    translationsAnnex: 'État des traductions',
    translated: 'traduit',
    stale: 'à mettre à jour',
    missing: 'manquant'
  },
  es: {
    chapter: 'capítulo {n}',
    section: 'sección {n}',
    annexSection: 'sección {n} del anexo {annex}',
    annex: 'anexo {n}',
    part: 'parte {n}',
    table: 'cuadro {n}',
    figure: 'figura {n}',
    paragraph: 'párrafo {n}',
    paragraphIn: 'párrafo de la {section}',
    annexHeading: 'Anexo {n}',
    tableCaption: 'Cuadro {n}',
    figureCaption: 'Figura {n}',
    captionSeparator: ': ',
    quoteOpen: '«',
    quoteClose: '»',
    contents: 'Índice',
    glossary: 'Glosario',
    acronyms: 'Siglas y abreviaturas',
    notes: 'Notas',
    listOfFigures: 'Índice de figuras',
    listOfTables: 'Índice de cuadros',
    contributionPending: 'Contribución de {name} pendiente',
    contributionPendingDue: 'Contribución de {name} pendiente, prevista para el {date}',
    untranslated: 'Todavía sin traducir',
    wcoName: 'Organización Mundial de Aduanas',
    agendaItem: '(Punto {item} del orden del día)',
    summary: 'RESUMEN',
    summaryPurpose: 'Objeto del documento',
    summaryAction: 'Medidas que debe adoptar el {committee}',
    annexTo: ' al\nDoc. {reference}',
    iaphName: 'Asociación Internacional de Puertos',
    iaphCommittee: 'Comité de Colaboración en materia de Datos',
    documentField: 'Documento',
    dateField: 'Fecha',
    editionField: 'Edición',
    organizationsField: 'Organizaciones',
    pageOf: 'Página {page} de {pages}',
    jointPublication: 'Publicación conjunta',
    referenceField: 'Referencia {reference}',
    copyright: 'Copyright © {year} {holders}.',
    rights: 'Reservados todos los derechos.',
    reproduction: 'Las solicitudes y consultas relativas a los derechos de traducción, reproducción y adaptación deben dirigirse a la Secretaría de cualquiera de las dos organizaciones ({codes}). Se autoriza la reproducción de extractos breves con fines no comerciales, siempre que se cite la fuente.',
    disclaimer: 'Las denominaciones empleadas en esta publicación y la forma en que aparecen presentados los datos que contiene no implican, de parte {of-the-codes}, juicio alguno sobre la condición jurídica de países, territorios o zonas, o de sus autoridades. Las prácticas nacionales se describen tal como las han comunicado las administraciones y autoridades portuarias que las aportaron; su mención no supone respaldo alguno, y las Directrices no son jurídicamente vinculantes.',
    typeset: 'Compuesto con {generator} en Source Serif 4 y Source Sans 3.',
    coverLabel: 'Cubierta',
    copyrightLabel: 'Derechos de autor',
    watermark: 'PROYECTO – PARA REVISIÓN',
    stampBranch: 'rama {name}',
    stampTag: 'etiqueta {name}',
    stampCommitsAfter: '{n} commits después de {tag}',
    stampCommitAfter: '1 commit después de {tag}',
    stampUncommitted: 'cambios sin confirmar',
    stampUnversioned: 'sin control de versiones',
    draftOutline: 'Proyecto de esquema de las Directrices',
    draftOutlineOn: 'Proyecto de esquema de las Directrices sobre {topic}',
    workPlan: 'Plan de trabajo',
    frontMatter: 'Páginas preliminares',
    columnNo: 'N.º',
    columnTopic: 'Tema',
    columnWriter: 'Redactor',
    columnPeer: 'Revisor',
    columnTask: 'Tarea',
    columnTaskNo: 'N.º',
    columnDue: 'Plazo',
    outlineLegend: 'Las columnas de redactores están numeradas como los contribuyentes que figuran a continuación. Un código con una fecha (día/mes): contribución recibida en esa fecha (en negrita: revisada o definitiva; en marrón: proyecto); un código solo, en gris: contribución pendiente.',
    outlineLegendUnassigned: ' Un asterisco: contribución de un redactor no asignado al tema.',
    workplanLegend: 'La casilla del mes de vencimiento de una tarea indica el día de vencimiento; una marca (✓) y un sombreado: tarea terminada.',
    months: 'ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.',
    translationsAnnex: 'Estado de las traducciones',
    translated: 'traducido',
    stale: 'desactualizado',
    missing: 'pendiente'
  }
}

/** The primary language subtag of a BCP 47 tag, lower case (`fr-CA` -> `fr`). */
export function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split('-')[0]!
}

/** Whether the press has built-in labels for `language` (a BCP 47 tag). */
export function hasBuiltInLabels(language: string): boolean {
  return primaryLanguage(language) in builtInLabels
}

/**
 * The labels of `language` (its built-in set by primary subtag, English for a language the
 * press does not know), with `overrides` (from guidelines.yaml or a translation) on top.
 */
export function labelsFor(language: string, ...overrides: Array<Readonly<Record<string, string>> | undefined>): Labels {
  const base = builtInLabels[primaryLanguage(language) as keyof typeof builtInLabels] ?? builtInLabels.en
  return Object.assign({}, base, ...overrides.map((o) => o ?? {})) as Labels
}

/** A label with its `{name}` placeholders filled (unknown placeholders stay as written). */
export function formatLabel(label: string, values: Readonly<Record<string, string | number>>): string {
  return label.replace(/\{([a-z-]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

/** The keys of a label set (for the schema of `labels` overrides). */
export const labelKeys = Object.keys(builtInLabels.en) as Array<keyof Labels>
