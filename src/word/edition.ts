import { createHash } from 'node:crypto'
import type { Element } from 'hast'
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  SimpleField,
  TabStopType,
  TableOfContents,
  TextRun,
  type FileChild,
  type ICharacterStyleOptions,
  type IParagraphStyleOptions,
  type IStylesOptions,
  type INumberingOptions
} from 'docx'
import type { EditionOptions, GlossaryEntry, Guidelines, TranslationConfig } from '../config/types.js'
import { sourceMapFormat, type SourceEntry, type SourceMap } from '../comments/source-map.js'
import type { Assembled } from '../html/assemble.js'
import { templateContext, type TemplateContext } from '../html/context.js'
import type { Labels } from '../i18n/labels.js'
import type { TextRenderer } from '../markdown/text.js'
import { pdfMetadata } from '../print/metadata.js'
import { convertBlocks, type ConvertContext } from './convert.js'
import { opening } from './first-page.js'
import { pressFonts } from './fonts.js'
import { loadImages, type Rasterise } from './images.js'
import { halfPoints, lookOf, twips, type Look } from './look.js'
import { addSourceMap, bookmarkNames } from './source-map.js'

/** What a DOCX edition is made of: the assembled document and the edition's words and settings. */
export interface DocxEditionInput {
  config: Guidelines
  name: string
  edition: EditionOptions
  language: string
  labels: Labels
  /** The document's texts in the edition's language (a translation's guidelines.yaml). */
  translation?: TranslationConfig
  assembled: Assembled
  acronyms: GlossaryEntry[]
  /** Renders the submission texts (Markdown) of the first page. */
  text: TextRenderer
  generator: string
  /** Where the edition is written: image paths of the trees are relative to it. */
  outputDir: string
  /** The organisations' abbreviations in the edition's language (src/html/context.ts `organisationCodes`). */
  codes?: Readonly<Record<string, string>>
  /** The source map's contributions (src/comments/source-map.ts `describeSources`). */
  sources: Record<string, SourceEntry>
  /** The commit the sources were read from, as the PDF's source map records it. */
  origin: { commit?: string; dirty?: boolean; prefix?: string }
  /** Draws SVG figures as PNG (Word needs a PNG beside an SVG); without it, SVG figures print their caption only. */
  rasterise?: Rasterise
}

/** A DOCX edition: its bytes, and what it holds. */
export interface DocxEdition {
  data: Uint8Array
  /** Source blocks marked by bookmarks (the source map's `blocks`). */
  blocks: number
  footnotes: number
  images: number
}

/**
 * Write an edition as a Word document (.docx): the same numbered, cross-referenced document as
 * the PDF, with Word's own features: heading styles (Heading 1..6, for the navigation pane and
 * the table of contents), a TOC field filled with the headings, native footnotes, paragraph
 * numbers as text, tables whose header rows repeat on each page, figures (SVG with a PNG
 * fallback), captions, the glossary, bookmarks on every id with internal hyperlinks for the
 * references, the document properties (title, subject, authors, keywords, language), the
 * template's fonts, colours and running heads, and its first page. The source map of the
 * edition is a custom XML part, and each paragraph printed from a source block is marked by a
 * hidden bookmark (src/word/source-map.ts), so that a reviewed copy maps back to the sources.
 */
