import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { build } from '../../src/build.js'
import { readComments, type CommentsResult } from '../../src/comments/map.js'
import { replacementPatch } from '../../src/comments/patch.js'
import { readSourceTexts } from '../../src/comments/sources.js'
import { diskReader } from '../../src/load/readers.js'
import { annotate, locate, type AnnotationSpec, type Printed } from './annotate.js'

// The "done when": a review PDF of this repository, annotated with one of each type,
// maps every annotation to the right source place. The texts are picked from today's sources
// (plain words, printed once), so that edits to the guidelines do not break the test.
const repository = fileURLToPath(new URL('../..', import.meta.url))
const timeout = 240_000

interface Pick {
  file: string
  text: string
  line: number
  column: number
}

let output: string
let pdf: Uint8Array
let result: CommentsResult
const picks = new Map<string, Pick>()

/** Every place of `text` in the sources and in glossary.yaml (to keep only texts written once). */
async function countInSources(text: string, files: string[]): Promise<number> {
  let n = 0
  for (const file of files) n += (await readFile(path.join(repository, file), 'utf8')).split(text).length - 1
  return n
}

async function printedOnce(text: string): Promise<Printed | undefined> {
  try {
    const at = await locate(pdf, text)
    try {
      await locate(pdf, text, 2)
      return undefined
    } catch {
      return at
    }
  } catch {
    return undefined
  }
}

/** The first text matching `pattern` (group 1) on a line accepted by `line`, written once in the sources and printed once. */
async function pick(name: string, files: string[], all: string[], line: (text: string) => boolean, pattern: RegExp): Promise<Pick & { at: Printed }> {
  for (const file of files) {
    const lines = (await readFile(path.join(repository, file), 'utf8')).split('\n')
    for (let index = 0; index < lines.length; index++) {
      if (!line(lines[index]!)) continue
      for (const match of lines[index]!.matchAll(new RegExp(pattern.source, 'g'))) {
        const text = match[1]!
        if ((await countInSources(text, all)) !== 1) continue
        const at = await printedOnce(text)
        if (!at) continue
        const found = { file, text, line: index + 1, column: match.index! + match[0].indexOf(text) + 1, at }
        picks.set(name, found)
        return found
      }
    }
  }
  throw new Error(`No text for ${name}`)
}

const words = /(?<![\w-])([a-z]{4,} [a-z]{3,} [a-z]{3,} [a-z]{4,})(?![\w-])/
const body = (l: string) => /^[A-Z]/.test(l) && !l.startsWith('Table:')

beforeAll(async () => {
  output = await mkdtemp(path.join(tmpdir(), 'guidelines-comments-repo-'))
  const built = await build({ root: repository, editions: ['review'], outputDir: output })
  expect(built.files.flatMap((f) => f.messages.filter((m) => m.fatal).map(String))).toEqual([])
  pdf = new Uint8Array(await readFile(built.outputs[0]!.pdf!))
  const sources = execFileSync('git', ['ls-files', 'sections'], { cwd: repository, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.md') && !f.includes('progress'))
  const all = [...sources, 'glossary.yaml']
  const chapters = sources.filter((f) => /sections\/0[2-6]/.test(f))
  const specs: AnnotationSpec[] = []
  const add = (spec: AnnotationSpec) => specs.push(spec)
  add({ subtype: 'Highlight', at: (await pick('highlight', chapters, all, body, words)).at, contents: 'highlight', author: 'Proof Reader' })
  add({ subtype: 'Underline', at: (await pick('underline', chapters, all, (l) => l.startsWith('|') && !l.startsWith('|-') && !l.startsWith('|---'), /\| ?([A-Z][a-z]+ [a-z]{3,} [a-z]{3,})(?=[ ,|])/)).at, contents: 'underline', author: 'Peer' })
  add({ subtype: 'Squiggly', at: (await pick('squiggly', chapters, all, (l) => /^# [A-Z][a-z]+ [a-z]+ [a-z]+/.test(l), /^# ([A-Z][a-z]+ [a-z]+ [a-z]+)/)).at, contents: 'squiggly', author: 'Peer' })
  add({ subtype: 'FreeText', at: (await pick('freetext', chapters, all, (l) => /^\[\^[^\]]+\]: /.test(l), words)).at, contents: 'freetext', author: 'Peer' })
  const note = await pick('text', chapters, all, (l) => /^- [a-z]/.test(l), /(?<![\w-])([a-z]{6,} [a-z]{3,} [a-z]{5,})(?![\w-])/)
  add({ subtype: 'Text', at: note.at, contents: 'note', author: 'Peer' })
  add({ subtype: 'Text', at: note.at, contents: 'reply', author: 'Writer', replyTo: specs.length - 1 })
  const strike = await pick('strikeout', chapters.slice().reverse(), all, body, words)
  add({ subtype: 'StrikeOut', at: strike.at, contents: '', author: 'Proof Reader' })
  add({ subtype: 'Caret', at: strike.at, contents: 'replacement words', author: 'Proof Reader' })
  add({ subtype: 'Caret', at: (await pick('caret', chapters.slice(3), all, body, words)).at, after: true, contents: ' inserted', author: 'Proof Reader' })
  add({ subtype: 'Highlight', at: (await pick('glossary', ['glossary.yaml'], all, (l) => l.includes('definition:'), words)).at, contents: 'glossary', author: 'Peer' })
  result = await readComments(await annotate(pdf, specs), { root: repository })
}, timeout)

afterAll(async () => {
  if (output) await rm(output, { recursive: true, force: true })
})

describe('guidelines comments on this repository’s review edition', { timeout }, () => {
  const cases: Array<[string, string, 'start' | 'end']> = [
    ['highlight', 'Highlight', 'start'],
    ['underline', 'Underline', 'start'],
    ['squiggly', 'Squiggly', 'start'],
    ['freetext', 'FreeText', 'start'],
    ['text', 'Text', 'start'],
    ['strikeout', 'StrikeOut+Caret', 'start'],
    ['caret', 'Caret', 'end'],
    ['glossary', 'Highlight', 'start']
  ]
  for (const [name, type, where] of cases) {
    test(`${type} (${name}) maps to the right file, line and column`, async () => {
      const p = picks.get(name)!
      const contents: Record<string, string> = { text: 'note', caret: ' inserted', strikeout: 'Replace with “replacement words”' }
      const comment = result.comments.find((c) => c.type === type && c.contents === (contents[name] ?? name))
      expect(comment, `${name}: ${p.text}`).toBeDefined()
      expect(comment!.source).toMatchObject({ file: p.file, line: p.line, column: where === 'start' ? p.column : p.column + p.text.length })
      if (p.file !== 'glossary.yaml') {
        const writer = /^writer: (\S+)/m.exec(await readFile(path.join(repository, p.file), 'utf8'))![1]
        expect(comment!.writer).toBe(writer)
        expect(comment!.section?.number).toMatch(/^\d/)
      }
    })
  }

  test('the reply is attached to its note, and the replacement applies with git apply', async () => {
    expect(result.comments.find((c) => c.contents === 'note')!.replies.map((r) => r.contents)).toEqual(['reply'])
    const patch = replacementPatch(result.comments, (await readSourceTexts(diskReader(repository))).read)
    expect(patch.applied).toHaveLength(1)
    const file = path.join(output, 'review.patch')
    await writeFile(file, patch.patch)
    execFileSync('git', ['apply', '--check', file], { cwd: repository })
  })
})
