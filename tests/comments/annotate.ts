import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFString, type PDFRef } from 'pdf-lib'
import { openPdf, readPageText, type PageText } from '../../src/comments/pdf-text.js'
import { marginGlyphs } from '../../src/comments/map.js'

/** Where a text is printed: its page and the boxes (one a line) of its characters, in PDF points. */
export interface Printed {
  page: number
  boxes: Array<[number, number, number, number]>
}

/**
 * Find the `occurrence`-th printed occurrence of `text` (spaces as printed) in a PDF, with the
 * boxes of its characters per line, from pdfjs's text content (the glyph split the reader uses).
 */
export async function locate(pdfBytes: Uint8Array, text: string, occurrence = 1): Promise<Printed> {
  const pdf = await openPdf(pdfBytes)
  try {
    let seen = 0
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await readPageText(await pdf.getPage(n))
      const { string, index } = flatten(page)
      let from = 0
      for (;;) {
        const at = string.indexOf(text, from)
        if (at < 0) break
        from = at + 1
        if (++seen < occurrence) continue
        const boxes = boxesOf(page, index, at, text.length)
        return { page: n, boxes }
      }
    }
    throw new Error(`Text not printed: ${text}`)
  } finally {
    await pdf.destroy()
  }
}

/** Boxes (one a printed line) of the glyphs behind characters [at, at + length) of a flattened page. */
function boxesOf(page: PageText, index: number[], at: number, length: number): Printed['boxes'] {
  const glyphs = index.slice(at, at + length).filter((i) => i >= 0).map((i) => page.glyphs[i]!)
  const byLine = new Map<number, Array<[number, number, number, number]>>()
  for (const g of glyphs) {
    if (g.ch === ' ') continue
    const list = byLine.get(g.line) ?? []
    list.push([g.x0, g.y0, g.x1, g.y1])
    byLine.set(g.line, list)
  }
  return [...byLine.values()].map((list) => [Math.min(...list.map((b) => b[0])), Math.min(...list.map((b) => b[1])), Math.max(...list.map((b) => b[2])), Math.max(...list.map((b) => b[3]))] as [number, number, number, number])
}

/** The page's text as one string (lines joined by a space, a line-end hyphen kept; margin numbers left out) and glyph index per character. */
function flatten(page: PageText): { string: string; index: number[]; hyphenated: number[] } {
  let string = ''
  const index: number[] = []
  const margin = marginGlyphs(page)
  const hyphenated: number[] = []
  page.lines.forEach((line, n) => {
    if (n > 0) {
      // A word hyphenated at the line end reads as one word; a compound's hyphen stays.
      const previous = page.lines[n - 1]!
      const last = previous.end - 1
      const first = page.glyphs.slice(line.start, line.end).find((g, k) => !margin.has(line.start + k))
      if (/[-\u00ad\u2010]/.test(page.glyphs[last]?.ch ?? '') && /\p{Ll}/u.test(first?.ch ?? '') && /\p{L}/u.test(page.glyphs[last - 1]?.ch ?? '')) {
        string = string.slice(0, -1)
        index.pop()
        hyphenated.push(string.length)
      } else {
        string += ' '
        index.push(-1)
      }
    }
    for (let i = line.start; i < line.end; i++) {
      if (margin.has(i)) continue
      string += page.glyphs[i]!.ch
      index.push(i)
    }
  })
  return { string, index, hyphenated }
}

/** A word printed hyphenated at a line end (the first one found), as it reads joined, and where it is. */
export async function hyphenatedWord(pdfBytes: Uint8Array): Promise<{ word: string; at: Printed } | undefined> {
  const pdf = await openPdf(pdfBytes)
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await readPageText(await pdf.getPage(n))
      const { string, index, hyphenated } = flatten(page)
      for (const at of hyphenated) {
        const start = string.slice(0, at).search(/\p{L}+$/u)
        const end = at + (string.slice(at).match(/^\p{L}+/u)?.[0].length ?? 0)
        const word = string.slice(start, end)
        // The hyphen glyph itself is covered too, as a viewer's selection would.
        if (word.length >= 6) return { word, at: { page: n, boxes: boxesOf(page, index, start, end - start).map((b, k, all) => (k === 0 && all.length > 1 ? [b[0], b[1], b[2] + 4, b[3]] : b)) } }
      }
    }
    return undefined
  } finally {
    await pdf.destroy()
  }
}

export interface AnnotationSpec {
  subtype: 'Text' | 'FreeText' | 'Highlight' | 'Underline' | 'StrikeOut' | 'Squiggly' | 'Caret' | 'Square'
  at: Printed
  /** For carets: put the caret after the located text instead of before. */
  after?: boolean
  contents: string
  author: string
  date?: string
  /** Index (in the list) of the annotation this one answers. */
  replyTo?: number
  /** Index (in the list) of the annotation this one is grouped with (`/RT /Group`), as Acrobat's replace tool does. */
  groupWith?: number
}

/** Add annotations with pdf-lib the way viewers write them; returns the new PDF's bytes. */
export async function annotate(pdfBytes: Uint8Array, specs: AnnotationSpec[]): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdfBytes)
  const refs: PDFRef[] = []
  for (const spec of specs) {
    const page = doc.getPage(spec.at.page - 1)
    const boxes = spec.at.boxes
    const first = boxes[0]!
    const last = boxes[boxes.length - 1]!
    const union: [number, number, number, number] = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
    const dict: Record<string, unknown> = {
      Type: 'Annot',
      Subtype: spec.subtype,
      F: 4,
      Contents: PDFHexString.fromText(spec.contents),
      T: PDFHexString.fromText(spec.author),
      M: PDFString.of(spec.date ?? 'D:20240312101500Z'),
      CreationDate: PDFString.of(spec.date ?? 'D:20240312101500Z'),
      C: [1, 0.8, 0]
    }
    if (spec.subtype === 'Text') {
      dict['Rect'] = [first[0], first[3] - 20, first[0] + 20, first[3]]
      dict['Name'] = 'Comment'
    } else if (spec.subtype === 'Caret') {
      const x = spec.after ? last[2] : first[0]
      dict['Rect'] = [x - 4, first[1] - 2, x + 4, first[1] + 6]
    } else if (spec.subtype === 'Square') {
      dict['Rect'] = [union[0] - 2, union[1] - 2, union[2] + 2, union[3] + 2]
    } else if (spec.subtype === 'FreeText') {
      dict['Rect'] = union
      dict['DA'] = PDFString.of('0 0 1 rg /Helv 10 Tf')
    } else {
      dict['Rect'] = union
      dict['QuadPoints'] = boxes.flatMap(([x0, y0, x1, y1]) => [x0, y1, x1, y1, x0, y0, x1, y0])
    }
    if (spec.replyTo !== undefined) {
      dict['IRT'] = refs[spec.replyTo]
      dict['RT'] = 'R'
      dict['Rect'] = [first[0], first[3] - 20, first[0] + 20, first[3]]
      dict['Subtype'] = 'Text'
      delete dict['QuadPoints']
    }
    if (spec.groupWith !== undefined) {
      dict['IRT'] = refs[spec.groupWith]
      dict['RT'] = 'Group'
    }
    const ref = doc.context.register(doc.context.obj(dict as never))
    refs.push(ref)
    const annots = page.node.lookup(PDFName.of('Annots'))
    if (annots instanceof PDFArray) annots.push(ref)
    else page.node.set(PDFName.of('Annots'), doc.context.obj([ref]))
  }
  return doc.save({ useObjectStreams: true })
}
