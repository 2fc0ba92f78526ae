import type { Element, Root } from 'hast'
import { h } from 'hastscript'
import type { RenderedContribution, RenderedSection } from '../html/assemble.js'
import type { SectionUnit } from '../outline/model.js'
import type { GlossaryEntry } from '../config/types.js'
import { alignBlocks, type AlignBlock, type Pair } from './align.js'
import { AtomTable, applyChanges, classList, compareText, flatten, inert, markAll, setApartExpansions, similarity, words, type Flat } from './marks.js'
import type { PreviousSection } from './previous.js'

/** Below this similarity a paragraph found in another place is not the same paragraph moved. */
export const movedThreshold = 0.6

/** What changed in one section since the earlier version. */
export interface SectionChange {
  id: string
  /** Number as in references ("3.c"; the marker for front parts). */
  marker: string
  title: string
  /** `new` and `removed`: the whole section; `changed`: text or title; `moved`: renumbered, text unchanged. */
  status: 'changed' | 'new' | 'removed' | 'moved'
  /** Runs of inserted and deleted text, and their words. */
  insertions: number
  deletions: number
  insertedWords: number
  deletedWords: number
  /** Number before, when it was different. */
  previousMarker?: string
  /** Title before, when it was different. */
  previousTitle?: string
  /** Where the section's first mark is (for the summary's page numbers): `#id` of that block. */
  href: string
}

/** The result of comparing a document with an earlier version. */
export interface Changes {
  ref: string
  commit: string
  /** Sections with changes (or moved), in the current document order; removed ones where they were. */
  sections: SectionChange[]
  totals: { sections: number; insertions: number; deletions: number; insertedWords: number; deletedWords: number }
  /** Entries of glossary.yaml added, removed or changed (by abbreviation, else term). */
  glossary?: GlossaryChange
}

/** What changed in glossary.yaml: the abbreviations (or terms) of the entries. */
export interface GlossaryChange {
  added: string[]
  removed: string[]
  changed: string[]
}

/** Compare two glossaries entry by entry (matched by abbreviation, else term). */
export function compareGlossary(before: readonly GlossaryEntry[], after: readonly GlossaryEntry[]): GlossaryChange {
  const key = (entry: GlossaryEntry) => entry.abbreviation ?? entry.term
  const old = new Map(before.map((entry) => [key(entry), entry]))
  const now = new Map(after.map((entry) => [key(entry), entry]))
  return {
    added: [...now.keys()].filter((k) => !old.has(k)),
    removed: [...old.keys()].filter((k) => !now.has(k)),
    changed: [...now.keys()].filter((k) => old.has(k) && (old.get(k)!.term !== now.get(k)!.term || old.get(k)!.definition.trim() !== now.get(k)!.definition.trim()))
  }
}

export interface CompareOptions {
  ref: string
  commit: string
  /** Contributor code -> name (for the attribution of deleted contributions). */
  contributors: Record<string, string>
}

interface Block extends AlignBlock {
  element: Element
  flat: Flat
}

interface Side {
  key: string
  blocks: Block[]
}

/**
 * Mark the changes between the rendered sections of the current document and those of an
 * earlier version, in place: inserted text as `<ins>`, deleted text as `<del>`, and the class
 * `changed` on every block with either (the change bar). Blocks are matched by source identity:
 * the section id and writer of their contribution, then the block's explicit id or its place
 * among the contribution's blocks with a similarity fallback (`alignBlocks`); a paragraph found
 * in another contribution is taken as moved. Renumbering a section changes nothing: numbers,
 * cross-reference labels and footnote numbers are not compared. Contributions and sections that
 * are gone are shown whole, struck through, where they were. Returns what changed per section.
 */
