import type { Root, Heading, Paragraph, Table, Text } from 'mdast'
import type { VFile } from 'vfile'
import { toString } from 'mdast-util-to-string'
import { location } from 'vfile-location'
import { decodeNamedCharacterReference } from 'decode-named-character-reference'
import { report } from '../report/rules.js'
import { writesOut, type AbbreviationMatcher } from './util/abbreviations.js'
import { withCaptions } from './util/captions.js'
import { skip, walk } from './util/walk.js'
import type { Collected } from '../model/collected.js'


export interface CollectOptions {
  matcher: AbbreviationMatcher
}

/**
 * Pass 1: classify the blocks of a contribution and note its ids, footnotes and abbreviations
 * in `file.data.collected`. Changes nothing in the tree. Warns about words of capitals that the
 * glossary lacks (`glossary-unknown-abbreviation`); reports footnote calls with no definition
 * (`footnote-undefined`), which GFM leaves as literal text.
 */
export default function remarkCollect(options: CollectOptions) {
  const { matcher } = options
  return (tree: Root, file: VFile) => {
    const collected: Collected = { headings: [], paragraphs: [], tables: [], figures: [], footnotes: [], ids: [], abbreviations: new Map(), noteAbbreviations: new Map(), mentions: new Set(), terms: [] }
    for (const node of tree.children) {
      if (node.type === 'heading') {
        collected.headings.push(node)
        if (node.data?.id) collected.ids.push({ id: node.data.id, kind: 'heading', node })
      } else if (node.type === 'paragraph') {
        if (node.data?.figure) {
          collected.figures.push(node)
          if (node.data.id) collected.ids.push({ id: node.data.id, kind: 'figure', node })
        } else {
          collected.paragraphs.push(node)
          if (node.data?.id) collected.ids.push({ id: node.data.id, kind: 'paragraph', node })
        }
      } else if (node.type === 'table' && node.data?.caption) {
        collected.tables.push(node)
        if (node.data.id) collected.ids.push({ id: node.data.id, kind: 'table', node })
      }
    }
    const source = String(file.value)
    const place = location(file)
    const seenFootnotes = new Set<string>()
    walk(withCaptions(tree), (node, _index, ancestors) => {
      if (node.type === 'footnoteReference') {
        const label = node.identifier
        if (!seenFootnotes.has(label)) {
          seenFootnotes.add(label)
          collected.footnotes.push(label)
        }
        return
      }
      if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html' || node.type === 'yaml') return skip
      if (node.type !== 'text') return
      const text = node as Text
      const inHeading = ancestors.some((a) => a.type === 'heading')
      const inLink = ancestors.some((a) => a.type === 'link')
      const locate = locatorIn(text, source, place)
      for (const unknown of matcher.unknown(text.value)) {
        report(file, 'glossary-unknown-abbreviation', `Unexpected abbreviation \`${unknown.text}\` that the glossary lacks, expected an entry in glossary.yaml (or write it out)`, locate(unknown.index))
      }
      // GFM leaves a footnote call without a definition as literal text: it would print as `[^x]`.
      const calls = locatorIn(text, source, place)
      for (const call of text.value.matchAll(/\[\^([^\]\s]+)\]/g)) {
        report(file, 'footnote-undefined', `Unexpected footnote call \`[^${call[1]}]\` with no definition, expected a line \`[^${call[1]}]: text of the note\` in this file`, calls(call.index))
      }
      if (inHeading || inLink) return
      for (const use of matcher.terms(text.value)) {
        if (!collected.mentions.has(use.entry.term)) collected.terms.push(use.entry.term)
        collected.mentions.add(use.entry.term)
      }
      // A footnote is not where a reader meets an abbreviation first: it is expanded in the text.
      const inFootnote = ancestors.some((a) => a.type === 'footnoteDefinition')
      const firstUses = inFootnote ? collected.noteAbbreviations : collected.abbreviations
      for (const match of matcher.find(text.value)) {
        const abbreviation = match.entry.abbreviation
        collected.mentions.add(abbreviation)
        // A compound ("AEO-certified") is no place to write the term out.
        if (match.compound || firstUses.has(abbreviation)) continue
        const block = [...ancestors].reverse().find((a) => a.type === 'paragraph' || a.type === 'tableCell' || a.type === 'listItem') ?? ancestors[ancestors.length - 1]
        const writtenOut = block ? writesOut(toString(block), match.entry.term) : false
        firstUses.set(abbreviation, { writtenOut })
      }
    })
    file.data.collected = collected
  }
}

/**
 * Point of `index` in a text node. The value keeps line breaks but not the indentation or
 * markers (`> `, list indent) of continuation lines, so those lines are found in the source.
 */
/** A character reference at the start of `text` (`&amp;`, `&#38;`, `&#x26;`): its length and what it stands for. */
function characterReference(text: string): { length: number; text: string } | undefined {
  const match = /^&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{1,31}));/.exec(text)
  if (!match) return undefined
  const code = match[3] ? 0 : Number.parseInt(match[1] ?? match[2]!, match[1] ? 10 : 16)
  // As CommonMark: a number that is no character (0, or beyond U+10FFFF) stands for U+FFFD.
  const decoded = match[3] ? decodeNamedCharacterReference(match[3]) : String.fromCodePoint(code > 0 && code <= 0x10ffff ? code : 0xfffd)
  return decoded === false ? undefined : { length: match[0].length, text: decoded }
}

/**
 * Where characters of a text node's value stand in the source: a function of the index, to call
 * with increasing indexes. The value is the source less backslash escapes, character references
 * and the indentation of continuation lines, so both are walked side by side from the node's
 * start; the walk goes on from the previous call (a walk from the start for each of thousands
 * of warnings in one long paragraph took the square of its length: 40,000 of them, 28 s).
 */
function locatorIn(node: Text, source: string, place: ReturnType<typeof location>) {
  const start = node.position?.start
  const end = node.position?.end
  const value = node.value
  let i = 0
  let j = start?.offset ?? 0
  return (index: number) => {
    if (!start || start.offset === undefined || end?.offset === undefined) return start
    if (index < i) {
      i = 0
      j = start.offset
    }
    let reference: { length: number; text: string } | undefined
    while (i < index && j < end.offset) {
      if (source[j] === value[i]) {
        i++
        j++
      } else if (source[j] === '\\' && source[j + 1] === value[i]) {
        j++
      } else if (source[j] === '&' && (reference = characterReference(source.slice(j, j + 40)))) {
        j += reference.length
        i += reference.text.length
      } else {
        j++ // indentation or a line ending that the value does not have
      }
    }
    return place.toPoint(j) ?? start
  }
}
