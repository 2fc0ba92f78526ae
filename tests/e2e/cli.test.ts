import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The CLI as a user runs it (node bin/guidelines.js, compiled by the global setup) on the
// fixture project tests/fixtures/projects/basic, with the PDF read back by poppler and qpdf.
// Pagination and templates change often: these tests assert text and structure, not layout.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cli = path.join(repo, 'bin', 'guidelines.js')
const fixture = path.join(repo, 'tests', 'fixtures', 'projects', 'basic')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'guidelines-e2e-'))

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

function guidelines(args: string[], cwd = scratch): Run {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, encoding: 'utf8', timeout: 240_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw new Error(`${command} is needed by the end-to-end tests (npm run setup installs it): ${result.error.message}`)
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}

/** A fresh copy of the fixture project. */
function copyFixture(name: string): string {
  const target = path.join(scratch, name)
  cpSync(fixture, target, { recursive: true })
  return target
}

/**
 * Text of a PDF with layout noise removed: soft hyphens and hyphenation at line ends undone,
 * white space collapsed to single spaces.
 */
function pdfText(pdf: string): string {
  return tool('pdftotext', ['-layout', pdf, '-'])
    .replace(/\u00ad/g, '')
    .replace(/(\p{Ll})-\n\s*(\p{Ll})/gu, '$1$2')
    .replace(/\s+/g, ' ')
}

function pdfInfo(pdf: string): Record<string, string> {
  const info: Record<string, string> = {}
  for (const line of tool('pdfinfo', [pdf]).split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line)
    if (match) info[match[1]!] = match[2]!.trim()
  }
  return info
}

interface OutlineItem {
  title: string
  kids: OutlineItem[]
}

/** Bookmark titles, depth first, indented by level. */
function bookmarks(pdf: string): string[] {
  const json = JSON.parse(tool('qpdf', ['--json', '--json-key=outlines', pdf])) as { outlines: OutlineItem[] }
  const titles: string[] = []
  const walk = (items: OutlineItem[], depth: number) => {
    for (const item of items) {
      titles.push(`${'  '.repeat(depth)}${item.title.replace(/\s+/g, ' ').trim()}`)
      walk(item.kids, depth + 1)
    }
  }
  walk(json.outlines, 0)
  return titles
}

/** The dictionaries of every object of a PDF (qpdf JSON v2). */
function pdfObjects(pdf: string): Array<Record<string, unknown>> {
  const json = JSON.parse(tool('qpdf', ['--json', '--json-key=qpdf', pdf])) as { qpdf: [unknown, Record<string, { value?: unknown }>] }
  return Object.values(json.qpdf[1]).flatMap((object) => (object.value && typeof object.value === 'object' ? [object.value as Record<string, unknown>] : []))
}

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
})

