import { DOMImplementation, XMLSerializer, type Document as XmlDocument, type Element as XmlElement, type Node as XmlNode } from '@xmldom/xmldom'
import type { GlossaryEntry, TranslatedGlossaryEntry } from '../config/types.js'
import { glossaryAnchor } from '../model/glossary.js'

/**
 * The glossary as a TBX-Basic termbase (TBX 2, ISO 30042:2008, `<martif type="TBX-Basic">`),
 * the terminology exchange format memoQ, Trados MultiTerm, OmegaT (via Okapi) and Weblate
 * import: one `<termEntry>` per source entry, a `<langSet>` per language holding the term
 * (`termType` fullForm) and its abbreviation (`termType` abbreviation) as separate `<tig>`s and
 * the definition as a `definition` `<descrip>`. A source entry not translated yet has only
 * its source language. Built as a DOM with @xmldom/xmldom.
 */
export function writeTbx(source: readonly GlossaryEntry[], translated: readonly TranslatedGlossaryEntry[], languages: { source: string; target: string }): string {
  const dom = new DOMImplementation().createDocument(null, 'martif', null)
  const root = dom.documentElement!
  root.setAttribute('type', 'TBX-Basic')
  root.setAttribute('xml:lang', languages.source)
  const element = (parent: XmlElement, name: string, attributes: Record<string, string> = {}, text?: string) => {
    const node = dom.createElement(name)
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value)
    if (text !== undefined) node.appendChild(dom.createTextNode(text))
    parent.appendChild(node)
    return node
  }
  const header = element(root, 'martifHeader')
  const fileDesc = element(header, 'fileDesc')
  element(element(fileDesc, 'sourceDesc'), 'p', {}, `Glossary of the document (glossary.yaml) and its ${languages.target} translation (translations/${languages.target}/glossary.yaml)`)
  element(element(header, 'encodingDesc'), 'p', { type: 'XCSURI' }, 'TBXBasicXCSV02.xcs')
  const body = element(element(root, 'text'), 'body')
  const byTerm = new Map(translated.map((entry) => [entry.source, entry]))
  for (const entry of source) {
    const termEntry = element(body, 'termEntry', { id: glossaryAnchor(entry) })
    const langSet = (lang: string, term: string, abbreviation: string | undefined, definition: string) => {
      const set = element(termEntry, 'langSet', { 'xml:lang': lang })
      element(element(set, 'descripGrp'), 'descrip', { type: 'definition' }, definition.replace(/\s+/g, ' ').trim())
      const full = element(set, 'tig')
      element(full, 'term', {}, term)
      element(full, 'termNote', { type: 'termType' }, 'fullForm')
      if (abbreviation) {
        const short = element(set, 'tig')
        element(short, 'term', {}, abbreviation)
        element(short, 'termNote', { type: 'termType' }, 'abbreviation')
      }
    }
    langSet(languages.source, entry.term, entry.abbreviation, entry.definition)
    const mine = byTerm.get(entry.term)
    if (mine) langSet(languages.target, mine.term, mine.abbreviation, mine.definition)
  }
  indent(dom, root, 0)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(dom)}\n`
}

const textual = new Set(['term', 'termNote', 'descrip', 'p'])

function indent(dom: XmlDocument, node: XmlElement, depth: number): void {
  if (textual.has(node.tagName)) return
  const children = Array.from(node.childNodes as unknown as ArrayLike<XmlNode>).filter((child) => child.nodeType === 1) as XmlElement[]
  if (children.length === 0) return
  for (const child of children) {
    node.insertBefore(dom.createTextNode(`\n${'  '.repeat(depth + 1)}`), child)
    indent(dom, child, depth + 1)
  }
  node.appendChild(dom.createTextNode(`\n${'  '.repeat(depth)}`))
}
