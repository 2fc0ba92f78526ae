import { deflateSync } from 'node:zlib'
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib'
import { lexContent, markedContentOperators, operandName, paintOperators, pathOperators, type Operation } from '../pdfua/content.js'
import { get, getArray, getDict, latin1, nameOf, numberOf, numberTreeSlots, openPdf, pageContents, resolve, streamData, textOf, type Pdf } from '../pdfua/document.js'
import { resourceFonts, type FontInfo } from '../pdfua/fonts.js'
import { cleanText, markProperties, readPageContent } from '../pdfua/marked.js'
import { parseHint } from '../pdfua/hints.js'
import { readStructTree, standardTypes, type StructElem } from '../pdfua/structure.js'
import { flateObject, objectText, pdfTail, readXref, rewriteObjects } from './rewrite.js'
import { dropInlineSoftHyphens, removeInlineSoftHyphens } from './soft-hyphens.js'

/** What `makeAccessible` changed, for `build --verbose` and the tests. */
export interface AccessibleStats {
  /** Runs of page furniture (running heads, folios, line numbers, watermarks, rules...) marked /Artifact. */
  artifacts: number
  /** Link annotations given a /Contents. */
  linkContents: number
  /** Elements holding a link annotation retagged as Link. */
  links: number
  /** LBody elements made (or NonStruct elements renamed) in list items. */
  listBodies: number
  tocs: number
  notes: number
  /** Figures without a text alternative that only group an image figure and its caption, retagged Div. */
  figureGroups: number
  /** Non-standard types added to the role map. */
  roleMap: string[]
  /** ToUnicode entries of ligature glyphs (U+0000 in Chromium's map) given their text. */
  ligatures: number
  /** Headings raised to one level below the heading before them (a level was skipped). */
  headings: number
}

/** PDF 2.0 types Chromium writes, mapped to the nearest PDF 1.7 standard type (PDF/UA-1 knows only those). */
const roleFallback: Record<string, string> = { Strong: 'Span', Em: 'Span', Sub: 'Span', Aside: 'Div', Title: 'P', FENote: 'Note', DocumentFragment: 'Div' }

/**
 * Make a PDF printed by Chromium conform to the machine-checkable part of PDF/UA-1 where the
 * page cannot say it: content that Chromium left untagged (what the page hides from assistive
 * technology with `aria-hidden`: running heads, folios, line numbers, watermarks, the review
 * stamp; CSS-generated text; decorative images) is marked /Artifact; PDF 2.0 types get a role
 * map; list items get LBody; the structure hints of the page (src/pdfua/hints.ts) become TOC,
 * TOCI and Note elements; links held by other elements (a footnote call with
 * `role="doc-noteref"`) are tagged Link; figures that only group an image and its caption
 * become Div; a heading that skips a level is raised to the next level; every link annotation
 * gets /Contents from its text (else its target); ligature
 * glyphs get their text in the font's ToUnicode map. Objects are rewritten in place
 * (src/print/rewrite.ts); the XMP metadata is added later by `finishPdf`. Returns the input
 * unchanged when it is not a single-revision PDF with a structure tree.
 */
