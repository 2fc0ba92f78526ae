// Word documents for the import tests, built here with the `docx` library the way Word writes
// them (built-in style ids Heading1.., Caption, numbering definitions for lists, a footnotes part,
// SEQ fields in captions, REF cross-references to _Ref bookmarks, an embedded PNG). Variants add
// what Word users add: comments, tracked changes, text boxes, fields, merged cells, colours. What
// the library cannot write (moved text) is written by editing the OOXML with @xmldom/xmldom.
import { DOMParser, XMLSerializer, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom'
import {
  AlignmentType,
  Bookmark,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  EndnoteReferenceRun,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  InternalHyperlink,
  LevelFormat,
  Packer,
  Paragraph,
  SequentialIdentifier,
  ShadingType,
  SimpleField,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  Textbox,
  VerticalMergeType,
  WidthType,
  type ParagraphChild
} from 'docx'
import JSZip from 'jszip'
import { PNG } from 'pngjs'

/** A small PNG (a blue-to-green gradient), made here rather than fetched. */
export function makePng(width = 240, height = 120): Buffer {
  const png = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      png.data[i] = 20
      png.data[i + 1] = Math.round((255 * x) / width)
      png.data[i + 2] = Math.round((255 * (width - x)) / width)
      png.data[i + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

/** What a variant adds to the base document. */
export interface Variant {
  /** A comment by a reviewer on a few words of the first body paragraph. */
  comment?: boolean
  /** A pending tracked insertion and deletion in the second body paragraph. */
  trackedChange?: boolean
  /** A tracked formatting change (bold removed) on a run of the third body paragraph. */
  formattingChange?: boolean
  /** A text box after the image. */
  textBox?: boolean
  /** A DATE field in a paragraph (not a hyperlink, not a caption number). */
  field?: boolean
  /** A second table whose header cell spans two columns and whose first column cells merge vertically. */
  mergedCell?: boolean
  /** Red text and a yellow highlight in the closing paragraph. */
  colour?: boolean
  /** A table cell holding two paragraphs and a bulleted list. */
  blockCell?: boolean
  /** Headings numbered by Word list numbering (numPr on the heading style's paragraphs). */
  numberedHeadings?: boolean
  /** A whole tracked-inserted paragraph and a whole tracked-deleted paragraph (paragraph marks too). */
  trackedParagraphs?: boolean
  /** A document Title paragraph before the first heading. */
  title?: string
  /** A first heading (before the others) that repeats the section's title, hand-numbered. */
  sectionHeading?: string
  /** Hidden text (w:vanish) in the closing paragraph. */
  hidden?: boolean
  /** An endnote called from the closing paragraph (and a second footnote before it). */
  endnote?: boolean
  /** A superscript and a subscript in the closing paragraph. */
  superscript?: boolean
}

const author = 'Jane Reviewer'
const date = '2024-03-04T10:00:00Z'

/**
 * The richest document: hand-numbered headings and paragraphs, a footnote, a nested list, a
 * hyperlink, a captioned table with a header row and a REF cross-reference to it, an image with a
 * caption after it, emphasis; `variant` adds the losses. Returns the .docx bytes.
 */
export async function buildDocx(variant: Variant = {}): Promise<Buffer> {
  const png = makePng()
  const headingNumbering = variant.numberedHeadings ? { reference: 'headings', level: 0 } : undefined
  const body: Array<Paragraph | Table | Textbox> = []
  if (variant.title) body.push(new Paragraph({ text: variant.title, heading: HeadingLevel.TITLE }))
  if (variant.sectionHeading) body.push(new Paragraph({ text: variant.sectionHeading, heading: HeadingLevel.HEADING_1 }))
  body.push(
    new Paragraph({ heading: HeadingLevel.HEADING_1, numbering: headingNumbering, children: [new TextRun(variant.numberedHeadings ? 'Why ports and Customs cooperate' : '1. Why ports and Customs cooperate')] }),
    new Paragraph({
      children: [
        new TextRun({ children: ['1.', new Tab(), 'Customs administrations and port authorities '] }),
        ...(variant.comment ? [new CommentRangeStart(0), new TextRun('share one border'), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] })] : [new TextRun('share one border')]),
        new TextRun(', and the '),
        new TextRun({ text: 'goods', bold: true }),
        new TextRun(' cross it once.'),
        new FootnoteReferenceRun(1)
      ]
    }),
    new Paragraph({
      children: variant.trackedChange
        ? [
            new TextRun('2. Each side keeps its own '),
            new DeletedTextRun({ id: 11, author, date, text: 'separate ' }),
            new TextRun('mandate, and both '),
            new DeletedTextRun({ id: 12, author, date, text: 'benefit' }),
            new InsertedTextRun({ id: 13, author, date, text: 'gain' }),
            new TextRun(' from shared data.')
          ]
        : [new TextRun('2. Each side keeps its own mandate, and both gain from shared data.')]
    }),
    new Paragraph({
      children: [
        new TextRun('3. Read the '),
        new ExternalHyperlink({ link: 'https://www.wcoomd.org/en/topics/facilitation.aspx', children: [new TextRun({ text: 'facilitation pages', style: 'Hyperlink' })] }),
        new TextRun(' for the '),
        new TextRun({
          text: 'background',
          italics: true,
          ...(variant.formattingChange ? { revision: { id: 14, author, date, bold: true } } : {})
        }),
        new TextRun('.')
      ]
    }),
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      numbering: headingNumbering ? { reference: 'headings', level: 1 } : undefined,
      children: [new Bookmark({ id: '_Toc_steps', children: [new TextRun(variant.numberedHeadings ? 'Steps to take' : '1.1 Steps to take')] })]
    }),
    new Paragraph({ text: 'Agree on the scope', numbering: { reference: 'bullets', level: 0 } }),
    new Paragraph({ text: 'Name a contact point', numbering: { reference: 'steps', level: 1 } }),
    new Paragraph({ text: 'Meet every quarter', numbering: { reference: 'steps', level: 1 } }),
    new Paragraph({ text: 'Share the risk picture', numbering: { reference: 'bullets', level: 0 } }),
    new Paragraph({
      children: [new TextRun('As '), ...referenceToTable(), new TextRun(' shows, the lead depends on the area.')]
    }),
    new Paragraph({
      style: 'Caption',
      keepNext: true,
      children: [
        new Bookmark({ id: '_Ref100001', children: [new TextRun('Table '), new SequentialIdentifier('Table')] }),
        new TextRun(': Areas of cooperation')
      ]
    }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: [cell('Area', true), cell('Lead', true)] }),
        new TableRow({ children: [cell('Data exchange'), cell('Port authority')] }),
        new TableRow({
          children: [
            variant.blockCell
              ? new TableCell({
                  children: [
                    new Paragraph('Risk management'),
                    new Paragraph('Joint targeting'),
                    new Paragraph({ text: 'Profiles', numbering: { reference: 'bullets', level: 0 } }),
                    new Paragraph({ text: 'Alerts', numbering: { reference: 'bullets', level: 0 } })
                  ]
                })
              : cell('Risk management'),
            cell('Customs')
          ]
        })
      ]
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: png, transformation: { width: 240, height: 120 }, altText: { name: 'Flow', description: 'A gradient', title: 'Flow' } })] }),
    new Paragraph({
      style: 'Caption',
      children: [new Bookmark({ id: '_Ref200001', children: [new TextRun('Figure '), new SequentialIdentifier('Figure')] }), new TextRun(': Flow of data between the port and Customs')]
    }),
    new Paragraph({
      children: [
        new TextRun('The data flow in '),
        new SimpleField('REF _Ref200001 \\h', 'Figure 1'),
        new TextRun(' follows the '),
        new InternalHyperlink({ anchor: '_Toc_steps', children: [new TextRun({ text: 'steps above', style: 'Hyperlink' })] }),
        new TextRun('.')
      ]
    })
  )
  if (variant.textBox) {
    body.push(new Paragraph({ children: [new TextRun('A side note follows. '), new Textbox({ children: [new Paragraph('Boxed remark for the editor')], style: { width: '2in', height: '1in' } })] }))
  }
  if (variant.field) {
    body.push(new Paragraph({ children: [new TextRun('Updated on '), new SimpleField('DATE \\@ "d MMMM yyyy"', '4 March 2024'), new TextRun('.')] }))
  }
  if (variant.mergedCell) {
    body.push(
      new Paragraph({ style: 'Caption', children: [new TextRun('Table '), new SequentialIdentifier('Table'), new TextRun(': Contacts by port')] }),
      new Table({
        rows: [
          new TableRow({ tableHeader: true, children: [new TableCell({ columnSpan: 2, children: [new Paragraph('Contact')] }), cell('Phone')] }),
          new TableRow({ children: [new TableCell({ verticalMerge: VerticalMergeType.RESTART, children: [new Paragraph('Antwerp')] }), cell('Customs'), cell('100')] }),
          new TableRow({ children: [new TableCell({ verticalMerge: VerticalMergeType.CONTINUE, children: [new Paragraph('')] }), cell('Port'), cell('200')] })
        ]
      })
    )
  }
  if (variant.trackedParagraphs) {
    body.push(
      new Paragraph({ children: [new InsertedTextRun({ id: 21, author, date, text: 'A paragraph the reviewer added.' })], run: { insertion: { id: 22, author, date } } }),
      new Paragraph({ children: [new DeletedTextRun({ id: 23, author, date, text: 'A paragraph the reviewer removed.' })], run: { deletion: { id: 24, author, date } } })
    )
  }
  body.push(
    new Paragraph({
      children: variant.colour
        ? [new TextRun('4. Both sides '), new TextRun({ text: 'review the agreement', color: 'C00000' }), new TextRun(' '), new TextRun({ text: 'every year', highlight: 'yellow' }), new TextRun('.')]
        : variant.superscript
          ? [new TextRun('4. Both sides review the agreement every year (the 1'), new TextRun({ text: 'st', superScript: true }), new TextRun(' week; H'), new TextRun({ text: '2', subScript: true }), new TextRun('O tanks included).')]
          : variant.endnote
          ? [new TextRun('4. Both sides review the agreement every year.'), new EndnoteReferenceRun(1), new TextRun(' Reviews are public.'), new FootnoteReferenceRun(2)]
          : variant.hidden
          ? [new TextRun('4. Both sides review the agreement every year.'), new TextRun({ text: ' Editor: check with the legal team.', vanish: true })]
          : [new TextRun('4. Both sides review the agreement every year.')]
    })
  )

  const doc = new Document({
    creator: 'A writer',
    title: 'Contribution',
    styles: {
      paragraphStyles: [
        // Word's built-in Caption style: id "Caption", name "caption".
        { id: 'Caption', name: 'caption', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { italics: true, size: 18, color: '44546A' } }
      ]
    },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            { level: 0, format: LevelFormat.BULLET, text: '\u2022', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720, hanging: 360 } } } },
            { level: 1, format: LevelFormat.BULLET, text: 'o', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 1440, hanging: 360 } } } }
          ]
        },
        {
          reference: 'steps',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720, hanging: 360 } } } },
            { level: 1, format: LevelFormat.DECIMAL, text: '%2.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 1440, hanging: 360 } } } }
          ]
        },
        {
          reference: 'headings',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2', alignment: AlignmentType.LEFT }
          ]
        }
      ]
    },
    comments: variant.comment
      ? { children: [{ id: 0, author, initials: 'JR', date: new Date(date), children: [new Paragraph('Which border? Say land or sea.')] }] }
      : undefined,
    footnotes: {
      1: { children: [new Paragraph({ children: [new TextRun('World Customs Organization, '), new TextRun({ text: 'Framework of Standards to Secure and Facilitate Global Trade', italics: true }), new TextRun(', 2021 edition.')] })] },
      ...(variant.endnote ? { 2: { children: [new Paragraph('On the website of each side.')] } } : {})
    },
    endnotes: variant.endnote ? { 1: { children: [new Paragraph('Agreed at the first meeting.'), new Paragraph('Recorded in the minutes.')] } } : undefined,
    sections: [{ children: body }]
  })
  const buffer = await Packer.toBuffer(doc)
  return asWordSavesIt(await fixCoreDates(buffer))
}

