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
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFPage, PDFPageLeaf, PDFRef, PDFString, type PDFObject, type PDFContext } from 'pdf-lib'

const name = (n: string) => PDFName.of(n)

/** The parts joined into one PDF (saved with a classic cross-reference table, as Chromium writes it). */
export async function joinParts(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  if (parts.length === 0) throw new Error('No part to join')
  if (parts.length === 1) return parts[0]!
  const base = await PDFDocument.load(parts[0]!, { updateMetadata: false })
  const target = treesOf(base)
  for (const part of parts.slice(1)) {
    const source = await PDFDocument.load(part, { updateMetadata: false })
    appendPart(base, target, source)
  }
  target.writeBack()
  return base.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false })
}

/** The catalog's trees of a part: where the next part's entries go. */
function treesOf(doc: PDFDocument) {
  const context = doc.context
  const catalog = doc.catalog
  const root = lookupDict(context, catalog.get(name('StructTreeRoot')))
  const documentRef = root?.get(name('K'))
  const documentElem = lookupDict(context, documentRef)
  const parentTree = numberTreeEntries(context, root?.get(name('ParentTree')))
  const ids = nameTreeEntries(context, root?.get(name('IDTree')))
  let dests = lookupDict(context, catalog.get(name('Dests')))
  if (!dests) {
    dests = context.obj({})
    catalog.set(name('Dests'), context.register(dests))
  }
  let outlines = lookupDict(context, catalog.get(name('Outlines')))
  const outlinesRef = catalog.get(name('Outlines'))
  return {
    root,
    rootRef: catalog.get(name('StructTreeRoot')),
    documentRef: documentRef instanceof PDFRef ? documentRef : undefined,
    documentKids: kidsOf(context, documentElem),
    documentElem,
    parentTree,
    nextKey: Math.max(numberOf(root?.get(name('ParentTreeNextKey'))) ?? 0, ...[...parentTree.keys()].map((k) => k + 1)),
    ids,
    dests,
    outlines,
    outlinesRef: outlinesRef instanceof PDFRef ? outlinesRef : undefined,
    setOutlines(dict: PDFDict) {
      outlines = dict
      const ref = context.register(dict)
      catalog.set(name('Outlines'), ref)
      this.outlines = dict
      this.outlinesRef = ref
    },
    /** Write the merged trees into the base's structure tree root. */
    writeBack() {
      if (!this.root) return
      if (this.documentElem) this.documentElem.set(name('K'), context.obj(this.documentKids))
      const nums: PDFObject[] = []
      for (const key of [...this.parentTree.keys()].sort((a, b) => a - b)) nums.push(PDFNumber.of(key), this.parentTree.get(key)!)
      this.root.set(name('ParentTree'), context.register(context.obj({ Nums: nums })))
      this.root.set(name('ParentTreeNextKey'), PDFNumber.of(this.nextKey))
      if (this.ids.length > 0) {
        const sorted = [...this.ids].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        const names: PDFObject[] = sorted.flatMap(([, key, value]) => [key, value])
        const leaf = context.obj({ Names: names, Limits: [sorted[0]![1], sorted[sorted.length - 1]![1]] })
        this.root.set(name('IDTree'), context.register(context.obj({ Kids: [context.register(leaf)] })))
      }
    }
  }
}

type Trees = ReturnType<typeof treesOf>

/** Copy the pages of `source` after those of `base`, with their structure, destinations and outline. */
function appendPart(base: PDFDocument, target: Trees, source: PDFDocument): void {
  const copier = PDFObjectCopier.for(source.context, base.context)
  const mapped = (copier as unknown as { traversedObjects: Map<PDFObject, PDFObject> }).traversedObjects
  const sourceTrees = treesOf(source)
  if (sourceTrees.outlines && !target.outlines) target.setOutlines(base.context.obj({ Type: 'Outlines', Count: 0 }))
  // The part's root, document element and outline root are the base's: copying stops there.
  if (sourceTrees.rootRef instanceof PDFRef && target.rootRef instanceof PDFRef) mapped.set(sourceTrees.rootRef, target.rootRef)
  if (sourceTrees.documentRef && target.documentRef) mapped.set(sourceTrees.documentRef, target.documentRef)
  if (sourceTrees.outlinesRef && target.outlinesRef) mapped.set(sourceTrees.outlinesRef, target.outlinesRef)
  const offset = target.nextKey

  for (const page of source.getPages()) {
    const ref = copier.copy(page.ref) as PDFRef
    const leaf = base.context.lookup(ref) as PDFPageLeaf
    renumber(leaf, 'StructParents', offset)
    for (const annotation of kidsOf(base.context, leaf, 'Annots')) {
      const dict = lookupDict(base.context, annotation)
      if (dict) renumber(dict, 'StructParent', offset)
    }
    base.addPage(PDFPage.of(leaf, ref, base))
  }
  for (const [key, value] of sourceTrees.parentTree) target.parentTree.set(key + offset, copier.copy(value))
  target.nextKey = offset + sourceTrees.nextKey
  for (const kid of sourceTrees.documentKids) target.documentKids.push(copier.copy(kid))
  for (const [text, key, value] of sourceTrees.ids) target.ids.push([text, key, copier.copy(value)])
  for (const [key, value] of sourceTrees.dests.entries()) if (!target.dests.has(key)) target.dests.set(key, copier.copy(value))
  appendOutline(base, target, sourceTrees, copier)
}