export async function makeAccessible(input: Uint8Array, options: AccessibleOptions = {}): Promise<AccessibleResult> {
  const stats: AccessibleStats = { artifacts: 0, linkContents: 0, links: 0, listBodies: 0, tocs: 0, notes: 0, figureGroups: 0, roleMap: [], ligatures: 0, headings: 0 }
  const unchanged = (): AccessibleResult => ({ pdf: options.softHyphens ? dropInlineSoftHyphens(input) : input, stats })
  const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  const tail = pdfTail(buffer)
  const layout = readXref(tail.text, tail.base)
  if (!layout) return unchanged()
  const pdf = await openPdf(input)
  const tree = readStructTree(pdf)
  if (!tree) return unchanged()
  const context = pdf.doc.context
  const changed = new Set<PDFDict>()
  const refOf = new Map<PDFDict, PDFRef>()
  for (const elem of tree.elems) if (elem.ref) refOf.set(elem.dict, elem.ref)
  if (tree.rootRef) refOf.set(tree.root, tree.rootRef)
  const setName = (elem: StructElem, type: string) => {
    elem.dict.set(PDFName.of('S'), PDFName.of(type))
    elem.type = type
    changed.add(elem.dict)
  }

  // Structure hints (private-use language subtags set by the templates) -> TOC, TOCI, Note.
  let noteCount = 0
  const noteIds: Array<{ id: string; ref: PDFRef }> = []
  for (const elem of tree.elems) {
    const lang = textOf(resolve(pdf, elem.dict.get(PDFName.of('Lang'))))
    const hint = lang ? parseHint(lang) : undefined
    if (!hint) continue
    elem.dict.delete(PDFName.of('Lang'))
    changed.add(elem.dict)
    if (hint.kind === 'toc' && elem.type === 'L') {
      const toToc = (list: StructElem) => {
        setName(list, 'TOC')
        stats.tocs++
        for (const item of list.kids) {
          if (item.kind !== 'elem' || item.elem.type !== 'LI') continue
          setName(item.elem, 'TOCI')
          for (const inner of item.elem.kids) if (inner.kind === 'elem' && inner.elem.type === 'L') toToc(inner.elem)
        }
      }
      toToc(elem)
    } else if (hint.kind === 'note' && elem.ref) {
      setName(elem, 'Note')
      const id = `note-${String(++noteCount).padStart(4, '0')}`
      elem.dict.set(PDFName.of('ID'), PDFString.of(id))
      noteIds.push({ id, ref: elem.ref })
      stats.notes++
    }
  }

  // Annotations by object number, for the Link retagging and the /Contents below.
  const annotations = new Map<number, { dict: PDFDict; page: (typeof pdf.pages)[number] }>()
  for (const page of pdf.pages) {
    for (const item of getArray(pdf, page.dict, 'Annots')?.asArray() ?? []) {
      const dict = resolve(pdf, item)
      if (item instanceof PDFRef && dict instanceof PDFDict) annotations.set(item.objectNumber, { dict, page })
    }
  }
  for (const elem of tree.elems) {
    const holdsLink = elem.kids.some((k) => k.kind === 'objr' && nameOf(annotations.get(k.obj.objectNumber)?.dict.get(PDFName.of('Subtype'))) === 'Link')
    if (holdsLink && elem.type !== 'Link') {
      setName(elem, 'Link')
      stats.links++
    }
  }

  // A Figure without a text alternative that holds a Figure with one (an HTML figure around an
  // img), or only other elements (its image decorative, an artifact, and its caption): a group.
  const hasAlt = (elem: StructElem) => Boolean(textOf(resolve(pdf, elem.dict.get(PDFName.of('Alt')))) || textOf(resolve(pdf, elem.dict.get(PDFName.of('ActualText')))))
  for (const elem of tree.elems) {
    if (elem.type !== 'Figure' || hasAlt(elem)) continue
    const inner = (e: StructElem): boolean => e.kids.some((k) => k.kind === 'elem' && ((k.elem.type === 'Figure' && hasAlt(k.elem)) || inner(k.elem)))
    if (inner(elem) || (elem.kids.length > 0 && elem.kids.every((k) => k.kind === 'elem'))) {
      setName(elem, 'Div')
      stats.figureGroups++
    }
  }

  // Headings in order without a skipped level (a contribution that starts at `##`, which the
  // author is warned about as `heading-skip`): each one at most one level below the one before.
  let previousLevel = 0
  for (const elem of tree.elems) {
    const level = Number(/^H([1-6])$/.exec(elem.type)?.[1] ?? 0)
    if (!level) continue
    const kept = Math.min(level, previousLevel + 1)
    if (kept !== level) {
      setName(elem, `H${kept}`)
      stats.headings++
    }
    previousLevel = kept
  }

  // List items: Lbl and LBody only.
  let parentTreeEdits: Array<{ kind: 'mcid'; page: PDFRef; mcid: number; to: PDFRef } | { kind: 'objr'; obj: PDFRef; to: PDFRef }> = []
  for (const elem of tree.elems) {
    if (elem.type !== 'LI' || !elem.ref) continue
    const raw = elem.dict.get(PDFName.of('K'))
    const items = raw instanceof PDFArray ? raw.asArray() : raw ? [raw] : []
    const typeOf = (item: PDFObject) => {
      const target = resolve(pdf, item)
      return target instanceof PDFDict && nameOf(target.get(PDFName.of('Type'))) !== 'MCR' && nameOf(target.get(PDFName.of('Type'))) !== 'OBJR' ? nameOf(target.get(PDFName.of('S'))) : undefined
    }
    const body = items.filter((item) => typeOf(item) !== 'Lbl' && typeOf(item) !== 'LBody')
    if (body.length === 0) continue
    stats.listBodies++
    const lone = body.length === 1 ? resolve(pdf, body[0]) : undefined
    if (lone instanceof PDFDict && typeOf(body[0]!) === 'NonStruct') {
      lone.set(PDFName.of('S'), PDFName.of('LBody'))
      changed.add(lone)
      continue
    }
    const lbody = context.obj({ Type: 'StructElem', S: 'LBody', P: elem.ref, K: body }) as PDFDict
    if (elem.page) lbody.set(PDFName.of('Pg'), elem.page)
    const lbodyRef = context.register(lbody)
    refOf.set(lbody, lbodyRef)
    changed.add(lbody)
    for (const item of body) {
      const target = resolve(pdf, item)
      if (item instanceof PDFRef && target instanceof PDFDict && typeOf(item)) {
        target.set(PDFName.of('P'), lbodyRef)
        changed.add(target)
      }
    }
    for (const kid of elem.kids) {
      if (kid.kind === 'mcid' && kid.page) parentTreeEdits.push({ kind: 'mcid', page: kid.page, mcid: kid.mcid, to: lbodyRef })
      if (kid.kind === 'objr') parentTreeEdits.push({ kind: 'objr', obj: kid.obj, to: lbodyRef })
    }
    const kept = items.filter((item) => !body.includes(item))
    const firstBody = items.indexOf(body[0]!)
    const k = [...kept.filter((item) => items.indexOf(item) < firstBody), lbodyRef, ...kept.filter((item) => items.indexOf(item) > firstBody)]
    elem.dict.set(PDFName.of('K'), context.obj(k))
    changed.add(elem.dict)
  }
  if (parentTreeEdits.length > 0) {
    const parentTree = tree.root.get(PDFName.of('ParentTree'))
    const dict = patchParentTree(pdf, tree.root, parentTreeEdits)
    if (dict && parentTree instanceof PDFRef) {
      refOf.set(dict, parentTree)
      changed.add(dict)
    }
  }
  parentTreeEdits = []

  // Role map: every non-standard type in use.
  const used = new Set(tree.elems.map((e) => e.type))
  const missing = [...used].filter((type) => !standardTypes.has(type) && !tree.roleMap.has(type)).sort()
  if (missing.length > 0) {
    const roleMap = getDict(pdf, tree.root, 'RoleMap') ?? (context.obj({}) as PDFDict)
    for (const type of missing) roleMap.set(PDFName.of(type), PDFName.of(roleFallback[type] ?? 'NonStruct'))
    tree.root.set(PDFName.of('RoleMap'), roleMap)
    changed.add(tree.root)
    stats.roleMap = missing
  }

  // Note IDs in the ID tree (a name tree: keys sorted; Chromium's `node...` keys sort before `note-...`).
  if (noteIds.length > 0) {
    noteIds.sort((a, b) => (a.id < b.id ? -1 : 1))
    const leaf = context.obj({ Limits: [PDFString.of(noteIds[0]!.id), PDFString.of(noteIds[noteIds.length - 1]!.id)], Names: noteIds.flatMap((n) => [PDFString.of(n.id), n.ref]) }) as PDFDict
    const leafRef = context.register(leaf)
    changed.add(leaf)
    refOf.set(leaf, leafRef)
    // Into the root's /Kids when it has them (Chromium's root is `<< /Kids [leaf] >>`), else under a new root.
    const existing = tree.root.get(PDFName.of('IDTree'))
    const existingRoot = resolve(pdf, existing)
    const kids = existingRoot instanceof PDFDict ? getArray(pdf, existingRoot, 'Kids') : undefined
    let idRoot: PDFDict
    if (existing instanceof PDFRef && existingRoot instanceof PDFDict && kids && existingRoot.get(PDFName.of('Kids')) instanceof PDFArray) {
      kids.push(leafRef)
      idRoot = existingRoot
      refOf.set(idRoot, existing)
    } else {
      idRoot = context.obj(existing ? { Kids: [existing, leafRef] } : { Kids: [leafRef] }) as PDFDict
      refOf.set(idRoot, context.register(idRoot))
    }
    changed.add(idRoot)
    tree.root.set(PDFName.of('IDTree'), refOf.get(idRoot)!)
    changed.add(tree.root)
  }

  // The MCIDs whose text describes a link (those under an element holding a link annotation), by page.
  const linkMcids = new Map<number, Set<number>>()
  const collect = (elem: StructElem, page: PDFRef | undefined) => {
    for (const kid of elem.kids) {
      if (kid.kind === 'elem') collect(kid.elem, kid.elem.page ?? page)
      else if (kid.kind === 'mcid' && (kid.page ?? page)) {
        const key = (kid.page ?? page)!.objectNumber
        const set = linkMcids.get(key) ?? new Set<number>()
        set.add(kid.mcid)
        linkMcids.set(key, set)
      }
    }
  }
  for (const elem of tree.elems) if (elem.kids.some((k) => k.kind === 'objr')) collect(elem, elem.page)

  // Pages: untagged content -> /Artifact; text of each MCID for link descriptions; ligature glyphs.
  const fontCache = new Map<string, FontInfo>()
  const pageText = new Map<number, Map<number, string>>()
  const streams = new Map<number, Buffer>()
  /** The decoded data of the content streams written anew, for the check (`reopenPdf`). */
  const written = new Map<number, Buffer>()
  const ligatureFixes = new Map<FontInfo, Map<number, string>>()
  for (const page of pdf.pages) {
    const contents = pageContents(pdf, page.dict)
    if (contents.length !== 1 || !contents[0]!.ref) continue
    const data = streamData(contents[0]!.stream)
    if (!data) continue
    const decoded = latin1(data)
    // Soft hyphens inside lines out first (src/print/soft-hyphens.ts): one inflate and one deflate a stream for both changes.
    const source = options.softHyphens ? removeInlineSoftHyphens(decoded) : decoded
    const ops = lexContent(source, markedContentOperators, { runs: true })
    pageText.set(page.ref.objectNumber, readPageContent(pdf, page.dict, fontCache, ops, linkMcids.get(page.ref.objectNumber) ?? new Set()).mcids)
    findLigatures(pdf, page.dict, ops, fontCache, ligatureFixes)
    const insertions = artifactInsertions(ops)
    const number = contents[0]!.ref.objectNumber
    if (insertions.length === 0) {
      if (source !== decoded) {
        const cleaned = Buffer.from(source, 'latin1')
        streams.set(number, flateObject(number, deflateSync(cleaned, { level: 4 })))
        written.set(number, cleaned)
      }
      continue
    }
    stats.artifacts += insertions.length / 2
    let out = ''
    let from = 0
    for (const { at, text: insert } of insertions) {
      out += source.slice(from, at) + insert
      from = at
    }
    out += source.slice(from)
    // Level 4, as for the soft hyphens (src/print/soft-hyphens.ts): half the time of level 6 for 15% more bytes.
    const bytes = Buffer.from(out, 'latin1')
    streams.set(number, flateObject(number, deflateSync(bytes, { level: 4 })))
    written.set(number, bytes)
  }
  for (const [font, fixes] of ligatureFixes) {
    const ref = font.ref ? (resolve(pdf, font.ref) as PDFDict | undefined)?.get(PDFName.of('ToUnicode')) : undefined
    const data = ref instanceof PDFRef ? streamData(resolve(pdf, ref)) : undefined
    if (!(ref instanceof PDFRef) || !data) continue
    let cmap = latin1(data)
    for (const [code, value] of fixes) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0')
      const units = Array.from(value, (c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('')
      const before = cmap
      cmap = cmap.replace(new RegExp(`<${hex}>\\s*<0000>`, 'i'), `<${hex}> <${units}>`)
      if (cmap !== before) stats.ligatures++
    }
    streams.set(ref.objectNumber, flateObject(ref.objectNumber, deflateSync(Buffer.from(cmap, 'latin1'))))
  }

  // Link annotations: /Contents from the text of their Link element, else their target.
  const linkText = new Map<number, string>()
  const textOfElem = (elem: StructElem): string =>
    elem.kids
      .map((k) => (k.kind === 'elem' ? textOfElem(k.elem) : k.kind === 'mcid' && (k.page ?? elem.page) ? pageText.get((k.page ?? elem.page)!.objectNumber)?.get(k.mcid) ?? '' : ''))
      .join('')
  for (const elem of tree.elems) {
    for (const kid of elem.kids) if (kid.kind === 'objr') linkText.set(kid.obj.objectNumber, cleanText(textOfElem(elem)))
  }
  for (const [number, { dict, page }] of annotations) {
    if (nameOf(dict.get(PDFName.of('Subtype'))) !== 'Link') continue
    if (!page.dict.has(PDFName.of('Tabs'))) {
      page.dict.set(PDFName.of('Tabs'), PDFName.of('S'))
      changed.add(page.dict)
      refOf.set(page.dict, page.ref)
    }
    if (textOf(get(pdf, dict, 'Contents'))?.trim()) continue
    const description = linkText.get(number) || linkTarget(pdf, dict)
    dict.set(PDFName.of('Contents'), PDFHexString.fromText(description))
    changed.add(dict)
    refOf.set(dict, PDFRef.of(number))
    stats.linkContents++
  }

  const replaced = new Map<number, Buffer>(streams)
  const added = new Map<number, Buffer>()
  for (const dict of changed) {
    const ref = refOf.get(dict)
    if (!ref) continue
    const bytes = new Uint8Array(dict.sizeInBytes())
    dict.copyBytesInto(bytes, 0)
    const body = objectText(ref.objectNumber, Buffer.from(bytes))
    if (layout.offsets.has(ref.objectNumber)) replaced.set(ref.objectNumber, body)
    else added.set(ref.objectNumber, body)
  }
  const opened = { pdf, objects: new Map([...replaced, ...added]), decoded: written }
  if (replaced.size === 0 && added.size === 0) return { pdf: input, stats, opened }
  return { pdf: rewriteObjects(buffer, layout, replaced, added), stats, opened }
}

/** Options of `makeAccessible`. */
export interface AccessibleOptions {
  /** Take the soft hyphens inside lines out of the page content too (what `dropInlineSoftHyphens` does), in the same pass. */
  softHyphens?: boolean
}

/** What `makeAccessible` returns. */
export interface AccessibleResult {
  pdf: Uint8Array
  stats: AccessibleStats
  /**
   * The PDF as opened (its objects changed in memory), each object written anew (number -> its
   * whole `N 0 obj ... endobj` text) and the decoded data of the content streams among them: with
   * these, `reopenPdf` gives the output's objects without parsing the whole file again.
   * Undefined when the input was returned without being opened.
   */
  opened?: { pdf: Pdf; objects: Map<number, Buffer>; decoded: Map<number, Buffer> }
}

/** A link's target as words: its URI, else the page its destination shows. */
function linkTarget(pdf: Pdf, annot: PDFDict): string {
  const action = getDict(pdf, annot, 'A')
  const uri = textOf(get(pdf, action, 'URI'))
  if (uri) return uri
  let dest = get(pdf, annot, 'Dest') ?? get(pdf, action, 'D')
  const name = nameOf(dest) ?? textOf(dest)
  if (name) {
    const dests = getDict(pdf, pdf.catalog, 'Dests')
    dest = resolve(pdf, dests?.get(PDFName.of(name)))
    if (dest instanceof PDFDict) dest = get(pdf, dest, 'D')
  }
  const target = dest instanceof PDFArray ? dest.get(0) : undefined
  const page = target instanceof PDFRef ? pdf.pageNumber.get(target.objectNumber) : undefined
  return page ? `Go to page ${page}` : 'Link'
}

/**
 * Where to put `/Artifact BMC` and `EMC` so that every painting operation outside marked content
 * with an MCID (and outside an /Artifact) becomes an artifact: each maximal run of such
 * operations at one level of nesting (a text object or a marked-content sequence without an
 * MCID holding tagged content is entered; one without is taken whole) is wrapped once, from its
 * first painting operation (and the path construction before it) to its last, never across a
 * BT/ET or BDC/EMC boundary nor inside a path object. `ops` must keep the path operators.
 */
export function artifactInsertions(ops: Operation[]): Array<{ at: number; text: string }> {
  interface Group {
    kind: 'group'
    children: Node[]
    tagged: boolean
    start: number
    end: number
  }
  type Node = { kind: 'op'; op: Operation } | Group
  const root: Group = { kind: 'group', children: [], tagged: false, start: 0, end: 0 }
  const stack: Group[] = [root]
  for (const op of ops) {
    const top = stack[stack.length - 1]!
    if (op.op === 'BDC' || op.op === 'BMC' || op.op === 'BT') {
      const mcid = op.op === 'BDC' ? markProperties(op.operands, undefined).mcid : undefined
      const named = op.op === 'BDC' && operandName(op.operands[1]) !== undefined // properties in the resources: may hold an MCID
      const tagged = op.op !== 'BT' && (mcid !== undefined || named || operandName(op.operands[0]) === 'Artifact')
      const group: Group = { kind: 'group', children: [], tagged, start: op.start, end: op.end }
      top.children.push(group)
      stack.push(group)
      continue
    }
    if ((op.op === 'EMC' || op.op === 'ET') && stack.length > 1) {
      top.end = op.end
      stack.pop()
      continue
    }
    top.children.push({ kind: 'op', op })
  }
  const hasTagged = (node: Node): boolean => node.kind === 'group' && (node.tagged || node.children.some(hasTagged))
  const paints = (node: Node): boolean => (node.kind === 'op' ? paintOperators.has(node.op.op) : !node.tagged && node.children.some(paints))
  const bounds = (node: Node) => (node.kind === 'op' ? { start: node.op.start, end: node.op.end } : { start: node.start, end: node.end })
  const insertions: Array<{ at: number; text: string }> = []
  const visit = (group: Group) => {
    let run: Node[] = []
    const flush = () => {
      const first = run.findIndex(paints)
      if (first >= 0) {
        const last = run.length - 1 - [...run].reverse().findIndex(paints)
        // A path object (`0 0 1 1 re f`) is one graphics object: marked content may not start inside it.
        let start = first
        while (start > 0 && run[start - 1]!.kind === 'op' && pathOperators.has((run[start - 1] as { op: Operation }).op.op)) start--
        insertions.push({ at: bounds(run[start]!).start, text: '/Artifact BMC\n' }, { at: bounds(run[last]!).end, text: '\nEMC' })
      }
      run = []
    }
    for (const child of group.children) {
      if (child.kind === 'group' && child.tagged) flush()
      else if (child.kind === 'group' && hasTagged(child)) {
        flush()
        visit(child)
      } else run.push(child)
    }
    flush()
  }
  visit(root)
  return insertions.sort((a, b) => a.at - b.at)
}

/** Glyphs Chromium maps to U+0000 (ligatures) that a span's /ActualText names: font -> code -> text. */
function findLigatures(pdf: Pdf, page: PDFDict, ops: Operation[], cache: Map<string, FontInfo>, into: Map<FontInfo, Map<number, string>>): void {
  const fonts = resourceFonts(pdf, getDict(pdf, page, 'Resources'), cache)
  let font: FontInfo | undefined
  let span: { text: string; codes: number[] } | undefined
  for (const operation of ops) {
    const op = operation.op
    if (op !== 'Tf' && op !== 'BDC' && op !== 'EMC' && !(span && (op === 'Tj' || op === 'TJ'))) continue
    if (op === 'Tf') font = fonts.get(operandName(operation.operands[0]) ?? '')
    else if (op === 'BDC' && operandName(operation.operands[0]) === 'Span') {
      const actual = markProperties(operation.operands, undefined).actualText
      span = actual !== undefined ? { text: actual, codes: [] } : undefined
    } else if (op === 'EMC' && span) {
      const zero = span.codes.filter((code) => font?.map.get(code) === '\u0000')
      if (font && zero.length === 1 && span.text.length > 0 && !span.text.includes('\u00ad')) {
        const fixes = into.get(font) ?? new Map<number, string>()
        fixes.set(zero[0]!, span.text.trim() || span.text)
        into.set(font, fixes)
      }
      span = undefined
    } else if (span && font && (op === 'Tj' || op === 'TJ')) {
      const strings = operation.parts().flatMap(({ operands: [shown] }) => (Array.isArray(shown) ? shown : [shown]).flatMap((s) => (s && typeof s === 'object' && 'string' in s ? [s.string] : [])))
      for (const s of strings) for (let k = 0; k + font.codeBytes <= s.length; k += font.codeBytes) span.codes.push(font.codeBytes === 2 ? (s.charCodeAt(k) << 8) | s.charCodeAt(k + 1) : s.charCodeAt(k))
    }
  }
}

/** Point the parent tree's entries for moved MCIDs and objects at their new parent element. */
/** Returns the parent tree's root, to be written again (Chromium writes the tree as one dictionary with its arrays inline). */
function patchParentTree(pdf: Pdf, root: PDFDict, edits: Array<{ kind: 'mcid'; page: PDFRef; mcid: number; to: PDFRef } | { kind: 'objr'; obj: PDFRef; to: PDFRef }>): PDFDict | undefined {
  const tree = getDict(pdf, root, 'ParentTree')
  const entries = numberTreeSlots(pdf, tree)
  for (const edit of edits) {
    const owner = edit.kind === 'mcid' ? resolve(pdf, edit.page) : resolve(pdf, edit.obj)
    const key = owner instanceof PDFDict ? numberOf(owner.get(PDFName.of(edit.kind === 'mcid' ? 'StructParents' : 'StructParent'))) : undefined
    const entry = key === undefined ? undefined : entries.get(key)
    if (!entry) continue
    if (edit.kind === 'objr') entry.holder.set(entry.index, edit.to)
    else {
      const list = resolve(pdf, entry.holder.get(entry.index))
      if (list instanceof PDFArray && edit.mcid < list.size()) list.set(edit.mcid, edit.to)
    }
  }
  return tree
}