export async function renderDocx(input: DocxEditionInput): Promise<DocxEdition> {
  const { config, edition, language, labels, assembled } = input
  const look = lookOf(edition.template)
  const context = await templateContext({ config, name: input.name, edition, language, labels, translation: input.translation, assembled, acronyms: input.acronyms, css: '', generator: input.generator, text: input.text, codes: input.codes })
  const textWidth = 210 - look.margins.left - look.margins.right
  const footnoteContent = new Map<number, Element>()
  for (const note of assembled.footnotes?.children ?? []) {
    if (note.type === 'element' && note.tagName === 'aside') footnoteContent.set(Number(note.properties.dataFn), note)
  }
  const footnoteSources = new Map<number, string>()
  for (const [file, entry] of Object.entries(input.sources)) for (const n of entry.footnotes ?? []) footnoteSources.set(n, file)
  const submission = { ...config.submission, ...input.translation?.submission, ...edition.submission }
  const [purpose, actionRequired] = await Promise.all([submission.purpose, submission.actionRequired].map(async (value) => (value ? (await input.text.blocks(value)).children.filter((c) => c.type === 'element') : [])))
  const images = await loadImages([...assembled.front, ...assembled.body, ...assembled.back, ...(assembled.footnotes ? [assembled.footnotes] : [])], input.outputDir, input.rasterise)

  const convert: ConvertContext = { look, labels, bookmark: bookmarkNames(), blocks: [], footnoteSources, footnoteContent, footnotes: {}, images, textWidth, listInstances: { next: 1 }, listStarts: new Set() }
  const first = opening({ context, purpose: purpose as Element[], actionRequired: actionRequired as Element[] }, convert)
  const contents: FileChild[] = [new Paragraph({ style: 'ContentsHeading', pageBreakBefore: look.opening !== 'wco', children: [new TextRun(labels.contents)] }), new TableOfContents(labels.contents, { hyperlink: true, headingStyleRange: '1-2' })]
  // The document starts on the page after the table of contents.
  convert.breakBeforeNextHeading = true
  const front = convertBlocks(assembled.front, convert)
  const body = convertBlocks(assembled.body, convert)
  const back = convertBlocks(assembled.back, convert)

  const meta = pdfMetadata(config, edition, input.generator, input.translation)
  const fonts = await pressFonts()
  const { estimatePageNumbersWith } = await import('docx/layout')
  const map: SourceMap = { format: sourceMapFormat, edition: input.name, ...input.origin, pages: 0, folios: [], sources: input.sources, blocks: convert.blocks }
  const document = new Document({
    title: meta.title,
    subject: meta.subject,
    creator: meta.author,
    keywords: meta.keywords.join('; '),
    description: context.subtitle ?? meta.title,
    lastModifiedBy: input.generator,
    customProperties: [
      { name: 'Edition', value: input.name },
      ...(context.reference ? [{ name: 'Reference', value: context.reference }] : []),
      ...(input.origin.commit ? [{ name: 'Commit', value: `${input.origin.commit}${input.origin.dirty ? ' (with uncommitted changes)' : ''}` }] : []),
      { name: 'Generator', value: input.generator }
    ],
    // The TOC's page numbers are written as laid out: Word need not ask to update fields on opening.
    features: { updateFields: false },
    fonts: fonts.map((f) => ({ name: f.name, data: f.regular, bold: f.bold, italic: f.italic, boldItalic: f.boldItalic })),
    pageNumbers: estimatePageNumbersWith({ fonts: fonts.flatMap((f) => [f.regular, f.bold, f.italic, f.boldItalic].filter((d): d is Buffer => d !== undefined).map((data) => ({ data }))), guess: true }),
    styles: styles(look, wordLanguage(language)),
    numbering: numbering(look, convert.listStarts),
    footnotes: convert.footnotes,
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: { width: twips(210), height: twips(297) }, margin: { top: twips(look.margins.top), right: twips(look.margins.right), bottom: twips(look.margins.bottom), left: twips(look.margins.left), header: twips(look.header), footer: twips(look.footer) } }
        },
        headers: { default: header(look, context), first: new Header({ children: [new Paragraph({ style: 'RunningHead', children: [] })] }) },
        footers: { default: footer(look, context, labels), first: new Footer({ children: [new Paragraph({ style: 'RunningHead', children: [] })] }) },
        children: [...first, ...contents, ...front, ...body, ...back]
      }
    ]
  })
  const packed = await Packer.toBuffer(document)
  const { default: JSZip } = await import('jszip')
  const zip = await JSZip.loadAsync(packed)
  await addSourceMap(zip, map)
  await setCoreLanguage(zip, wordLanguage(language))
  await steadyFontKeys(zip)
  await steadyRelationshipIds(zip)
  await setDates(zip, sourceDate() ?? new Date())
  const data = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } })
  return { data, blocks: convert.blocks.length, footnotes: Object.keys(convert.footnotes).length, images: images.size }
}

/**
 * The language tag Word and LibreOffice expect (language and region: `en-GB`), from the
 * edition's BCP 47 tag. A tag without a region gets the region of the organisations' usage
 * (British English, France's French, Spain's Spanish); any other is kept.
 */
