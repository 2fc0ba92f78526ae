import { PDFArray, PDFDict, PDFName, PDFRef, PDFStream, type PDFObject } from 'pdf-lib'
import { boolOf, get, getArray, getDict, nameOf, openPdf, pageOperations, refText, resolve, streamData, textOf, type Pdf } from './document.js'
import type { FontInfo } from './fonts.js'
import { readPageContent } from './marked.js'
import type { PdfUaRuleId } from './rules.js'
import { childElems, readStructTree, standardTypeOf, type StructElem, type StructTree } from './structure.js'
import { readXmp } from './xmp.js'

/** One failed check: its rule, what is wrong, and where (page number, object). */
export interface Violation {
  rule: PdfUaRuleId
  message: string
  page?: number
  object?: string
}

/** What `checkPdf` found. */
export interface PdfUaReport {
  /** Failures, at most `limit` of each rule (the first ones, in page order). */
  violations: Violation[]
  /** Failures of each rule in all, including those not listed. */
  counts: Partial<Record<PdfUaRuleId, number>>
  pages: number
}

/** Options of `checkPdf`. */
export interface CheckOptions {
  /** Failures listed per rule; the others are only counted (10 by default). */
  limit?: number
}

/** A language tag as ISO 32000-1, 14.9.2 and RFC 3066 define it. */
const languageTag = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/

/**
 * Check a PDF against the machine-checkable requirements of PDF/UA-1 (ISO 14289-1) that apply to
 * what the press produces: see src/pdfua/rules.ts for the rules and docs/pdfua.md for what they
 * cover and what only a person can judge. Never throws for a bad PDF: an unreadable file is a
 * `pdfua-unreadable` failure.
 */
export async function checkPdf(bytes: Uint8Array, options: CheckOptions = {}): Promise<PdfUaReport> {
  let pdf: Pdf
  try {
    pdf = await openPdf(bytes)
  } catch (error) {
    const report: PdfUaReport = { violations: [], counts: {}, pages: 0 }
    reporter(report, options)('pdfua-unreadable', `The file cannot be read as a PDF: ${(error as Error).message}`)
    return report
  }
  return checkOpenedPdf(pdf, options)
}

/**
 * `checkPdf` of a PDF already opened (`openPdf`; post-processing hands over the output as
 * `reopenPdf` gives it, so that the build does not parse its PDF twice).
 */
export function checkOpenedPdf(pdf: Pdf, options: CheckOptions = {}): PdfUaReport {
  const report: PdfUaReport = { violations: [], counts: {}, pages: 0 }
  const fail = reporter(report, options)
  report.pages = pdf.pages.length
  checkCatalog(pdf, fail)
  const tree = readStructTree(pdf)
  if (tree) checkStructure(pdf, tree, fail)
  checkPages(pdf, tree, fail)
  checkEmbeddedFiles(pdf, fail)
  return report
}

type Fail = (rule: PdfUaRuleId, message: string, page?: number, object?: PDFRef | string) => void

/** Records a failure in `report`: counted always, listed up to the limit of its rule. */
function reporter(report: PdfUaReport, options: CheckOptions): Fail {
  const limit = options.limit ?? 10
  return (rule, message, page, object) => {
    const count = (report.counts[rule] ?? 0) + 1
    report.counts[rule] = count
    if (count <= limit) report.violations.push({ rule, message, page, object: typeof object === 'string' ? object : object ? refText(object) : undefined })
  }
}

