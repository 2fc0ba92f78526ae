// The "done when" for this repository: output/working-document.docx holds every
// numbered paragraph and footnote of the PDF edition working-document, with the same numbers, its
// titles are Word heading styles, and LibreOffice opens it (where soffice is installed).
import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Element } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toString } from 'hast-util-to-string'
import { visit } from 'unist-util-visit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { build } from '../../src/build.js'
import { skeletonText } from '../../src/comments/skeleton.js'
import { readDocxComments } from '../../src/word/map.js'
import { replacementPatch } from '../../src/comments/patch.js'
import { all, attr, openDocx, paragraphs, type Docx } from './ooxml.js'
import { placeOf } from './project.js'
import { Reviewer, paragraphText } from './reviewer.js'

const repository = fileURLToPath(new URL('../..', import.meta.url))
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((file) => existsSync(file))
let output: string
let docx: Docx
let html: ReturnType<typeof fromHtml>

const hasClass = (node: Element, name: string) => ((node.properties.className as string[] | undefined) ?? []).includes(name)
/** The text of an element without its footnote calls (Word writes those as footnote references, not as text). */
const textOf = (node: Element): string => node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' && !(child.tagName === 'sup' && hasClass(child, 'fnref')) ? textOf(child) : '')).join('')

beforeAll(async () => {
  output = await mkdtemp(path.join(tmpdir(), 'guidelines-word-repository-'))
  // The edition is written both ways (`format: [pdf, docx]` in guidelines.yaml).
  const built = await build({ root: repository, editions: ['working-document'], outputDir: output })
  expect(built.outputs.map((o) => [path.basename(o.pdf ?? ''), path.basename(o.docx ?? '')])).toEqual([['working-document.pdf', 'working-document.docx']])
  docx = await openDocx(await readFile(path.join(output, 'working-document.docx')))
  html = fromHtml(await readFile(path.join(output, 'working-document.html'), 'utf8'))
}, 240_000)

afterAll(async () => {
  if (output) await rm(output, { recursive: true, force: true })
})

