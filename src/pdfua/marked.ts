import { PDFDict, PDFName, type PDFPageLeaf } from 'pdf-lib'
import { operandName, paintOperators, textOperators, type Operand, type Operation } from './content.js'
import { getDict, pageOperations, type Pdf } from './document.js'
import { resourceFonts, shownText, type FontInfo } from './fonts.js'

/** What one page's content holds, as PDF/UA sees it. */
export interface PageContent {
  /** Text drawn inside each marked-content sequence with an MCID (nested sequences count for the innermost MCID). */
  mcids: Map<number, string>
  /** Painting operations outside any MCID sequence and outside any /Artifact. */
  untagged: number
  /** /Artifact sequences inside a sequence with an MCID, and sequences with an MCID inside an /Artifact. */
  artifactInContent: number
  contentInArtifact: number
  /** Marked-content operators inside a path object (between `re`/`m` and the painting operator). */
  inPath: number
  /** Fonts used to show text on the page (resource name -> font). */
  fontsUsed: Set<FontInfo>
}

interface Mark {
  tag: string
  mcid?: number
  actualText?: string
  /** Within a sequence with an MCID (this one or an enclosing one). */
  tagged: boolean
  artifact: boolean
}

/** The properties of a BDC: its inline dictionary, or the named entry of the page's /Properties. */
export function markProperties(operands: Operand[], properties: PDFDict | undefined): { mcid?: number; actualText?: string } {
  const value = operands[1]
  if (value && typeof value === 'object' && 'dict' in value) {
    const mcid = value.dict['MCID']
    const actual = value.dict['ActualText']
    return { mcid: typeof mcid === 'number' ? mcid : undefined, actualText: actual && typeof actual === 'object' && 'string' in actual ? decodeTextString(actual.string) : undefined }
  }
  const name = operandName(value)
  if (name && properties) {
    const dict = properties.get(PDFName.of(name))
    const mcid = dict instanceof PDFDict ? dict.get(PDFName.of('MCID')) : undefined
    return { mcid: mcid ? Number(mcid.toString()) : undefined }
  }
  return {}
}

/** A PDF text string (latin1 bytes) as text: UTF-16BE after a byte order mark, else PDFDocEncoding (read as latin1). */
export function decodeTextString(bytes: string): string {
  if (bytes.startsWith('\u00fe\u00ff')) {
    let out = ''
    for (let k = 2; k + 1 < bytes.length; k += 2) out += String.fromCharCode((bytes.charCodeAt(k) << 8) | bytes.charCodeAt(k + 1))
    return out
  }
  return bytes
}

/**
 * Read a page's content: which MCIDs it has, and what is neither tagged nor an artifact; the
 * text of the MCIDs in `textFor` (decoding text is most of the work: only where it is needed).
 * `fontCache` is shared across pages so that each font is read once.
 */
export function readPageContent(pdf: Pdf, page: PDFDict, fontCache: Map<string, FontInfo>, ops: Operation[] = pageOperations(pdf, page), textFor?: Set<number>): PageContent {
  const resources = (page as PDFPageLeaf).Resources?.() ?? getDict(pdf, page, 'Resources')
  const fonts = resourceFonts(pdf, resources, fontCache)
  const properties = getDict(pdf, resources, 'Properties')
  const result: PageContent = { mcids: new Map(), untagged: 0, artifactInContent: 0, contentInArtifact: 0, inPath: 0, fontsUsed: new Set() }
  const stack: Mark[] = []
  let font: FontInfo | undefined
  let inText = false
  let inPath = false
  for (const operation of ops) {
    const op = operation.op
    const top = stack[stack.length - 1]
    if (op === 'm' || op === 're') inPath = true
    else if (op === 'n' || paintOperators.has(op)) inPath = false
    else if ((op === 'BDC' || op === 'BMC' || op === 'EMC') && inPath) result.inPath++
    if (op === 'BDC' || op === 'BMC') {
      const operands = operation.operands
      const tag = operandName(operands[0]) ?? ''
      const props = op === 'BDC' ? markProperties(operands, properties) : {}
      const tagged = Boolean(top?.tagged) || props.mcid !== undefined
      const artifact = Boolean(top?.artifact) || tag === 'Artifact'
      if (tag === 'Artifact' && top?.tagged) result.artifactInContent++
      if (props.mcid !== undefined && top?.artifact) result.contentInArtifact++
      if (props.mcid !== undefined && !result.mcids.has(props.mcid)) result.mcids.set(props.mcid, '')
      stack.push({ tag, mcid: props.mcid ?? top?.mcid, actualText: props.actualText, tagged, artifact })
      // Text given as /ActualText stands for what the sequence draws.
      if (props.actualText !== undefined && !stack.slice(0, -1).some((m) => m.actualText !== undefined)) append(result, stack[stack.length - 1]!.mcid, props.actualText, textFor)
      continue
    }
    if (op === 'EMC') {
      stack.pop()
      continue
    }
    if (op === 'BT') {
      inText = true
      // A new text object starts a new line in Chromium's output: keep words apart.
      if (top?.mcid !== undefined) append(result, top.mcid, ' ', textFor)
      continue
    }
    if (op === 'ET') {
      inText = false
      continue
    }
    if (op === 'Tf') {
      font = fonts.get(operandName(operation.operands[0]) ?? '')
      continue
    }
    if (!paintOperators.has(op)) continue
    if (!top || (!top.tagged && !top.artifact)) result.untagged += operation.count
    if (textOperators.has(op) && inText) {
      if (font) result.fontsUsed.add(font)
      if (top?.mcid !== undefined && textFor?.has(top.mcid) && !stack.some((m) => m.actualText !== undefined)) {
        for (const part of operation.parts()) append(result, top.mcid, shownText(font, part.operands, op), textFor)
      }
    }
  }
  return result
}

function append(result: PageContent, mcid: number | undefined, text: string, wanted?: Set<number>): void {
  if (mcid === undefined || !wanted?.has(mcid)) return
  result.mcids.set(mcid, (result.mcids.get(mcid) ?? '') + text)
}

/**
 * Text as a description: words broken at a line end joined again (Chromium draws the hyphen of
 * a soft hyphen that ends a line as a glyph of its own, after the soft hyphen's span), white
 * space collapsed.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\u00ad\s*[-\u2010]?\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}
