import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const src = path.join(root, 'src')

/**
 * The layers as docs/architecture.md lists them ("## Layers": one numbered line a layer, lowest
 * first, naming folders as `name/` and root modules as `name.ts`): the test reads the document,
 * so the rule and its description cannot drift apart.
 */
function layers(): Map<string, number> {
  const doc = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8')
  const section = doc.slice(doc.indexOf('## Layers'))
  const out = new Map<string, number>()
  for (const line of section.split('\n')) {
    const match = /^(\d+)\. (.*)$/.exec(line)
    if (!match) continue
    for (const unit of match[2]!.matchAll(/`([a-z0-9-]+)(\/|\.ts)`/g)) out.set(unit[1]!, Number(match[1]))
  }
  return out
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

/** The unit of a source file: its top folder under src/, or its own name for a root module. */
function unitOf(file: string): string {
  const [first, ...rest] = path.relative(src, file).split(path.sep)
  return rest.length > 0 ? first! : first!.replace(/\.ts$/, '')
}

/** Every relative import of a module (static, dynamic and type-only), resolved to a file of src/. */
function imports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  return info.importedFiles.map((i) => i.fileName).filter((name) => name.startsWith('.')).map((name) => path.resolve(path.dirname(file), name).replace(/\.js$/, '.ts'))
}

describe('layers (docs/architecture.md)', () => {
  const order = layers()

  test('the document lists the layers, and every folder and root module of src/ is in one', () => {
    expect(order.size).toBeGreaterThan(10)
    const units = new Set(sources(src).map(unitOf))
    expect([...units].filter((unit) => !order.has(unit)).sort()).toEqual([])
  })

  test('a module imports only its own folder or lower layers (never a sibling folder of its layer)', () => {
    const wrong: string[] = []
    for (const file of sources(src)) {
      const from = unitOf(file)
      for (const target of imports(file)) {
        const to = unitOf(target)
        if (to === from) continue
        if ((order.get(to) ?? Infinity) >= (order.get(from) ?? -Infinity)) wrong.push(`${path.relative(root, file)} imports ${path.relative(root, target)} (${from}: layer ${order.get(from)}, ${to}: layer ${order.get(to)})`)
      }
    }
    expect(wrong).toEqual([])
  })
})
