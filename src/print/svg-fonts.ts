import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

/** Family names an SVG may ask for, and the shipped family that stands in for them. */
const aliases: Array<{ names: string[]; pkg: string; family: string }> = [
  { names: ['Helvetica', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'Source Sans 3', 'Source Sans Pro', 'Calibri', 'Verdana'], pkg: '@fontsource/source-sans-3', family: 'source-sans-3' },
  { names: ['Times', 'Times New Roman', 'Georgia', 'Liberation Serif', 'Source Serif 4', 'Cambria'], pkg: '@fontsource/source-serif-4', family: 'source-serif-4' }
]

/** The shipped faces of each alias group, as data URLs: read once per process. */
const faceData = new Map<string, Array<{ weight: string; data: string }>>()
function facesOf(alias: (typeof aliases)[number]): Array<{ weight: string; data: string }> {
  let faces = faceData.get(alias.family)
  if (!faces) {
    const folder = path.join(path.dirname(require.resolve(`${alias.pkg}/package.json`)), 'files')
    faces = [['400', `${alias.family}-latin-400-normal.woff2`], ['700', `${alias.family}-latin-700-normal.woff2`]].map(([weight, file]) => ({ weight: weight!, data: readFileSync(path.join(folder, file!)).toString('base64') }))
    faceData.set(alias.family, faces)
  }
  return faces
}

/**
 * The SVG text with the shipped fonts declared inside it (after the opening `<svg>` tag), as
 * `@font-face` rules with data URLs under the family names the SVG asks for. An SVG printed as
 * an image cannot load the page's fonts, so without this its text falls back to whatever the
 * machine has (a different PDF on every machine). Only the names the SVG mentions are declared:
 * declaring every alias put ~1.6 MB of fonts into each figure, a tenth of a second of loading.
 * Each SVG gets font URLs of its own (a `x-svg` parameter from a hash of its text): with
 * identical URLs, whether two figures share one loaded font depends on which loads first, and
 * the PDF then has one or two copies of the font, so two builds would not be byte-identical.
 */
export function withShippedFonts(svg: string): string {
  // The first `<svg` and the `>` after it, found in one pass: the pattern /<svg\b[^>]*>/ retried
  // its `[^>]*` to the end of the text from every `<svg ` (400 KB of them: 14.7 s a call).
  const start = /<svg\b/i.exec(svg)
  const close = start ? svg.indexOf('>', start.index) : -1
  if (!start || close === -1) return svg
  const own = createHash('sha256').update(svg).digest('hex').slice(0, 16)
  let css = ''
  for (const alias of aliases) {
    const names = alias.names.filter((name) => new RegExp(`(^|[\\s"',:;=])${name.replace(/ /g, '\\s+')}\\s*($|[\\s"',;])`, 'im').test(svg))
    if (names.length === 0) continue
    for (const { weight, data } of facesOf(alias)) {
      for (const name of names) css += `@font-face{font-family:'${name}';font-weight:${weight};src:url(data:font/woff2;x-svg=${own};base64,${data}) format('woff2')}`
    }
  }
  if (!css) return svg
  const at = close + 1
  return `${svg.slice(0, at)}<style>${css}</style>${svg.slice(at)}`
}
