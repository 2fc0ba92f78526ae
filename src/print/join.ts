/**
 * One tagged PDF from the PDFs Chromium printed of consecutive parts of one paginated page
 * (src/print/pdf.ts prints a long document in parts: Chromium's `page.pdf()` grows faster than
 * the page count, 1.7x per page from 10x to 30x of this repository's document, and a part of a
 * few hundred pages costs what a document of that size costs).
 *
 * Each part is a complete tagged PDF of its pages: a structure tree (one `Document` element),
 * its parent tree, an ID tree, named destinations (`/Dests`: the targets laid out in that part;
 * links name their target, wherever it is) and an outline of its headings (parts start where a
 * top-level heading opens a page, so no part's outline lacks its parents). The first part is
 * the base: the others' pages, structure elements, parent tree entries (numbered on after the
 * base's), IDs, destinations and outline items are copied into it. pdf-lib does the copying
 * (`PDFObjectCopier`, one per part, so that a page and the structure elements that point at it
 * stay one object); the merging of the trees is written here, as no library merges tagged PDFs.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFObjectCopier, PDFPage, PDFRef, type PDFObject } from 'pdf-lib'
import { getArray, getDict, numberOf, numberTreeSlots, openPdf, resolve, textOf, type Pdf } from '../pdfua/document.js'

const name = (n: string) => PDFName.of(n)

/**
 * The parts joined into one PDF (saved with a classic cross-reference table, as Chromium writes
 * it), fed one part at a time, in order: src/print/pdf.ts adds each part while Chromium prints
 * the next (the two run on two cores); `finish` gives the joined PDF.
 */
export function partJoiner(): { add: (part: Uint8Array) => Promise<void>; finish: () => Promise<Uint8Array> } {
  let base: Pdf | undefined
  let target: Trees | undefined
  let only: Uint8Array | undefined
  return {
    async add(part) {
      const opened = await openPdf(part)
      if (!base) {
        base = opened
        target = treesOf(base)
        only = part
      } else {
        appendPart(base, target!, treesOf(opened))
        only = undefined
      }
    },
    async finish() {
      if (!base) throw new Error('No part to join')
      if (only) return only
      writeBack(base, target!)
      // `objectsPerTick`: pdf-lib waits a timer tick (setTimeout 0, about 1 ms) after every 50
      // objects it writes by default; at 4,000 pages, hundreds of thousands of objects, that was
      // most of the join's time (10x in nine parts: 3.6 s, 2 s of it idle).
      return base.doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Number.POSITIVE_INFINITY })
    }
  }
}

/** The trees of a part that the next parts' entries join. */
interface Trees {
  pdf: Pdf
  root?: PDFDict
  rootRef?: PDFRef
  /** The `Document` element (the root's one kid), and its kids. */
  documentRef?: PDFRef
  documentKids: PDFObject[]
  /** The parent tree's values by key, and the key after the last. */
  parentTree: Map<number, PDFObject>
  nextKey: number
  /** The ID tree's entries: key as text, key, value. */
  ids: Array<[string, PDFObject, PDFObject]>
  dests?: PDFDict
  outlines?: PDFDict
  outlinesRef?: PDFRef
}

function treesOf(pdf: Pdf): Trees {
  const { catalog } = pdf
  const root = getDict(pdf, catalog, 'StructTreeRoot')
  const documentRef = root?.get(name('K'))
  // The document element's /K: an array (Chromium's), or one kid, kept as the reference it is.
  const rawKids = getDict(pdf, root, 'K')?.get(name('K'))
  const kids = resolve(pdf, rawKids)
  const parentTree = new Map([...numberTreeSlots(pdf, root?.get(name('ParentTree')))].map(([key, { holder, index }]) => [key, holder.get(index)]))
  const rootRef = catalog.get(name('StructTreeRoot'))
  const outlinesRef = catalog.get(name('Outlines'))
  return {
    pdf,
    root,
    rootRef: rootRef instanceof PDFRef ? rootRef : undefined,
    documentRef: documentRef instanceof PDFRef ? documentRef : undefined,
    documentKids: kids instanceof PDFArray ? kids.asArray() : rawKids ? [rawKids] : [],
    parentTree,
    nextKey: Math.max(numberOf(root?.get(name('ParentTreeNextKey'))) ?? 0, ...[...parentTree.keys()].map((k) => k + 1)),
    ids: nameTreeEntries(pdf, root?.get(name('IDTree'))),
    dests: getDict(pdf, catalog, 'Dests'),
    outlines: getDict(pdf, catalog, 'Outlines'),
    outlinesRef: outlinesRef instanceof PDFRef ? outlinesRef : undefined
  }
}

