import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js'

/** One character as printed: its box in PDF user space (points, origin bottom-left). */
export interface Glyph {
  ch: string
  x0: number
  x1: number
  /** Baseline. */
  y: number
  /** Bottom and top of the glyph's line box. */
  y0: number
  y1: number
  /** Index of the printed line on the page (in reading order). */
  line: number
  /** Index of the text run the glyph was printed in (runs are what the PDF shows as one piece). */
  run: number
}

/** A page's text as glyphs in reading order (lines top to bottom, left to right). */
export interface PageText {
  /** 1-based page index. */
  page: number
  width: number
  height: number
  glyphs: Glyph[]
  /** Per line: baseline and glyph index range [start, end). */
  lines: Array<{ y: number; y0: number; y1: number; start: number; end: number }>
}

/** An annotation as read from the PDF, with what `comments` needs of it. */
export interface RawAnnotation {
  /** Object reference of the annotation ("12R"), used by replies. */
  ref: string
  page: number
  subtype: string
  author: string
  date?: string
  contents: string
  inReplyTo?: string
  /** `R` for a reply, `Group` for a member of a group (Acrobat's replace: a strike-out grouped with a caret). */
  replyType?: string
  rect: [number, number, number, number]
  /** Quadrilaterals as boxes [x0, y0, x1, y1] (markup annotations). */
  quads: Array<[number, number, number, number]>
}

/** Annotation types that `comments` reads: notes and text markup, and shapes drawn around text (read by the area they enclose). */
export const annotationTypes: ReadonlySet<string> = new Set(['Text', 'FreeText', 'Highlight', 'Underline', 'StrikeOut', 'Squiggly', 'Caret', 'Square', 'Circle', 'Ink', 'Polygon', 'Stamp'])

/** Types read by the area of their rectangle. */
export const areaTypes: ReadonlySet<string> = new Set(['FreeText', 'Square', 'Circle', 'Ink', 'Polygon', 'Stamp'])

/** Open a PDF for reading (fonts' widths are kept: they place characters inside text runs). */
export async function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  // Loaded on demand: pdf.js installs a slow stand-in for Uint8Array.fromBase64 when imported,
  // which puppeteer then uses to decode every printed PDF (1.7 s for 400 pages) in `build`.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  return getDocument({ data: new Uint8Array(data), fontExtraProperties: true, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise
}

/** The content of an embedded file by name, or undefined. */
export async function readAttachment(pdf: PDFDocumentProxy, name: string): Promise<Uint8Array | undefined> {
  const attachments = (await pdf.getAttachments()) as Record<string, { filename: string; content: Uint8Array }> | null
  for (const [key, value] of Object.entries(attachments ?? {})) if (key === name || value.filename === name) return value.content
  return undefined
}

/** Every annotation of the types `comments` reads, page by page (popups and links skipped). */
export async function readAnnotations(pdf: PDFDocumentProxy): Promise<RawAnnotation[]> {
  const out: RawAnnotation[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n)
    for (const a of (await page.getAnnotations({ intent: 'display' })) as Array<Record<string, unknown>>) {
      const subtype = String(a['subtype'])
      if (!annotationTypes.has(subtype)) continue
      const quads: RawAnnotation['quads'] = []
      const points = a['quadPoints'] as ArrayLike<number> | undefined
      if (points) {
        for (let i = 0; i + 7 < points.length; i += 8) {
          const xs = [points[i]!, points[i + 2]!, points[i + 4]!, points[i + 6]!]
          const ys = [points[i + 1]!, points[i + 3]!, points[i + 5]!, points[i + 7]!]
          quads.push([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)])
        }
      }
      const text = (key: string) => {
        const value = a[key] as { str?: string } | string | undefined
        return typeof value === 'string' ? value : value?.str ?? ''
      }
      out.push({
        ref: String(a['id']),
        page: n,
        subtype,
        author: text('titleObj') || text('title'),
        date: pdfDate(String(a['modificationDate'] ?? a['creationDate'] ?? '')),
        contents: (text('contentsObj') || text('contents')).replace(/\r\n?/g, '\n'),
        inReplyTo: a['inReplyTo'] ? String(a['inReplyTo']) : undefined,
        replyType: a['inReplyTo'] ? String(a['replyType'] ?? 'R') : undefined,
        rect: [...(a['rect'] as number[])] as RawAnnotation['rect'],
        quads
      })
    }
  }
  return out
}

