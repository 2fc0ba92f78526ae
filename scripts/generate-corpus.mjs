#!/usr/bin/env node
// Generate a large project for benchmarks: the repository's document replicated N times.
//
//   node scripts/generate-corpus.mjs [--copies 10] [--from .] [--out output/bench/corpus-10x]
//
// Copy 1 is the source project as it is. Copies 2..N repeat every chapter, annex, section and
// contribution with ids suffixed `-xK` (outline ids, `{#id}` attributes, `](#id)` references,
// `section:` front matter), so the result builds without duplicate-id or unresolved-reference
// errors. Front matter parts (foreword...) and edition bodies are kept once. Prints the folder.
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parseDocument } from 'yaml'

const { values } = parseArgs({
  options: { copies: { type: 'string', default: '10' }, from: { type: 'string', default: '.' }, out: { type: 'string' } },
  strict: true
})
const copies = Number(values.copies)
if (!Number.isInteger(copies) || copies < 1) throw new Error(`Unexpected --copies ${values.copies}, expected a positive integer`)
const from = path.resolve(values.from)
const out = path.resolve(values.out ?? path.join(from, 'output', 'bench', `corpus-${copies}x`))

/** Rewrite the ids and references of one Markdown contribution for copy `k`. */
export function rewriteMarkdown(text, suffix) {
  return text
    .replace(/^(section:\s*)([A-Za-z0-9_-]+)/m, (_, key, id) => `${key}${id}${suffix}`)
    .replace(/\{#([A-Za-z][\w-]*)/g, (_, id) => `{#${id}${suffix}`)
    .replace(/\]\(#([A-Za-z][\w-]*)\)/g, (_, id) => `](#${id}${suffix})`)
}

async function main() {
  const config = parseDocument(await readFile(path.join(from, 'guidelines.yaml'), 'utf8'))
  const data = config.toJS()
  const bodies = new Set(Object.values(data.editions ?? {}).flatMap((e) => (e.body ? [path.posix.normalize(e.body)] : [])))
  const frontIds = new Set((data.front ?? []).map((s) => s.id))

  await rm(out, { recursive: true, force: true })
  await mkdir(out, { recursive: true })
  // Copy 1: the project itself (sources, glossary, images, project templates and styles if any).
  for (const entry of ['guidelines.yaml', 'glossary.yaml', 'sections', 'templates', 'styles']) {
    await cp(path.join(from, entry), path.join(out, entry), { recursive: true }).catch((error) => {
      if (error.code !== 'ENOENT') throw error
    })
  }

  const suffixed = (chapter, suffix) => ({
    ...chapter,
    id: `${chapter.id}${suffix}`,
    title: `${chapter.title} (${suffix.slice(2)})`,
    sections: chapter.sections.map((s) => ({ ...s, id: `${s.id}${suffix}` }))
  })
  const outline = [...data.outline]
  const annexes = [...(data.annexes ?? [])]
  for (let k = 2; k <= copies; k++) {
    const suffix = `-x${k}`
    outline.push(...data.outline.map((c) => suffixed(c, suffix)))
    annexes.push(...(data.annexes ?? []).map((c) => suffixed(c, suffix)))
  }
  config.set('outline', config.createNode(outline))
  if (data.annexes) config.set('annexes', config.createNode(annexes))
  await writeFile(path.join(out, 'guidelines.yaml'), String(config))

  // Copies 2..N of every contribution, in `sections/<top>-xK/<rest>` (same depth, so relative
  // image paths such as ../../images/x.svg still resolve).
  const files = (await readdir(path.join(from, 'sections'), { recursive: true })).filter((f) => f.endsWith('.md')).map((f) => f.split(path.sep).join('/'))
  let written = 0
  for (const relative of files) {
    if (bodies.has(`sections/${relative}`)) continue
    const text = await readFile(path.join(from, 'sections', relative), 'utf8')
    const section = /^section:\s*([A-Za-z0-9_-]+)/m.exec(text)?.[1]
    if (!section || frontIds.has(section)) continue
    const [top, ...rest] = relative.split('/')
    for (let k = 2; k <= copies; k++) {
      const target = path.join(out, 'sections', `${top}-x${k}`, ...rest)
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, rewriteMarkdown(text, `-x${k}`))
      written++
    }
  }
  process.stdout.write(`${out}\n`)
  process.stderr.write(`generate-corpus: ${copies} copies, ${files.length + written} contributions in ${path.relative(process.cwd(), out) || out}\n`)
}

await main()