describe('this repository’s working document as DOCX', { timeout: 120_000 }, () => {
  test('holds every numbered paragraph of the PDF edition, with its number', () => {
    const printed = new Map<string, string>()
    visit(html, 'element', (node: Element) => {
      if (node.tagName === 'p' && node.properties.dataPara !== undefined) printed.set(`${String(node.properties.dataPara)}.`, skeletonText(textOf(node).replace(/^\d+\./, '')))
    })
    const written = new Map(paragraphs(docx.part('word/document.xml')!).filter((p) => p.style === 'NumberedParagraph').map((p) => [p.text.split('\t')[0]!, skeletonText(p.text.split('\t').slice(1).join(' '))]))
    expect(printed.size).toBeGreaterThan(100)
    expect(written).toEqual(printed)
  })

  test('holds every footnote of the PDF edition, in the same order', () => {
    const printed: string[] = []
    visit(html, 'element', (node: Element) => {
      if (node.tagName === 'aside' && hasClass(node, 'footnote')) printed.push(skeletonText(toString(node).replace(/^\d+/, '')))
    })
    const notes = all(docx.part('word/footnotes.xml')!, 'footnote').filter((f) => !attr(f, 'type'))
    expect(notes.map((f) => skeletonText(paragraphs(f as never).map((p) => p.text).join(' ')))).toEqual(printed)
    expect(printed.length).toBeGreaterThan(10)
  })

  test('its titles are Word heading styles: chapters, sections and headings at levels 1, 2 and 3', () => {
    const printed: string[] = []
    visit(html, 'element', (main: Element) => {
      if (main.tagName !== 'main') return
      visit(main, 'element', (node: Element) => {
        if (/^h[1-3]$/.test(node.tagName)) printed.push(`${node.tagName.replace('h', 'Heading')}: ${skeletonText(toString(node))}`)
      })
      return 'skip'
    })
    const written = paragraphs(docx.part('word/document.xml')!).filter((p) => /^Heading[1-3]$/.test(p.style)).map((p) => `${p.style}: ${skeletonText(p.text)}`)
    expect(printed.length).toBeGreaterThan(100)
    expect(written).toEqual(printed)
  })

  test.skipIf(!soffice)('LibreOffice opens it and lays it out on about as many pages as the PDF', async () => {
    const converted = path.join(output, 'libreoffice')
    await promisify(execFile)(soffice!, [`-env:UserInstallation=file://${output}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', converted, path.join(output, 'working-document.docx')], { timeout: 120_000 })
    const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])
    const ratio = pages(path.join(converted, 'working-document.pdf')) / pages(path.join(output, 'working-document.pdf'))
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(2)
  })

  test('a reviewed copy maps every comment and tracked change to its file, line and column, and its patch applies', async () => {
    const sources = execFileSync('git', ['ls-files', 'sections'], { cwd: repository, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.md') && !f.includes('progress') && !f.startsWith('translations'))
    const texts = new Map(await Promise.all(sources.map(async (f) => [f, await readFile(path.join(repository, f), 'utf8')] as const)))
    const count = (text: string) => [...texts.values()].reduce((n, s) => n + s.split(text).length - 1, 0)
    const reviewer = await Reviewer.open(await readFile(path.join(output, 'working-document.docx')))
    // Texts written once in the sources and printed once, in body paragraphs, a cell and a footnote.
    const pick = (part: string, inStyle: (style: string) => boolean, skip = 0) => {
      let seen = 0
      for (const p of paragraphs(docx.part(part)!)) {
        if (!inStyle(p.style)) continue
        for (const m of p.text.matchAll(/(?<![\w-])([a-z]{4,} [a-z]{3,} [a-z]{4,})(?![\w-])/g)) {
          const text = m[1]!
          if (count(text) !== 1 || reviewer.paragraphsWith(text, part).length !== 1 || paragraphText(reviewer.paragraphsWith(text, part)[0]!).split(text).length !== 2) continue
          if (seen++ < skip) continue
          const file = [...texts].find(([, s]) => s.includes(text))![0]
          return { text, file, at: `${file}:${placeOf(texts.get(file)!, text).line}:${placeOf(texts.get(file)!, text).column}`, paragraph: reviewer.paragraphsWith(text, part)[0]! }
        }
      }
      throw new Error('no text to pick')
    }
    const who = { author: 'Peer Reviewer', date: '2023-02-01T08:00:00Z' }
    const comment = pick('word/document.xml', (s) => s === 'NumberedParagraph', 0)
    reviewer.comment(comment.paragraph, comment.text, who, 'Please explain.')
    const replaced = pick('word/document.xml', (s) => s === 'NumberedParagraph', 40)
    reviewer.replace(replaced.paragraph, replaced.text, 'other words here', who)
    const deleted = pick('word/document.xml', (s) => s === 'ListParagraph', 5)
    reviewer.delete(deleted.paragraph, deleted.text, who)
    const cell = pick('word/document.xml', (s) => s === 'TableText', 3)
    reviewer.comment(cell.paragraph, cell.text, who, 'A cell.')
    const note = pick('word/footnotes.xml', (s) => s === 'FootnoteText', 0)
    reviewer.comment(note.paragraph, note.text, who, 'A footnote.')
    const result = await readDocxComments(await reviewer.save(), { root: repository })
    const where = (type: string, contents: string) => result.comments.filter((c) => c.type === type && c.contents === contents).map((c) => `${c.source?.file}:${c.source?.line}:${c.source?.column}`)
    expect(where('Comment', 'Please explain.')).toEqual([comment.at])
    expect(where('Replacement', '')).toEqual([replaced.at])
    expect(where('Deletion', '')).toEqual([deleted.at])
    expect(where('Comment', 'A cell.')).toEqual([cell.at])
    expect(where('Comment', 'A footnote.')).toEqual([note.at])
    const patch = replacementPatch(result.comments, (f) => texts.get(f))
    expect(patch.applied).toHaveLength(2)
    execFileSync('git', ['apply', '--check', '-'], { cwd: repository, input: patch.patch })
  })
})
