import { describe, expect, it } from 'vitest'
import type { Root } from 'hast'
import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import type { RenderedSection } from '../../src/html/assemble.js'
import type { SectionUnit } from '../../src/outline/model.js'
import { compareGlossary, markChanges } from '../../src/review/compare.js'
import type { PreviousSection } from '../../src/review/previous.js'
import { changeSummary } from '../../src/review/summary.js'

type Spec = Array<{ id: string; marker: string; title?: string; contributions: Record<string, string[]> }>

const tree = (paragraphs: string[]): Root => ({ type: 'root', children: paragraphs.map((text, i) => h('p.para', { dataPara: i + 1 }, [h('span.para-num', `${i + 1}.`), text])) })

function current(spec: Spec): RenderedSection[] {
  return spec.map(({ id, marker, title, contributions }) => ({
    section: { id, marker, title: title ?? id, kind: 'chapter' } as SectionUnit,
    missing: [],
    contributions: Object.entries(contributions).map(([writer, paragraphs]) => ({ source: `${id}-${writer}.md`, writer, writerName: writer, tree: tree(paragraphs) }))
  }))
}

function previous(spec: Spec): PreviousSection[] {
  return spec.map(({ id, marker, title, contributions }, index) => ({
    id,
    marker,
    title: title ?? id,
    kind: 'chapter',
    index,
    contributions: Object.entries(contributions).map(([writer, paragraphs]) => ({ source: `${id}-${writer}.md`, writer, tree: tree(paragraphs) }))
  }))
}

const html = (sections: RenderedSection[], id: string) =>
  sections
    .find((s) => s.section.id === id)!
    .contributions.map((c) => toHtml(c.tree))
    .join('\n')

const options = { ref: 'v1', commit: '0123456789abcdef', contributors: { WCO: 'World Customs Organization' } }

