import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Changes, SectionChange } from './compare.js'

const statusText: Record<SectionChange['status'], string> = {
  changed: 'changed',
  new: 'new section',
  removed: 'removed section',
  moved: 'moved, text unchanged'
}

/**
 * The page that opens a compared review copy: what it was compared with, how to read the
 * marks, and a table of the changed sections (number, title, what changed, insertions and
 * deletions, page). Page numbers are `[data-page-of]` placeholders the paginator fills.
 */
export function changeSummary(changes: Changes): Element {
  const { totals } = changes
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  const glossary = changes.glossary
  const glossaryNotes = glossary
    ? Object.entries({ added: glossary.added, changed: glossary.changed, removed: glossary.removed })
        .filter(([, keys]) => keys.length > 0)
        .map(([what, keys]) => `${keys.length} ${keys.length === 1 ? 'entry' : 'entries'} ${what} (${keys.join(', ')})`)
    : []
  const intro: Array<ElementContent | string> =
    changes.sections.length === 0 && glossaryNotes.length === 0
      ? [`No changes to the text since ${changes.ref}.`]
      : [
          `${plural(totals.sections, 'section')} changed since ${changes.ref}: `,
          `${plural(totals.insertions, 'insertion')} (${plural(totals.insertedWords, 'word')}) and ${plural(totals.deletions, 'deletion')} (${plural(totals.deletedWords, 'word')}). `,
          'Inserted text is ',
          h('ins', 'underlined'),
          ', deleted text ',
          h('del', 'struck through'),
          ', and a bar in the margin marks each changed paragraph.'
        ]
  const rows = changes.sections.map((s) => {
    const notes: string[] = [statusText[s.status]]
    if (s.previousMarker !== undefined) notes.push(s.previousMarker ? `was ${s.previousMarker}` : 'was unnumbered')
    if (s.previousTitle !== undefined) notes.push(`title was “${s.previousTitle}”`)
    return h('tr', { className: [`change-${s.status}`] }, [
      h('td.change-section', [h('a', { href: s.href }, [s.marker ? h('span.num', s.marker) : '', s.marker ? ' ' : '', s.title])]),
      h('td.change-kind', notes.join(', ')),
      h('td.change-count', s.insertions ? `${s.insertions} (${s.insertedWords})` : '–'),
      h('td.change-count', s.deletions ? `${s.deletions} (${s.deletedWords})` : '–'),
      h('td.change-page', [h('span', { dataPageOf: s.href })])
    ])
  })
  return h('section.change-summary', { id: 'change-summary' }, [
    h('h1.change-summary-title', `Changes since ${changes.ref}`),
    h('p.change-summary-ref', changes.commit.startsWith(changes.ref) ? `Compared with commit ${changes.commit.slice(0, 7)}.` : `Compared with ${changes.ref} (commit ${changes.commit.slice(0, 7)}).`),
    h('p.change-summary-intro', intro),
    ...(rows.length + glossaryNotes.length > 0
      ? [
          h('table.change-summary-table', [
            h('thead', [h('tr', [h('th', 'Section'), h('th', 'Change'), h('th.change-count', 'Insertions (words)'), h('th.change-count', 'Deletions (words)'), h('th.change-page', 'Page')])]),
            h('tbody', [
              ...rows,
              ...(glossaryNotes.length > 0
                ? [
                    h('tr', { className: ['change-glossary'] }, [
                      h('td.change-section', [h('a', { href: '#glossary' }, 'Glossary')]),
                      h('td.change-kind', glossaryNotes.join('; ')),
                      h('td.change-count', '–'),
                      h('td.change-count', '–'),
                      h('td.change-page', [h('span', { dataPageOf: '#glossary' })])
                    ])
                  ]
                : [])
            ])
          ])
        ]
      : [])
  ])
}
