import type { Element, ElementContent, Nodes, Parent } from 'hast'
import { h } from 'hastscript'
import { toString } from 'hast-util-to-string'
import { walk } from '../markdown/util/walk.js'
import type { Guidelines } from '../config/types.js'
import { builtInLabels, formatLabel, type Labels } from '../i18n/labels.js'
import type { Outline, PartUnit, SectionUnit } from '../outline/model.js'
import { formatLongDate } from '../i18n/dates.js'
import { glossaryAnchor, type GlossaryTerm } from '../model/glossary.js'
import type { RenderedSection } from '../core/render.js'
import { structureHint } from '../pdfua/hints.js'

export type { RenderedContribution, RenderedSection } from '../core/render.js'

export interface TocEntry {
  level: number
  marker: string
  title: string
  href: string
  kind: string
}

export interface ListEntry {
  label: string
  title: string
  href: string
}

/** The assembled document: one HTML tree plus the lists templates print around it. */
export interface Assembled {
  front: Element[]
  body: Element[]
  back: Element[]
  footnotes: Element | undefined
  toc: TocEntry[]
  figures: ListEntry[]
  tables: ListEntry[]
}

export interface AssembleOptions {
  config: Guidelines
  /** Glossary entries as HTML (definition rendered from Markdown), in the edition's language. */
  glossary: Array<{ entry: GlossaryTerm; definition: ElementContent[] }>
  /** Show each contribution's writer and a placeholder for missing ones (review editions). */
  review: boolean
  /** The edition's language (sorting, dates) and words; English by default. */
  language?: string
  labels?: Labels
  /** Contributors' names in the edition's language, where they differ. */
  contributors?: Readonly<Record<string, string>>
}

/**
 * Put the rendered contributions into the document's structure: front parts, chapters and
 * their sections, the generated glossary, annexes; gather footnotes into one list; and derive
 * the table of contents and the lists of figures and tables. Pure: builds new nodes only.
 */
export function assemble(outline: Outline, sections: RenderedSection[], options: AssembleOptions): Assembled {
  const language = options.language ?? 'en'
  const labels = options.labels ?? builtInLabels.en
  const bySection = new Map(sections.map((s) => [s.section.id, s]))
  const toc: TocEntry[] = []
  const footnotes: Element[] = []
  const front: Element[] = []
  const body: Element[] = []
  const back: Element[] = []

  const sectionElement = (unit: SectionUnit, rank: number): Element => {
    const rendered = bySection.get(unit.id)
    const heading = h(`h${rank}`, { className: ['section-title'] }, unit.marker ? [h('span.num', unit.marker), ' ', unit.title] : [unit.title])
    toc.push({ level: rank, marker: unit.marker, title: unit.title, href: `#${unit.id}`, kind: unit.kind === 'front' ? 'front' : 'section' })
    const children: ElementContent[] = [heading]
    // Review editions: a placeholder for each missing writer, where the outline's order of
    // writers puts their text (before the first contribution of a writer listed after them).
    const writers = unit.source.writers ?? []
    const rankOf = (code: string) => (writers.includes(code) ? writers.indexOf(code) : writers.length)
    const pending = options.review ? [...(rendered?.missing ?? [])].sort((a, b) => rankOf(a) - rankOf(b)) : []
    const placeholder = (code: string) => {
      const name = options.contributors?.[code] ?? options.config.contributors[code] ?? code
      const text = unit.source.due ? formatLabel(labels.contributionPendingDue, { name, date: formatLongDate(unit.source.due, language) }) : formatLabel(labels.contributionPending, { name })
      return h('p.placeholder', { dataWriter: code }, text)
    }
    for (const contribution of rendered?.contributions ?? []) {
      while (pending.length > 0 && rankOf(pending[0]!) < rankOf(contribution.writer)) children.push(placeholder(pending.shift()!))
      const content = contribution.tree.children.filter((node): node is ElementContent => node.type !== 'doctype')
      // Source text printed in a language edition because no translation exists yet: marked (in
      // the edition's language), and in its own language (hyphenation, PDF /Lang).
      const untranslated = contribution.untranslated ? { className: ['contribution', 'untranslated'], lang: contribution.language } : { className: ['contribution'] }
      const wrapper = h('div', { ...untranslated, dataWriter: contribution.writer, dataSource: contribution.source }, [
        ...(options.review ? [h('span.attribution', { title: contribution.writerName }, contribution.writer)] : []),
        ...(contribution.untranslated ? [h('p.untranslated-note', { lang: language }, labels.untranslated)] : []),
        ...content
      ])
      const notes: Element[] = []
      extractFootnotes(wrapper, notes)
      markNotes(notes, contribution.language ?? language)
      footnotes.push(...notes)
      collectHeadings(wrapper, toc)
      children.push(wrapper)
    }
    for (const code of pending) children.push(placeholder(code))
    return h('section', { className: ['section', `section-${unit.kind}`], id: unit.id }, children)
  }

  const partElement = (part: PartUnit): Element => {
    const kind = part.kind === 'annex' ? 'annex' : 'chapter'
    // The space after the number inside its span: templates set the number as a block, and the
    // PDF's bookmark (Chromium's, from the laid-out text) keeps a space only there (base.css).
    const title = part.kind === 'annex' ? [h('span.num', `${part.marker} `), h('span.annex-title', part.title)] : [h('span.num', `${part.marker} `), part.title]
    toc.push({ level: 1, marker: part.marker, title: part.title, href: `#${part.id}`, kind })
    return h('section', { className: [kind], id: part.id }, [h('h1', { className: [`${kind}-title`], dataRunning: part.kind === 'annex' ? `${part.marker} – ${part.title}` : part.title }, title), ...part.sections.map((s) => sectionElement(s, 2))])
  }

  for (const part of outline.parts) {
    if (part.kind === 'front') {
      for (const section of part.sections) front.push(h('section', { className: ['front-part'] }, [sectionElement(section, 1)]))
    } else if (part.kind === 'chapter') {
      body.push(partElement(part))
    }
  }
  if (options.glossary.length > 0) {
    const title = labels.glossary
    toc.push({ level: 1, marker: '', title, href: '#glossary', kind: 'glossary' })
    const entries = [...options.glossary].sort((a, b) => (a.entry.abbreviation ?? a.entry.term).localeCompare(b.entry.abbreviation ?? b.entry.term, language, { sensitivity: 'base' }))
    back.push(
      h('section.glossary', { id: 'glossary' }, [
        h('h1.glossary-title', { dataRunning: title }, title),
        h(
          'dl.glossary-list',
          entries.flatMap(({ entry, definition }) => [
            h('dt', { id: glossaryAnchor(entry) }, entry.abbreviation ? [h('abbr', entry.abbreviation), h('span.term', entry.term)] : [h('span.term', entry.term)]),
            h('dd', definition)
          ])
        )
      ])
    )
  }
  for (const part of outline.parts) if (part.kind === 'annex') back.push(partElement(part))

  const all = h('div', [...front, ...body, ...back])
  const figures: ListEntry[] = []
  const tables: ListEntry[] = []
  walk<Nodes, Parent>(all, (node) => {
    if (node.type !== 'element') return
    if (node.tagName === 'figure' && node.properties.id) {
      const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption')
      figures.push(listEntry(caption, String(node.properties.id)))
    } else if (node.tagName === 'table' && node.properties.id) {
      const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption')
      tables.push(listEntry(caption, String(node.properties.id)))
    }
  })
  return { front, body, back, footnotes: footnoteList(footnotes, labels), toc, figures, tables }
}