describe('markChanges', () => {
  it('shows nothing when a section was only renumbered (moved in the outline)', () => {
    const before = previous([
      { id: 'a', marker: '1.a', contributions: { WCO: ['Alpha text stays the same.'] } },
      { id: 'b', marker: '1.b', contributions: { WCO: ['Beta text stays the same.'] } }
    ])
    const after = current([
      { id: 'b', marker: '1.a', contributions: { WCO: ['Beta text stays the same.'] } },
      { id: 'a', marker: '1.b', contributions: { WCO: ['Alpha text stays the same.'] } }
    ])
    const changes = markChanges(after, before, options)
    expect(html(after, 'a')).not.toMatch(/<ins>|<del>|changed/)
    expect(changes.totals).toEqual({ sections: 0, insertions: 0, deletions: 0, insertedWords: 0, deletedWords: 0 })
    expect(changes.sections.map((s) => [s.id, s.status, s.previousMarker])).toEqual([
      ['b', 'moved', '1.b'],
      ['a', 'moved', '1.a']
    ])
  })

  it('marks edits word by word, a paragraph inserted before them does not shift the matching', () => {
    const before = previous([{ id: 'a', marker: '1.a', contributions: { WCO: ['Customs and ports work together.', 'Joint inspections save time.'] } }])
    const after = current([{ id: 'a', marker: '1.a', contributions: { WCO: ['A brand new opening paragraph appears.', 'Customs and ports work closely together.', 'Joint inspections save time.'] } }])
    const changes = markChanges(after, before, options)
    expect(html(after, 'a')).toBe(
      '<p class="para changed inserted" data-para="1" id="change-1"><span class="para-num">1.</span><ins>A brand new opening paragraph appears.</ins></p>' +
        '<p class="para changed" data-para="2"><span class="para-num">2.</span>Customs and ports work <ins>closely</ins> together.</p>' +
        '<p class="para" data-para="3"><span class="para-num">3.</span>Joint inspections save time.</p>'
    )
    expect(changes.sections[0]).toMatchObject({ id: 'a', status: 'changed', insertions: 2, deletions: 0, insertedWords: 7, href: '#change-1' })
  })

  it('shows deleted paragraphs, contributions and sections struck through where they were', () => {
    const before = previous([
      { id: 'a', marker: '1.a', contributions: { WCO: ['Keep this paragraph.', 'Remove this paragraph now.'], IAPH: ['A whole contribution that goes.'] } },
      { id: 'gone', marker: '1.b', title: 'Old section', contributions: { WCO: ['The section that was removed.'] } },
      { id: 'c', marker: '1.c', contributions: { WCO: ['Last section.'] } }
    ])
    const after = current([
      { id: 'a', marker: '1.a', contributions: { WCO: ['Keep this paragraph.'] } },
      { id: 'c', marker: '1.b', contributions: { WCO: ['Last section.'] } }
    ])
    const changes = markChanges(after, before, options)
    const a = html(after, 'a')
    expect(a).toContain('<p class="para changed deleted" id="change-1"><del>Remove this paragraph now.</del></p>')
    expect(a).toContain('<del>A whole contribution that goes.</del>')
    expect(a).toContain('<p class="removed-section changed" id="removed-gone"><del>Removed section: 1.b Old section</del></p>')
    expect(a.indexOf('Remove this')).toBeLessThan(a.indexOf('whole contribution'))
    expect(a.indexOf('whole contribution')).toBeLessThan(a.indexOf('Removed section'))
    expect(a).not.toContain('para-num">2.')
    expect(changes.sections.map((s) => [s.id, s.status, s.deletions])).toEqual([
      ['a', 'changed', 2],
      ['gone', 'removed', 1],
      ['c', 'moved', 0]
    ])
    expect(after[0]!.contributions.map((c) => c.writer)).toEqual(['WCO', 'IAPH', 'WCO'])
  })

  it('shows a new section whole and takes a paragraph moved to another section as moved, not rewritten', () => {
    const moving = 'This paragraph moves to another section unchanged in every word.'
    const before = previous([{ id: 'a', marker: '1.a', contributions: { WCO: ['Stays here.', moving] } }])
    const after = current([
      { id: 'a', marker: '1.a', contributions: { WCO: ['Stays here.'] } },
      { id: 'n', marker: '1.b', title: 'New', contributions: { IAPH: ['Brand new text.', moving] } }
    ])
    const changes = markChanges(after, before, options)
    expect(html(after, 'a')).not.toContain('<del>')
    expect(html(after, 'n')).toContain('<ins>Brand new text.</ins>')
    expect(html(after, 'n')).toContain(`<p class="para moved" data-para="2"><span class="para-num">2.</span>${moving}</p>`)
    expect(changes.sections.map((s) => [s.id, s.status, s.insertions, s.deletions])).toEqual([['n', 'new', 1, 0]])
  })

  it('keeps consecutive deleted paragraphs in their order', () => {
    const before = previous([{ id: 'a', marker: '1.a', contributions: { WCO: ['Keep the first one.', 'Gone number one.', 'Gone number two.', 'Keep the last one.'] } }])
    const after = current([{ id: 'a', marker: '1.a', contributions: { WCO: ['Keep the first one.', 'Keep the last one.'] } }])
    markChanges(after, before, options)
    const a = html(after, 'a')
    expect(a.indexOf('Keep the first')).toBeLessThan(a.indexOf('Gone number one'))
    expect(a.indexOf('Gone number one')).toBeLessThan(a.indexOf('Gone number two'))
    expect(a.indexOf('Gone number two')).toBeLessThan(a.indexOf('Keep the last'))
  })

  it('compares tables row by row and lists item by item', () => {
    const table = (rows: string[][]) => h('table', [h('thead', [h('tr', [h('th', 'Goods'), h('th', 'Inspected by')])]), h('tbody', rows.map((r) => h('tr', r.map((c) => h('td', c)))))])
    const list = (items: string[]) => h('ul', items.map((i) => h('li', i)))
    const before: PreviousSection[] = [{ id: 'a', marker: '1.a', title: 'a', kind: 'chapter', index: 0, contributions: [{ writer: 'WCO', source: 'a.md', tree: { type: 'root', children: [table([['Containers', 'Customs'], ['Bulk cargo', 'Port authority'], ['Passengers', 'Border police']]), list(['First item stays.', 'Second item changes soon.'])] } }] }]
    const after = current([{ id: 'a', marker: '1.a', contributions: {} }])
    after[0]!.contributions.push({ source: 'a.md', writer: 'WCO', writerName: 'WCO', tree: { type: 'root', children: [table([['Containers', 'Customs'], ['Bulk cargo', 'Port authority and Customs']]), list(['First item stays.', 'Second item changed now.', 'A third item.'])] } })
    const changes = markChanges(after, before, options)
    const a = html(after, 'a')
    expect(a).toContain('<tr><td>Containers</td><td>Customs</td></tr>')
    expect(a).toContain('<tr class="changed" id="change-1"><td>Bulk cargo</td><td>Port authority <ins>and Customs</ins></td></tr>')
    expect(a).toContain('<tr class="changed deleted"><td><del>Passengers</del></td><td><del>Border police</del></td></tr></tbody>')
    expect(a).toContain('<li>First item stays.</li>')
    expect(a).toContain('<li class="changed">Second item <del>changes soon</del><ins>changed now</ins>.</li>')
    expect(a).toContain('<li class="changed inserted"><ins>A third item.</ins></li>')
    expect(a).not.toMatch(/<(table|ul) class/)
    expect(changes.sections[0]).toMatchObject({ insertions: 3, deletions: 2 })
  })

  it('lists the glossary entries added, changed and removed', () => {
    const changes = markChanges(current([]), previous([]), options)
    changes.glossary = compareGlossary(
      [
        { term: 'Authorized Economic Operator', abbreviation: 'AEO', definition: 'A party approved by Customs.' },
        { term: 'Port community system', abbreviation: 'PCS', definition: 'A platform.' },
        { term: 'Gone', definition: 'Removed.' }
      ],
      [
        { term: 'Authorized Economic Operator', abbreviation: 'AEO', definition: 'A party approved by Customs.' },
        { term: 'Port community system', abbreviation: 'PCS', definition: 'A neutral platform.' },
        { term: 'Single window', abbreviation: 'SW', definition: 'One entry point.' }
      ]
    )
    expect(changes.glossary).toEqual({ added: ['SW'], removed: ['Gone'], changed: ['PCS'] })
    const summary = toHtml(changeSummary(changes))
    expect(summary).toContain('<td class="change-kind">1 entry added (SW); 1 entry changed (PCS); 1 entry removed (Gone)</td>')
    expect(summary).not.toContain('No changes')
  })

  it('summarises the changed sections with counts and page references', () => {
    const before = previous([{ id: 'a', marker: '1.a', title: 'Purpose', contributions: { WCO: ['Customs and ports work together.'] } }])
    const after = current([{ id: 'a', marker: '1.a', title: 'Aim', contributions: { WCO: ['Customs and ports work closely together.'] } }])
    const summary = toHtml(changeSummary(markChanges(after, before, options)))
    expect(summary).toContain('<h1 class="change-summary-title">Changes since v1</h1>')
    expect(summary).toContain('commit 0123456')
    expect(summary).toContain('1 section changed since v1: 1 insertion (1 word) and 0 deletions (0 words).')
    expect(summary).toContain('<td class="change-kind">changed, title was “Purpose”</td>')
    expect(summary).toContain('<span data-page-of="#change-1"></span>')
    expect(summary).toContain('<a href="#change-1">')
  })
})