describe('build', () => {
  let root: string
  let run: Run
  let pdf: string
  let text: string

  beforeAll(() => {
    root = copyFixture('basic')
    run = guidelines(['build', '--root', root])
    pdf = path.join(root, 'output', 'working-document.pdf')
    text = existsSync(pdf) ? pdfText(pdf) : ''
  })

  test('exits 0 with a one-line summary naming every PDF', () => {
    expect(run.stderr).not.toMatch(/error/i)
    expect(run.status).toBe(0)
    const lines = run.stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Built 2 editions in [\d.]+ s: .*working-document\.pdf.*, .*publication\.pdf/)
  })

  test('writes output/NAME.pdf and output/NAME.html for every edition', () => {
    for (const name of ['working-document', 'publication']) {
      for (const extension of ['pdf', 'html']) {
        const file = path.join(root, 'output', `${name}.${extension}`)
        expect(existsSync(file), file).toBe(true)
      }
      expect(readFileSync(path.join(root, 'output', `${name}.pdf`)).subarray(0, 5).toString()).toBe('%PDF-')
    }
  })

  test('numbers chapters, sections, inside headings and annexes', () => {
    for (const heading of ['1. Introduction', 'a. Purpose of the tests', 'i. Why tests matter', 'b. Scope of the tests', '2. Practice', 'a. Sharing data in the port', 'i. Lessons learnt', 'Model arrangement', 'a. Text of the model', 'i. Parties']) {
      expect(text).toContain(heading)
    }
    expect(text).toContain('Annex I')
  })

  test('numbers body paragraphs continuously in the working document, not in the publication', () => {
    expect(text).toMatch(/\b1\. These test guidelines exist/)
    expect(text).toMatch(/\b3\. The lanes of Table 1/)
    expect(text).toMatch(/\b4\. Bulgaria shares its data/)
    const publication = pdfText(path.join(root, 'output', 'publication.pdf'))
    expect(publication).toContain('Bulgaria shares its data')
    expect(publication).not.toMatch(/\b4\. Bulgaria shares its data/)
  })

  test('resolves references to their labels and keeps own words', () => {
    expect(text).toContain('Table data is in Table 1; the picture is Figure 1.')
    expect(text).toContain('as described in Section 1.b and in Section 1.a.i.')
    expect(text).toContain('The first paragraph of this document is paragraph 1; the annex is Annex I, and the whole first chapter is Chapter 1.')
    expect(text).toContain('refer to Section 2.a.i and to Section 2.a.')
    expect(text).toContain('The shared approach worked well')
    expect(text).not.toContain('{#')
    expect(text).not.toContain('](#')
  })

  test('captions tables and figures', () => {
    expect(text).toContain('Table 1: Lanes of the test harbour')
    expect(text).toContain('Figure 1: Flow of declarations between port and Customs')
  })

  test('expands the first use of an abbreviation once, and lists the glossary', () => {
    expect(text.match(/Authorized Economic Operator \(AEO\)/g)).toHaveLength(1)
    expect(text).toContain('every Authorized Economic Operator (AEO) in the port')
    expect(text).toContain('The AEO is already expanded above')
    expect(text).toContain('through a Port Community System (PCS) that every party uses')
    expect(text).toContain('through the PCS as described')
    expect(text).toContain('Glossary')
    // Reading order (not -layout): the glossary is set in two columns, terms beside definitions.
    expect(tool('pdftotext', [pdf, '-']).replace(/\s+/g, ' ')).toContain('A neutral and open electronic platform connecting the systems')
  })

  test('prints both footnotes with their texts, numbered across contributions', () => {
    expect(text).toMatch(/\b1 Footnote text from the (World Customs Organization \()?WCO\)? Framework of Standards, 2021 edition\./)
    expect(text).toMatch(/\b2 Footnote text from the Bulgarian National Customs Agency, annual report\./)
  })

  test('sets title, author, subject and tagging in the PDF metadata', () => {
    const info = pdfInfo(pdf)
    expect(info['Title']).toBe('Guidelines on Harbour Testing')
    expect(info['Author']).toBe('World Customs Organization; International Association of Ports and Harbors')
    expect(info['Tagged']).toBe('yes')
    expect(info['Page size']).toContain('A4')
    expect(Number(info['Pages'])).toBeGreaterThanOrEqual(3)
  })

  test('sets the document language in the catalog', () => {
    const catalog = pdfObjects(pdf).find((object) => object['/Type'] === '/Catalog')
    expect(catalog?.['/Lang']).toBe('u:en')
  })

  test('embeds every font', () => {
    const rows = tool('pdffonts', [pdf]).split('\n').slice(2).filter((line) => line.trim() !== '')
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      // Columns from the right: object id (2), uni, sub, emb.
      const columns = row.trim().split(/\s+/)
      expect(columns[columns.length - 5], row).toBe('yes')
    }
  })

  test('has bookmarks for chapters, sections, inside headings and the annex', () => {
    const titles = bookmarks(pdf)
    const find = (title: string) => titles.find((t) => t.includes(title))
    for (const title of ['Introduction', 'Purpose of the tests', 'Why tests matter', 'Practice', 'Lessons learnt', 'Model arrangement']) {
      expect(find(title), `bookmark ${title} in\n${titles.join('\n')}`).toBeDefined()
    }
    // Nesting follows the headings: a section is deeper than its chapter.
    const depth = (title: string) => find(title)!.match(/^ */)![0].length
    expect(depth('Purpose of the tests')).toBeGreaterThan(depth('Introduction'))
    expect(depth('Why tests matter')).toBeGreaterThan(depth('Purpose of the tests'))
  })

  test('links references inside the PDF', () => {
    const links = pdfObjects(pdf).filter((object) => object['/Subtype'] === '/Link')
    // Internal links carry a destination (/Dest), not a URI action.
    const internal = links.filter((link) => link['/Dest'] !== undefined || (link['/A'] as Record<string, unknown> | undefined)?.['/S'] === '/GoTo')
    const destinations = new Set(internal.map((link) => String(link['/Dest'] ?? (link['/A'] as Record<string, unknown>)['/D'])))
    for (const id of ['tab-lanes', 'fig-flow', 'scope', 'why-tests', 'purpose-first', 'model-annex', 'introduction', 'data-sharing', 'lessons', 'gloss-aeo', 'gloss-pcs', 'fn-1', 'fn-2']) {
      expect(destinations, `link to #${id}`).toContain(`/${id}`)
    }
  })

  test('--edition builds only the edition named', () => {
    const only = copyFixture('only-one')
    const result = guidelines(['build', '--root', only, '--edition', 'publication'])
    expect(result.status).toBe(0)
    expect(readdirSync(path.join(only, 'output')).filter((f) => /\.(pdf|html)$/.test(f)).sort()).toEqual(['publication.html', 'publication.pdf'])
  })
})