/** "D:20221025103000+02'00'" to ISO 8601; other strings as they are; empty to undefined. */
export function pdfDate(value: string): string | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(value)
  if (!m) return value || undefined
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh, om] = m
  const zone = !sign || sign.toUpperCase() === 'Z' ? 'Z' : `${sign}${oh ?? '00'}:${om ?? '00'}`
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`
}

/**
 * The text of one page as glyphs. Text runs are split into characters by the widths of their
 * font (scaled to the run's printed width), so a character's box is close to what a viewer
 * selects. Rotated text (the review watermark) is left out.
 */
export async function readPageText(page: PDFPageProxy): Promise<PageText> {
  const [x0, y0, x1, y1] = page.view as [number, number, number, number]
  await page.getOperatorList()
  const content = await page.getTextContent()
  const widthCache = new Map<string, Map<string, number>>()
  const widthsOf = (fontName: string) => {
    let map = widthCache.get(fontName)
    if (map) return map
    map = new Map()
    try {
      const font = page.commonObjs.get(fontName) as { widths?: Record<string, number>; toUnicode?: { _map?: Record<string, string> } } | undefined
      const unicode = font?.toUnicode?._map ?? {}
      for (const [code, width] of Object.entries(font?.widths ?? {})) {
        const text = unicode[code]
        if (typeof text !== 'string' || !width) continue
        for (const ch of text.normalize('NFKC')) if (!map.has(ch)) map.set(ch, width / text.normalize('NFKC').length)
      }
    } catch {
      // A font not loaded (yet): characters share the run's width evenly.
    }
    widthCache.set(fontName, map)
    return map
  }

  const runs: Array<{ chars: Array<{ ch: string; x0: number; x1: number; run: number }>; y: number; size: number }> = []
  for (const item of content.items as TextItem[]) {
    if (!('str' in item) || item.str === '') continue
    const [a, b, c, d, e, f] = item.transform as number[]
    if (Math.abs(b!) > 0.01 || Math.abs(c!) > 0.01 || a! <= 0 || d! <= 0) continue
    const size = Math.abs(d!)
    const chars = [...item.str.normalize('NFKC')]
    const widths = widthsOf(item.fontName)
    const raw = chars.map((ch) => widths.get(ch) ?? 0)
    const known = raw.filter((w) => w > 0)
    const mean = known.length > 0 ? known.reduce((s, w) => s + w, 0) / known.length : 1
    const filled = raw.map((w) => (w > 0 ? w : mean))
    const total = filled.reduce((s, w) => s + w, 0)
    const scale = total > 0 ? item.width / total : 0
    let x = e!
    runs.push({
      y: f!,
      size,
      chars: chars.map((ch, i) => {
        const start = x
        x += filled[i]! * scale
        return { ch, x0: start, x1: x, run: runs.length }
      })
    })
  }

  // Lines: runs whose baselines are within a fraction of the font size (superscripts join the line they sit on).
  const lines: Array<{ y: number; size: number; runs: typeof runs }> = []
  for (const run of [...runs].sort((p, q) => q.y - p.y || p.size - q.size)) {
    const line = lines.find((l) => Math.abs(l.y - run.y) < Math.max(l.size, run.size) * 0.45)
    if (line) {
      line.runs.push(run)
      if (run.size > line.size) {
        line.size = run.size
        line.y = run.y
      }
    } else {
      lines.push({ y: run.y, size: run.size, runs: [run] })
    }
  }
  lines.sort((p, q) => q.y - p.y)
  const text: PageText = { page: page.pageNumber, width: x1 - x0, height: y1 - y0, glyphs: [], lines: [] }
  lines.forEach((line, index) => {
    const start = text.glyphs.length
    const chars = line.runs.flatMap((run) => run.chars).sort((p, q) => p.x0 - q.x0)
    for (const ch of chars) text.glyphs.push({ ch: ch.ch, x0: ch.x0, x1: ch.x1, y: line.y, y0: line.y - line.size * 0.25, y1: line.y + line.size * 0.85, line: index, run: ch.run })
    text.lines.push({ y: line.y, y0: line.y - line.size * 0.25, y1: line.y + line.size * 0.85, start, end: text.glyphs.length })
  })
  return text
}

/** Text of glyphs [start, end) as read: spaces between lines, a hyphen at a line end joins the word. */
export function textOf(page: PageText, indices: number[]): string {
  let out = ''
  let previous: Glyph | undefined
  for (const i of indices) {
    const glyph = page.glyphs[i]!
    if (previous && previous.line !== glyph.line) {
      if (/[-\u00ad\u2010]$/.test(out) && /\p{Ll}/u.test(glyph.ch)) out = out.slice(0, -1)
      else if (!/\s$/.test(out)) out += ' '
    } else if (previous && glyph.x0 - previous.x1 > 1.5 && !/\s$/.test(out) && glyph.ch !== ' ') {
      out += ' '
    }
    out += glyph.ch
    previous = glyph
  }
  return out.replace(/\s+/g, ' ').trim()
}
