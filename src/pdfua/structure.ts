import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFObject } from 'pdf-lib'
import { getDict, nameOf, numberOf, resolve, type Pdf } from './document.js'

/** A structure element of the logical structure tree. */
export interface StructElem {
  ref?: PDFRef
  dict: PDFDict
  /** `/S` as written. */
  type: string
  parent?: StructElem
  kids: Kid[]
  /** `/Pg` of the element or the nearest ancestor that has one. */
  page?: PDFRef
}

/** A child of a structure element: an element, marked content (an MCID on a page), or an object (an annotation). */
export type Kid = { kind: 'elem'; elem: StructElem } | { kind: 'mcid'; mcid: number; page?: PDFRef; stream?: PDFRef; direct: boolean } | { kind: 'objr'; obj: PDFRef; page?: PDFRef }

/** The structure types of ISO 32000-1, 14.8.4 (PDF 1.7): what PDF/UA-1 calls standard. */
export const standardTypes = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP',
  'Figure', 'Formula', 'Form'
])

/** The structure tree: its root dictionary, its elements in depth-first order, and the role map. */
export interface StructTree {
  root: PDFDict
  rootRef?: PDFRef
  /** Top-level elements (`/K` of the root). */
  top: StructElem[]
  /** Every element, depth first (document order). */
  elems: StructElem[]
  roleMap: Map<string, string>
}

/** Read the structure tree of `pdf`, or undefined when the catalog has none. Cycles are cut. */
export function readStructTree(pdf: Pdf): StructTree | undefined {
  const catalog = pdf.catalog
  const rootValue = catalog.get(PDFName.of('StructTreeRoot'))
  const root = resolve(pdf, rootValue)
  if (!(root instanceof PDFDict)) return undefined
  const roleMap = new Map<string, string>()
  const roles = getDict(pdf, root, 'RoleMap')
  if (roles) for (const [key, value] of roles.entries()) roleMap.set(key.decodeText(), nameOf(resolve(pdf, value)) ?? '')
  const seen = new Set<number>()
  const elems: StructElem[] = []
  const readKids = (value: PDFObject | undefined, parent: StructElem | undefined, page: PDFRef | undefined): Kid[] => {
    const items = resolve(pdf, value)
    const list = items instanceof PDFArray ? items.asArray() : value ? [value] : []
    const kids: Kid[] = []
    for (const item of list) {
      const target = resolve(pdf, item)
      if (target instanceof PDFNumber) {
        kids.push({ kind: 'mcid', mcid: target.asNumber(), page, direct: true })
        continue
      }
      if (!(target instanceof PDFDict)) continue
      const type = nameOf(target.get(PDFName.of('Type')))
      const pg = target.get(PDFName.of('Pg'))
      const kidPage = pg instanceof PDFRef ? pg : page
      if (type === 'MCR') {
        const stm = target.get(PDFName.of('Stm'))
        kids.push({ kind: 'mcid', mcid: numberOf(resolve(pdf, target.get(PDFName.of('MCID')))) ?? -1, page: kidPage, stream: stm instanceof PDFRef ? stm : undefined, direct: false })
        continue
      }
      if (type === 'OBJR') {
        const obj = target.get(PDFName.of('Obj'))
        if (obj instanceof PDFRef) kids.push({ kind: 'objr', obj, page: kidPage })
        continue
      }
      const ref = item instanceof PDFRef ? item : undefined
      if (ref) {
        if (seen.has(ref.objectNumber)) continue
        seen.add(ref.objectNumber)
      }
      const elem: StructElem = { ref, dict: target, type: nameOf(target.get(PDFName.of('S'))) ?? '', parent, kids: [], page: kidPage }
      elems.push(elem)
      elem.kids = readKids(target.get(PDFName.of('K')), elem, kidPage)
      kids.push({ kind: 'elem', elem })
    }
    return kids
  }
  const top = readKids(root.get(PDFName.of('K')), undefined, undefined).flatMap((k) => (k.kind === 'elem' ? [k.elem] : []))
  return { root, rootRef: rootValue instanceof PDFRef ? rootValue : undefined, top, elems, roleMap }
}

/**
 * The standard type a structure type stands for: itself when standard, else followed through
 * the role map. `circular` when the map loops; `type` undefined when it ends on a non-standard type.
 */
export function standardTypeOf(type: string, roleMap: Map<string, string>): { type?: string; circular: boolean } {
  const seen = new Set<string>()
  let current = type
  while (!standardTypes.has(current)) {
    if (seen.has(current)) return { circular: true }
    seen.add(current)
    const next = roleMap.get(current)
    if (!next) return { circular: false }
    current = next
  }
  return { type: current, circular: false }
}

/** Child elements of an element. */
export function childElems(elem: StructElem): StructElem[] {
  return elem.kids.flatMap((k) => (k.kind === 'elem' ? [k.elem] : []))
}
