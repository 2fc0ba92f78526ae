import { mkdir, readFile, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { writeAtomic } from '../io/write.js'

const require = createRequire(import.meta.url)

/** The type families the press ships (npm packages, so a PDF looks the same everywhere). */
const families = [
  { pkg: '@fontsource/source-serif-4', sheets: ['400', '400-italic', '600', '600-italic', '700', '700-italic'] },
  { pkg: '@fontsource/source-sans-3', sheets: ['400', '400-italic', '600', '600-italic', '700', '700-italic'] }
]
const subsets = ['latin', 'latin-ext']

export interface Fonts {
  /** `@font-face` rules with URLs relative to the HTML file. */
  css: string
  /** Absolute path of each font file -> its name under `assets/fonts/`. */
  files: Map<string, string>
}

let cached: Promise<Fonts> | undefined

/**
 * Read the `@font-face` rules of the shipped fonts (Latin and Latin Extended subsets only) and
 * point them at `assets/fonts/`. Read once per process.
 */
export function loadFonts(): Promise<Fonts> {
  cached ??= (async () => {
    const files = new Map<string, string>()
    let css = ''
    for (const family of families) {
      const folder = path.dirname(require.resolve(`${family.pkg}/package.json`))
      for (const sheet of family.sheets) {
        const text = await readFile(path.join(folder, `${sheet}.css`), 'utf8')
        for (const block of text.split(/(?=\/\* )/)) {
          const name = /\/\* (\S+) \*\//.exec(block)?.[1] ?? ''
          if (!subsets.some((subset) => name.includes(`-${subset}-${sheet.split('-')[0]}-`))) continue
          css += block.replace(/url\(\.\/files\/([^)]+)\) format\('woff2'\)(, url\([^)]+\) format\('woff'\))?/g, (_, file: string) => {
            files.set(path.join(folder, 'files', file), file)
            return `url(assets/fonts/${file}) format('woff2')`
          }).replace('font-display: swap;', 'font-display: block;')
        }
      }
    }
    return { css, files }
  })()
  return cached
}

/** Copy the font files next to the HTML (`DIR/assets/fonts/`), skipping ones already there. */
export async function copyFonts(fonts: Fonts, outputDir: string): Promise<void> {
  const target = path.join(outputDir, 'assets', 'fonts')
  await mkdir(target, { recursive: true })
  await Promise.all(
    [...fonts.files].map(async ([from, name]) => {
      const to = path.join(target, name)
      const [a, b] = await Promise.all([stat(from), stat(to).catch(() => undefined)])
      // Atomically, like every output: a build stopped midway never leaves half a font file.
      if (!b || a.size !== b.size) await writeAtomic(to, await readFile(from))
    })
  )
}
