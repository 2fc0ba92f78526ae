import { createHash } from 'node:crypto'
import { deflateSync, inflateSync } from 'node:zlib'
import type JSZip from 'jszip'
import { decodeSourceMap, encodeSourceMap, type SourceMap } from '../comments/source-map.js'

/**
 * A DOCX edition maps back to its sources as a PDF does (src/comments/source-map.ts): it carries
 * the same source map (commit, edition, contributions with their sections and headings), as a
 * custom XML part, whose `blocks` are the source blocks printed (no pages or rectangles: Word lays
 * the pages out). Each Word paragraph printed from a source block is marked by a hidden bookmark
 * `_GS<index of the block>` around its text. Word and LibreOffice keep both when a reviewer saves
 * the document (bookmarks move with the text they mark), so comments and tracked changes are
 * found in the sources after any editing.
 */

/** Namespace of the custom XML part's root element (how the part is recognised). */
export const sourceMapNamespace = 'urn:guidelines-press:source-map'

/** Name the press gives the custom XML part (Word may rename it `itemN.xml` when it saves). */
export const sourceMapPart = 'customXml/item1.xml'

const customXmlType = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml'
const customXmlPropsType = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps'

/** Prefix of the hidden bookmarks that mark source blocks (a leading `_` hides a bookmark in Word). */
export const blockBookmarkPrefix = '_GS'

/** The bookmark of block `index` of the source map. */
export function blockBookmark(index: number): string {
  return `${blockBookmarkPrefix}${index}`
}

/** The block index a bookmark marks, or undefined for any other bookmark. */
export function blockIndexOf(name: string): number | undefined {
  const match = /^_GS(\d+)$/.exec(name)
  return match ? Number(match[1]) : undefined
}

/**
 * Bookmark names for the document's ids (targets of references). Word allows letters, digits and
 * underscores, at most 40 characters, starting with a letter: hyphens become underscores, a long id
 * is cut and given a hash of the whole, and a clash (`tab-a` and `tab_a` cannot both be ids, but a
 * cut can clash) gets a number. One instance per document: the same id always gets the same name.
 */
export function bookmarkNames(): (id: string) => string {
  const byId = new Map<string, string>()
  const taken = new Set<string>()
  return (id) => {
    const known = byId.get(id)
    if (known) return known
    let name = id.replace(/[^A-Za-z0-9_]/g, '_')
    if (!/^[A-Za-z]/.test(name)) name = `n${name}`
    if (name.length > 40) name = `${name.slice(0, 31)}_${createHash('sha256').update(id).digest('hex').slice(0, 8)}`
    let unique = name
    for (let n = 2; taken.has(unique); n++) unique = `${name.slice(0, 36)}_${n}`
    taken.add(unique)
    byId.set(id, unique)
    return unique
  }
}

/**
 * Add the source map to a written package as a custom XML part (deflated JSON in base64 inside
 * one element, so that no XML tool reformats it), related from the main document part.
 */
export async function addSourceMap(zip: JSZip, map: SourceMap): Promise<void> {
  const data = Buffer.from(deflateSync(encodeSourceMap(map), { level: 9 })).toString('base64')
  zip.file(sourceMapPart, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sourceMap xmlns="${sourceMapNamespace}" format="${map.format}" encoding="deflate+base64">${data}</sourceMap>`)
  // The GUID only tells Word's data store the parts apart; a constant keeps builds reproducible.
  zip.file(
    'customXml/itemProps1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{6B1F8C52-3D0A-4E57-9A61-0C5E2F4B7D13}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="${sourceMapNamespace}"/></ds:schemaRefs></ds:datastoreItem>`
  )
  zip.file('customXml/_rels/item1.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${customXmlPropsType}" Target="itemProps1.xml"/></Relationships>`)
  const types = await zip.file('[Content_Types].xml')!.async('string')
  zip.file('[Content_Types].xml', types.replace('</Types>', '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>'))
  const relsName = 'word/_rels/document.xml.rels'
  const rels = await zip.file(relsName)!.async('string')
  zip.file(relsName, rels.replace('</Relationships>', `<Relationship Id="rIdGuidelinesSourceMap" Type="${customXmlType}" Target="../${sourceMapPart}"/></Relationships>`))
}

/**
 * The source map of a DOCX package, from whichever custom XML part holds it (found through the
 * main part's relationships, then by looking at every customXml part: the names change when Word
 * saves). Undefined when there is none; throws when one is there but cannot be read.
 */
export async function readSourceMap(zip: JSZip): Promise<SourceMap | undefined> {
  const names = Object.keys(zip.files).filter((name) => /^customXml\/[^/]+\.xml$/i.test(name) && !/itemProps/i.test(name))
  for (const name of names) {
    const text = await zip.file(name)!.async('string')
    if (!text.includes(sourceMapNamespace)) continue
    const body = /<(?:\w+:)?sourceMap\b[^>]*>([\s\S]*?)<\/(?:\w+:)?sourceMap>/.exec(text)?.[1]
    if (body === undefined) throw new Error(`${name} holds no source map`)
    // Bounded: a tampered part must not inflate to gigabytes (a map of 400 pages is ~1 MB).
    return decodeSourceMap(inflateSync(Buffer.from(body.replace(/\s+/g, ''), 'base64'), { maxOutputLength: 64 * 1024 * 1024 }))
  }
  return undefined
}