describe('check and build with errors', () => {
  let broken: string
  const brokenFile = 'sections/01-intro/scope-iaph.md'

  beforeAll(() => {
    broken = copyFixture('broken')
    // Line 16 of the file; the link starts at column 5.
    appendFileSync(path.join(broken, brokenFile), '\nSee [](#no-such-target) here.\n')
  })

  test('check on a clean project prints no errors and exits 0', () => {
    const result = guidelines(['check', '--root', copyFixture('clean')])
    expect(result.status).toBe(0)
    expect(result.stdout).not.toContain('error')
  })

  test('check prints file:line:col and the rule of a broken reference and exits 1', () => {
    const lines = readFileSync(path.join(broken, brokenFile), 'utf8').split('\n')
    const line = lines.findIndex((l) => l.includes('#no-such-target')) + 1
    const column = lines[line - 1]!.indexOf('[') + 1
    const result = guidelines(['check', '--root', broken])
    expect(result.status).toBe(1)
    expect(result.stdout).toContain(`${brokenFile}:${line}:${column}`)
    expect(result.stdout).toMatch(/error\s+Unexpected reference to `#no-such-target`.*xref-unresolved/)
    expect(result.stdout).toMatch(/1 error/)
  })

  test('check --format json prints only a JSON array of diagnostics', () => {
    const result = guidelines(['check', '--root', broken, '--format', 'json'])
    expect(result.status).toBe(1)
    const list = JSON.parse(result.stdout) as Array<Record<string, unknown>>
    expect(Array.isArray(list)).toBe(true)
    for (const item of list) expect(Object.keys(item).sort()).toEqual(['column', 'file', 'line', 'message', 'rule', 'severity'])
    expect(list).toContainEqual(expect.objectContaining({ file: brokenFile, line: 16, column: 5, severity: 'error', rule: 'xref-unresolved' }))
  })

  test('check --format json on a clean project prints an empty array', () => {
    const result = guidelines(['check', '--root', copyFixture('clean-json'), '--format', 'json'])
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([])
  })

  test('build refuses to write while errors exist, and prints them', () => {
    const result = guidelines(['build', '--root', broken])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`${brokenFile}:16:5`)
    expect(result.stderr).toContain('xref-unresolved')
    expect(result.stdout).toBe('')
    expect(existsSync(path.join(broken, 'output', 'working-document.pdf'))).toBe(false)
  })

  test('invalid front matter is frontmatter-invalid at its line', () => {
    const root = copyFixture('bad-front-matter')
    const file = path.join(root, 'sections', 'annex', 'model-wco.md')
    writeFileSync(file, readFileSync(file, 'utf8').replace('status: draft', 'status: finished'))
    const result = guidelines(['check', '--root', root, '--format', 'json'])
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout)).toContainEqual(expect.objectContaining({ file: 'sections/annex/model-wco.md', line: 4, column: 9, rule: 'frontmatter-invalid' }))
  })
})

describe('init', () => {
  test('init DIR creates a project that builds', () => {
    const created = guidelines(['init', 'new-project'])
    expect(created.status).toBe(0)
    expect(created.stdout).toContain('new-project')
    const root = path.join(scratch, 'new-project')
    for (const file of ['guidelines.yaml', 'glossary.yaml']) expect(existsSync(path.join(root, file))).toBe(true)
    const built = guidelines(['build'], root)
    expect(built.stderr).not.toMatch(/\berror\b/)
    expect(built.status).toBe(0)
    expect(existsSync(path.join(root, 'output', 'working-document.pdf'))).toBe(true)
    // The project's own text follows the press's rules: not a warning.
    const checked = guidelines(['check', '--format', 'json'], root)
    expect(checked.status).toBe(0)
    expect(JSON.parse(checked.stdout)).toEqual([])
  })

  test('init refuses a folder that is not empty (usage error)', () => {
    const root = copyFixture('not-empty')
    const result = guidelines(['init', root])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('not empty')
  })
})

describe('usage', () => {
  const commandNames = (): string[] => {
    const help = guidelines(['--help']).stdout
    const section = help.split(/^Commands:$/m)[1] ?? ''
    return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!)
  }

  test('--help lists the commands and exits 0', () => {
    const result = guidelines(['--help'])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^Usage: guidelines <command>/)
    expect(commandNames()).toEqual(expect.arrayContaining(['build', 'check', 'init']))
  })

  test('every command has --help (exit 0, its usage on stdout)', () => {
    for (const name of commandNames()) {
      for (const flag of ['--help', '-h']) {
        const result = guidelines([name, flag])
        expect(result.status, `${name} ${flag}`).toBe(0)
        expect(result.stdout, `${name} ${flag}`).toMatch(new RegExp(`^Usage: guidelines ${name}\\b`))
      }
    }
  })

  test.each([
    [[] as string[]],
    [['frobnicate']],
    [['build', '--no-such-option']],
    [['check', '--format', 'xml']],
    [['build', '--format', 'yaml']],
    [['init']],
    [['init', 'a', 'b']],
    [['build', 'stray-positional']]
  ])('usage error exits 2: %j', (args) => {
    const result = guidelines(args)
    expect(result.status).toBe(2)
    expect(result.stderr + result.stdout).toMatch(/Usage: guidelines/)
  })
})
