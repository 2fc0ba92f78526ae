#!/usr/bin/env node
// A table-heavy contribution for the parse benchmark (`npm run bench -- --only tables`): GFM
// tables of seven columns with `Table: ...` captions and ids, cells with emphasis, strong text,
// code, links, footnote calls and glossary abbreviations, a paragraph between tables.
// Deterministic (a fixed pseudo-random sequence): the same options give the same text.
//
//   node scripts/generate-tables.mjs [--tables 8] [--rows 50] [--out file.md]   (stdout without --out)
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

/** Abbreviations of this repository's glossary.yaml. */
const abbreviations = ['ACI', 'AEO', 'AEOs', 'API', 'AVI', 'BCP', 'EDI', 'ETA', 'IMO', 'ISPS', 'KPI', 'MRA', 'NSW', 'PCS', 'RFID', 'TFA', 'WCO', 'WTO']
const words = ['cargo', 'vessel', 'manifest', 'declaration', 'port', 'terminal', 'container', 'inspection', 'release', 'risk', 'operator', 'authority', 'clearance', 'berth', 'seal', 'gate', 'data', 'exchange', 'control', 'notice', 'arrival', 'departure', 'carrier', 'agent', 'audit', 'permit', 'transit', 'quay', 'scan', 'record']
const headings = ['Step', 'Party', 'Data submitted', 'System', 'Deadline', 'Follow-up', 'Reference']

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The Markdown of a contribution (front matter included) with `tables` tables of `rows` body
 * rows of seven columns each.
 */
export function tableCorpus({ tables = 8, rows = 50, seed = 19, section = 'table-corpus', writer = 'WCO' } = {}) {
  const next = random(seed)
  const pick = (list) => list[Math.floor(next() * list.length)]
  const phrase = (n) => Array.from({ length: n }, () => pick(words)).join(' ')
  const cell = (row, column) => {
    const kind = Math.floor(next() * 10)
    if (column === 0) return `${row + 1}`
    if (column === 6) return kind < 4 ? `[${phrase(2)}](https://www.wcoomd.org/en/topics/${pick(words)}-${row}.html)` : kind < 6 ? `Art. ${Math.floor(next() * 40) + 1}.${Math.floor(next() * 9) + 1}` : `see [](#tab-corpus-${(row % tables) + 1})`
    switch (kind) {
      case 0: return `*${phrase(2)}* ${phrase(1)}`
      case 1: return `**${pick(abbreviations)}** ${phrase(2)}`
      case 2: return `${phrase(1)} via \`${pick(words).toUpperCase()}-${row}\``
      case 3: return `${pick(abbreviations)} and ${pick(abbreviations)} ${phrase(1)}`
      case 4: return `${phrase(3)}, ${Math.floor(next() * 72) + 1} h`
      case 5: return `${phrase(2)}[^n${(row % 5) + 1}]`
      case 6: return `${phrase(1)} \\| ${phrase(1)}`
      case 7: return `_${phrase(1)}_ (${pick(abbreviations)})`
      default: return `${phrase(2)} ${pick(abbreviations)}`
    }
  }
  const out = [`---\nsection: ${section}\nwriter: ${writer}\nstatus: final\n---\n`, '# Tables of procedures {#corpus-tables}\n']
  for (let t = 1; t <= tables; t++) {
    out.push(`The ${phrase(2)} of the ${pick(abbreviations)} programme is summarised in [](#tab-corpus-${t}); each ${phrase(1)} is *${phrase(2)}* by the ${pick(abbreviations)}.\n`)
    out.push(`Table: ${phrase(3)} for ${pick(abbreviations)} operators, part ${t} {#tab-corpus-${t}}\n`)
    const lines = [`| ${headings.join(' | ')} |`, `|${[':--', '---', '---', ':-:', '--:', '---', '---'].join('|')}|`]
    for (let r = 0; r < rows; r++) lines.push(`| ${Array.from({ length: 7 }, (_, c) => cell(r, c)).join(' | ')} |`)
    out.push(`${lines.join('\n')}\n`)
  }
  for (let n = 1; n <= 5; n++) out.push(`[^n${n}]: ${phrase(4)} of the ${pick(abbreviations)}.\n`)
  return out.join('\n')
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { tables: { type: 'string', default: '8' }, rows: { type: 'string', default: '50' }, out: { type: 'string' } }, strict: true })
  const text = tableCorpus({ tables: Number(values.tables), rows: Number(values.rows) })
  if (values.out) await writeFile(values.out, text)
  else process.stdout.write(text)
}
