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

/**
 * `@font-face` rules with the shipped fonts inlined as data URLs, under the family names SVG
 * figures commonly ask for. An SVG printed as an image cannot load the page's fonts, so without
 * this its text falls back to whatever the machine has (a different PDF on every machine).
 * Built once per process: the fonts are read from their npm packages.
 */
function fontFaces(): string {
  let css = ''
  for (const alias of aliases) {
    const folder = path.join(path.dirname(require.resolve(`${alias.pkg}/package.json`)), 'files')
    for (const [weight, file] of [['400', `${alias.family}-latin-400-normal.woff2`], ['700', `${alias.family}-latin-700-normal.woff2`]] as const) {
      const data = readFileSync(path.join(folder, file)).toString('base64')
      for (const name of alias.names) css += `@font-face{font-family:'${name}';font-weight:${weight};src:url(data:font/woff2;base64,${data}) format('woff2')}`
    }
  }
  return css
}

let faces: string | undefined

/**
 * The SVG text with the shipped fonts declared inside it (after the opening `<svg>` tag).
 * Each SVG gets font URLs of its own (a `x-svg` parameter from a hash of its text): with
 * identical URLs, whether two figures share one loaded font depends on which loads first, and
 * the PDF then has one or two copies of the font, so two builds would not be byte-identical.
 */
export function withShippedFonts(svg: string): string {
  const open = /<svg\b[^>]*>/i.exec(svg)
  if (!open) return svg
  faces ??= fontFaces()
  const at = open.index + open[0].length
  const own = createHash('sha256').update(svg).digest('hex').slice(0, 16)
  return `${svg.slice(0, at)}<style>${faces.replaceAll('data:font/woff2;base64,', `data:font/woff2;x-svg=${own};base64,`)}</style>${svg.slice(at)}`
}