export function wordLanguage(tag: string): string {
  if (/-/.test(tag)) return tag
  return ({ en: 'en-GB', fr: 'fr-FR', es: 'es-ES', de: 'de-DE', pt: 'pt-PT', ar: 'ar-SA', ru: 'ru-RU', zh: 'zh-CN' } as Record<string, string>)[tag] ?? tag
}

/** docProps/core.xml with `dc:language` (the docx library writes no language there). */
async function setCoreLanguage(zip: import('jszip'), language: string): Promise<void> {
  const core = zip.file('docProps/core.xml')
  if (!core) return
  const xml = await core.async('string')
  if (xml.includes('<dc:language')) return
  zip.file('docProps/core.xml', xml.replace('</cp:coreProperties>', `<dc:language>${language}</dc:language></cp:coreProperties>`))
}

/**
 * Embedded fonts are obfuscated with a key (ECMA-376 Part 2 §9.2: the first 32 bytes XORed with
 * the GUID's bytes, reversed), which the docx library draws at random: each font gets a key made
 * from its own bytes instead, so that two builds of one commit give the same document.
 */
async function steadyFontKeys(zip: import('jszip')): Promise<void> {
  const table = zip.file('word/fontTable.xml')
  const rels = zip.file('word/_rels/fontTable.xml.rels')
  if (!table || !rels) return
  const targets = new Map([...(await rels.async('string')).matchAll(/Id="([^"]+)"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="([^"]+)"/g)].map((m) => [m[1] ?? m[4]!, `word/${m[2] ?? m[3]!}`]))
  const bytes = (key: string) => key.replace(/[{}-]/g, '').match(/../g)!.map((h) => parseInt(h, 16)).reverse()
  let xml = await table.async('string')
  for (const match of [...xml.matchAll(/<w:embed\w+ r:id="([^"]+)" w:fontKey="(\{[0-9A-F-]+\})"\/>/g)]) {
    const [element, id, key] = match
    const part = targets.get(id!)
    const file = part ? zip.file(part) : null
    if (!file) continue
    const font = Buffer.from(await file.async('uint8array'))
    const old = bytes(key!)
    for (let i = 0; i < 32; i++) font[i] = font[i]! ^ old[i % 16]!
    const hex = createHash('sha256').update(font).digest('hex').slice(0, 32).toUpperCase()
    const steady = `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`
    const fresh = bytes(steady)
    for (let i = 0; i < 32; i++) font[i] = font[i]! ^ fresh[i % 16]!
    zip.file(part!, font)
    xml = xml.replace(element!, element!.replace(key!, steady))
  }
  zip.file('word/fontTable.xml', xml)
}

/**
 * The docx library names the relationships of hyperlinks at random (`rIdk3j…`): they are named
 * in their order instead (`rIdLink1`…), in each part and its relationships, for the same reason.
 */
async function steadyRelationshipIds(zip: import('jszip')): Promise<void> {
  for (const relsName of Object.keys(zip.files).filter((name) => /^word\/_rels\/[^/]+\.xml\.rels$/.test(name))) {
    const partName = relsName.replace('_rels/', '').replace(/\.rels$/, '')
    const rels = await zip.file(relsName)!.async('string')
    const part = zip.file(partName)
    const random = [...rels.matchAll(/Id="(rId[a-z0-9_-]*[a-z_-][a-z0-9_-]*)"/g)].map((m) => m[1]!).filter((id) => !/^rId\d+$/.test(id) && id !== 'rIdGuidelinesSourceMap')
    if (random.length === 0 || !part) continue
    let xml = await part.async('string')
    let relsXml = rels
    random.forEach((id, index) => {
      const steady = `rIdLink${index + 1}`
      relsXml = relsXml.split(`Id="${id}"`).join(`Id="${steady}"`)
      xml = xml.split(`r:id="${id}"`).join(`r:id="${steady}"`)
    })
    zip.file(relsName, relsXml)
    zip.file(partName, xml)
  }
}

/** `SOURCE_DATE_EPOCH` (whole seconds) as a date, as the PDF takes it; undefined when unset. */
function sourceDate(): Date | undefined {
  const epoch = process.env['SOURCE_DATE_EPOCH']
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined
}

/**
 * The document's creation date (docProps/core.xml) and every zip entry's date set to `date`:
 * with SOURCE_DATE_EPOCH, building a commit twice gives the same bytes, as for the PDF.
 */
