import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { messages, runPipeline, type MemoryProject, type PipelineOptions } from './pipeline.js'

/** tests/fixtures */
export const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')

/** With `UPDATE=1`, expectations are rewritten from the actual output (read the diff). */
export const updating = process.env['UPDATE'] === '1'

/** Case folders of `tests/fixtures/<plugin>/`, by name. */
export function fixtureCases(plugin: string): string[] {
  const folder = path.join(fixturesRoot, plugin)
  const cases = readdirSync(folder).filter((name) => statSync(path.join(folder, name)).isDirectory()).sort()
  if (cases.length === 0) throw new Error(`No fixture cases in ${folder}`)
  return cases
}

/**
 * Run one fixture case through the pipeline (its `input.md` is a contribution named `input.md`,
 * with the default outline and glossary; images resolve against the case folder), then compare
 * the rendered HTML with `expected.html` and the messages with `expected-messages.txt`.
 * Returns the HTML and the rule of each message, for assertions of the case's own.
 */
export async function checkFixture(plugin: string, name: string, options: PipelineOptions & Omit<MemoryProject, 'files' | 'root'> = {}): Promise<{ html: string; rules: string[] }> {
  const folder = path.join(fixturesRoot, plugin, name)
  const input = readFileSync(path.join(folder, 'input.md'), 'utf8')
  const { config, glossary, ...pipelineOptions } = options
  const result = await runPipeline({ config, glossary, root: folder, files: { 'input.md': input } }, pipelineOptions)
  const file = result.file('input.md')
  const html = result.html.get('input.md') ?? ''
  const messageText = messages(file).map((m) => `${m}\n`).join('')
  compare(path.join(folder, 'expected.html'), html)
  compare(path.join(folder, 'expected-messages.txt'), messageText)
  return { html, rules: file.messages.map((m) => m.ruleId ?? '') }
}

function compare(expectedFile: string, actual: string): void {
  if (updating) {
    writeFileSync(expectedFile, actual)
    return
  }
  if (!existsSync(expectedFile)) throw new Error(`Missing ${path.relative(fixturesRoot, expectedFile)}: run the tests with UPDATE=1, then read the file it writes`)
  expect(actual, path.relative(fixturesRoot, expectedFile)).toBe(readFileSync(expectedFile, 'utf8'))
}
