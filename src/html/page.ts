import type { VFile } from 'vfile'
import { loadFonts } from './fonts.js'
import { compileShell, readStyle, stampFallbackCss, templateUses } from './render.js'
import { templateContext, type ContextInput, type ReviewContext } from './context.js'

export interface PageInput extends Omit<ContextInput, 'css' | 'review'> {
  /** Project root: its templates/ and styles/ override the built-in ones. */
  root: string
  /** Review editions: the stamp, the change summary and the watermark. */
  review?: Omit<ReviewContext, 'placesChanges'>
}

/** An edition's complete HTML document, or why there is none. */
export interface Page {
  /** Undefined when the template is missing or does not compile (`files` says why). */
  html: string | undefined
  /** The template's files (shell and partials), with their messages. */
  files: VFile[]
}

/**
 * Render an edition's page: compile its template (`edition.template`), gather its style
 * sheets (fonts, base, the template's, workflow, and review for review editions), build the
 * template context and render it. A missing template gives no html and no files.
 */
export async function renderPage(input: PageInput): Promise<Page> {
  const { shell, files } = await compileShell(input.root, input.edition.template)
  if (!shell) return { html: undefined, files }
  const fonts = await loadFonts()
  // A style sheet that cannot be read (outside the project, not a regular file) is reported on its file.
  const style = (name: string) => readStyle(input.root, name, files)
  const sheets = [fonts.css, await style('base'), await style(input.edition.template), await style('workflow')]
  if (input.review) sheets.push(await style('review'), templateUses(files, 'stamp') ? '' : stampFallbackCss(input.review.stamp))
  const review = input.review ? { ...input.review, placesChanges: templateUses(files, 'changes') } : undefined
  const context = await templateContext({ ...input, css: sheets.join('\n'), review })
  return { html: shell.render(context), files }
}