/**
 * What Word does that the library does not: caption numbers are SEQ fields with their result
 * ("1"), and a cross-reference inserted with Insert > Cross-reference is a complex REF field
 * (begin, instruction, separate, result, end), not a simple field.
 */
async function asWordSavesIt(buffer: Buffer): Promise<Buffer> {
  return editPart(buffer, 'word/document.xml', (doc) => {
    const counters = new Map<string, number>()
    for (const instr of Array.from(doc.getElementsByTagNameNS(W, 'instrText'))) {
      const name = /^\s*SEQ\s+(\S+)/.exec(instr.textContent ?? '')?.[1]
      if (!name) continue
      const n = (counters.get(name) ?? 0) + 1
      counters.set(name, n)
      const run = instr.parentNode as XmlElement
      const separate = Array.from(run.getElementsByTagNameNS(W, 'fldChar')).find((f) => f.getAttributeNS(W, 'fldCharType') === 'separate')!
      const t = doc.createElementNS(W, 'w:t')
      t.textContent = String(n)
      run.insertBefore(t, separate.nextSibling)
    }
    for (const simple of Array.from(doc.getElementsByTagNameNS(W, 'fldSimple'))) {
      const instruction = simple.getAttributeNS(W, 'instr') ?? ''
      if (!instruction.includes('_Ref200001')) continue
      const parent = simple.parentNode!
      const run = (child: XmlElement) => {
        const r = doc.createElementNS(W, 'w:r')
        r.appendChild(child)
        parent.insertBefore(r, simple)
      }
      const fldChar = (type: string) => {
        const element = doc.createElementNS(W, 'w:fldChar')
        element.setAttributeNS(W, 'w:fldCharType', type)
        return element
      }
      run(fldChar('begin'))
      const instr = doc.createElementNS(W, 'w:instrText')
      instr.setAttribute('xml:space', 'preserve')
      instr.textContent = ` ${instruction} `
      run(instr)
      run(fldChar('separate'))
      while (simple.firstChild) parent.insertBefore(simple.firstChild, simple)
      run(fldChar('end'))
      parent.removeChild(simple)
    }
  })
}