export function markChanges(sections: RenderedSection[], previous: PreviousSection[], options: CompareOptions): Changes {
  const atoms = new AtomTable()
  const keyOf = (section: string, writer: string) => `${section}\u0000${writer}`
  const toBlocks = (tree: Root): Block[] =>
    tree.children.flatMap((node) => {
      if (node.type !== 'element') return []
      setApartExpansions(node)
      const flat = flatten(node, atoms)
      const family = /^h[1-6]$/.test(node.tagName) ? 'h' : node.tagName
      const id = family === 'aside' || node.properties.id === undefined ? undefined : String(node.properties.id)
      return [{ element: node, flat, family, id, text: flat.text, words: words(flat) }]
    })

  const before = new Map<string, Side & { section: PreviousSection; contribution: PreviousSection['contributions'][number] }>()
  for (const section of previous) {
    for (const contribution of section.contributions) {
      before.set(keyOf(section.id, contribution.writer), { key: keyOf(section.id, contribution.writer), section, contribution, blocks: toBlocks(contribution.tree) })
    }
  }
  const after: Array<Side & { section: RenderedSection; contribution: RenderedContribution }> = []
  for (const section of sections) {
    for (const contribution of section.contributions) {
      after.push({ key: keyOf(section.section.id, contribution.writer), section, contribution, blocks: toBlocks(contribution.tree) })
    }
  }

  // 1. Within each contribution that exists on both sides.
  const pairs = new Map<Block, Block>()
  const matchedBefore = new Set<Block>()
  for (const side of after) {
    const old = before.get(side.key)
    if (!old) continue
    for (const [b, a] of alignBlocks(old.blocks, side.blocks, similarity) as Pair[]) {
      pairs.set(side.blocks[a]!, old.blocks[b]!)
      matchedBefore.add(old.blocks[b]!)
    }
  }
  // 2. Paragraphs moved to another contribution or section.
  const orphansBefore = [...before.values()].flatMap((side) => side.blocks).filter((block) => !matchedBefore.has(block) && block.words.length >= 4)
  const moved = new Set<Block>()
  for (const side of after) {
    for (const block of side.blocks) {
      if (pairs.has(block) || block.words.length < 4) continue
      let best: Block | undefined
      let bestScore = movedThreshold
      for (const candidate of orphansBefore) {
        if (matchedBefore.has(candidate) || candidate.family !== block.family) continue
        const score = similarity(candidate.words, block.words)
        if (score >= bestScore) [best, bestScore] = [candidate, score]
      }
      if (best) {
        pairs.set(block, best)
        matchedBefore.add(best)
        moved.add(block)
      }
    }
  }

  // Footnotes that are gone: shown at the bottom of the page of their deleted call (linkDeletedNotes).
  const goneNotes = new Set(
    [...before.values()].flatMap((side) => side.blocks).filter((block) => !matchedBefore.has(block) && block.element.tagName === 'aside' && block.element.properties.id).map((block) => String(block.element.properties.id))
  )

  // 3. Mark, and count per section.
  const stats = new Map<string, SectionChange>()
  const statFor = (id: string, marker: string, title: string, status: SectionChange['status']): SectionChange => {
    let stat = stats.get(id)
    if (!stat) {
      stat = { id, marker, title, status, insertions: 0, deletions: 0, insertedWords: 0, deletedWords: 0, href: `#${id}` }
      stats.set(id, stat)
    }
    return stat
  }
  // The summary points at the first changed block of each section (the page a reviewer wants).
  let changeIds = 0
  const pointAt = (stat: SectionChange, element: Element) => {
    if (stat.href !== `#${stat.id}`) return
    if (element.properties.id === undefined) element.properties.id = `change-${++changeIds}`
    stat.href = `#${String(element.properties.id)}`
  }
  const previousById = new Map(previous.map((section) => [section.id, section]))
  const currentIds = new Set(sections.map((s) => s.section.id))

  for (const side of after) {
    const unit = side.section.section
    const stat = statFor(unit.id, numberOf(unit), unit.title, previousById.has(unit.id) ? 'changed' : 'new')
    for (const block of side.blocks) {
      const old = pairs.get(block)
      if (moved.has(block)) addClass(block.element, 'moved')
      if (old && composite(old.element) && old.element.tagName === block.element.tagName) {
        // Tables row by row, lists item by item: a row or item added or removed is shown whole.
        compareParts(old.element, block.element, atoms, stat, (element) => pointAt(stat, element))
      } else if (old) {
        const changes = compareText(old.text, block.text)
        if (changes.length === 0) continue
        applyChanges(block.flat, old.flat, changes)
        addClass(block.element, 'changed')
        pointAt(stat, block.element)
        count(stat, changes)
      } else {
        const count = markAll(block.element, 'ins', atoms)
        addClass(block.element, 'changed', 'inserted')
        pointAt(stat, block.element)
        stat.insertions++
        stat.insertedWords += count
      }
    }
    // Blocks of this contribution that are gone: struck through after their predecessor.
    const old = before.get(side.key)
    if (!old) continue
    const gone = old.blocks.filter((block) => !matchedBefore.has(block))
    // Consecutive gone blocks keep their order: each goes after the one put back before it.
    const lastPut = new Map<Element | undefined, Element>()
    for (const block of gone) {
      const count = deletedBlockCount(block)
      stat.deletions++
      stat.deletedWords += count.words
      if (!count.shown) continue
      const index = old.blocks.indexOf(block)
      const predecessor = old.blocks.slice(0, index).reverse().find((b) => matchedBefore.has(b))
      const anchor = predecessor ? side.blocks.find((b) => pairs.get(b) === predecessor) : undefined
      const children = side.contribution.tree.children
      const previousPut = lastPut.get(anchor?.element)
      const position = previousPut ? children.indexOf(previousPut) + 1 : anchor ? children.indexOf(anchor.element) + 1 : firstBlockIndex(side.contribution.tree)
      const shown = deletedBlock(block, atoms)
      children.splice(position, 0, shown)
      lastPut.set(anchor?.element, shown)
      pointAt(stat, shown)
    }
  }

  // Contributions that are gone: shown whole in their section, or in the section before them
  // when the section itself is gone.
  const seen = new Set(after.map((side) => side.key))
  for (const side of before.values()) {
    if (seen.has(side.key)) continue
    const sectionGone = !currentIds.has(side.section.id)
    const hostId = sectionGone ? hostOf(side.section, previous, currentIds, sections) : side.section.id
    const host = sections.find((s) => s.section.id === hostId)
    if (!host) continue
    const stat = sectionGone ? statFor(side.section.id, side.section.marker, side.section.title, 'removed') : statFor(host.section.id, numberOf(host.section), host.section.title, 'changed')
    const tree: Root = { type: 'root', children: [] }
    if (sectionGone && !host.contributions.some((c) => c.tree.data?.removedSection === side.section.id)) {
      const label = [side.section.marker, side.section.title].filter(Boolean).join(' ')
      tree.children.push(h('p.removed-section.changed', { id: `removed-${side.section.id}` }, [h('del', `Removed section: ${label}`)]))
      stat.href = `#removed-${side.section.id}`
    }
    for (const block of side.blocks) {
      const count = deletedBlockCount(block)
      stat.deletions++
      stat.deletedWords += count.words
      if (!count.shown) continue
      const shown = deletedBlock(block, atoms)
      tree.children.push(shown)
      if (!sectionGone) pointAt(stat, shown)
    }
    tree.data = { removedSection: sectionGone ? side.section.id : undefined }
    const rendered: RenderedContribution = { source: side.contribution.source, writer: side.contribution.writer, writerName: options.contributors[side.contribution.writer] ?? side.contribution.writer, tree }
    const after = host.contributions.filter((c) => !c.tree.data?.removedSection)
    // A removed section goes after the host's own contributions; a removed contribution where its writer would be.
    host.contributions.splice(sectionGone ? host.contributions.length : after.length, 0, rendered)
  }

  // Sections: new ones (even empty), moved and retitled ones.
  for (const { section } of sections) {
    const old = previousById.get(section.id)
    if (!old) {
      statFor(section.id, numberOf(section), section.title, 'new')
      continue
    }
    const stat = stats.get(section.id)
    const renumbered = old.marker !== numberOf(section)
    const retitled = old.title !== section.title
    if (!renumbered && !retitled && (!stat || stat.insertions + stat.deletions === 0)) {
      stats.delete(section.id)
      continue
    }
    const entry = statFor(section.id, numberOf(section), section.title, 'changed')
    if (renumbered) entry.previousMarker = old.marker
    if (retitled) entry.previousTitle = old.title
    if (!retitled && entry.insertions + entry.deletions === 0) entry.status = 'moved'
  }
  for (const section of previous) if (!currentIds.has(section.id) && section.contributions.length === 0) statFor(section.id, section.marker, section.title, 'removed')

  linkDeletedNotes(sections, goneNotes)

  // Current order, removed sections after the section that hosts them.
  const order = new Map<string, number>()
  sections.forEach((s, i) => order.set(s.section.id, i))
  for (const section of previous) if (!currentIds.has(section.id)) order.set(section.id, (order.get(hostOf(section, previous, currentIds, sections) ?? '') ?? -1) + 0.5 + section.index / 1e6)
  const list = [...stats.values()].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  const totals = { sections: list.filter((s) => s.status !== 'moved').length, insertions: 0, deletions: 0, insertedWords: 0, deletedWords: 0 }
  for (const s of list) {
    totals.insertions += s.insertions
    totals.deletions += s.deletions
    totals.insertedWords += s.insertedWords
    totals.deletedWords += s.deletedWords
  }
  return { ref: options.ref, commit: options.commit, sections: list, totals }
}

