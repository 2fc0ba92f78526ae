import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyRepository, git, repositoryRoot } from '../helpers/repository-copy.js'

// The bilingual review copy (`parallel: [en, fr]`) of this repository, after a commit that
// changes one English paragraph, read back with pdftotext -bbox: the English and the French of
// the same numbered paragraphs on the same page, English in the left half and French in the
// right half, side by side; the changed paragraph and the untranslated ones flagged.

const cli = path.join(repositoryRoot, 'bin', 'guidelines.js')
let root = ''

interface Word {
  page: number
  x: number
  y: number
  text: string
}
let words: Word[] = []
let pageWidth = 0

beforeAll(() => {
  root = copyRepository('press-parallel-')
  const source = path.join(root, 'sections/01-introduction/a-purpose/wco.md')
  writeFileSync(source, readFileSync(source, 'utf8').replace('the PTC discussed and supported', 'the PTC examined and supported'))
  const config = path.join(root, 'guidelines.yaml')
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^editions:\n/m, 'editions:\n  review-parallel:\n    template: wco-working-document\n    review: true\n    paragraphNumbers: true\n    parallel: [en, fr]\n'))
  git(root, 'commit', '-q', '-am', 'One English paragraph changed; the parallel review copy')
  const built = spawnSync(process.execPath, [cli, 'build', '--edition', 'review-parallel', '--root', root], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  expect(built.status, built.stderr).toBe(0)
  const xml = execFileSync('pdftotext', ['-bbox', path.join(root, 'output', 'review-parallel.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const pages = xml.split('<page ').slice(1)
  pageWidth = Number(/width="([\d.]+)"/.exec(pages[0]!)![1])
  words = pages.flatMap((page, index) => [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ page: index + 1, x: Number(m[1]), y: Number(m[2]), text: m[3]!.replace(/&amp;/g, '&') })))
}, 300_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The first word of the first place where `texts` follow each other, as printed. */
function phrase(...texts: string[]): Word {
  const i = words.findIndex((_, k) => texts.every((text, j) => words[k + j]?.text === text))
  if (i < 0) throw new Error(`No “${texts.join(' ')}” in the parallel copy`)
  return words[i]!
}

/** The paragraph number printed left of `word` on its line. */
function numberBeside(word: Word): string | undefined {
  return words.find((w) => w.page === word.page && Math.abs(w.y - word.y) < 2 && w.x < word.x && /^\d+\.$/.test(w.text))?.text
}

describe('the parallel review copy', () => {
  it('prints the same paragraphs side by side: English left, French right, on one page, numbered once', () => {
    const pairs: Array<[string[], string[]]> = [
      [['At', 'its', 'meeting', 'in'], ['Lors', 'de', 'sa', 'réunion']],
      [['The', 'Guidelines', 'address'], ['Les', 'Directives', 'portent']],
      [['The', 'primary', 'audience'], ['Le', 'public', 'visé']]
    ]
    for (const [en, fr] of pairs) {
      const left = phrase(...en)
      const right = phrase(...fr)
      expect(right.page, `${en.join(' ')} / ${fr.join(' ')}`).toBe(left.page)
      expect(left.x).toBeLessThan(pageWidth / 2)
      expect(right.x).toBeGreaterThan(pageWidth / 2)
      expect(Math.abs(right.y - left.y)).toBeLessThan(2)
      // The paragraph number once, in the gutter, on the line of the English.
      expect(numberBeside(left)).toMatch(/^\d+\.$/)
      expect(numberBeside(right)).toBe(numberBeside(left))
    }
  })

  it('flags the paragraph whose English changed since its translation, and the untranslated ones', () => {
    const changed = phrase('At', 'its', 'meeting', 'in')
    const flag = words.find((w) => w.page === changed.page && w.text === 'mettre' && w.x > pageWidth * 0.8)
    expect(flag, 'the “à mettre à jour” flag beside paragraph 1').toBeDefined()
    expect(Math.abs(flag!.y - changed.y)).toBeLessThan(12)
    const untranslated = words.filter((w) => w.text === 'traduit' && w.x > pageWidth * 0.8)
    expect(untranslated.length).toBeGreaterThan(10)
    // Not on the translated, unchanged paragraph beside it.
    const unchanged = phrase('Les', 'Directives', 'portent')
    expect(words.some((w) => w.page === unchanged.page && Math.abs(w.y - unchanged.y) < 4 && w.x > pageWidth * 0.8 && /mettre|traduit/.test(w.text))).toBe(false)
  })
})