function checkCatalog(pdf: Pdf, fail: Fail): void {
  const catalog = pdf.catalog
  const markInfo = getDict(pdf, catalog, 'MarkInfo')
  if (!catalog.has(PDFName.of('StructTreeRoot'))) fail('pdfua-tagged', 'Expected a structure tree (/StructTreeRoot in the catalog): the PDF is not tagged')
  if (boolOf(get(pdf, markInfo, 'Marked')) !== true) fail('pdfua-tagged', 'Expected /MarkInfo <</Marked true>> in the catalog')
  if (boolOf(get(pdf, markInfo, 'Suspects')) === true) fail('pdfua-suspects', 'Unexpected /MarkInfo /Suspects true: the tags are declared unreliable')
  const metadata = get(pdf, catalog, 'Metadata')
  const xml = metadata instanceof PDFStream ? streamData(metadata) : undefined
  if (!xml) fail('pdfua-metadata', 'Expected an XMP metadata stream (/Metadata in the catalog)')
  else {
    const xmp = readXmp(Buffer.from(xml).toString('utf8'))
    if (xmp.part !== '1') fail('pdfua-metadata-part', xmp.part === undefined ? 'Expected the PDF/UA identification pdfuaid:part in the XMP metadata' : `Unexpected pdfuaid:part ${xmp.part} in the XMP metadata, expected 1`)
    if (!xmp.title) fail('pdfua-metadata-title', 'Expected a dc:title in the XMP metadata')
  }
  const preferences = getDict(pdf, catalog, 'ViewerPreferences')
  if (boolOf(get(pdf, preferences, 'DisplayDocTitle')) !== true) fail('pdfua-display-doc-title', 'Expected /ViewerPreferences <</DisplayDocTitle true>> in the catalog, so that viewers show the title, not the file name')
  const lang = textOf(get(pdf, catalog, 'Lang'))
  if (!lang) fail('pdfua-lang', 'Expected the document language (/Lang in the catalog)')
  else if (!languageTag.test(lang)) fail('pdfua-lang-invalid', `Unexpected /Lang (${lang}) in the catalog, expected a language tag such as en or fr-CA`)
}

