import { execFileSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../../src/build.js'
import { hasErrors } from '../../src/report/rules.js'

// Visual regression of the built-in templates: the small fixture project
// tests/fixtures/projects/visual is printed in each template (through the paginator), chosen
// pages are rendered to PNG at 50 dpi and compared with tests/visual/reference/*.png.
// More than 1% differing pixels fails; the actual and a diff image are left in a temp folder.
// UPDATE=1 rewrites the references: look at them before committing.

const here = path.dirname(fileURLToPath(import.meta.url))
const referenceDir = path.join(here, 'reference')
const fixture = path.resolve(here, '..', 'fixtures', 'projects', 'visual')
const updating = process.env['UPDATE'] === '1'
const tolerance = 0.01

/** Pages to look at in each edition: found by their text, so content moves do not mislabel. */
const shots: Record<string, Array<{ name: string; page: number | RegExp }>> = {
  wco: [
    { name: 'first', page: 1 },
    { name: 'footnotes', page: /Coordinated Border Management Compendium/ },
    { name: 'annex', page: /The following steps are recommended/ }
  ],
  iaph: [
    // The contents follow the summary on the first page.
    { name: 'first', page: 1 },
    { name: 'footnotes', page: /Coordinated Border Management Compendium/ },
    { name: 'annex', page: /The following steps are recommended/ }
  ],
  publication: [
    { name: 'cover', page: 1 },
    { name: 'toc', page: /^\s*Contents\s*$/m },
    { name: 'footnotes', page: /Coordinated Border Management Compendium/ },
    { name: 'annex', page: /The following steps are recommended/ }
  ]
}

let work: string
let pdfs: Map<string, string>

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'press-visual-'))
  const root = path.join(work, 'project')
  cpSync(fixture, root, { recursive: true })
  const result = await build({ root, editions: Object.keys(shots), outputDir: path.join(root, 'output') })
  if (hasErrors(result.files)) throw new Error(`The visual fixture does not build: ${result.files.flatMap((f) => f.messages.map((m) => `${f.path}: ${m.reason}`)).join('; ')}`)
  pdfs = new Map(result.outputs.map((o) => [o.edition, o.pdf!]))
}, 180_000)

afterAll(() => {
  if (updating) console.log(`Rewrote the references in ${path.relative(process.cwd(), referenceDir)}: look at them before committing.`)
})

function pageTexts(pdf: string): string[] {
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
  return Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }))
}

function render(pdf: string, page: number, prefix: string): PNG {
  execFileSync('pdftoppm', ['-r', '50', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix])
  return PNG.sync.read(readFileSync(`${prefix}.png`))
}

describe('built-in templates look as the reference images', () => {
  for (const [edition, list] of Object.entries(shots)) {
    it(`${edition}: ${list.map((s) => s.name).join(', ')}`, () => {
      const pdf = pdfs.get(edition)!
      const texts = pageTexts(pdf)
      const failures: string[] = []
      for (const shot of list) {
        const index = typeof shot.page === 'number' ? shot.page - 1 : texts.findIndex((text) => (shot.page as RegExp).test(text))
        expect(index, `${edition}: page for "${shot.name}"`).toBeGreaterThanOrEqual(0)
        const name = `${edition}-${shot.name}`
        const actual = render(pdf, index + 1, path.join(work, name))
        const reference = path.join(referenceDir, `${name}.png`)
        if (updating) {
          mkdirSync(referenceDir, { recursive: true })
          copyFileSync(path.join(work, `${name}.png`), reference)
          continue
        }
        if (!existsSync(reference)) {
          failures.push(`${name}: no reference image (run with UPDATE=1, then look at ${path.relative(process.cwd(), reference)})`)
          continue
        }
        const expected = PNG.sync.read(readFileSync(reference))
        if (expected.width !== actual.width || expected.height !== actual.height) {
          failures.push(`${name}: size ${actual.width}x${actual.height}, expected ${expected.width}x${expected.height}`)
          continue
        }
        const diff = new PNG({ width: actual.width, height: actual.height })
        const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0.1 })
        const share = differing / (actual.width * actual.height)
        if (share > tolerance) {
          const diffFile = path.join(work, `${name}-diff.png`)
          writeFileSync(diffFile, PNG.sync.write(diff))
          failures.push(`${name} (page ${index + 1}): ${(share * 100).toFixed(2)}% of the pixels differ; actual ${path.join(work, `${name}.png`)}, diff ${diffFile}`)
        }
      }
      expect(failures, failures.join('\n')).toEqual([])
    }, 60_000)
  }
})
