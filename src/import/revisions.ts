// Tracked changes (revisions) of WordprocessingML, ECMA-376 Part 1 §17.13.5. mammoth reads a
// document as if every change were accepted (it keeps w:ins, drops w:del) and says nothing, so
// the importer finds them first and either refuses or applies the user's choice to the XML.
// No library applies OOXML revisions, hence this module; it works on the xmldom DOM.
import type { Element as XmlElement } from '@xmldom/xmldom'
import { childElements, closest, isW, remove, unwrap, visibleText, W, wAll, wAttr, wChild, type XmlPart } from '../ooxml/package.js'

/** Which way pending changes go. */
export type ChangeMode = 'accept' | 'reject'

/** One pending tracked change. */
export interface PendingChange {
  /** What it is, in words: "insertion", "deletion", "formatting change"... */
  kind: string
  author: string | undefined
  date: string | undefined
  /** The text it covers (empty for a paragraph mark or a property change). */
  text: string
  element: XmlElement
}

/** Containers of inserted or deleted content (run level and above). */
const contentKinds: Record<string, string> = {
  ins: 'insertion',
  del: 'deletion',
  moveFrom: 'move (old place)',
  moveTo: 'move (new place)'
}

/** Property changes: the element holds the properties as they were before. */
const propertyKinds: Record<string, string> = {
  rPrChange: 'formatting change',
  pPrChange: 'paragraph formatting change',
  sectPrChange: 'section layout change',
  tblPrChange: 'table formatting change',
  tblPrExChange: 'table formatting change',
  trPrChange: 'table row formatting change',
  tcPrChange: 'table cell formatting change',
  tblGridChange: 'table column change',
  numberingChange: 'list numbering change'
}

const rangeMarkers = ['moveFromRangeStart', 'moveFromRangeEnd', 'moveToRangeStart', 'moveToRangeEnd', 'customXmlInsRangeStart', 'customXmlInsRangeEnd', 'customXmlDelRangeStart', 'customXmlDelRangeEnd', 'customXmlMoveFromRangeStart', 'customXmlMoveFromRangeEnd', 'customXmlMoveToRangeStart', 'customXmlMoveToRangeEnd']

/** Every pending tracked change of a part, in document order. */
export function findChanges(part: XmlPart): PendingChange[] {
  const changes: PendingChange[] = []
  const all = Array.from(part.doc.getElementsByTagNameNS(W, '*'))
  for (const element of all) {
    const name = element.localName ?? ''
    const parent = element.parentNode
    const change = (kind: string, text = '') => changes.push({ kind, author: wAttr(element, 'author') || undefined, date: wAttr(element, 'date') || undefined, text, element })
    if (Object.hasOwn(contentKinds, name)) {
      if (parent && isW(parent, 'rPr')) {
        const owner = parent.parentNode
        if (owner && isW(owner, 'pPr')) change(name === 'ins' || name === 'moveTo' ? 'inserted paragraph break' : 'deleted paragraph break')
        else if (owner && isW(owner, 'r')) change(contentKinds[name]!, visibleText(owner))
        // Inside a property change (the old properties) a mark is history, not a change.
      } else if (parent && isW(parent, 'trPr')) {
        change(name === 'ins' ? 'inserted table row' : 'deleted table row', visibleText(parent.parentNode!))
      } else if (parent && isW(parent, 'numPr')) {
        change('list numbering change')
      } else if (!closest(parent ?? null, (e) => Object.hasOwn(propertyKinds, e.localName ?? ''))) {
        change(contentKinds[name]!, visibleText(element))
      }
    } else if (Object.hasOwn(propertyKinds, name)) {
      change(propertyKinds[name]!, parent ? visibleText(parent.parentNode ?? parent) : '')
    } else if (name === 'cellIns' || name === 'cellDel' || name === 'cellMerge') {
      change(name === 'cellIns' ? 'inserted table cell' : name === 'cellDel' ? 'deleted table cell' : 'table cell merge', visibleText(parent?.parentNode ?? element))
    }
  }
  return changes
}

/**
 * Apply every pending change of `part` one way, as Word's "Accept All" or "Reject All" does:
 * insertions kept or removed, deletions removed or restored (their w:delText made w:t again),
 * moved text at its new or old place, paragraph marks joined, table rows and cells, and
 * formatting set to the new or the old properties. Marks the part changed; returns the number
 * of changes applied.
 */