function checkStructure(pdf: Pdf, tree: StructTree, fail: Fail): void {
  const standard = new Map<StructElem, string | undefined>()
  const where = (elem: StructElem) => {
    const page = elem.page ? pdf.pageNumber.get(elem.page.objectNumber) : undefined
    return { page, object: elem.ref ? refText(elem.ref) : 'a direct object' }
  }
  const at = (elem: StructElem) => {
    const { page, object } = where(elem)
    return `${elem.type} element ${object}${page ? ` (page ${page})` : ''}`
  }
  for (const [from, to] of tree.roleMap) {
    if (standardTypeOf(from, new Map()).type && !standardTypeOf(from, new Map()).circular) fail('pdfua-role-remapped', `Unexpected /RoleMap entry for the standard type ${from} (mapped to ${to}): standard types keep their meaning`)
  }
  for (const elem of tree.elems) {
    const { type, circular } = standardTypeOf(elem.type, tree.roleMap)
    standard.set(elem, type)
    if (circular) fail('pdfua-role-circular', `Unexpected circular role mapping of ${elem.type}`, where(elem).page, where(elem).object)
    else if (!type) fail('pdfua-role-unmapped', `Unexpected non-standard structure type ${elem.type} without a /RoleMap entry to a standard type (${at(elem)})`, where(elem).page, where(elem).object)
    const lang = textOf(resolve(pdf, elem.dict.get(PDFName.of('Lang'))))
    if (lang !== undefined && !languageTag.test(lang)) fail('pdfua-lang-invalid', `Unexpected /Lang (${lang}) on the ${at(elem)}, expected a language tag`, where(elem).page, where(elem).object)
  }
  const std = (elem: StructElem | undefined) => (elem ? standard.get(elem) ?? '' : '')
  const kidTypes = (elem: StructElem) => childElems(elem).map(std)

  // Headings (7.4.2, 7.4.4).
  let previous = 0
  let usesH = false
  let usesHn = false
  for (const elem of tree.elems) {
    const type = std(elem)
    if (kidTypes(elem).filter((t) => t === 'H').length > 1) fail('pdfua-heading-mixed', `Unexpected ${at(elem)} with more than one H child`, where(elem).page, where(elem).object)
    if (type === 'H') usesH = true
    const level = /^H([1-6])$/.exec(type)?.[1]
    if (!level) continue
    usesHn = true
    const n = Number(level)
    if (previous === 0 && n !== 1) fail('pdfua-heading-first', `Unexpected first heading ${type}, expected H1 (${at(elem)})`, where(elem).page, where(elem).object)
    else if (previous !== 0 && n > previous + 1) fail('pdfua-heading-skip', `Unexpected ${type} after H${previous}: a heading level is skipped, expected H${previous + 1} (${at(elem)})`, where(elem).page, where(elem).object)
    previous = n
  }
  if (usesH && usesHn) fail('pdfua-heading-mixed', 'Unexpected use of both H and H1-H6 headings: a document is either strongly or weakly structured')

  const noteIds = new Map<string, StructElem>()
  for (const elem of tree.elems) {
    const type = std(elem)
    const parent = std(elem.parent)
    const kids = kidTypes(elem)
    const { page, object } = where(elem)
    if (type === 'Figure' || type === 'Formula') {
      const alt = textOf(resolve(pdf, elem.dict.get(PDFName.of('Alt'))))
      const actual = textOf(resolve(pdf, elem.dict.get(PDFName.of('ActualText'))))
      if (!alt && !actual) fail('pdfua-figure-alt', `Expected /Alt (or /ActualText) on the ${at(elem)}: a figure needs a text alternative`, page, object)
    }
    if (type === 'Table') {
      const body = kids.filter((t, i) => !(t === 'Caption' && (i === 0 || i === kids.length - 1)))
      if (body.some((t) => !['TR', 'THead', 'TBody', 'TFoot'].includes(t)) || kids.filter((t) => t === 'Caption').length > 1) fail('pdfua-table-structure', `Unexpected children ${kids.join(', ')} of the ${at(elem)}, expected TR, THead, TBody, TFoot and at most one Caption, first or last`, page, object)
      const cells = tableCells(elem, std)
      const usesHeaders = cells.some((c) => std(c) === 'TD' && attribute(pdf, c, 'Headers') !== undefined)
      for (const cell of cells) {
        if (std(cell) === 'TH' && attribute(pdf, cell, 'Scope') === undefined && !usesHeaders) fail('pdfua-table-header-scope', `Expected /Scope on the ${at(cell)} (or /Headers on the data cells of its table)`, where(cell).page, where(cell).object)
      }
    }
    if (type === 'TR') {
      if (!['Table', 'THead', 'TBody', 'TFoot'].includes(parent)) fail('pdfua-table-structure', `Unexpected ${at(elem)} in ${parent || 'the root'}, expected in Table, THead, TBody or TFoot`, page, object)
      if (kids.some((t) => t !== 'TH' && t !== 'TD')) fail('pdfua-table-structure', `Unexpected children ${kids.join(', ')} of the ${at(elem)}, expected TH and TD`, page, object)
    }
    if ((type === 'TH' || type === 'TD') && parent !== 'TR') fail('pdfua-table-structure', `Unexpected ${at(elem)} in ${parent || 'the root'}, expected in TR`, page, object)
    if (['THead', 'TBody', 'TFoot'].includes(type)) {
      if (parent !== 'Table') fail('pdfua-table-structure', `Unexpected ${at(elem)} in ${parent || 'the root'}, expected in Table`, page, object)
      if (kids.some((t) => t !== 'TR')) fail('pdfua-table-structure', `Unexpected children ${kids.join(', ')} of the ${at(elem)}, expected TR`, page, object)
    }
    if (type === 'L' && kids.some((t, i) => !(t === 'L' || t === 'LI' || (t === 'Caption' && i === 0)))) fail('pdfua-list-structure', `Unexpected children ${kids.join(', ')} of the ${at(elem)}, expected LI, L and a first Caption`, page, object)
    if (type === 'LI') {
      if (parent !== 'L') fail('pdfua-list-structure', `Unexpected ${at(elem)} in ${parent || 'the root'}, expected in L`, page, object)
      if (kids.some((t) => t !== 'Lbl' && t !== 'LBody') || elem.kids.some((k) => k.kind !== 'elem')) fail('pdfua-list-structure', `Unexpected content ${describeKids(elem, std)} of the ${at(elem)}, expected Lbl and LBody`, page, object)
    }
    if (type === 'LBody' && parent !== 'LI') fail('pdfua-list-structure', `Unexpected ${at(elem)} in ${parent || 'the root'}, expected in LI`, page, object)
    if (type === 'TOCI' && parent !== 'TOC') fail('pdfua-toc-structure', `Unexpected ${at(elem)} in ${parent || 'the root'}, expected in TOC`, page, object)
    if (type === 'TOC' && kids.some((t, i) => !(t === 'TOC' || t === 'TOCI' || (t === 'Caption' && i === 0)))) fail('pdfua-toc-structure', `Unexpected children ${kids.join(', ')} of the ${at(elem)}, expected TOCI, TOC and a first Caption`, page, object)
    if (type === 'Note') {
      const id = textOf(resolve(pdf, elem.dict.get(PDFName.of('ID'))))
      if (!id) fail('pdfua-note-id', `Expected an /ID on the ${at(elem)}`, page, object)
      else if (noteIds.has(id)) fail('pdfua-note-id', `Unexpected /ID (${id}) on the ${at(elem)}, already the ID of ${at(noteIds.get(id)!)}`, page, object)
      else noteIds.set(id, elem)
    }
  }
}

