import type { Element as XmlElement } from '@xmldom/xmldom'
import { wAll, wAttr, wChild, type XmlPart } from '../ooxml/package.js'

/** Paragraph style names by style id, from word/styles.xml (names lower-cased). */
export class Styles {
  private readonly names = new Map<string, string>()

  constructor(part: XmlPart | undefined) {
    if (!part) return
    for (const style of wAll(part.doc, 'style')) {
      const id = wAttr(style, 'styleId')
      const name = wAttr(wChild(style, 'name'), 'val')
      if (id) this.names.set(id, (name ?? id).toLowerCase())
    }
  }

  /** The style name of a paragraph (lower case; `normal` when it has none). */
  paragraphStyle(paragraph: XmlElement): string {
    const id = wAttr(wChild(wChild(paragraph, 'pPr'), 'pStyle'), 'val')
    if (!id) return 'normal'
    return this.names.get(id) ?? id.toLowerCase()
  }

  /** The heading level (1-9) of a paragraph by its style, or 0. */
  headingLevel(paragraph: XmlElement): number {
    const match = /^heading ?(\d)$/.exec(this.paragraphStyle(paragraph))
    return match ? Number(match[1]) : 0
  }

  /** Whether a paragraph has a caption style (Word's `caption`, LibreOffice's `Table`, `Figure`...). */
  isCaption(paragraph: XmlElement): boolean {
    return captionStyles.includes(this.paragraphStyle(paragraph))
  }
}

/**
 * Caption paragraph styles: Word's built-in `caption`, and the styles LibreOffice gives the
 * captions it inserts (`Table`, `Figure`, `Illustration`, `Drawing`).
 */
export const captionStyles = ['caption', 'table', 'figure', 'illustration', 'drawing']
