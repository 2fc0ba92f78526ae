// Reading a DOCX back in the tests: its parts parsed with xmldom, each paragraph with its style and
// text (as a reader of the document sees it), bookmarks, hyperlinks and fields.
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom'
import JSZip from 'jszip'

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

export interface Docx {
  zip: JSZip
  part: (name: string) => XmlDocument | undefined
  names: string[]
}

export async function openDocx(data: Uint8Array): Promise<Docx> {
  const zip = await JSZip.loadAsync(data)
  const parts = new Map<string, XmlDocument>()
  for (const name of Object.keys(zip.files)) {
    if (!/\.(xml|rels)$/.test(name)) continue
    let failure: string | undefined
    const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && (failure ??= message)) }).parseFromString(await zip.file(name)!.async('string'), 'text/xml')
    if (failure) throw new Error(`${name} is not well-formed: ${failure}`)
    parts.set(name, doc)
  }
  return { zip, part: (name) => parts.get(name), names: Object.keys(zip.files) }
}

export const all = (node: XmlDocument | XmlElement, name: string): XmlElement[] => Array.from(node.getElementsByTagNameNS(W, name))
export const attr = (element: XmlElement | undefined, name: string): string | undefined => element?.getAttributeNS(W, name) ?? undefined

export interface Para {
  style: string
  text: string
  element: XmlElement
}

/** Every paragraph of a part, with its style and text (tabs as tab characters). */
export function paragraphs(doc: XmlDocument): Para[] {
  return all(doc, 'p').map((p) => {
    const style = attr(all(p, 'pStyle')[0], 'val') ?? 'Normal'
    let text = ''
    for (const node of Array.from(p.getElementsByTagNameNS(W, '*'))) {
      if (node.localName === 't') text += node.textContent ?? ''
      else if (node.localName === 'tab' && node.parentNode && (node.parentNode as XmlElement).localName === 'r') text += '\t'
      else if (node.localName === 'br') text += '\n'
    }
    return { style, text, element: p }
  })
}

/** The text of a DOCX as a reader sees it: body paragraphs, then footnotes. */
export function documentText(docx: Docx): string {
  const body = paragraphs(docx.part('word/document.xml')!).map((p) => p.text)
  const notes = docx.part('word/footnotes.xml')
  const footnotes = notes ? all(notes, 'footnote').filter((f) => !attr(f, 'type') || attr(f, 'type') === 'normal').flatMap((f) => paragraphs(f as unknown as XmlDocument).map((p) => p.text)) : []
  return [...body, ...footnotes].join('\n')
}
