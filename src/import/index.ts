import type { VFile } from 'vfile'
import { stringify } from 'yaml'
import { convertWithMammoth, htmlIdPrefix, type ExtractedImage } from './convert.js'
import { prepareFields } from './fields.js'
import { reportLosses } from './losses.js'
import { htmlToMarkdown, type MarkdownCounts } from './markdown.js'
import type { Element as XmlElement } from '@xmldom/xmldom'
import { openPackage, quote, rAttr, savePackage, wAll, wAttr, type DocxPackage, type XmlPart } from '../ooxml/package.js'
import { ImportDiagnostics } from './places.js'
import { applyChanges, findChanges, type ChangeMode } from './revisions.js'
import { Styles } from './styles.js'

export { DocxError } from '../ooxml/package.js'
export type { ChangeMode } from './revisions.js'
export type { ExtractedImage } from './convert.js'

/** Options of {@link importDocx}. */
export interface ImportOptions {
  /** The .docx as named in diagnostics (`report.docx` gives `report.docx/word/document.xml:3:1`). */
  docxName: string
  /** Title of the target section: a first heading repeating it is dropped. */
  sectionTitle: string
  /** What to do with pending tracked changes; without it they are refused. */
  changes?: ChangeMode
  /** Folder for images, relative to the contribution (`images`). */
  imageFolder: string
  /** Start of image file names (`wco` gives `images/wco-1.png`). */
  imageStem: string
  /** Ids already used in the project; generated ids avoid them. */
  takenIds: Set<string>
}

/** The result of {@link importDocx}. */
export interface ImportResult {
  /** False when the document has pending tracked changes and no `changes` was given (errors say which). */
  ok: boolean
  /** The contribution's Markdown body (no front matter). Empty when not ok. */
  markdown: string
  images: ExtractedImage[]
  /** One VFile per .docx part with diagnostics. */
  files: VFile[]
  /** The date the document was last saved (docProps/core.xml), YYYY-MM-DD, when it says. */
  modified: string | undefined
  /** Tracked changes applied with `changes`. */
  changesApplied: number
  counts: MarkdownCounts | undefined
}

/**
 * Read a .docx and make the body of a contribution from it. Pure: reads only `data`, writes
 * nothing; the caller writes the Markdown and the images. Pending tracked changes are refused
 * (`ok: false`, one `import-change-pending` error each) unless `changes` says which way; every
 * loss is a warning on the part of the .docx it comes from. Throws DocxError for a file that is
 * not a Word document.
 */
export async function importDocx(data: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const pkg = await openPackage(data)
  const diagnostics = new ImportDiagnostics(options.docxName)
  const parts = [pkg.document, pkg.footnotes, pkg.endnotes].filter((p): p is XmlPart => p !== undefined)
  for (const part of [...parts, pkg.comments, ...pkg.headers, ...pkg.footers]) diagnostics.track(part)

  let changesApplied = 0
  const pending = parts.flatMap((part) => findChanges(part).map((change) => ({ part, change })))
  if (pending.length > 0 && !options.changes) {
    for (const { part, change } of pending) {
      const what = change.text.trim() ? ` ${quote(change.text)}` : ''
      const who = `${change.author ? ` by ${change.author}` : ''}${change.date ? ` on ${change.date.slice(0, 10)}` : ''}`
      diagnostics.add(part.name, 'import-change-pending', `Unexpected pending tracked ${change.kind}${what}${who}, expected no pending changes: accept or reject them in Word, or pass --accept-changes or --reject-changes`, change.element)
    }
    return { ok: false, markdown: '', images: [], files: diagnostics.list(), modified: pkg.modified, changesApplied: 0, counts: undefined }
  }
  if (options.changes) for (const part of parts) changesApplied += applyChanges(part, options.changes)

  const styles = new Styles(pkg.styles)
  for (const part of parts) prepareFields(part, styles, diagnostics)
  reportLosses(pkg, { styles, diagnostics, sectionTitle: options.sectionTitle })

  const converted = await convertWithMammoth(await savePackage(pkg), { imageFolder: options.imageFolder, stem: options.imageStem })
  for (const warning of converted.warnings) diagnostics.add(pkg.document.name, 'import-content-dropped', `Unexpected content mammoth could not convert: ${warning}`)
  const { markdown, counts } = htmlToMarkdown(converted.html, {
    idPrefix: htmlIdPrefix,
    takenIds: options.takenIds,
    onDroppedLink: (anchor, text) => {
      const use = linkUse(pkg, parts, (link) => link.anchor === anchor)
      diagnostics.add(use?.part.name ?? pkg.document.name, 'import-link-dropped', `Unexpected link ${quote(text)} to bookmark \`${anchor}\`, which marks nothing the contribution carries (a heading, table, figure or paragraph); kept as text`, use?.element)
    },
    onDroppedUrl: (url, text) => {
      const use = linkUse(pkg, parts, (link) => link.url === url)
      diagnostics.add(use?.part.name ?? pkg.document.name, 'import-link-dropped', `Unexpected link ${quote(text)} to \`${url}\`, expected an http:, https: or mailto: URL; kept as text`, use?.element)
    }
  })
  return { ok: true, markdown, images: converted.images, files: diagnostics.list(), modified: pkg.modified, changesApplied, counts }
}

/**
 * The first hyperlink of the parts that `test` accepts: a w:hyperlink (its anchor, or the URL
 * of its relationship) or a HYPERLINK field instruction (REF fields were rewritten as such).
 */
function linkUse(pkg: DocxPackage, parts: XmlPart[], test: (link: { anchor?: string; url?: string }) => boolean): { part: XmlPart; element: XmlElement } | undefined {
  for (const part of parts) {
    for (const element of wAll(part.doc, 'hyperlink')) {
      const id = rAttr(element, 'id')
      const url = id && part === pkg.document ? pkg.relationships.get(id)?.target : undefined
      if (test({ anchor: wAttr(element, 'anchor') || undefined, url })) return { part, element }
    }
    for (const element of wAll(part.doc, 'instrText')) {
      const match = /^\s*HYPERLINK\s+(\\l\s+)?"?([^"\s]+)"?/.exec(element.textContent ?? '')
      if (match && test(match[1] ? { anchor: match[2] } : { url: match[2] })) return { part, element }
    }
  }
  return undefined
}

/** Front matter of an imported contribution. */
export interface ImportedMeta {
  section: string
  writer: string
  submitted: string
}

/** The contribution's text: YAML front matter (`status: draft`) and the Markdown body. */
export function contributionText(meta: ImportedMeta, markdown: string): string {
  const yaml = stringify({ section: meta.section, writer: meta.writer, status: 'draft', submitted: meta.submitted })
  return `---\n${yaml}---\n\n${markdown.trimEnd()}\n`
}