/** A header cell (bold) or a body cell of one paragraph. */
function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })], shading: bold ? { type: ShadingType.CLEAR, fill: 'auto' } : undefined })
}

/** A cross-reference as Word inserts it: a REF field to the caption's _Ref bookmark, showing "Table 1". */
function referenceToTable(): ParagraphChild[] {
  return [new SimpleField('REF _Ref100001 \\h', 'Table 1')]
}

/** The date every fixture says it was last saved (docProps/core.xml), so that tests are stable. */
export const fixtureModified = '2024-03-05'

/** Set docProps/core.xml's created and modified dates (the library writes the time of the run). */
async function fixCoreDates(buffer: Buffer): Promise<Buffer> {
  return editPart(buffer, 'docProps/core.xml', (doc) => {
    for (const name of ['dcterms:created', 'dcterms:modified']) {
      const element = doc.getElementsByTagName(name)[0]
      if (element) element.textContent = `${fixtureModified}T09:30:00Z`
    }
  })
}

/** Rewrite one XML part of a .docx with a DOM edit; returns the new .docx bytes. */
export async function editPart(buffer: Buffer, part: string, edit: (doc: XmlDocument) => void): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer)
  const text = await zip.file(part)!.async('string')
  const doc = new DOMParser().parseFromString(text, 'text/xml')
  edit(doc)
  zip.file(part, new XMLSerializer().serializeToString(doc))
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