/**
 * Mark the titles of sections that were renamed, in the assembled document (section titles
 * come from guidelines.yaml, not from the contributions): `section#ID > .section-title`.
 */
export function markTitles(trees: readonly Element[], changes: Changes): void {
  const renamed = new Map(changes.sections.filter((s) => s.previousTitle !== undefined && s.status !== 'removed').map((s) => [s.id, s.previousTitle!]))
  if (renamed.size === 0) return
  const atoms = new AtomTable()
  const visit = (element: Element) => {
    const old = typeof element.properties.id === 'string' ? renamed.get(element.properties.id) : undefined
    const title = old === undefined ? undefined : element.children.find((c): c is Element => c.type === 'element' && classList(c).includes('section-title'))
    if (title && old !== undefined) {
      const now = flatten(title, atoms)
      const before = flatten(h('span', old), atoms)
      applyChanges(now, before, compareText(before.text, now.text))
      addClass(title, 'changed')
    }
    for (const child of element.children) if (child.type === 'element') visit(child)
  }
  for (const tree of trees) visit(tree)
}

/** Add the runs of `changes` to a section's counts. */
function count(stat: SectionChange, changes: ReturnType<typeof compareText>): void {
  for (const change of changes) {
    if (change.kind === 'insert') [stat.insertions, stat.insertedWords] = [stat.insertions + 1, stat.insertedWords + change.words]
    else [stat.deletions, stat.deletedWords] = [stat.deletions + 1, stat.deletedWords + change.words]
  }
}