async function setDates(zip: import('jszip'), date: Date): Promise<void> {
  const core = zip.file('docProps/core.xml')
  if (core) {
    const stamp = `${date.toISOString().slice(0, 19)}Z`
    zip.file('docProps/core.xml', (await core.async('string')).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${stamp}`))
  }
  zip.forEach((_, entry) => {
    entry.date = date
  })
}

function styles(look: Look, language: string): IStylesOptions {
  const size = halfPoints(look.size)
  // The template's line height in points, at least (Word's "auto" spacing would multiply the
  // font's own line height, which is already ~1.37 em for Source Serif 4).
  const line = Math.round(look.size * look.leading * 20)
  const after = twips(look.size * 0.65 * 0.3528)
  const sans = { ascii: look.sans, hAnsi: look.sans, cs: look.sans }
  const heading = (level: number, options: { size: number; before: number; after: number; italics?: boolean }): IParagraphStyleOptions => ({
    id: `Heading${level}`,
    name: `heading ${level}`,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: sans, size: halfPoints(options.size), bold: !options.italics || level < 4, italics: options.italics, color: look.headingColour },
    paragraph: { keepNext: true, keepLines: true, outlineLevel: level - 1, spacing: { before: twips(options.before), after: twips(options.after), line: 240, lineRule: LineRuleType.AUTO }, alignment: AlignmentType.LEFT }
  })
  const [h1, h2, h3, h4] = look.headings
  const paragraphStyles: IParagraphStyleOptions[] = [
    heading(1, { size: h1, before: 8, after: 3.5 }),
    heading(2, { size: h2, before: 6, after: 2.5 }),
    heading(3, { size: h3, before: 4.5, after: 1.8, italics: look.opening === 'wco' }),
    heading(4, { size: h4, before: 4, after: 1.5, italics: true }),
    heading(5, { size: h4, before: 3, after: 1, italics: true }),
    heading(6, { size: h4, before: 3, after: 1, italics: true }),
    { id: 'NumberedParagraph', name: 'Numbered Paragraph', basedOn: 'Normal', next: 'NumberedParagraph', quickFormat: true, paragraph: { indent: { left: 0, hanging: twips(look.paraIndent) } } },
    { id: 'ListParagraph', name: 'List Paragraph', basedOn: 'Normal', quickFormat: true, paragraph: { spacing: { after: twips(1) }, ...(look.justify ? { alignment: AlignmentType.JUSTIFIED } : {}) } },
    { id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { italics: true }, paragraph: { indent: { left: twips(8), right: twips(8) } } },
    { id: 'Code', name: 'Code', basedOn: 'Normal', run: { font: 'Consolas', size: halfPoints(look.size * 0.85) }, paragraph: { alignment: AlignmentType.LEFT, spacing: { line: 240, lineRule: LineRuleType.AUTO }, shading: { type: 'clear', color: 'auto', fill: 'F4F4F4' } } },
    { id: 'Caption', name: 'caption', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: sans, size: halfPoints(look.size * 0.86), color: look.text }, paragraph: { alignment: AlignmentType.LEFT, spacing: { before: twips(3), after: twips(1.5), line: 240, lineRule: LineRuleType.AUTO } } },
    { id: 'TableCaption', name: 'Table Caption', basedOn: 'Caption', next: 'Normal', quickFormat: true, paragraph: { keepNext: true, keepLines: true } },
    { id: 'FigureCaption', name: 'Figure Caption', basedOn: 'Caption', next: 'Normal', quickFormat: true, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: twips(1.5), after: twips(4) } } },
    { id: 'Figure', name: 'Figure', basedOn: 'Normal', next: 'FigureCaption', paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: twips(3), after: 0, line: 240, lineRule: LineRuleType.AUTO } } },
    { id: 'TableText', name: 'Table Text', basedOn: 'Normal', run: { size: halfPoints(look.tableSize) }, paragraph: { alignment: AlignmentType.LEFT, spacing: { before: 0, after: 0, line: 252, lineRule: LineRuleType.AUTO } } },
    { id: 'TableHeading', name: 'Table Heading', basedOn: 'TableText', run: { font: sans, bold: true }, paragraph: { keepNext: true } },
    { id: 'AfterTable', name: 'After Table', basedOn: 'Normal', run: { size: 8 }, paragraph: { spacing: { before: 0, after: twips(2), line: 240, lineRule: LineRuleType.AUTO } } },
    { id: 'GlossaryTerm', name: 'Glossary Term', basedOn: 'Normal', next: 'GlossaryDefinition', run: { font: sans, bold: true, color: look.accent }, paragraph: { keepNext: true, spacing: { before: twips(2), after: 0 }, alignment: AlignmentType.LEFT, indent: { left: twips(24), hanging: twips(24) } } },
    { id: 'GlossaryDefinition', name: 'Glossary Definition', basedOn: 'Normal', next: 'GlossaryTerm', paragraph: { alignment: AlignmentType.LEFT, indent: { left: twips(24) }, spacing: { after: twips(1.5) } } },
    { id: 'FootnoteText', name: 'footnote text', basedOn: 'Normal', run: { size: halfPoints(Math.max(8, look.size * 0.8)) }, paragraph: { alignment: AlignmentType.LEFT, indent: { left: twips(4), hanging: twips(4) }, spacing: { before: 0, after: twips(0.8), line: 240, lineRule: LineRuleType.AUTO } } },
    { id: 'Placeholder', name: 'Placeholder', basedOn: 'Normal', run: { italics: true, color: look.muted } },
    { id: 'Asterism', name: 'Asterism', basedOn: 'Normal', next: 'Normal', paragraph: { alignment: AlignmentType.CENTER, spacing: { before: twips(6), after: twips(8) } } },
    { id: 'Rule', name: 'Rule', basedOn: 'Normal', paragraph: { border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: look.tableBorder, space: 1 } } } },
    { id: 'ContentsHeading', name: 'TOC Heading', basedOn: 'Normal', next: 'Normal', run: { font: sans, bold: true, size: halfPoints(h1), color: look.headingColour }, paragraph: { keepNext: true, spacing: { before: twips(4), after: twips(4) } } },
    { id: 'TOC1', name: 'toc 1', basedOn: 'Normal', next: 'Normal', run: { font: sans, bold: true, size: halfPoints(look.size * 0.95) }, paragraph: { alignment: AlignmentType.LEFT, spacing: { before: twips(2), after: twips(0.5) } } },
    { id: 'TOC2', name: 'toc 2', basedOn: 'Normal', next: 'Normal', run: { size: halfPoints(look.size * 0.95) }, paragraph: { alignment: AlignmentType.LEFT, indent: { left: twips(6) }, spacing: { after: 0 } } },
    { id: 'TOC3', name: 'toc 3', basedOn: 'Normal', next: 'Normal', run: { size: halfPoints(look.size * 0.9) }, paragraph: { alignment: AlignmentType.LEFT, indent: { left: twips(12) }, spacing: { after: 0 } } },
    // The first page.
    { id: 'MastheadOrganisation', name: 'Masthead Organisation', basedOn: 'Normal', run: { font: sans, bold: true, size: halfPoints(11.5), color: look.accent }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO } } },
    { id: 'MastheadOrganisationAlt', name: 'Masthead Organisation Alternate', basedOn: 'MastheadOrganisation', run: { bold: false, italics: true, size: halfPoints(9.5), color: '555555' }, paragraph: { spacing: { after: twips(2) } } },
    { id: 'MastheadReference', name: 'Masthead Reference', basedOn: 'Normal', run: { font: sans, bold: true, size: halfPoints(12.5), characterSpacing: 8 }, paragraph: { alignment: AlignmentType.RIGHT, spacing: { after: twips(2) } } },
    { id: 'MastheadGap', name: 'Masthead Gap', basedOn: 'Normal', run: { size: 8 }, paragraph: { spacing: { before: 0, after: twips(5), line: 240, lineRule: LineRuleType.AUTO } } },
    { id: 'MastheadBand', name: 'Masthead Band', basedOn: 'Normal', run: { font: sans, color: look.accent, size: halfPoints(12) }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: twips(6) }, border: { bottom: { style: BorderStyle.SINGLE, size: 24, color: look.numberColour, space: 4 } } } },
    { id: 'DocumentInfo', name: 'Document Information', basedOn: 'Normal', run: { font: sans, size: halfPoints(9.5), color: look.muted }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: twips(8) } } },
    { id: 'Committee', name: 'Committee', basedOn: 'Normal', run: { font: sans, bold: true, allCaps: true, characterSpacing: 12, size: halfPoints(11.5) }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: twips(0.8), line: 240, lineRule: LineRuleType.AUTO } } },
    { id: 'Meeting', name: 'Meeting', basedOn: 'Normal', run: { font: sans }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 0, line: 264, lineRule: LineRuleType.AUTO } } },
    { id: 'Issued', name: 'Issued', basedOn: 'Normal', paragraph: { alignment: AlignmentType.RIGHT, spacing: { before: twips(6), after: twips(9) } } },
    { id: 'Topic', name: 'Topic', basedOn: 'Normal', run: { font: sans, bold: true, allCaps: true, characterSpacing: 12, size: halfPoints(11.5) }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twips(2.5) } } },
    { id: 'DocumentTitle', name: 'Document Title', basedOn: 'Normal', run: { font: sans, bold: true, size: halfPoints(14.5) }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twips(2.5), line: 288, lineRule: LineRuleType.AUTO } } },
    { id: 'DocumentSubtitle', name: 'Document Subtitle', basedOn: 'Normal', run: { font: sans, size: halfPoints(12), color: look.muted }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twips(8) } } },
    { id: 'AgendaItem', name: 'Agenda Item', basedOn: 'Normal', paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twips(8) } } },
    { id: 'SummaryHeading', name: 'Summary Heading', basedOn: 'Normal', run: { font: sans, bold: true, characterSpacing: 24 }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twips(3) } } },
    { id: 'SummarySubheading', name: 'Summary Subheading', basedOn: 'Normal', run: { font: sans, bold: true, size: halfPoints(look.size * 0.95) }, paragraph: { alignment: AlignmentType.LEFT, keepNext: true, spacing: { before: twips(3), after: twips(1.5) } } },
    { id: 'CoverOrganisations', name: 'Cover Organisations', basedOn: 'Normal', run: { font: sans, bold: true, color: look.accent }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: twips(40) } } },
    { id: 'CoverKicker', name: 'Cover Kicker', basedOn: 'Normal', run: { font: sans, bold: true, allCaps: true, characterSpacing: 40, color: look.numberColour, size: halfPoints(9.5) }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: twips(5) } } },
    { id: 'CoverTitle', name: 'Cover Title', basedOn: 'Normal', run: { font: sans, bold: true, size: halfPoints(26), color: look.accent }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: twips(6), line: 264, lineRule: LineRuleType.AUTO } } },
    { id: 'CoverSubtitle', name: 'Cover Subtitle', basedOn: 'Normal', run: { font: sans, size: halfPoints(14), color: look.muted }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: twips(30) } } },
    { id: 'CoverEdition', name: 'Cover Edition', basedOn: 'Normal', run: { font: sans, size: halfPoints(11.5), color: look.accent }, paragraph: { alignment: AlignmentType.LEFT } },
    { id: 'LegalTitle', name: 'Legal Title', basedOn: 'Normal', run: { font: sans, bold: true, color: look.accent }, paragraph: { alignment: AlignmentType.LEFT, spacing: { after: twips(120) } } },
    { id: 'Legal', name: 'Legal', basedOn: 'Normal', run: { font: sans, size: halfPoints(8.5), color: '333333' }, paragraph: { alignment: AlignmentType.LEFT } },
    { id: 'RunningHead', name: 'header', basedOn: 'Normal', run: { font: sans, size: halfPoints(9), color: look.opening === 'wco' ? '222222' : look.muted }, paragraph: { alignment: AlignmentType.LEFT, spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } } }
  ]
  const characterStyles: ICharacterStyleOptions[] = [
    { id: 'ParagraphNumber', name: 'Paragraph Number', basedOn: 'DefaultParagraphFont', run: { color: look.opening === 'wco' ? look.text : look.muted } },
    { id: 'HeadingNumber', name: 'Heading Number', basedOn: 'DefaultParagraphFont', run: { color: look.numberColour } },
    { id: 'CrossReference', name: 'Cross Reference', basedOn: 'DefaultParagraphFont', run: { color: look.opening === 'wco' ? look.text : look.accent2 } },
    { id: 'GlossaryLink', name: 'Glossary Link', basedOn: 'DefaultParagraphFont', run: {} },
    { id: 'GlossaryAbbreviation', name: 'Glossary Abbreviation', basedOn: 'DefaultParagraphFont', run: { font: sans, bold: true, color: look.accent } },
    { id: 'Hyperlink', name: 'Hyperlink', basedOn: 'DefaultParagraphFont', run: { color: look.accent2, underline: {} } },
    { id: 'FootnoteReference', name: 'footnote reference', basedOn: 'DefaultParagraphFont', run: { superScript: true, font: sans, bold: true } }
  ]
  return {
    default: {
      document: {
        run: { font: { ascii: look.serif, hAnsi: look.serif, cs: look.serif, eastAsia: look.serif }, size, color: look.text, language: { value: language } },
        paragraph: { spacing: { after, line, lineRule: LineRuleType.AT_LEAST }, ...(look.justify ? { alignment: AlignmentType.JUSTIFIED } : {}) }
      }
    },
    paragraphStyles,
    characterStyles
  }
}

function numbering(look: Look, starts: ReadonlySet<number>): INumberingOptions {
  const indent = (level: number) => ({ indent: { left: twips(6 + 6 * level), hanging: twips(5) } })
  const bullets = [look.bullet, '\u2013', '\u00b7']
  const ordered = (reference: string, start: number) => ({
    reference,
    levels: Array.from({ length: 9 }, (_, level) => ({
      level,
      format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3]!,
      text: `%${level + 1}.`,
      start: level === 0 ? start : 1,
      alignment: AlignmentType.LEFT,
      style: { paragraph: indent(level) }
    }))
  })
  return {
    config: [
      { reference: 'bullets', levels: Array.from({ length: 9 }, (_, level) => ({ level, format: LevelFormat.BULLET, text: bullets[level % 3]!, alignment: AlignmentType.LEFT, style: { paragraph: indent(level) } })) },
      ordered('ordered', 1),
      ...[...starts].map((start) => ordered(`ordered-${start}`, start))
    ]
  }
}

function header(look: Look, context: TemplateContext): Header {
  const reference = context.reference ?? ''
  const right = [{ type: TabStopType.RIGHT, position: twips(210 - look.margins.left - look.margins.right) }]
  if (look.running === 'reference-and-folio') return new Header({ children: [new Paragraph({ style: 'RunningHead', alignment: AlignmentType.RIGHT, children: [new TextRun({ text: reference, bold: true })] })] })
  if (look.running === 'iaph') {
    return new Header({
      children: [
        new Paragraph({
          style: 'RunningHead',
          tabStops: right,
          border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: look.numberColour, space: 3 } },
          children: [new TextRun({ text: 'IAPH', bold: true, color: look.accent }), new TextRun({ text: `\u2003${context.labels.iaphCommittee ?? ''}`, color: look.accent2 }), new TextRun({ children: ['\t', reference], bold: true })]
        })
      ]
    })
  }
  // The running chapter: the text of the last Heading 1 started on or before the page.
  return new Header({ children: [new Paragraph({ style: 'RunningHead', children: [new SimpleField('STYLEREF "heading 1" \\* MERGEFORMAT', '')] })] })
}

function footer(look: Look, context: TemplateContext, labels: Labels): Footer {
  const right = [{ type: TabStopType.RIGHT, position: twips(210 - look.margins.left - look.margins.right) }]
  const pageOf = (label: string) => {
    // "Page {page} of {pages}": the words around Word's page fields.
    const parts = label.split(/(\{page\}|\{pages\})/)
    return parts.filter(Boolean).map((part) => (part === '{page}' ? new TextRun({ children: [PageNumber.CURRENT] }) : part === '{pages}' ? new TextRun({ children: [PageNumber.TOTAL_PAGES] }) : new TextRun(part)))
  }
  if (look.running === 'reference-and-folio') return new Footer({ children: [new Paragraph({ style: 'RunningHead', alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT, '/', PageNumber.TOTAL_PAGES] })] })] })
  if (look.running === 'iaph') {
    return new Footer({ children: [new Paragraph({ style: 'RunningHead', tabStops: right, children: [new SimpleField('STYLEREF "heading 1" \\* MERGEFORMAT', ''), new TextRun('\t'), ...pageOf(labels.pageOf)] })] })
  }
  return new Footer({ children: [new Paragraph({ style: 'RunningHead', children: [new TextRun({ children: [PageNumber.CURRENT], bold: true, color: look.accent }), new TextRun({ text: ` | ${context.title}` })] })] })
}
