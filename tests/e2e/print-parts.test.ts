import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkPdf } from '../../src/pdfua/index.js'
import { readPdf } from '../helpers/pdf.js'
import { writeProofProject } from '../helpers/proof-project.js'

// A long document prints in parts (src/print/pdf.ts `printPages`, src/print/join.ts): Chromium's
// print grows faster than the page count. GUIDELINES_PRINT_PART_PAGES brings the parts down to
// a few pages, so the proof project prints in several; its PDF must be the PDF printed whole:
// the same pages and text, outline, links and their targets, structure, and PDF/UA-1.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cli = path.join(repo, 'bin', 'guidelines.js')

interface Printed {
  pdf: string
  timings: Record<string, number>
}

const printed = new Map<'whole' | 'parts', Printed>()

beforeAll(() => {
  for (const [kind, partPages] of [['whole', undefined], ['parts', '8']] as const) {
    const root = mkdtempSync(path.join(os.tmpdir(), `press-parts-${kind}-`))
    writeProofProject(root, 'en')
    const timingsFile = path.join(root, 'timings.json')
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000' }
    delete env['GUIDELINES_PRINT_PART_PAGES']
    if (partPages) env['GUIDELINES_PRINT_PART_PAGES'] = partPages
    const run = spawnSync(process.execPath, [cli, 'build', '--root', root, '--edition', 'publication', '--quiet', '--timings-json', timingsFile], { encoding: 'utf8', env })
    if (run.status !== 0) throw new Error(`The proof project does not build (${kind}):\n${run.stderr}\n${run.stdout}`)
    printed.set(kind, { pdf: path.join(root, 'output', 'publication.pdf'), timings: JSON.parse(readFileSync(timingsFile, 'utf8')).timings })
  }
}, 300_000)

/** Outline items (depth, title, page index of the target) and links (page, rectangle, target page or URL), read by pdf.js. */
async function navigation(file: string) {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise
  const pageOf = async (dest: unknown): Promise<number | null> => {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : (dest as unknown[] | null)
    return explicit ? doc.getPageIndex(explicit[0] as never) : null
  }
  const outline: string[] = []
  const walk = async (items: Array<{ title: string; dest: unknown; items: unknown[] }> | null, depth: number): Promise<void> => {
    for (const item of items ?? []) {
      outline.push(`${depth} ${item.title} -> ${await pageOf(item.dest)}`)
      await walk(item.items as never, depth + 1)
    }
  }
  await walk((await doc.getOutline()) as never, 0)
  const links: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    for (const annotation of await (await doc.getPage(i)).getAnnotations()) {
      if (annotation.subtype === 'Link') links.push(`${i} ${annotation.rect.map(Math.round).join(',')} -> ${annotation.url ?? (await pageOf(annotation.dest))}`)
    }
  }
  await doc.destroy()
  return { outline, links }
}

/** The structure types of the PDF's structure tree, counted (qpdf's JSON of every object). */
function structureTypes(file: string): Record<string, number> {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] }
  const counts: Record<string, number> = {}
  for (const { value } of Object.values(json.qpdf[1])) {
    const type = value?.['/S']
    if (value && value['/Type'] === '/StructElem' && typeof type === 'string') counts[type.slice(1)] = (counts[type.slice(1)] ?? 0) + 1
  }
  return counts
}

describe('a long document printed in parts', () => {
  it('was printed in parts (and the same document whole, by default)', () => {
    expect(printed.get('parts')!.timings['print.join']).toBeGreaterThan(0)
    expect(printed.get('whole')!.timings['print.join']).toBeUndefined()
  })

  it('has the pages, and the text of each page, of the document printed whole', () => {
    const whole = readPdf(printed.get('whole')!.pdf)
    const parts = readPdf(printed.get('parts')!.pdf)
    expect(whole.length).toBeGreaterThan(20)
    expect(parts.map((page) => page.lines.map((line) => line.text))).toEqual(whole.map((page) => page.lines.map((line) => line.text)))
  })

  it('has the outline and the links, to the same pages, of the document printed whole', async () => {
    const whole = await navigation(printed.get('whole')!.pdf)
    const parts = await navigation(printed.get('parts')!.pdf)
    expect(whole.outline.length).toBeGreaterThan(10)
    expect(whole.links.length).toBeGreaterThan(10)
    expect(parts.outline).toEqual(whole.outline)
    expect(parts.links).toEqual(whole.links)
    // Links to a target printed in another part resolve too.
    expect(parts.links.filter((link) => link.endsWith('-> null'))).toEqual([])
  })

  it('has the structure tree of the document printed whole, and passes PDF/UA-1', async () => {
    const types = structureTypes(printed.get('parts')!.pdf)
    expect(types).toEqual(structureTypes(printed.get('whole')!.pdf))
    expect(types['Document']).toBe(1)
    const report = await checkPdf(readFileSync(printed.get('parts')!.pdf))
    expect(report.violations).toEqual([])
  })
})