/** Blocks compared part by part: tables (caption and rows) and lists (items). */
function composite(element: Element): boolean {
  return element.tagName === 'table' || element.tagName === 'ul' || element.tagName === 'ol'
}

/** The parts of a composite block, in order: a table's caption and rows, a list's items. */
function partsOf(element: Element): Element[] {
  const parts: Element[] = []
  for (const child of element.children) {
    if (child.type !== 'element') continue
    if (element.tagName !== 'table') {
      if (child.tagName === 'li') parts.push(child)
    } else if (child.tagName === 'caption' || child.tagName === 'tr') {
      parts.push(child)
    } else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      for (const row of child.children) if (row.type === 'element' && row.tagName === 'tr') parts.push(row)
    }
  }
  return parts
}

/**
 * Compare two versions of a table or list part by part (`alignBlocks` on rows or items):
 * changed parts get word marks, new ones are marked whole, and gone ones are put back, struck
 * through, after the part that preceded them. The class `changed` goes on the parts (the bar
 * beside a row or an item), not on the whole table or list.
 */
function compareParts(before: Element, after: Element, atoms: AtomTable, stat: SectionChange, changed: (element: Element) => void): void {
  const toPart = (element: Element): Block => {
    const flat = flatten(element, atoms)
    return { element, flat, family: element.tagName, text: flat.text, words: words(flat) }
  }
  const old = partsOf(before).map(toPart)
  const now = partsOf(after).map(toPart)
  const pairs = alignBlocks(old, now, similarity)
  const partner = new Map(pairs.map(([b, a]) => [a, b]))
  now.forEach((part, index) => {
    const b = partner.get(index)
    if (b === undefined) {
      stat.insertions++
      stat.insertedWords += markAll(part.element, 'ins', atoms)
      addClass(part.element, 'changed', 'inserted')
      changed(part.element)
      return
    }
    const changes = compareText(old[b]!.text, part.text)
    if (changes.length === 0) return
    applyChanges(part.flat, old[b]!.flat, changes)
    addClass(part.element, 'changed')
    changed(part.element)
    count(stat, changes)
  })
  const matched = new Map(pairs.map(([b, a]) => [b, a]))
  const lastPut = new Map<Element | undefined, Element>()
  old.forEach((part, index) => {
    if (matched.has(index)) return
    stat.deletions++
    stat.deletedWords += Math.max(1, part.words.length)
    const copy = inert(part.element)
    markAll(copy, 'del', atoms)
    addClass(copy, 'changed', 'deleted')
    let predecessor: number | undefined
    for (let k = index - 1; k >= 0 && predecessor === undefined; k--) predecessor = matched.get(k)
    const anchor = predecessor === undefined ? undefined : now[predecessor]!.element
    const previousPut = lastPut.get(anchor)
    const first = now.find((p) => p.family === part.family)?.element
    if (previousPut || anchor) {
      const after_ = previousPut ?? anchor!
      const container = parentOf(after, after_)!
      container.children.splice(container.children.indexOf(after_) + 1, 0, copy)
    } else if (first) {
      const container = parentOf(after, first)!
      container.children.splice(container.children.indexOf(first), 0, copy)
    } else {
      after.children.push(copy)
    }
    lastPut.set(anchor, copy)
    changed(copy)
  })
}

