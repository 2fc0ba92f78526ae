import type { ElementContent } from 'hast'
import { AlignmentType, BorderStyle, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type FileChild } from 'docx'
import type { TemplateContext } from '../html/context.js'
import { convertBlocks, type ConvertContext } from './convert.js'
import { halfPoints, twips } from './look.js'

/** What the first page shows: the template context's fields, and the submission texts as HTML trees. */
export interface OpeningInput {
  context: TemplateContext
  purpose: ElementContent[]
  actionRequired: ElementContent[]
}

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none }

/**
 * The edition's first page, as its template prints it: the WCO working document's masthead
 * (organisation, reference in a box, committee and session, place and date, topic, title, agenda
 * item, the SUMMARY box), the IAPH masthead, the joint publication's cover, or a plain title page.
 */
export function opening(input: OpeningInput, convert: ConvertContext): FileChild[] {
  switch (convert.look.opening) {
    case 'wco':
      return wco(input, convert)
    case 'iaph':
      return iaph(input, convert)
    default:
      return cover(input, convert)
  }
}

function text(value: string | undefined, style: string, options: { alignment?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph[] {
  if (!value) return []
  const lines = value.split('\n')
  return [new Paragraph({ style, ...options, children: lines.map((line, index) => new TextRun({ text: line, ...(index > 0 ? { break: 1 } : {}) })) })]
}

function wco({ context, purpose, actionRequired }: OpeningInput, convert: ConvertContext): FileChild[] {
  const { look } = convert
  const { submission, labels } = context
  const french = context.lang.startsWith('fr')
  const names = french ? ['Organisation mondiale des douanes', 'World Customs Organization'] : [labels.wcoName ?? 'World Customs Organization', 'Organisation mondiale des douanes']
  const width = twips(convert.textWidth)
  const masthead = new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [Math.round(width * 0.7), width - Math.round(width * 0.7)],
    borders: { ...noBorders, bottom: { style: BorderStyle.SINGLE, size: 6, color: look.text } },
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: Math.round(width * 0.7), type: WidthType.DXA },
            children: [new Paragraph({ style: 'MastheadOrganisation', children: [new TextRun(names[0]!)] }), new Paragraph({ style: 'MastheadOrganisationAlt', children: [new TextRun(names[1]!)] })]
          }),
          new TableCell({
            width: { size: width - Math.round(width * 0.7), type: WidthType.DXA },
            children: [new Paragraph({ style: 'MastheadReference', children: [new TextRun(context.reference ?? '')] })]
          })
        ]
      })
    ]
  })
  const summary: FileChild[] = []
  if (purpose.length > 0 || actionRequired.length > 0) {
    const inside: Paragraph[] = [new Paragraph({ style: 'SummaryHeading', children: [new TextRun(labels.summary ?? 'SUMMARY')] })]
    const part = (heading: string | undefined, content: ElementContent[]) => {
      if (content.length === 0) return
      inside.push(new Paragraph({ style: 'SummarySubheading', children: [new TextRun(heading ?? '')] }))
      inside.push(...convertBlocks(content, convert).filter((child): child is Paragraph => child instanceof Paragraph))
    }
    part(labels.summaryPurpose, purpose)
    part(labels.summaryAction, actionRequired)
    const border = { style: BorderStyle.SINGLE, size: 8, color: look.text }
    summary.push(
      new Table({
        width: { size: width, type: WidthType.DXA },
        columnWidths: [width],
        borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: none, insideVertical: none },
        rows: [new TableRow({ cantSplit: true, children: [new TableCell({ width: { size: width, type: WidthType.DXA }, margins: { top: twips(4), bottom: twips(3), left: twips(6), right: twips(6) }, children: inside })] })]
      })
    )
  }
  return [
    masthead,
    new Paragraph({ style: 'MastheadGap', children: [] }),
    ...text(submission.committee, 'Committee'),
    ...text(submission.session, 'Meeting'),
    ...text(submission.meetingDates, 'Meeting'),
    ...(submission.issuedText ? text(`${submission.place ? `${submission.place}, ` : ''}${submission.issuedText}.`, 'Issued') : []),
    ...text(submission.topic, 'Topic'),
    ...text(context.title, 'DocumentTitle'),
    ...(submission.agendaItem ? text(labels.agendaItem, 'AgendaItem') : []),
    ...summary,
    new Paragraph({ style: 'Asterism', children: [new TextRun('*\u2003*\u2003*')] })
  ]
}

function iaph({ context, purpose }: OpeningInput, convert: ConvertContext): FileChild[] {
  const { labels, submission } = context
  const info = [
    context.reference ? `${labels.documentField}: ${context.reference}` : undefined,
    submission.issuedText ? `${labels.dateField}: ${submission.issuedText}` : context.dateText ? `${labels.dateField}: ${context.dateText}` : undefined,
    context.editionText ? `${labels.editionField}: ${context.editionText}` : undefined,
    `${labels.organizationsField}: ${context.organisations.map((o) => o.code).join(' / ')}`
  ].filter((line): line is string => Boolean(line))
  const out: FileChild[] = [
    new Paragraph({ style: 'MastheadBand', children: [new TextRun({ text: 'IAPH', bold: true, size: halfPoints(34) }), new TextRun({ text: `\u2003${labels.iaphName ?? ''}`, bold: true }), new TextRun({ text: labels.iaphCommittee ?? '', break: 1 })] }),
    ...text(info.join('\u2003\u2003'), 'DocumentInfo'),
    ...text(submission.topic, 'Topic'),
    ...text(context.title, 'DocumentTitle'),
    ...text(context.subtitle, 'DocumentSubtitle')
  ]
  if (purpose.length > 0) {
    out.push(new Paragraph({ style: 'SummarySubheading', children: [new TextRun(labels.summary ?? 'SUMMARY')] }))
    out.push(...convertBlocks(purpose, convert))
  }
  return out
}

function cover({ context }: OpeningInput, convert: ConvertContext): FileChild[] {
  const { labels } = context
  const out: FileChild[] = []
  if (convert.look.opening === 'cover') out.push(...text(context.organisations.map((o) => `${o.code} \u2013 ${o.name}`).join('\n'), 'CoverOrganisations'), ...text(labels.jointPublication, 'CoverKicker'))
  else out.push(...text(context.organisations.map((o) => o.name).join('\n'), 'CoverOrganisations'))
  out.push(...text(context.title, 'CoverTitle'), ...text(context.subtitle, 'CoverSubtitle'), ...text([context.editionText, context.dateText].filter(Boolean).join(' | '), 'CoverEdition'))
  if (convert.look.opening === 'cover') {
    out.push(new Paragraph({ pageBreakBefore: true, style: 'LegalTitle', children: [new TextRun(context.title)] }))
    out.push(...text([labels.copyright, labels.rights].filter(Boolean).join(' '), 'Legal'), ...text(labels.reproduction, 'Legal'), ...text(labels.disclaimer, 'Legal'))
  }
  return out
}
