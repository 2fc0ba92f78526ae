import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { VFile } from 'vfile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAll, type Parsed } from '../../src/core/parse.js'
import { loadProject } from '../../src/load/project.js'
import { diskReader } from '../../src/load/readers.js'
import { exportTranslation } from '../../src/translation/export.js'
import { importTranslation } from '../../src/translation/import.js'
import { readXliff } from '../../src/translation/xliff.js'
import { copyRepository, git } from '../helpers/repository-copy.js'

// This repository's French and Spanish translations through XLIFF: an untouched round trip
// changes no byte, the XLIFF is valid against the OASIS XLIFF 2.0 core schema, broken units are
// reported at their line and not written (the rest is), and after a source commit
// `--stale-only` holds exactly the changed blocks.

let root = ''
beforeAll(() => {
  root = copyRepository('press-xliff-')
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

async function parsed(language: string): Promise<Parsed> {
  return (await parseAll(await loadProject(diskReader(root), { languages: [language] }), { languages: [language] }))!
}

/** Every file under translations/, path -> bytes. */
function translationFiles(): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(relative)
      else out.set(relative, readFileSync(path.join(root, relative)))
    }
  }
  walk('translations')
  return out
}

async function importText(language: string, text: string, name = `${language}.xlf`) {
  const file = new VFile({ path: name, value: text })
  const result = await importTranslation(await parsed(language), file, readXliff(text))
  return { result, messages: file.messages.map(String) }
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle)
  if (index < 0) throw new Error(`${needle} not in the XLIFF`)
  return text.slice(0, index).split('\n').length
}

/** The `<unit>` element of `id`, whole. */
function unitText(xliff: string, id: string): string {
  const start = xliff.indexOf(`<unit id="${id}"`)
  return xliff.slice(start, xliff.indexOf('</unit>', start) + '</unit>'.length)
}

/** The OASIS XLIFF 2.0 core schema, as Debian's php-symfony-translation ships it (scripts/setup.mjs installs it), with the xml.xsd it imports laid where it looks for it. */
function schema(): string {
  const shipped = '/usr/share/php/Symfony/Component/Translation/Resources/schemas'
  if (!existsSync(path.join(shipped, 'xliff-core-2.0.xsd'))) throw new Error(`No XLIFF 2.0 core schema at ${shipped}: install Debian's php-symfony-translation (npm run setup does)`)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'press-xliff-schema-'))
  mkdirSync(path.join(dir, 'informativeCopiesOf3rdPartySchemas', 'w3c'), { recursive: true })
  symlinkSync(path.join(shipped, 'xliff-core-2.0.xsd'), path.join(dir, 'xliff_core_2.0.xsd'))
  symlinkSync(path.join(shipped, 'xml.xsd'), path.join(dir, 'informativeCopiesOf3rdPartySchemas', 'w3c', 'xml.xsd'))
  return path.join(dir, 'xliff_core_2.0.xsd')
}