/** The element of `root`'s tree whose child `node` is. */
function parentOf(root: Element, node: Element): Element | undefined {
  if (root.children.includes(node)) return root
  for (const child of root.children) {
    if (child.type !== 'element') continue
    const found = parentOf(child, node)
    if (found) return found
  }
  return undefined
}

declare module 'hast' {
  interface RootData {
    /** Set on the tree of a contribution shown because its section was removed. */
    removedSection?: string
  }
}

/** A section's number as references print it ("3.c", not just "c."). */
function numberOf(unit: SectionUnit): string {
  return unit.path || unit.marker
}

function addClass(element: Element, ...names: string[]): void {
  const classes = classList(element)
  for (const name of names) if (!classes.includes(name)) classes.push(name)
  element.properties.className = classes
}

function deletedBlockCount(block: Block): { shown: boolean; words: number } {
  return { shown: true, words: Math.max(1, block.words.length) }
}

/**
 * A gone block, struck through. A gone footnote stays a footnote (`aside.footnote#fn-deleted-N`)
 * so that the paginator puts it at the bottom of the page where its deleted call is
 * (linkDeletedNotes); it keeps its earlier number.
 */
function deletedBlock(block: Block, atoms: AtomTable): Element {
  const copy = inert(block.element)
  markAll(copy, 'del', atoms)
  if (block.element.tagName === 'aside' && block.element.properties.id) {
    copy.tagName = 'aside'
    copy.properties.id = deletedNoteId(String(block.element.properties.id))
    copy.properties.role = 'doc-footnote'
    addClass(copy, 'footnote')
  }
  addClass(copy, 'changed', 'deleted')
  return copy
}

const deletedNoteId = (id: string) => id.replace(/^fn-/, 'fn-deleted-')

/**
 * Deleted footnote calls whose footnote is gone too become calls of that footnote again, shown
 * deleted (`sup.fnref.fnref-deleted a[href="#fn-deleted-N"]`), so that the deleted note prints at
 * the bottom of their page. A deleted call whose note still exists stays inert.
 */
function linkDeletedNotes(sections: RenderedSection[], gone: ReadonlySet<string>): void {
  if (gone.size === 0) return
  const link = (element: Element): void => {
    for (const child of element.children) {
      if (child.type !== 'element') continue
      const target = child.properties.dataDeletedNote
      if (element.tagName === 'sup' && typeof target === 'string' && gone.has(target)) {
        element.properties.className = ['fnref', 'fnref-deleted']
        child.tagName = 'a'
        child.properties.href = `#${deletedNoteId(target)}`
        child.properties.role = 'doc-noteref'
        delete child.properties.dataDeletedNote
      } else link(child)
    }
  }
  for (const { contributions } of sections) for (const { tree } of contributions) for (const node of tree.children) if (node.type === 'element') link(node)
}

function firstBlockIndex(tree: Root): number {
  const index = tree.children.findIndex((node) => node.type === 'element')
  return index === -1 ? tree.children.length : index
}

/** Where a removed section is shown: after the nearest earlier section that still exists. */
function hostOf(section: PreviousSection, previous: PreviousSection[], current: Set<string>, sections: RenderedSection[]): string | undefined {
  for (let i = section.index - 1; i >= 0; i--) if (current.has(previous[i]!.id)) return previous[i]!.id
  return sections[0]?.section.id
}
