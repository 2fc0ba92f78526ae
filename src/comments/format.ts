import type { Comment, CommentsResult } from './map.js'

/** One row of the comments table in the form WCO committees use. */
export interface TableRow {
  number: number
  section: string
  paragraph: string
  pageLine: string
  source: string
  comment: string
  proposed: string
  commenter: string
}

/** The table rows of a result: section / paragraph / comment / proposed change / commenter, plus page:line and source. */
export function tableRows(result: CommentsResult): TableRow[] {
  return result.comments.map((c, index) => ({
    number: index + 1,
    section: c.section ? [c.section.number, c.section.title].filter(Boolean).join(' ') : '',
    paragraph: c.paragraph === undefined ? '' : String(c.paragraph),
    pageLine: `${c.folio}${c.pageLine === undefined ? '' : `:${c.pageLine}`}`,
    source: sourceText(c),
    comment: commentText(c),
    proposed: c.proposed ?? '',
    commenter: [c.author, c.date?.slice(0, 10)].filter(Boolean).join(', ')
  }))
}

function sourceText(c: Comment): string {
  if (!c.source) return ''
  const then = `${c.source.file}:${c.source.line}:${c.source.column}${c.writer ? ` (${c.writer})` : ''}`
  if (!c.current || (c.current.file === c.source.file && c.current.line === c.source.line && c.current.column === c.source.column)) return then
  const now = c.current.file === c.source.file ? `${c.current.line}:${c.current.column}` : `${c.current.file}:${c.current.line}:${c.current.column}`
  return `${then}; now ${now}`
}

function commentText(c: Comment): string {
  const what = c.type === 'Text' ? 'Note' : c.type
  const quote = c.text ? ` on “${c.text}”` : ''
  const replies = c.replies.map((r) => ` [Reply, ${r.author || 'anonymous'}: ${r.contents}]`).join('')
  return `${what}${quote}${c.contents ? `: ${c.contents}` : ''}${replies}`
}

const headers = ['#', 'Section', 'Para.', 'Page:line', 'Source', 'Comment', 'Proposed change', 'Commenter']
const cells = (r: TableRow) => [String(r.number), r.section, r.paragraph, r.pageLine, r.source, r.comment, r.proposed, r.commenter]
/** A Word document has no pages of its own (Word lays them out): its table has no Page:line column. */
const columns = (result: CommentsResult) => (result.kind === 'docx' ? (row: string[]) => row.filter((_, i) => i !== 3) : (row: string[]) => row)

/** The comments table as Markdown (pipes and line breaks escaped). */
export function formatMarkdown(result: CommentsResult): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
  const head = [
    `Comments on ${result.edition ? `edition \`${result.edition}\`` : result.kind === 'docx' ? 'the DOCX' : 'the PDF'}${result.commit ? ` built from ${result.commit.slice(0, 12)}${result.dirty ? ' (with uncommitted changes)' : ''}` : ''}`,
    ''
  ]
  const shown = columns(result)
  const lines = [`| ${shown(headers).join(' | ')} |`, `|${shown(headers).map(() => '---').join('|')}|`, ...tableRows(result).map((r) => `| ${shown(cells(r)).map(escape).join(' | ')} |`)]
  return [...head, ...lines].join('\n')
}

/** The comments table as CSV (RFC 4180: quoted where needed, CRLF line ends). */
export function formatCsv(result: CommentsResult): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  const shown = columns(result)
  return [headers, ...tableRows(result).map(cells)].map((row) => shown(row).map(quote).join(',')).join('\r\n') + '\r\n'
}

/** The full result as JSON (every field of every comment, replies included). */
export function formatJson(result: CommentsResult): string {
  return JSON.stringify(result, null, 2)
}
