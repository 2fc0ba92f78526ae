import { deflateSync } from 'node:zlib'
import { inflateBounded, maxStreamBytes } from './pdf-guard.js'
import type { Heading } from 'mdast'
import { toString } from 'mdast-util-to-string'
import type { VFile } from 'vfile'
import type { Numbered } from '../link/number.js'
import type { RenderedDocument } from '../core/render.js'
import type { LayoutBlock } from '../paginate/types.js'

export type { LayoutBlock } from '../paginate/types.js'

/** Name of the file the build embeds in every PDF (`guidelines comments` reads it back). */
export const sourceMapName = 'guidelines-source-map.json'

/** Version tag of the embedded data; readers refuse other majors. */
export const sourceMapFormat = 'guidelines-press/source-map@1'

/** A heading of a contribution, as numbered in this edition. */
export interface SourceHeading {
  line: number
  depth: number
  /** Section number as printed in cross-references ("2.a.i", "3.2.1"); absent when unnumbered. */
  number?: string
  title: string
}

/** One contribution: who wrote it and where it stands in the outline. */
export interface SourceEntry {
  writer: string
  writerName: string
  section: { id: string; number: string; title: string }
  headings: SourceHeading[]
  /** Document-wide numbers of the footnotes this contribution defines (printed apart from it, as `aside#fn-N`). */
  footnotes?: number[]
}

/** The data a PDF carries so that annotations can be mapped back to the sources. */
export interface SourceMap {
  format: typeof sourceMapFormat
  edition: string
  /** Commit the sources were read from, when the project is a git work tree. */
  commit?: string
  /** Whether the work tree had changes not committed (then the commit's text may differ). */
  dirty?: boolean
  /** Project root relative to the git top level ('' at the top), to find sources in commits. */
  prefix?: string
  pages: number
  folios: string[]
  sources: Record<string, SourceEntry>
  blocks: LayoutBlock[]
}

/** Contribution data for the source map: writer, section and the headings as this edition numbered them. */
export function describeSource(file: VFile, meta: { writer: string; writerName: string }, section: { id: string; label: string; marker: string; title: string; kind: string }, numbered: Pick<Numbered, 'nodes' | 'footnotes'>): SourceEntry {
  const headings = (file.data.collected?.headings ?? []).map((heading: Heading): SourceHeading => {
    const marker = numbered.nodes.get(heading)?.marker
    const number = marker ? headingNumberOf(section, marker) : undefined
    return { line: heading.position?.start.line ?? 1, depth: heading.depth, number, title: toString(heading) }
  })
  const number = section.kind === 'front' ? '' : section.label.replace(/^(Section|Chapter) /, '')
  const footnotes = [...(numbered.footnotes.get(file)?.values() ?? [])]
  return { writer: meta.writer, writerName: meta.writerName, section: { id: section.id, number, title: section.title }, headings, ...(footnotes.length > 0 ? { footnotes } : {}) }
}

/** "2.a" + "i." gives "2.a.i" (outline numbering); decimal markers are already complete. */
function headingNumberOf(section: { label: string }, marker: string): string {
  if (/^\d+(\.\d+)+$/.test(marker)) return marker
  return `${section.label.replace(/^(Section|Chapter) /, '')}.${marker.replace(/\.$/, '')}`
}

/** Serialise a source map for embedding (JSON, deflated by the PDF writer; the paginator gives rectangles to 0.01 px). */
export function encodeSourceMap(map: SourceMap): Uint8Array {
  return Buffer.from(JSON.stringify(map), 'utf8')
}

/** Parse embedded source-map bytes (already inflated, or zlib-deflated: inflated to at most maxStreamBytes). */
export function decodeSourceMap(bytes: Uint8Array): SourceMap {
  let buffer: Buffer = Buffer.from(bytes)
  if (buffer[0] === 0x78) buffer = inflateBounded(buffer, maxStreamBytes, 'The source map')
  const map = JSON.parse(buffer.toString('utf8')) as SourceMap
  if (typeof map.format !== 'string' || !map.format.startsWith('guidelines-press/source-map@1')) throw new Error(`Unexpected embedded data format \`${String(map.format)}\`, expected ${sourceMapFormat}`)
  return map
}

/** Deflate helper for callers that store the map outside a PDF stream. */
export function deflateSourceMap(map: SourceMap): Uint8Array {
  return deflateSync(encodeSourceMap(map), { level: 9 })
}

/**
 * The `sources` table of a source map, for one edition: every contribution of the outline's
 * groups (`Parsed.groups`, in the outline's order), described with that edition's numbers.
 */
export function describeSources(
  groups: ReadonlyArray<{ section: { id: string }; contributions: ReadonlyArray<{ file: VFile; meta: { writer: string } | undefined }> }>,
  document: Pick<RenderedDocument, 'outline' | 'numbered'>,
  contributors: Readonly<Record<string, string>>
): Record<string, SourceEntry> {
  const sources: Record<string, SourceEntry> = {}
  for (const group of groups) {
    const section = document.outline.byId.get(group.section.id)
    if (!section) continue
    for (const { file, meta } of group.contributions) {
      if (!meta) continue
      sources[file.path] = describeSource(file, { writer: meta.writer, writerName: contributors[meta.writer] ?? meta.writer }, section, document.numbered)
    }
  }
  return sources
}