/** The w:p elements of a part whose text contains `needle`. */
export function paragraphsWith(doc: XmlDocument, needle: string): XmlElement[] {
  return Array.from(doc.getElementsByTagNameNS(W, 'p')).filter((p) => Array.from(p.getElementsByTagNameNS(W, 't')).map((t) => t.textContent).join('').includes(needle))
}

/**
 * Move the paragraph holding `needle` to the end of the body as Word records a tracked move: the
 * original paragraph's runs wrapped in w:moveFrom (between moveFromRange marks, its paragraph
 * mark moved too), and a copy wrapped in w:moveTo before the body's section properties.
 */
export async function withTrackedMove(buffer: Buffer, needle: string): Promise<Buffer> {
  return editPart(buffer, 'word/document.xml', (doc) => {
    const paragraph = paragraphsWith(doc, needle)[0]!
    const body = doc.getElementsByTagNameNS(W, 'body')[0]!
    const copy = paragraph.cloneNode(true) as XmlElement
    const wrap = (p: XmlElement, kind: 'moveFrom' | 'moveTo', id: number) => {
      const wrapper = doc.createElementNS(W, `w:${kind}`)
      wrapper.setAttributeNS(W, 'w:id', String(id))
      wrapper.setAttributeNS(W, 'w:author', author)
      wrapper.setAttributeNS(W, 'w:date', date)
      for (const run of Array.from(p.childNodes).filter((n) => n.nodeType === 1 && (n as XmlElement).localName !== 'pPr')) wrapper.appendChild(run)
      const start = doc.createElementNS(W, `w:${kind}RangeStart`)
      start.setAttributeNS(W, 'w:id', String(id + 100))
      start.setAttributeNS(W, 'w:name', 'move1')
      start.setAttributeNS(W, 'w:author', author)
      start.setAttributeNS(W, 'w:date', date)
      const end = doc.createElementNS(W, `w:${kind}RangeEnd`)
      end.setAttributeNS(W, 'w:id', String(id + 100))
      p.appendChild(start)
      p.appendChild(wrapper)
      p.appendChild(end)
      let pPr = Array.from(p.childNodes).find((n) => n.nodeType === 1 && (n as XmlElement).localName === 'pPr') as XmlElement | undefined
      if (!pPr) {
        pPr = doc.createElementNS(W, 'w:pPr')
        p.insertBefore(pPr, p.firstChild)
      }
      let rPr = Array.from(pPr.childNodes).find((n) => n.nodeType === 1 && (n as XmlElement).localName === 'rPr') as XmlElement | undefined
      if (!rPr) {
        rPr = doc.createElementNS(W, 'w:rPr')
        pPr.appendChild(rPr)
      }
      const mark = doc.createElementNS(W, `w:${kind}`)
      mark.setAttributeNS(W, 'w:id', String(id + 1))
      mark.setAttributeNS(W, 'w:author', author)
      mark.setAttributeNS(W, 'w:date', date)
      rPr.appendChild(mark)
    }
    wrap(paragraph, 'moveFrom', 31)
    wrap(copy, 'moveTo', 41)
    const sectPr = Array.from(body.childNodes).find((n) => n.nodeType === 1 && (n as XmlElement).localName === 'sectPr')
    body.insertBefore(copy, sectPr ?? null)
  })
}

/**
 * What the importer must make of `buildDocx({})` (and of the variants that add only losses):
 * the expected Markdown body, with the figure at `image`.
 */
export function richestMarkdown(image: string): string {
  return `# Why ports and Customs cooperate

Customs administrations and port authorities share one border, and the **goods** cross it once.[^1]

Each side keeps its own mandate, and both gain from shared data.

Read the [facilitation pages](https://www.wcoomd.org/en/topics/facilitation.aspx) for the *background*.

## Steps to take {#steps-to-take}

- Agree on the scope
  1. Name a contact point
  2. Meet every quarter
- Share the risk picture

As [](#tab-areas-of-cooperation) shows, the lead depends on the area.

Table: Areas of cooperation {#tab-areas-of-cooperation}

| Area            | Lead           |
| --------------- | -------------- |
| Data exchange   | Port authority |
| Risk management | Customs        |

![Flow of data between the port and Customs](${image}) {#fig-flow-of-data-between-the-port}

The data flow in [](#fig-flow-of-data-between-the-port) follows the [steps above](#steps-to-take).

Both sides review the agreement every year.

[^1]: World Customs Organization, *Framework of Standards to Secure and Facilitate Global Trade*, 2021 edition.
`
}
