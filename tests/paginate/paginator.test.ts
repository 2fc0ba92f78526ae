import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { bundlePaginator, paginatorBundle, readPaginator } from '../../src/print/paginator.js'

// The in-page paginator (src/paginate) reaches the page as one script, dist/paginate.js
// (src/print/paginator.ts); what it returns is declared once, in src/paginate/types.ts.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A copy of the press's paginator sources under a new root, with `bundle` as its dist/paginate.js. */
function pressCopy(bundle: string | undefined): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'press-paginator-'))
  cpSync(path.join(repo, 'src', 'paginate'), path.join(root, 'src', 'paginate'), { recursive: true })
  mkdirSync(path.join(root, 'dist'))
  if (bundle !== undefined) writeFileSync(path.join(root, paginatorBundle), bundle)
  return root
}

/** Set the modification time of every file in `folder`. */
function touchAll(folder: string, when: Date): void {
  for (const name of readdirSync(folder)) utimesSync(path.join(folder, name), when, when)
}

describe('the paginator bundle', () => {
  it('is one script without imports that defines guidelinesPaginate (and guidelinesNextBody, for the preview) and runs nothing else when evaluated', async () => {
    const source = await bundlePaginator(repo)
    expect(source).not.toMatch(/^\s*(import|export)\b/m)
    // No document here: evaluating it must not touch the page yet.
    const page = vm.createContext({})
    vm.runInContext(source, page)
    expect(typeof page['guidelinesPaginate']).toBe('function')
    expect(Object.keys(page)).toEqual(['guidelinesPaginate', 'guidelinesNextBody'])
  })

  it('is read from dist/paginate.js while that is newer than the sources', async () => {
    const root = pressCopy('/* the bundle as compiled */')
    touchAll(path.join(root, 'src', 'paginate'), new Date(Date.now() - 60_000))
    expect(await readPaginator(root)).toBe('/* the bundle as compiled */')
  })

  it('is bundled afresh from the sources when one changed after dist/paginate.js was written, or when it is missing', async () => {
    const root = pressCopy('/* an old bundle */')
    utimesSync(path.join(root, paginatorBundle), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    const fresh = await readPaginator(root)
    expect(fresh).not.toContain('an old bundle')
    expect(fresh).toBe(await bundlePaginator(repo))
    const missing = pressCopy(undefined)
    expect(await readPaginator(missing)).toBe(fresh)
  })

  it('is required of an installed press (no sources): a clear error names the fix', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'press-installed-'))
    await expect(readPaginator(root)).rejects.toThrow('The paginator dist/paginate.js is missing: run `node scripts/compile.mjs`')
  })
})

describe('the boundary between the page code and Node', () => {
  const source = (file: string) => readFileSync(file, 'utf8')
  const imports = (text: string) => [...text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({ typeOnly: Boolean(m[2]), from: m[3]! }))

  it('keeps the page code to its own modules', () => {
    const folder = path.join(repo, 'src', 'paginate')
    const files = readdirSync(folder).filter((name) => name.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(10)
    for (const name of files) {
      for (const { from } of imports(source(path.join(folder, name)))) expect(`${name}: ${from}`).toMatch(/: \.\/[\w-]+\.js$/)
    }
  })

  it('lets Node import only the declared types of the page code', () => {
    const src = path.join(repo, 'src')
    const nodeFiles = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && !name.startsWith(`paginate${path.sep}`))
    const uses = nodeFiles.flatMap((name) => imports(source(path.join(src, name))).filter((i) => i.from.includes('/paginate/')).map((i) => ({ name, ...i })))
    expect(uses.length).toBeGreaterThan(0)
    for (const use of uses) expect(use, `${use.name} imports ${use.from}`).toMatchObject({ typeOnly: true, from: expect.stringMatching(/\/paginate\/types\.js$/) })
  })
})