function listEntry(caption: Element | undefined, id: string): ListEntry {
  const label = caption ? toString(caption.children[0] as Element) : ''
  const text = caption ? toString(caption).slice(label.length).replace(/^[\s\u00a0\u202f]*:[\s\u00a0\u202f]*/, '') : ''
  return { label, title: text, href: `#${id}` }
}

/**
 * The document's footnotes as one list (`section.footnotes`, by number), from which the
 * paginator takes each note to the page citing it; undefined when there are none.
 */
export function footnoteList(notes: Element[], labels: Labels = builtInLabels.en): Element | undefined {
  if (notes.length === 0) return undefined
  const sorted = [...notes].sort((a, b) => Number(a.properties.dataFn) - Number(b.properties.dataFn))
  return h('section.footnotes', { role: 'doc-endnotes' }, [h('h2.footnotes-title', labels.notes), ...sorted])
}

/** Mark footnotes in `language` for the PDF's structure tree: a Note each (src/pdfua/hints.ts). */
export function markNotes(footnotes: Element[], language: string): void {
  for (const note of footnotes) note.properties.lang = structureHint(language, 'note')
}

/** Move every `aside.footnote` of `tree` into `into` (in document order). */
export function extractFootnotes(tree: Element, into: Element[]): void {
  walk<Nodes, Parent>(tree, (node, index, ancestors) => {
    if (node.type === 'element' && node.tagName === 'aside' && (node.properties.className as string[] | undefined)?.includes('footnote')) {
      const parent = ancestors[ancestors.length - 1]!
      into.push(node)
      parent.children.splice(index, 1)
      return index
    }
  })
}

function collectHeadings(tree: Element, toc: TocEntry[]): void {
  walk<Nodes, Parent>(tree, (node) => {
    if (node.type !== 'element' || node.tagName !== 'h3' || !node.properties.id) return
    const marker = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'span' && (c.properties.className as string[] | undefined)?.includes('num') === true)
    const text = toString(node)
    const markerText = marker ? toString(marker) : ''
    toc.push({ level: 3, marker: markerText, title: text.slice(markerText.length).trim(), href: `#${String(node.properties.id)}`, kind: 'heading' })
  })
}