function describeKids(elem: StructElem, std: (e: StructElem) => string): string {
  return elem.kids.map((k) => (k.kind === 'elem' ? std(k.elem) || k.elem.type : k.kind === 'mcid' ? `MCID ${k.mcid}` : 'an object')).join(', ')
}

/** TH and TD cells of a table (not of tables nested in them). */
function tableCells(table: StructElem, std: (e: StructElem) => string): StructElem[] {
  const cells: StructElem[] = []
  const walk = (elem: StructElem) => {
    for (const kid of childElems(elem)) {
      const type = std(kid)
      if (type === 'TH' || type === 'TD') cells.push(kid)
      else if (type !== 'Table') walk(kid)
    }
  }
  walk(table)
  return cells
}

/** A structure attribute of an element (its /A: one dictionary or an array of them with revision numbers). */
export function attribute(pdf: Pdf, elem: StructElem, key: string): PDFObject | undefined {
  const a = resolve(pdf, elem.dict.get(PDFName.of('A')))
  const list = a instanceof PDFArray ? a.asArray() : a ? [a] : []
  for (const item of list) {
    const dict = resolve(pdf, item)
    if (dict instanceof PDFDict && dict.has(PDFName.of(key))) return resolve(pdf, dict.get(PDFName.of(key)))
  }
  return undefined
}