export function applyChanges(part: XmlPart, mode: ChangeMode): number {
  const changes = findChanges(part)
  if (changes.length === 0) return 0
  const accept = mode === 'accept'
  const doc = part.doc
  const byName = (name: string) => Array.from(doc.getElementsByTagNameNS(W, name))

  // Properties first, while the elements they describe are all still there.
  for (const name of Object.keys(propertyKinds)) {
    for (const element of byName(name)) {
      if (!element.parentNode) continue
      // w:numberingChange holds only the old number's text: nothing to restore.
      if (!accept && name !== 'numberingChange') restoreProperties(element)
      remove(element)
    }
  }
  // Numbering added to a paragraph (w:numPr/w:ins).
  for (const mark of byName('ins').filter((e) => isW(e.parentNode, 'numPr'))) {
    if (accept) remove(mark)
    else remove(mark.parentNode as XmlElement)
  }
  // Table rows and cells.
  for (const mark of [...byName('ins'), ...byName('del')].filter((e) => isW(e.parentNode, 'trPr'))) {
    const row = mark.parentNode!.parentNode as XmlElement
    const goes = (mark.localName === 'del') === accept
    if (goes) remove(row)
    else remove(mark)
  }
  for (const mark of [...byName('cellIns'), ...byName('cellDel')]) {
    const cell = closest(mark, (e) => isW(e, 'tc'))
    const goes = (mark.localName === 'cellDel') === accept
    if (goes && cell) remove(cell)
    else remove(mark)
  }
  for (const mark of byName('cellMerge')) {
    if (accept) {
      // The merge state the change set: "rest" starts a merge, "cont" continues it.
      const merge = doc.createElementNS(W, 'w:vMerge')
      merge.setAttributeNS(W, 'w:val', wAttr(mark, 'vMerge') === 'cont' ? 'continue' : 'restart')
      mark.parentNode!.insertBefore(merge, mark)
    }
    remove(mark)
  }
  for (const table of byName('tbl')) if (!wChild(table, 'tr')) remove(table)

  // Content: what goes is removed with everything in it, what stays is unwrapped.
  const gone = accept ? ['del', 'moveFrom'] : ['ins', 'moveTo']
  const kept = accept ? ['ins', 'moveTo'] : ['del', 'moveFrom']
  for (const name of gone) {
    for (const element of byName(name)) {
      if (!element.parentNode) continue
      const parent = element.parentNode as XmlElement
      if (isW(parent, 'rPr')) {
        const owner = parent.parentNode as XmlElement
        if (isW(owner, 'r')) remove(owner)
        // A paragraph mark: joined below.
      } else {
        remove(element)
      }
    }
  }
  for (const name of kept) {
    for (const element of byName(name)) {
      if (!element.parentNode) continue
      const parent = element.parentNode as XmlElement
      if (isW(parent, 'rPr')) {
        if (isW(parent.parentNode, 'r')) remove(element)
        continue
      }
      if (!accept) restoreDeletedText(element)
      unwrap(element)
    }
  }
  // Paragraph marks: a removed mark joins its paragraph to the next one, which keeps its own
  // properties (the mark that remains carries them); a kept mark is just unmarked.
  for (const paragraph of byName('p')) {
    const rPr = wChild(wChild(paragraph, 'pPr'), 'rPr')
    if (!rPr) continue
    const marks = childElements(rPr).filter((e) => e.namespaceURI === W && ['ins', 'del', 'moveFrom', 'moveTo'].includes(e.localName ?? ''))
    if (marks.length === 0) continue
    const joins = marks.some((e) => gone.includes(e.localName ?? ''))
    for (const mark of marks) remove(mark)
    if (joins) joinWithNext(paragraph)
  }
  for (const name of rangeMarkers) for (const element of byName(name)) remove(element)
  part.changed = true
  return changes.length
}

/** Put the old properties a *PrChange element holds back in its parent, keeping revision marks. */
function restoreProperties(change: XmlElement): void {
  const parent = change.parentNode as XmlElement
  const old = childElements(change)[0]
  // What the old properties never hold: revision marks, and for a paragraph its mark's run
  // properties and section; for a section its headers and footers.
  const keep = new Set(['ins', 'del', 'moveFrom', 'moveTo', 'cellIns', 'cellDel', 'cellMerge', 'rPr', 'sectPr', 'headerReference', 'footerReference', ...Object.keys(propertyKinds)])
  if (isW(parent, 'rPr')) keep.delete('rPr')
  for (const child of childElements(parent)) if (!keep.has(child.localName ?? '')) remove(child)
  if (!old) return
  const anchor = childElements(parent).find((child) => keep.has(child.localName ?? '')) ?? null
  for (const child of childElements(old)) parent.insertBefore(child, anchor)
}

/** Deleted text becomes ordinary text again when a deletion is rejected. */
function restoreDeletedText(container: XmlElement): void {
  const doc = container.ownerDocument!
  for (const [from, to] of [['delText', 't'], ['delInstrText', 'instrText']] as const) {
    for (const element of wAll(container, from)) {
      const replacement = doc.createElementNS(W, `w:${to}`)
      for (let i = 0; i < element.attributes.length; i++) {
        const attribute = element.attributes.item(i)!
        replacement.setAttributeNS(attribute.namespaceURI, attribute.name, attribute.value)
      }
      while (element.firstChild) replacement.appendChild(element.firstChild)
      element.parentNode!.replaceChild(replacement, element)
    }
  }
}

/** Move a paragraph's content to the start of the next paragraph and remove it. */
function joinWithNext(paragraph: XmlElement): void {
  let next = paragraph.nextSibling
  // Bookmarks, comment ranges and other markers may sit between two paragraphs.
  while (next && !(next.nodeType === 1 && ['p', 'tbl', 'sdt', 'sectPr'].includes((next as XmlElement).localName ?? ''))) next = next.nextSibling
  if (!next || !isW(next, 'p')) return
  const target = next as XmlElement
  const anchor = wChild(target, 'pPr')?.nextSibling ?? (wChild(target, 'pPr') ? null : target.firstChild)
  for (const child of childElements(paragraph)) {
    if (isW(child, 'pPr')) continue
    target.insertBefore(child, anchor)
  }
  remove(paragraph)
}
