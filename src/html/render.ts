import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import Handlebars from 'handlebars'
import { VFile } from 'vfile'
import { report } from '../report/rules.js'
import { formatLongDate } from '../i18n/dates.js'
import { maxSourceBytes } from '../load/read-source.js'
import { describeFailure, readRegularFile } from '../load/safe-read.js'

import { toolRoot } from '../tool-root.js'

export { toolRoot }

/** Built-in templates; a project may add its own or override these by name. */
export const builtInTemplates = ['wco-working-document', 'iaph', 'joint-publication'] as const

/**
 * Find a template or style file: the project's own `templates/` or `styles/` first, then the
 * press's built-in one. Returns the absolute path, or undefined.
 */
export function resolveAsset(root: string, folder: 'templates' | 'styles' | 'assets', name: string): string | undefined {
  for (const base of [root, toolRoot]) {
    const candidate = path.join(base, folder, name)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

/** A compiled page shell, or the template file that failed (with a message on it). */
export interface Shell {
  render: (context: object) => string
  files: VFile[]
}

/**
 * Compile the template `name` (`templates/NAME.hbs`) with every partial of `templates/partials/`
 * (the project's partials override built-in ones). Syntax errors become `template-error`
 * messages with the template's file and line; the returned shell then has `render` undefined.
 */
export async function compileShell(root: string, name: string): Promise<{ shell?: Shell; files: VFile[] }> {
  const handlebars = Handlebars.create()
  registerHelpers(handlebars)
  const files: VFile[] = []
  const main = resolveAsset(root, 'templates', `${name}.hbs`)
  if (!main) return { files }
  const partials = new Map<string, string>()
  for (const base of [toolRoot, root]) {
    const folder = path.join(base, 'templates', 'partials')
    if (!existsSync(folder)) continue
    for (const entry of await readdir(folder)) if (entry.endsWith('.hbs')) partials.set(entry.slice(0, -4), path.join(folder, entry))
  }
  const compile = async (file: string) => {
    const vfile = new VFile({ path: displayPath(root, file), value: '' })
    files.push(vfile)
    const text = await readAssetText(root, file, vfile)
    if (text === undefined) return undefined
    vfile.value = text
    try {
      const template = handlebars.compile(text, { strict: false, noEscape: false })
      // Compile now so syntax errors surface here, not at render time.
      handlebars.precompile(text)
      return template
    } catch (error) {
      const message = String((error as Error).message)
      // "Parse error on line 8:\n<excerpt>\n-----^\nExpecting ..., got 'EOF'", or "if doesn't match each - 4:3".
      const lines = message.split('\n')
      const at = /line (\d+)/.exec(message) ?? /- (\d+):(\d+)\s*$/.exec(lines[0] ?? '')
      const line = Number(at?.[1] ?? 1)
      const column = at?.[2] !== undefined ? Number(at[2]) + 1 : 1
      const detail = lines.find((l) => l.startsWith('Expecting')) ?? lines[0] ?? message
      const reason = /got 'EOF'/.test(detail)
        ? 'Unexpected end of template, expected the closing tag of an open block ({{/if}}, {{/each}}, {{/with}}...)'
        : `Unexpected template syntax: ${detail}`
      report(vfile, 'template-error', reason, { line, column })
      return undefined
    }
  }
  for (const [partial, file] of partials) {
    const template = await compile(file)
    if (template) handlebars.registerPartial(partial, template)
  }
  const template = await compile(main)
  if (!template || files.some((f) => f.messages.length > 0)) return { files }
  const mainFile = files[files.length - 1]!
  return {
    files,
    shell: {
      files,
      render(context) {
        try {
          return template(context, { allowProtoPropertiesByDefault: false })
        } catch (error) {
          const message = (error as Error).message.split('\n')[0] ?? ''
          const found = locateCause(files, message)
          report(found?.file ?? mainFile, 'template-error', `Template failed: ${message}`, found?.place ?? { line: 1, column: 1 })
          return ''
        }
      }
    }
  }
}

/**
 * Read a style sheet by name (`styles/NAME.css`), project first; empty when neither has it. A
 * style sheet that cannot be read as it is (outside the project root through a symbolic link,
 * not a regular file, too large) is empty too, with a message on a VFile added to `files`.
 */
export async function readStyle(root: string, name: string, files?: VFile[]): Promise<string> {
  const file = resolveAsset(root, 'styles', `${name}.css`)
  if (!file) return ''
  const vfile = new VFile({ path: displayPath(root, file), value: '' })
  const text = await readAssetText(root, file, vfile)
  // Every edition reads the style sheets again: one message is enough.
  if (text === undefined && files && !files.some((f) => f.path === vfile.path)) files.push(vfile)
  return text ?? ''
}

/**
 * The text of a template, partial or style sheet: a regular file of at most maxSourceBytes
 * whose real path lies in the project root or the press's own folder, else undefined with a
 * message on `vfile` (`path-outside-root`: a symbolic link out of the project must not bring
 * /etc/passwd into the HTML; `source-unreadable`, `source-too-large`).
 */
async function readAssetText(root: string, file: string, vfile: VFile): Promise<string | undefined> {
  const read = await readRegularFile(file, { limit: maxSourceBytes, within: [root, toolRoot] })
  if (read.ok) return read.bytes.toString('utf8')
  const failure = read.failure
  const rule = failure.kind === 'outside' ? 'path-outside-root' : failure.kind === 'too-large' ? 'source-too-large' : 'source-unreadable'
  const reason = failure.kind === 'outside' ? `Unexpected path \`${vfile.path}\` outside the project root (it leads to ${failure.real}), expected a file under the project` : `Unexpected ${describeFailure(failure)}`
  report(vfile, rule, reason, { line: 1, column: 1 })
  return undefined
}

function displayPath(root: string, file: string): string {
  const relative = path.relative(root, file)
  return relative.startsWith('..') ? `(built-in) ${path.relative(toolRoot, file)}` : relative
}

function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b)
  handlebars.registerHelper('date', function (this: { lang?: string }, iso: unknown) {
    return typeof iso === 'string' ? formatLongDate(iso, this?.lang) : ''
  })
  handlebars.registerHelper('join', (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''))
  handlebars.registerHelper('year', (iso: unknown) => (typeof iso === 'string' ? iso.slice(0, 4) : String(new Date().getUTCFullYear())))
  handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean))
  // A label as the text of a CSS string (`content: var(--label-x)`): quotes and backslashes escaped, a line break as \A.
  handlebars.registerHelper('cssString', (text: unknown) => String(text ?? '').replace(/[\\"]/g, '\\$&').replace(/\r?\n/g, '\\A '))
  // "Page {page} of {pages}" with the paginator's placeholders for the folio and the page count (HTML).
  handlebars.registerHelper('pageOf', (label: unknown) =>
    Handlebars.escapeExpression(String(label ?? ''))
      .replace('{page}', '<span data-page-number></span>')
      .replace('{pages}', '<span data-page-count></span>')
  )
}

/**
 * Where in the templates a rendering error comes from, when its message names the partial or
 * helper (`The partial x could not be found`, `Missing helper: "x"`): the first use of that
 * name, in the main template or a partial. Undefined for other errors.
 */
function locateCause(files: VFile[], message: string): { file: VFile; place: { line: number; column: number } } | undefined {
  const partial = /^The partial (\S+) could not be found/.exec(message)?.[1]
  const helper = /^Missing helper: "([^"]+)"/.exec(message)?.[1]
  const name = partial ?? helper
  if (!name) return undefined
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const use = partial ? new RegExp(`\\{\\{~?>\\s*${escaped}(?![\\w-])`) : new RegExp(`\\{\\{~?[#^]?\\s*${escaped}(?![\\w-])`)
  for (const file of [...files].reverse()) {
    const text = String(file.value)
    const match = use.exec(text)
    if (!match) continue
    const before = text.slice(0, match.index).split('\n')
    return { file, place: { line: before.length, column: before[before.length - 1]!.length + 1 } }
  }
  return undefined
}

/** Whether a template (shell or partial) uses the context field `name`. */
export function templateUses(files: readonly VFile[], name: string): boolean {
  const pattern = new RegExp(`\\{\\{[{#\\s]*(?:[\\w.]+\\s+)?${name}\\b`)
  return files.some((file) => pattern.test(String(file.value)))
}

/**
 * CSS that prints the review stamp in every page footer, for templates that do not place
 * `{{stamp}}` themselves (styles/review.css shows `--review-stamp` after `.page-footer`).
 */
export function stampFallbackCss(stamp: string): string {
  return `:root { --review-stamp: "${stamp.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"; }`
}