/** The part's top-level outline items after the base's (each part's outline is whole: parts start at a top-level heading). */
function appendOutline(base: PDFDocument, target: Trees, sourceTrees: Trees, copier: PDFObjectCopier): void {
  const from = sourceTrees.outlines
  const first = from?.get(name('First'))
  if (!from || !(first instanceof PDFRef)) return
  const outlines = target.outlines!
  // Copying the first item copies its /Next chain and children; /Parent is the base's outline root.
  const copiedFirst = copier.copy(first) as PDFRef
  const copiedLast = copier.copy(from.get(name('Last'))!) as PDFRef
  const last = outlines.get(name('Last'))
  if (last instanceof PDFRef) {
    base.context.lookup(last, PDFDict).set(name('Next'), copiedFirst)
    base.context.lookup(copiedFirst, PDFDict).set(name('Prev'), last)
  } else outlines.set(name('First'), copiedFirst)
  outlines.set(name('Last'), copiedLast)
  const count = (numberOf(outlines.get(name('Count'))) ?? 0) + (numberOf(from.get(name('Count'))) ?? 0)
  outlines.set(name('Count'), PDFNumber.of(count))
}

function renumber(dict: PDFDict, key: string, offset: number): void {
  const value = numberOf(dict.get(name(key)))
  if (value !== undefined) dict.set(name(key), PDFNumber.of(value + offset))
}

function numberOf(value: PDFObject | undefined): number | undefined {
  return value instanceof PDFNumber ? value.asNumber() : undefined
}

function lookupDict(context: PDFContext, value: PDFObject | undefined): PDFDict | undefined {
  const resolved = value instanceof PDFRef ? context.lookup(value) : value
  return resolved instanceof PDFDict ? resolved : undefined
}

/** The items of an array entry (`K` by default), or the entry itself when it is one object. */
function kidsOf(context: PDFContext, dict: PDFDict | undefined, key = 'K'): PDFObject[] {
  const value = dict?.get(name(key))
  const resolved = value instanceof PDFRef && key !== 'K' ? context.lookup(value) : value
  if (resolved instanceof PDFArray) return resolved.asArray()
  return value === undefined ? [] : [value]
}

/** Every entry of a number tree (ISO 32000-1, 7.9.7), by key. */
function numberTreeEntries(context: PDFContext, node: PDFObject | undefined, into = new Map<number, PDFObject>(), seen = new Set<PDFDict>()): Map<number, PDFObject> {
  const dict = lookupDict(context, node)
  if (!dict || seen.has(dict)) return into
  seen.add(dict)
  const nums = kidsOf(context, dict, 'Nums')
  for (let k = 0; k + 1 < nums.length; k += 2) {
    const key = numberOf(nums[k])
    if (key !== undefined && !into.has(key)) into.set(key, nums[k + 1]!)
  }
  for (const kid of kidsOf(context, dict, 'Kids')) numberTreeEntries(context, kid, into, seen)
  return into
}

/** Every entry of a name tree (7.9.6), in order: its key as text, the key object, the value. */
function nameTreeEntries(context: PDFContext, node: PDFObject | undefined, into: Array<[string, PDFObject, PDFObject]> = [], seen = new Set<PDFDict>()): Array<[string, PDFObject, PDFObject]> {
  const dict = lookupDict(context, node)
  if (!dict || seen.has(dict)) return into
  seen.add(dict)
  const names = kidsOf(context, dict, 'Names')
  for (let k = 0; k + 1 < names.length; k += 2) into.push([textOf(names[k]!), names[k]!, names[k + 1]!])
  for (const kid of kidsOf(context, dict, 'Kids')) nameTreeEntries(context, kid, into, seen)
  return into
}

function textOf(value: PDFObject): string {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : String(value)
}
