import type { Node, Point, Position } from 'unist'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'

/** Every rule the press reports, with its default severity. */
export const rules = {
  'xref-unresolved': 'error',
  'xref-self': 'warning',
  'id-duplicate': 'error',
  'id-invalid': 'error',
  'heading-nested': 'warning',
  'frontmatter-invalid': 'error',
  'frontmatter-missing': 'error',
  'config-invalid': 'error',
  'glossary-invalid': 'error',
  'outline-unknown-section': 'error',
  'outline-unknown-writer': 'error',
  'outline-unassigned-writer': 'warning',
  'outline-duplicate-contribution': 'error',
  'outline-missing-contribution': 'warning',
  'edition-unknown': 'error',
  'template-missing': 'error',
  'template-error': 'error',
  'glossary-unknown-abbreviation': 'warning',
  'glossary-unused': 'warning',
  'source-unreadable': 'error',
  'source-encoding': 'error',
  'source-binary': 'error',
  'source-empty': 'warning',
  'source-too-large': 'error',
  'source-too-deep': 'error',
  'html-unsafe': 'warning',
  'html-unbalanced': 'warning',
  'image-missing': 'error',
  'image-invalid': 'error',
  'image-too-large': 'error',
  'path-outside-root': 'error',
  'caption-orphan': 'warning',
  'caption-empty': 'warning',
  'footnote-undefined': 'error',
  'print-blocked-request': 'warning',
  'print-page-error': 'warning',
  'layout-overflow': 'warning',
  'translation-structure': 'warning',
  'translation-missing': 'warning',
  'translation-stale': 'warning',
  'xliff-invalid': 'error',
  'xliff-unknown-unit': 'error',
  'xliff-source-changed': 'error',
  'xliff-unplaced': 'error',
  'import-change-pending': 'error',
  'import-comment-dropped': 'warning',
  'import-field-dropped': 'warning',
  'import-textbox-flattened': 'warning',
  'import-cell-merged': 'warning',
  'import-table-flattened': 'warning',
  'import-formatting-dropped': 'warning',
  'import-link-dropped': 'warning',
  'import-content-dropped': 'warning',
  'image-alt-missing': 'warning',
  'table-header-missing': 'warning',
  'heading-skip': 'warning',
  'link-text-unclear': 'warning',
  pdfua: 'error'
} as const satisfies Record<string, 'error' | 'warning'>

export type RuleId = keyof typeof rules

/** Anything a message can point at: a unist node, a position, or a point. */
export type Place = Node | Position | Point | null | undefined

/**
 * Add a diagnostic to `file`. Severity comes from the rule table (`strict` turns warnings into
 * errors); an error is a message with `fatal: true`, a warning `fatal: false`.
 */
export function report(file: VFile, rule: RuleId, reason: string, place?: Place, strict = false): VFileMessage {
  const where = place && 'type' in place ? place.position : (place ?? undefined)
  const message = file.message(reason, { place: where, ruleId: rule, source: 'guidelines' })
  message.fatal = rules[rule] === 'error' || strict
  return message
}

/**
 * A copy of a message, of its class: what a cache keeps and gives back (a build may mark its
 * messages fatal, strict editions), and what a strict edition marks.
 */
export function copyMessage(message: VFileMessage): VFileMessage {
  return Object.assign(Object.create(Object.getPrototypeOf(message) as object) as VFileMessage, message)
}

/** Whether any message on the files is an error. */
export function hasErrors(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true))
}
