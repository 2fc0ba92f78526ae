import { describe, expect, it } from 'vitest'
import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import { AtomTable, applyChanges, compareText, flatten, inert, markAll, setApartExpansions, similarity, words } from '../../src/review/marks.js'

/** Compare two blocks and mark the second; returns its HTML. */
function mark(before: ReturnType<typeof h>, after: ReturnType<typeof h>): string {
  const atoms = new AtomTable()
  const old = flatten(before, atoms)
  const current = flatten(after, atoms)
  applyChanges(current, old, compareText(old.text, current.text))
  return toHtml(after)
}

describe('compareText', () => {
  it('finds inserted and deleted words with their positions', () => {
    const changes = compareText('the goods through ports.', 'the safe goods through seaports.')
    expect(changes.map((c) => [c.kind, c.kind === 'insert' ? 'the safe goods through seaports.'.slice(c.at, c.at + c.length) : 'the goods through ports.'.slice(c.from, c.from + c.length)])).toEqual([
      ['insert', 'safe'],
      ['delete', 'ports'],
      ['insert', 'seaports']
    ])
  })

  it('ignores changes of white space only (a re-wrapped paragraph)', () => {
    expect(compareText('one two  three', 'one two three')).toEqual([])
  })
})

describe('applyChanges', () => {
  it('wraps insertions in <ins> and puts deletions as <del> where they stood', () => {
    const html = mark(h('p', 'Ports and Customs work together.'), h('p', 'Ports and Customs work closely together.'))
    expect(html).toBe('<p>Ports and Customs work <ins>closely</ins> together.</p>')
    expect(mark(h('p', 'Ports and Customs work closely together.'), h('p', 'Ports and Customs work together.'))).toBe('<p>Ports and Customs work <del>closely </del>together.</p>')
  })

  it('marks inside inline elements and keeps them', () => {
    const html = mark(h('p', ['A ', h('em', 'neutral'), ' platform.']), h('p', ['A ', h('em', 'neutral electronic'), ' platform.']))
    expect(html).toBe('<p>A <em>neutral <ins>electronic</ins></em> platform.</p>')
  })

  it('does not compare paragraph numbers, heading markers or cross-reference labels', () => {
    const before = h('p.para', [h('span.para-num', '3.'), 'See ', h('a.xref', { href: '#risk' }, 'Section 2.b'), ' below.'])
    const after = h('p.para', [h('span.para-num', '4.'), 'See ', h('a.xref', { href: '#risk' }, 'Section 2.c'), ' below.'])
    expect(compareText(flatten(before, new AtomTable()).text, flatten(after, new AtomTable()).text)).toEqual([])
    const atoms = new AtomTable()
    expect(compareText(flatten(h('h3', [h('span.num', 'i.'), ' Title']), atoms).text, flatten(h('h3', [h('span.num', 'ii.'), ' Title']), atoms).text)).toEqual([])
  })

  it('shows a reference to another target as a change, the old one inert', () => {
    const html = mark(h('p', ['See ', h('a.xref', { href: '#risk' }, 'Section 2.b'), '.']), h('p', ['See ', h('a.xref', { href: '#scope' }, 'Section 1.b'), '.']))
    expect(html).toBe('<p>See <del><span class="xref">Section 2.b</span></del><ins><a class="xref" href="#scope">Section 1.b</a></ins>.</p>')
  })

  it('puts a deletion at the end of the block', () => {
    expect(mark(h('p', 'One two three.'), h('p', 'One two'))).toBe('<p>One two<del> three.</del></p>')
  })
})

describe('setApartExpansions', () => {
  it('does not compare the expansion of an abbreviation, which moves with its first use', () => {
    const gloss = () => h('a.gloss', { href: '#gloss-aeo', title: 'Authorized Economic Operator' }, 'AEO')
    const before = h('p', ['Each Authorized Economic Operator (', gloss(), ') is audited.'])
    const after = h('p', ['Each ', gloss(), ' is audited yearly.'])
    setApartExpansions(before)
    setApartExpansions(after)
    expect(toHtml(before)).toBe('<p>Each <span class="gloss-expansion">Authorized Economic Operator (</span><a class="gloss" href="#gloss-aeo" title="Authorized Economic Operator">AEO</a><span class="gloss-expansion">)</span> is audited.</p>')
    expect(mark(before, after)).toBe('<p>Each <a class="gloss" href="#gloss-aeo" title="Authorized Economic Operator">AEO</a> is audited <ins>yearly</ins>.</p>')
  })
})

describe('markAll and inert', () => {
  it('wraps every text of a block, and a deleted copy loses ids, links and numbers (a footnote call keeps which note it called)', () => {
    const block = h('p.para', { id: 'p1', dataPara: 3 }, [h('span.para-num', '3.'), 'Text with ', h('a', { href: '#x' }, 'a link'), h('sup.fnref', [h('a', { href: '#fn-1' }, '1')])])
    const copy = inert(block)
    const count = markAll(copy, 'del', new AtomTable())
    expect(toHtml(copy)).toBe('<p class="para"><del>Text with </del><span><del>a link</del></span><sup class="fnref-deleted"><span data-deleted-note="fn-1"><del>1</del></span></sup></p>')
    expect(count).toBe(4) // "link1": the call follows the word
    expect(block.properties.id).toBe('p1')
  })
})

describe('similarity', () => {
  it('is high for an edited paragraph and low for another one', () => {
    const atoms = new AtomTable()
    const a = words(flatten(h('p', 'Customs and ports coordinate their risk management.'), atoms))
    const b = words(flatten(h('p', 'Customs and ports closely coordinate their risk management.'), atoms))
    const c = words(flatten(h('p', 'Airports are outside the scope.'), atoms))
    expect(similarity(a, b)).toBeGreaterThan(0.8)
    expect(similarity(a, c)).toBeLessThan(0.2)
  })
})
