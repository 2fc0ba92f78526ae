import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

describe('the library entry (package.json "exports")', () => {
  test('is built, and renders a document through the public stages', async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: { '.': string } }
    const api = (await import(pathToFileURL(path.join(root, pkg.exports['.'])).href)) as typeof import('../../src/index.js')
    expect(typeof api.build).toBe('function')
    const reader = api.memoryReader('/nonexistent', {
      'guidelines.yaml': 'title: T\nlanguage: en\norganisations: [WCO]\ncontributors: { WCO: World Customs Organization }\noutline:\n  - id: one\n    title: One\n    sections:\n      - id: a\n        title: A\n        writers: [WCO]\neditions:\n  doc: { template: iaph }\n',
      'sections/a.md': '---\nsection: a\nwriter: WCO\n---\n\n# Heading\n\nText.\n'
    })
    const parsed = await api.parseAll(await api.loadProject(reader))
    const document = await api.renderDocument(parsed!, { outputDir: '/nonexistent/output' })
    expect(document.sections[0]!.contributions[0]!.writer).toBe('WCO')
    expect(document.numbered.counts.paragraphs).toBe(1)
  })
})