describe('XLIFF of this repository’s translations', () => {
  it('is valid XLIFF 2.0 (the OASIS core schema, xmllint) and its round trip changes no byte of any translation', async () => {
    const before = translationFiles()
    const xsd = schema()
    for (const language of ['fr', 'es']) {
      const exported = await exportTranslation(await parsed(language), language)
      expect(exported.counts.translated).toBeGreaterThan(100)
      const file = path.join(root, `${language}.xlf`)
      writeFileSync(file, exported.xliff)
      const lint = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, file], { encoding: 'utf8' })
      expect(lint.stderr.trim()).toBe(`${file} validates`)
      expect(lint.status).toBe(0)
      const { result, messages } = await importText(language, exported.xliff)
      expect(messages).toEqual([])
      expect(result!.counts.written).toBe(0)
      expect(result!.files).toEqual([])
    }
    const after = translationFiles()
    expect([...after.keys()]).toEqual([...before.keys()])
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), name).toBe(true)
  })

  it('writes a changed target in place and reports a broken unit at its XLIFF line, writing nothing of it', async () => {
    const exported = (await exportTranslation(await parsed('fr'), 'fr')).xliff
    // A unit with references: drop one of its codes from the target. Another: retranslate it.
    const broken = /<unit id="([^"]+)"[^>]*>(?:(?!<\/unit>)[\s\S])*?Le contexte des politiques/.exec(exported)![1]!
    const brokenUnit = unitText(exported, broken)
    const withoutCode = brokenUnit.replace(/(<target>[\s\S]*?)<ph id="2"[^>]*\/>/, '$1')
    const changed = unitText(exported, 'para-scope')
    const retranslated = changed.replace(/<target>Les Directives portent sur/, '<target>Les présentes Directives traitent de')
    const text = exported.replace(brokenUnit, withoutCode).replace(changed, retranslated)
    const translation = path.join(root, 'translations/fr/sections/01-introduction/a-purpose/wco.md')
    const before = readFileSync(translation, 'utf8')
    const { result, messages } = await importText('fr', text)
    const line = lineOf(text, `<unit id="${broken}"`)
    expect(messages).toEqual([`fr.xlf:${line}:5: Missing inline code <ph id="2"> ([→ iaph-policy]) in unit \`${broken}\`, expected every code of the source in the target; the unit is not written`])
    expect(result!.counts).toMatchObject({ written: 1, rejected: 1 })
    const after = readFileSync(translation, 'utf8')
    expect(after).toBe(before.replace('Les Directives portent sur', 'Les présentes Directives traitent de').replace(/translates: \w+/, `translates: ${git(root, 'rev-parse', 'HEAD')}`))
    expect(after).toContain('à la [](#wco-policy) et à la [](#iaph-policy)')
    git(root, 'checkout', '-q', '--', 'translations')
  })

  it('reports extra and mistyped codes, unknown ids and units whose source changed, each at its place', async () => {
    const exported = (await exportTranslation(await parsed('fr'), 'fr')).xliff
    const foreword = unitText(exported, 'fn.unctad.1')
    const extra = foreword.replace('</target>', '<ph id="9" dataRef="d1s"/></target>')
    const paragraph = /<unit id="(p\.[0-9a-f]{8})"[^>]*>(?:(?!<\/unit>)[\s\S])*?Plus des quatre cinquièmes/.exec(exported)![1]!
    const withFootnote = unitText(exported, paragraph)
    const mistyped = withFootnote.replace(/(<target>[\s\S]*?)<ph id="1"([^>]*)\/>/, '$1<pc id="1"$2>x</pc>')
    const unknown = unitText(exported, 'purpose-scope').replace('<unit id="purpose-scope"', '<unit id="no-such-block"')
    const changedSource = unitText(exported, 'purpose-objectives').replace('<source>Objectives</source>', '<source>Aims</source>')
    const text = exported.replace(foreword, extra).replace(withFootnote, mistyped).replace(unitText(exported, 'purpose-scope'), unknown).replace(unitText(exported, 'purpose-objectives'), changedSource)
    /** `line:column` of `needle`, searched from the start of `within` in the text. */
    const place = (within: string, needle: string, from = 0) => {
      const index = text.indexOf(within) + within.indexOf(needle, from)
      const before = text.slice(0, index)
      return `${before.split('\n').length}:${index - before.lastIndexOf('\n')}`
    }
    const { result, messages } = await importText('fr', text)
    expect(messages.sort()).toEqual(
      [
        `fr.xlf:${place(extra, '<ph id="9"')}: Unexpected inline code <ph id="9"> in unit \`fn.unctad.1\`, expected only the source's codes (id="1"); the unit is not written`,
        `fr.xlf:${place(mistyped, '<pc id="1"', mistyped.indexOf('<target>'))}: Unexpected <pc id="1"> in unit \`${paragraph}\`, expected <ph id="1"> ([^unctad]); the unit is not written`,
        `fr.xlf:${place(unknown, '<unit')}: Unexpected unit id \`no-such-block\`, expected a unit of sections/01-introduction/a-purpose/wco.md as \`guidelines translate export\` writes them`,
        `fr.xlf:${place(changedSource, '<unit')}: Unexpected unit \`purpose-objectives\`: its source in sections/01-introduction/a-purpose/wco.md changed since the export, expected the same source text; export again and update the translation`
      ].sort()
    )
    expect(result!.counts).toMatchObject({ written: 0, rejected: 4 })
    expect(git(root, 'status', '--porcelain', '--', 'translations')).toBe('')
  })

  it('reports a unit with no place in a translation whose blocks differ, and a file that is not XML', async () => {
    const exported = (await exportTranslation(await parsed('fr'), 'fr')).xliff
    const translation = path.join(root, 'translations/fr/sections/01-introduction/a-purpose/wco.md')
    const before = readFileSync(translation, 'utf8')
    // The translator's file loses its first paragraph after the export: the blocks no longer match.
    writeFileSync(translation, before.replace(/\nLors de sa réunion d'octobre 2021[^\n]*\n/, '\n'))
    const unit = unitText(exported, 'para-scope')
    const text = exported.replace(unit, unit.replace('<target>Les Directives portent sur', '<target>Les présentes Directives portent sur'))
    try {
      const { result, messages } = await importText('fr', text)
      // The paragraph the file lost, and the one changed after it; the untouched ones are still in the file.
      const lost = /<unit id="(p\.[0-9a-f]{8})"[^>]*>(?:(?!<\/unit>)[\s\S])*?<target>Lors de sa réunion/.exec(text)![1]!
      const unplaced = (id: string) => `fr.xlf:${lineOf(text, `<unit id="${id}"`)}:5: Unexpected unit \`${id}\` with no place in translations/fr/sections/01-introduction/a-purpose/wco.md: its blocks differ from sections/01-introduction/a-purpose/wco.md's there (see translation-structure), expected them to match; the unit is not written`
      expect(messages).toEqual([unplaced(lost), unplaced('para-scope')])
      expect(result!.counts.written).toBe(0)
    } finally {
      writeFileSync(translation, before)
    }
    const broken = await importText('fr', exported.slice(0, exported.indexOf('</unit>', 2000)))
    expect(broken.result).toBeUndefined()
    expect(broken.messages).toEqual([expect.stringMatching(/^fr\.xlf:\d+:\d+: Invalid XML: /)])
  })

  it('reports footnote calls put in another order than the source’s (their numbers follow it)', async () => {
    const small = mkdtempSync(path.join(os.tmpdir(), 'press-xliff-notes-'))
    const write = (name: string, text: string) => {
      mkdirSync(path.dirname(path.join(small, name)), { recursive: true })
      writeFileSync(path.join(small, name), text)
    }
    write('guidelines.yaml', 'title: T\nlanguage: en\norganisations: [W]\ncontributors:\n  W: Writer\noutline:\n  - id: intro\n    title: Intro\n    sections:\n      - id: s\n        title: S\n        writers: [W]\neditions:\n  fr:\n    template: wco-working-document\n    language: fr\n')
    write('sections/s.md', '---\nsection: s\nwriter: W\n---\n\nFirst claim[^a] and second claim.[^b]\n\n[^a]: Note a.\n\n[^b]: Note b.\n')
    write('translations/fr/sections/s.md', '---\nsection: s\nwriter: W\n---\n\nPremière affirmation[^a] et seconde.[^b]\n\n[^a]: Note a.\n\n[^b]: Note b.\n')
    const project = (await parseAll(await loadProject(diskReader(small), { languages: ['fr'] }), { languages: ['fr'] }))!
    const exported = (await exportTranslation(project, 'fr')).xliff
    const swapped = exported.replace(/<target>Première affirmation(<ph id="1"[^>]*\/>) et seconde\.(<ph id="2"[^>]*\/>)<\/target>/, '<target>Seconde$2 puis première affirmation.$1</target>')
    expect(swapped).not.toBe(exported)
    const file = new VFile({ path: 'fr.xlf', value: swapped })
    await importTranslation(project, file, readXliff(swapped))
    const id = /<unit id="(p\.[0-9a-f]{8})"/.exec(swapped)![1]!
    expect(file.messages.map(String)).toEqual([`fr.xlf:${lineOf(swapped, `<unit id="${id}"`)}:5: Unexpected order of footnote calls id="2", id="1" in unit \`${id}\`, expected id="1", id="2" as in the source (footnotes are numbered in that order); the unit is not written`])
    rmSync(small, { recursive: true, force: true })
  })

  it('after a source commit, exports with --stale-only exactly the changed blocks, with their earlier text, and imports them', async () => {
    const source = path.join(root, 'sections/01-introduction/a-purpose/wco.md')
    const text = readFileSync(source, 'utf8')
    const edited = text
      .replace('At its meeting in October 2021, the PTC discussed', 'At its meeting in October 2021, the PTC examined')
      .replace('- to share national practices that other Members and ports can adapt', '- to share national practices that other Members and ports may adapt')
    writeFileSync(source, edited)
    git(root, 'commit', '-q', '-am', 'Edit two blocks of the purpose')
    const head = git(root, 'rev-parse', 'HEAD')
    const exported = await exportTranslation(await parsed('fr'), 'fr', { staleOnly: true })
    const document = readXliff(exported.xliff)
    expect(document.files.map((f) => f.original)).toEqual(['sections/01-introduction/a-purpose/wco.md'])
    const units = document.files[0]!.units
    expect(units.map((u) => u.id)).toEqual([expect.stringMatching(/^p\.[0-9a-f]{8}$/), expect.stringMatching(/^li\.[0-9a-f]{8}$/)])
    expect(units.map((u) => u.state)).toEqual(['initial', 'initial'])
    expect(exported.xliff).toContain('<note category="previous-source">At its meeting in October 2021, the PTC discussed and supported')
    expect(exported.xliff).toContain('<note category="previous-source">to share national practices that other Members and ports can adapt to their own circumstances.</note>')
    expect(exported.xliff).toContain('<target>Lors de sa réunion d\'octobre 2021, le CTP a examiné et appuyé')
    expect(exported.counts).toMatchObject({ units: 2, stale: 2 })
    // The translator updates one, confirms the other as still right: the file follows the new commit.
    const [first, second] = units.map((u) => unitText(exported.xliff, u.id))
    const updated = exported.xliff
      .replace(first!, first!.replace('le CTP a examiné et appuyé', 'le CTP a étudié et appuyé').replace('state="initial"', 'state="translated"'))
      .replace(second!, second!.replace('state="initial"', 'state="reviewed"'))
    const { result, messages } = await importText('fr', updated)
    expect(messages).toEqual([])
    expect(result!.files).toEqual([{ path: 'translations/fr/sections/01-introduction/a-purpose/wco.md', units: 1, created: false, translates: head }])
    const translation = readFileSync(path.join(root, 'translations/fr/sections/01-introduction/a-purpose/wco.md'), 'utf8')
    expect(translation).toContain(`translates: ${head}`)
    expect(translation).toContain('le CTP a étudié et appuyé')
    const again = await exportTranslation(await parsed('fr'), 'fr', { staleOnly: true })
    expect(again.counts.units).toBe(0)
  })
})
