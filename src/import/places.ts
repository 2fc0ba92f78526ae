import type { Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom'
import { VFile } from 'vfile'
import type { Point } from 'unist'
import { report, type RuleId } from '../report/rules.js'
import { closest, descendants, inFallback, isW, wAll, type XmlPart } from '../ooxml/package.js'

/**
 * Where things are in a .docx part, as a diagnostic place: the line is the paragraph's number in
 * the part (every w:p in document order, those in tables and text boxes included, from 1), the
 * column the character in that paragraph's text (from 1). Numbers are taken when the part is
 * read, so they stay those of the document the writer sent even after tracked changes are
 * applied.
 */
export class PartLocator {
  private readonly numbers = new WeakMap<XmlNode, number>()

  constructor(readonly part: XmlPart) {
    let n = 0
    for (const paragraph of wAll(part.doc, 'p')) {
      // A text box is held twice (mc:Choice and mc:Fallback): count the copy Word shows.
      if (!inFallback(paragraph)) this.numbers.set(paragraph, ++n)
    }
  }

  /** The place of `node`: its paragraph's number and its offset in that paragraph's text. */
  point(node: XmlNode): Point | undefined {
    let paragraph = closest(node, (e) => isW(e, 'p') && this.numbers.has(e))
    if (!paragraph) {
      // A table row or cell: the first paragraph inside it.
      const inside = node.nodeType === 1 ? wAll(node as XmlElement, 'p').find((p) => this.numbers.has(p)) : undefined
      if (!inside) return undefined
      paragraph = inside
    }
    return { line: this.numbers.get(paragraph)!, column: offsetIn(paragraph, node) + 1 }
  }

  /** The w:p holding `node` (the one Word shows, not a fallback copy). */
  paragraph(node: XmlNode): XmlElement | undefined {
    return closest(node, (e) => isW(e, 'p') && this.numbers.has(e))
  }
}

/** Characters of visible text in `paragraph` before `node`. */
function offsetIn(paragraph: XmlElement, node: XmlNode): number {
  if (node === paragraph) return 0
  let offset = 0
  for (const current of descendants(paragraph)) {
    if (current === node) return offset
    if (current.nodeType === 1 && (isW(current, 't') || isW(current, 'delText'))) offset += (current as XmlElement).textContent?.length ?? 0
    else if (current.nodeType === 1 && (isW(current, 'tab') || isW(current, 'br'))) offset += 1
  }
  return offset
}

/**
 * The diagnostics of one import: one VFile per .docx part that has any, named
 * `FILE.docx/word/document.xml` (as Python names a module inside a zip), so the reporter
 * prints `FILE.docx/word/document.xml:12:5`.
 */
export class ImportDiagnostics {
  private readonly files = new Map<string, VFile>()
  private readonly locators = new Map<string, PartLocator>()

  constructor(private readonly docx: string) {}

  /** Number the paragraphs of `part` now, before anything changes it. */
  track(part: XmlPart | undefined): void {
    if (part && !this.locators.has(part.name)) this.locators.set(part.name, new PartLocator(part))
  }

  /** The locator of a tracked part. */
  locator(part: XmlPart): PartLocator | undefined {
    return this.locators.get(part.name)
  }

  /** Add a diagnostic on `partName`, at `node` when given. */
  add(partName: string, rule: RuleId, reason: string, node?: XmlNode): void {
    let file = this.files.get(partName)
    if (!file) {
      file = new VFile({ path: `${this.docx}/${partName}` })
      this.files.set(partName, file)
    }
    const point = node ? this.locators.get(partName)?.point(node) : undefined
    report(file, rule, reason, point)
  }

  /** The files with their messages, in the order parts were first reported. */
  list(): VFile[] {
    return [...this.files.values()]
  }
}
