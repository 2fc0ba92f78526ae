import { execFileSync } from 'node:child_process'

// A PDF read back for the end-to-end tests: word boxes and lines of each page (pdftotext
// -bbox-layout), the outline (qpdf --json). Coordinates are PDF points from the page's top-left.

/** A word as poppler extracts it. */
export interface PdfWord {
  text: string
  x0: number
  y0: number
  x1: number
  y1: number
}

/** A line of words, in poppler's reading order. */
export interface PdfLine extends PdfWord {
  words: PdfWord[]
}

/** One page: its size and lines (and all its words). */
export interface PdfPage {
  /** 1-based page index in the file. */
  number: number
  width: number
  height: number
  lines: PdfLine[]
  words: PdfWord[]
}

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
const box = (attributes: string) => {
  const value = (name: string) => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(attributes)![1])
  return { x0: value('xMin'), y0: value('yMin'), x1: value('xMax'), y1: value('yMax') }
}

/** Every page of `pdf` with its lines and words (pdftotext -bbox-layout). */
export function readPdf(pdf: string): PdfPage[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const pages: PdfPage[] = []
  for (const page of xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([^]*?)<\/page>/g)) {
    const lines: PdfLine[] = []
    for (const line of page[3]!.matchAll(/<line ([^>]*)>([^]*?)<\/line>/g)) {
      const words = [...line[2]!.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => ({ text: decode(w[2]!), ...box(w[1]!) }))
      if (words.length > 0) lines.push({ text: words.map((w) => w.text).join(' '), words, ...box(line[1]!) })
    }
    pages.push({ number: pages.length + 1, width: Number(page[1]), height: Number(page[2]), lines, words: lines.flatMap((l) => l.words) })
  }
  return pages
}

/** A bookmark of the PDF's outline, with its children. */
export interface Bookmark {
  title: string
  kids: Bookmark[]
}

/** The outline of `pdf` (qpdf --json). */
export function readOutline(pdf: string): Bookmark[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { outlines: Bookmark[] }
  const clean = (items: Bookmark[]): Bookmark[] => items.map((item) => ({ title: item.title, kids: clean(item.kids) }))
  return clean(json.outlines)
}

/** Every title of an outline, depth first. */
export function bookmarkTitles(outline: Bookmark[]): string[] {
  return outline.flatMap((item) => [item.title, ...bookmarkTitles(item.kids)])
}

/** Millimetres in PDF points. */
export const mm = (value: number) => (value * 72) / 25.4

/** A soft hyphen kept at a line end: the discretionary hyphen of a hyphenated word (U+00AD, then the hyphen drawn). */
export const DISCRETIONARY = /\u00ad[-\u2010]?$/