/** Copy the pages of the part after those of `base`, with their structure, destinations and outline. */
function appendPart(base: Pdf, target: Trees, source: Trees): void {
  const context = base.doc.context
  const copier = PDFObjectCopier.for(source.pdf.doc.context, context)
  if (source.dests && !target.dests) {
    target.dests = context.obj({})
    base.catalog.set(name('Dests'), context.register(target.dests))
  }
  if (source.outlines && !target.outlines) {
    target.outlines = context.obj({ Type: 'Outlines', Count: 0 })
    target.outlinesRef = context.register(target.outlines)
    base.catalog.set(name('Outlines'), target.outlinesRef)
  }
  // The part's root, document element and outline root are the base's: copying stops there
  // (pdf-lib's copier keeps what it copied by reference; ours are entered first).
  const mapped = (copier as unknown as { traversedObjects: Map<PDFObject, PDFObject> }).traversedObjects
  for (const [from, to] of [[source.rootRef, target.rootRef], [source.documentRef, target.documentRef], [source.outlinesRef, target.outlinesRef]]) if (from && to) mapped.set(from, to)

  const offset = target.nextKey
  for (const page of source.pdf.pages) {
    const ref = copier.copy(page.ref) as PDFRef
    const leaf = context.lookup(ref) as PDFPage['node']
    renumber(leaf, 'StructParents', offset)
    for (const annotation of getArray(base, leaf, 'Annots')?.asArray() ?? []) {
      const dict = resolve(base, annotation)
      if (dict instanceof PDFDict) renumber(dict, 'StructParent', offset)
    }
    base.doc.addPage(PDFPage.of(leaf, ref, base.doc))
  }
  for (const [key, value] of source.parentTree) target.parentTree.set(key + offset, copier.copy(value))
  target.nextKey = offset + source.nextKey
  for (const kid of source.documentKids) target.documentKids.push(copier.copy(kid))
  for (const [text, key, value] of source.ids) target.ids.push([text, key, copier.copy(value)])
  for (const [key, value] of source.dests?.entries() ?? []) if (!target.dests!.has(key)) target.dests!.set(key, copier.copy(value))
  appendOutline(base, target, source, copier)
}

/** The part's top-level outline items after the base's (each part's outline is whole: parts start at a top-level heading). */
function appendOutline(base: Pdf, target: Trees, source: Trees, copier: PDFObjectCopier): void {
  const first = source.outlines?.get(name('First'))
  const last = source.outlines?.get(name('Last'))
  if (!(first instanceof PDFRef) || !(last instanceof PDFRef)) return
  const outlines = target.outlines!
  // Copying the first item copies its /Next chain and children; /Parent is the base's outline root.
  const copiedFirst = copier.copy(first) as PDFRef
  const copiedLast = copier.copy(last) as PDFRef
  const before = outlines.get(name('Last'))
  if (before instanceof PDFRef) {
    base.doc.context.lookup(before, PDFDict).set(name('Next'), copiedFirst)
    base.doc.context.lookup(copiedFirst, PDFDict).set(name('Prev'), before)
  } else outlines.set(name('First'), copiedFirst)
  outlines.set(name('Last'), copiedLast)
  outlines.set(name('Count'), PDFNumber.of((numberOf(outlines.get(name('Count'))) ?? 0) + (numberOf(source.outlines!.get(name('Count'))) ?? 0)))
}

/** The joined trees into the base's structure tree root: the document's kids, one parent tree, one ID tree. */
function writeBack(base: Pdf, target: Trees): void {
  const context = base.doc.context
  if (!target.root) return
  const documentElem = resolve(base, target.documentRef)
  if (documentElem instanceof PDFDict) documentElem.set(name('K'), context.obj(target.documentKids))
  const nums = [...target.parentTree.keys()].sort((a, b) => a - b).flatMap((key) => [PDFNumber.of(key), target.parentTree.get(key)!])
  target.root.set(name('ParentTree'), context.register(context.obj({ Nums: nums })))
  target.root.set(name('ParentTreeNextKey'), PDFNumber.of(target.nextKey))
  if (target.ids.length > 0) {
    // A name tree's keys are sorted.
    const sorted = [...target.ids].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const leaf = context.obj({ Names: sorted.flatMap(([, key, value]) => [key, value]), Limits: [sorted[0]![1], sorted[sorted.length - 1]![1]] })
    target.root.set(name('IDTree'), context.register(context.obj({ Kids: [context.register(leaf)] })))
  }
}

function renumber(dict: PDFDict, key: string, offset: number): void {
  const value = numberOf(dict.get(name(key)))
  if (value !== undefined) dict.set(name(key), PDFNumber.of(value + offset))
}

/** Every entry of a name tree (7.9.6), in order: its key as text, the key, the value. */
function nameTreeEntries(pdf: Pdf, node: PDFObject | undefined, into: Array<[string, PDFObject, PDFObject]> = [], seen = new Set<PDFDict>()): Array<[string, PDFObject, PDFObject]> {
  const dict = resolve(pdf, node)
  if (!(dict instanceof PDFDict) || seen.has(dict)) return into
  seen.add(dict)
  const names = getArray(pdf, dict, 'Names')?.asArray() ?? []
  for (let k = 0; k + 1 < names.length; k += 2) into.push([textOf(names[k]) ?? String(names[k]), names[k]!, names[k + 1]!])
  for (const kid of getArray(pdf, dict, 'Kids')?.asArray() ?? []) nameTreeEntries(pdf, kid, into, seen)
  return into
}