function checkPages(pdf: Pdf, tree: StructTree | undefined, fail: Fail): void {
  // What the structure tree references: MCIDs by page, annotations (OBJR) by their parent element.
  const referenced = new Map<number, Set<number>>()
  const objParent = new Map<number, StructElem>()
  const roleMap = tree?.roleMap ?? new Map<string, string>()
  for (const elem of tree?.elems ?? []) {
    for (const kid of elem.kids) {
      if (kid.kind === 'mcid' && kid.page && !kid.stream) {
        const set = referenced.get(kid.page.objectNumber) ?? new Set<number>()
        set.add(kid.mcid)
        referenced.set(kid.page.objectNumber, set)
      } else if (kid.kind === 'objr') objParent.set(kid.obj.objectNumber, elem)
    }
  }
  const fontCache = new Map<string, FontInfo>()
  const fontsReported = new Set<FontInfo>()
  for (const page of pdf.pages) {
    const content = readPageContent(pdf, page.dict, fontCache, pageOperations(pdf, page.dict))
    if (content.untagged > 0) fail('pdfua-content-untagged', `Unexpected ${content.untagged} painting operation${content.untagged === 1 ? '' : 's'} on page ${page.number} neither tagged (in a sequence with an MCID) nor marked /Artifact`, page.number, page.ref)
    if (content.artifactInContent > 0) fail('pdfua-artifact-in-content', `Unexpected /Artifact inside tagged content on page ${page.number} (${content.artifactInContent} times)`, page.number, page.ref)
    if (content.inPath > 0) fail('pdfua-content-syntax', `Unexpected marked-content operator inside a path object on page ${page.number} (${content.inPath} times): marked content goes between graphics objects`, page.number, page.ref)
    if (content.contentInArtifact > 0) fail('pdfua-content-in-artifact', `Unexpected tagged content inside an /Artifact on page ${page.number} (${content.contentInArtifact} times)`, page.number, page.ref)
    const known = referenced.get(page.ref.objectNumber) ?? new Set<number>()
    const orphans = [...content.mcids.keys()].filter((mcid) => !known.has(mcid))
    if (orphans.length > 0) fail('pdfua-mcid-unreferenced', `Unexpected marked content on page ${page.number} that no structure element references (MCID ${orphans.slice(0, 5).join(', ')}${orphans.length > 5 ? ', ...' : ''})`, page.number, page.ref)
    for (const font of content.fontsUsed) {
      if (fontsReported.has(font)) continue
      fontsReported.add(font)
      const name = font.ref ? refText(font.ref) : 'a direct font'
      if (!font.embedded) fail('pdfua-font-embedded', `Unexpected font ${name} (${font.subtype}) used on page ${page.number} without an embedded font program`, page.number, font.ref)
      if (!font.hasToUnicode && !font.standardEncoding) fail('pdfua-font-unicode', `Expected a /ToUnicode map (or a standard encoding) for font ${name} used on page ${page.number}`, page.number, font.ref)
      if (font.badUnicode) fail('pdfua-font-unicode', `Unexpected U+0000, U+FEFF or U+FFFE in the /ToUnicode map of font ${name}`, page.number, font.ref)
      if (font.missingCidToGid) fail('pdfua-font-cidtogid', `Expected a /CIDToGIDMap in the CIDFontType2 of font ${name}`, page.number, font.ref)
    }
    const annots = getArray(pdf, page.dict, 'Annots')?.asArray() ?? []
    if (annots.length > 0 && nameOf(get(pdf, page.dict, 'Tabs')) !== 'S') fail('pdfua-tabs', `Expected /Tabs /S on page ${page.number}, which has annotations (tab order follows the structure)`, page.number, page.ref)
    for (const item of annots) {
      const annot = resolve(pdf, item)
      if (!(annot instanceof PDFDict)) continue
      const ref = item instanceof PDFRef ? item : undefined
      const subtype = nameOf(annot.get(PDFName.of('Subtype'))) ?? ''
      if (subtype === 'Popup' || subtype === 'Widget') continue
      const parent = ref ? objParent.get(ref.objectNumber) : undefined
      const parentType = parent ? standardTypeOf(parent.type, roleMap).type : undefined
      const hasStructParent = annot.has(PDFName.of('StructParent'))
      if (subtype === 'Link') {
        if (!hasStructParent || parentType !== 'Link') fail('pdfua-link-tag', `Expected the link annotation ${refText(ref)} on page ${page.number} ${!hasStructParent ? 'to have a /StructParent and ' : ''}to be the content (OBJR) of a Link structure element${parent ? `, found in ${parent.type}` : ''}`, page.number, ref)
        if (!textOf(get(pdf, annot, 'Contents'))?.trim()) fail('pdfua-link-contents', `Expected /Contents on the link annotation ${refText(ref)} on page ${page.number} (a description of the link, e.g. its text)`, page.number, ref)
      } else {
        const alt = parent ? textOf(resolve(pdf, parent.dict.get(PDFName.of('Alt')))) : undefined
        if (parentType !== 'Annot' || !hasStructParent) fail('pdfua-annot-tag', `Expected the ${subtype} annotation ${refText(ref)} on page ${page.number} to be the content of an Annot structure element`, page.number, ref)
        else if (!textOf(get(pdf, annot, 'Contents')) && !alt) fail('pdfua-annot-tag', `Expected /Contents on the ${subtype} annotation ${refText(ref)} on page ${page.number}, or /Alt on its Annot element`, page.number, ref)
      }
    }
  }
}

function checkEmbeddedFiles(pdf: Pdf, fail: Fail): void {
  const names = getDict(pdf, pdf.catalog, 'Names')
  const tree = getDict(pdf, names, 'EmbeddedFiles')
  const visit = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 20) return
    const pairs = getArray(pdf, node, 'Names')?.asArray() ?? []
    for (let k = 1; k < pairs.length; k += 2) {
      const spec = resolve(pdf, pairs[k])
      if (!(spec instanceof PDFDict) || !spec.has(PDFName.of('EF'))) continue
      const f = textOf(get(pdf, spec, 'F'))
      const uf = textOf(get(pdf, spec, 'UF'))
      if (!f || !uf) fail('pdfua-embedded-file', `Expected non-empty /F and /UF in the file specification ${refText(pairs[k] instanceof PDFRef ? (pairs[k] as PDFRef) : undefined)} of an embedded file`, undefined, pairs[k] instanceof PDFRef ? (pairs[k] as PDFRef) : undefined)
    }
    for (const kid of getArray(pdf, node, 'Kids')?.asArray() ?? []) visit(resolve(pdf, kid) as PDFDict | undefined, depth + 1)
  }
  visit(tree, 0)
}
