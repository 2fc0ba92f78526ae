import type { Table } from 'mdast'
import { toHast } from 'mdast-util-to-hast'
import { toHtml } from 'hast-util-to-html'
import { describe, expect, it } from 'vitest'
import { handlers } from '../../src/markdown/handlers.js'

describe('caption handlers', () => {
  it('separate the label from the caption as the edition’s language does, whatever the language of the caption’s text', () => {
    const table = (separator?: string): Table => ({
      type: 'table',
      children: [{ type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: 'a' }] }] }],
      data: { number: 5, captionLabel: 'Tableau 5', captionSeparator: separator, caption: [{ type: 'text', value: 'Shared data elements' }] }
    })
    const html = (node: Table) => toHtml(toHast({ type: 'root', children: [node] }, { handlers }))
    expect(html(table('\u00a0: '))).toContain('<caption><span class="caption-label">Tableau 5</span>\u00a0: Shared data elements</caption>')
    expect(html(table())).toContain('<caption><span class="caption-label">Tableau 5</span>: Shared data elements</caption>')
  })
})
