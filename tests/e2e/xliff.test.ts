import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyRepository, repositoryRoot } from '../helpers/repository-copy.js'

// The translator's round trip with the CLI on this repository's French: export, translate two
// paragraphs in the XLIFF (as a CAT tool would write them), import, build working-document-fr,
// and read the two paragraphs back from the PDF, with their paragraph numbers.

const cli = path.join(repositoryRoot, 'bin', 'guidelines.js')
let root = ''
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args, '--root', root], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })

beforeAll(() => {
  root = copyRepository('press-xliff-e2e-')
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The `<unit>` element of `id`, whole. */
function unitText(xliff: string, id: string): string {
  const start = xliff.indexOf(`<unit id="${id}"`)
  return xliff.slice(start, xliff.indexOf('</unit>', start) + '</unit>'.length)
}

describe('translate export and import', () => {
  it('carry two paragraphs translated in the XLIFF into the French working document', () => {
    const exported = run('translate', 'export', '--language', 'fr')
    expect(exported.status, exported.stderr).toBe(0)
    expect(exported.stdout).toMatch(/^Wrote output\/translate\/fr\.xlf \(\d+ units in \d+ files: \d+ translated, of which 0 with a changed source; \d+ to translate\) and output\/translate\/fr\.tbx \(35 terms\)\.\n$/)
    const file = path.join(root, 'output', 'translate', 'fr.xlf')
    const xliff = readFileSync(file, 'utf8')
    expect(existsSync(path.join(root, 'output', 'translate', 'fr.tbx'))).toBe(true)
    // Two numbered paragraphs of 1.a: one with an id, one known by its text.
    const first = unitText(xliff, 'para-scope')
    const secondId = /<unit id="(p\.[0-9a-f]{8})" name="paragraph \d+">(?:(?!<\/unit>)[\s\S])*?<target>Le public visé se compose/.exec(xliff)![1]!
    const second = unitText(xliff, secondId)
    const number = (unit: string) => /<note category="paragraph">paragraph (\d+)<\/note>/.exec(unit)![1]
    const edited = xliff
      .replace(first, first.replace(/<target>[^<]*<\/target>/, '<target>Version révisée par la traductrice : les Directives visent toute autorité portuaire.</target>'))
      .replace(second, second.replace(/<target>[^<]*<\/target>/, '<target>Deuxième paragraphe révisé : le public est large.</target>'))
    writeFileSync(file, edited)
    const imported = run('translate', 'import', 'output/translate/fr.xlf')
    expect(imported.stderr).toBe('')
    expect(imported.status).toBe(0)
    expect(imported.stdout).toMatch(/^Imported 2 of \d+ units into translations\/fr\/ \(\d+ unchanged, \d+ without a translation, 0 not written\):\n {2}translations\/fr\/sections\/01-introduction\/a-purpose\/wco\.md: 2 units, translates [0-9a-f]{7}\n$/)
    const built = run('build', '--edition', 'working-document-fr')
    expect(built.status, built.stderr).toBe(0)
    const text = execFileSync('pdftotext', ['-layout', path.join(root, 'output', 'working-document-fr.pdf'), '-'], { encoding: 'utf8' })
    expect(text).toMatch(new RegExp(`^\\s*${number(first)}\\.\\s+Version révisée par la traductrice : les Directives visent toute autorité portuaire\\.`, 'm'))
    expect(text).toMatch(new RegExp(`^\\s*${number(second)}\\.\\s+Deuxième paragraphe révisé : le public est large\\.`, 'm'))
    expect(text).not.toContain('Les Directives portent sur la coopération')
  })

  it('reports a broken inline code at its line in the XLIFF, and exits 1', () => {
    const file = path.join(root, 'output', 'translate', 'fr.xlf')
    const xliff = readFileSync(file, 'utf8')
    const unit = unitText(xliff, 'fn.unctad.1')
    writeFileSync(file, xliff.replace(unit, unit.replace(/(<target>[^<]*)<pc id="1"[^>]*>([^<]*)<\/pc>/, '$1$2')))
    const line = xliff.slice(0, xliff.indexOf('<unit id="fn.unctad.1"')).split('\n').length
    const imported = run('translate', 'import', 'output/translate/fr.xlf')
    expect(imported.status).toBe(1)
    expect(imported.stderr).toBe(`output/translate/fr.xlf:${line}:5  error  Missing inline code <pc id="1"> (emphasis) in unit \`fn.unctad.1\`, expected every code of the source in the target; the unit is not written  xliff-invalid\n1 error, 0 warnings\n`)
  })
})
