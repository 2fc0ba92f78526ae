import { describe, expect, test } from 'vitest'
import { checkFixture, fixtureCases } from '../helpers/fixtures.js'
import { contribution, runPipeline } from '../helpers/pipeline.js'

describe('remark-glossary fixtures', () => {
  for (const name of fixtureCases('remark-glossary')) test(name, () => checkFixture('remark-glossary', name))
})

const link = (text: string, anchor = 'aeo', term = 'Authorized Economic Operator') => `<a href="#gloss-${anchor}" title="${term}" class="gloss">${text}</a>`

describe('remark-glossary', () => {
  test('the first use in the document is expanded, later uses (also in later contributions) stay short', async () => {
    const { html } = await runPipeline({
      files: {
        'a.md': contribution('purpose', 'WCO', 'An AEO. Another AEO.\n'),
        'b.md': contribution('need', 'BG', 'A third AEO.\n')
      }
    })
    expect(html.get('a.md')).toContain(`An Authorized Economic Operator (${link('AEO')}). Another ${link('AEO')}.`)
    expect(html.get('b.md')).toContain(`A third ${link('AEO')}.`)
  })

  test('first use follows print order (outline and writers), not file names', async () => {
    const { html } = await runPipeline({
      files: {
        'a-iaph.md': contribution('purpose', 'IAPH', 'IAPH on AEO.\n'),
        'z-wco.md': contribution('purpose', 'WCO', 'WCO on AEO.\n')
      }
    })
    expect(html.get('z-wco.md')).toContain('Authorized Economic Operator (')
    expect(html.get('a-iaph.md')).not.toContain('Authorized Economic Operator (')
  })

  test('a use in a footnote links but is not the first use: the text expands it', async () => {
    const { html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Ports.[^n]\n\n[^n]: On AEO status.\n\nLater, an AEO.\n') } })
    expect(html.get('a.md')).toContain(`Later, an Authorized Economic Operator (${link('AEO')}).`)
    expect(html.get('a.md')).toContain(`On ${link('AEO')} status.`)
    expect(html.get('a.md')).not.toContain('On Authorized Economic Operator')
  })

  test('an abbreviation the text never uses is expanded at its first use in a footnote, and counts as used', async () => {
    const { html, numbered } = await runPipeline({
      files: {
        'a.md': contribution('purpose', 'WCO', 'Ports.[^n]\n\n[^n]: On AEO status. Again AEO.\n'),
        'b.md': contribution('need', 'BG', 'Text.[^m]\n\n[^m]: A later AEO.\n')
      }
    })
    expect(numbered!.used.has('AEO')).toBe(true)
    expect(html.get('a.md')).toContain(`On Authorized Economic Operator (${link('AEO')}) status. Again ${link('AEO')}.`)
    expect(html.get('b.md')).toContain(`A later ${link('AEO')}.`)
  })

  test('an abbreviation in a hyphenated compound links, but the term is written out at the next use', async () => {
    const { html, numbered } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'AEO-certified traders and non-AEO ones.\n\nAn AEO later.\n') } })
    expect(html.get('a.md')).toContain(`${link('AEO')}-certified traders and non-${link('AEO')} ones.`)
    expect(html.get('a.md')).toContain(`An Authorized Economic Operator (${link('AEO')}) later.`)
    expect(numbered!.used.has('AEO')).toBe(true)
  })

  test('an abbreviation used only in compounds counts as used and is never expanded', async () => {
    const { html, numbered } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'AEO-certified traders.\n') } })
    expect(numbered!.used.has('AEO')).toBe(true)
    expect(html.get('a.md')).not.toContain('Authorized Economic Operator (')
  })

  test('no expansion where the writer wrote the term out; the use still links', async () => {
    const { html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'The Authorized Economic Operator (AEO) scheme.\n\nAn AEO.\n') } })
    expect(html.get('a.md')).toContain(`The Authorized Economic Operator (${link('AEO')}) scheme.`)
    expect(html.get('a.md')).not.toContain('Authorized Economic Operator (Authorized')
    expect(html.get('a.md')).toContain(`An ${link('AEO')}.`)
  })

  test('a plural first use is expanded in the plural', async () => {
    const { html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Two AEOs.\n') } })
    expect(html.get('a.md')).toContain(`Two Authorized Economic Operators (${link('AEOs')}).`)
  })

  test('only whole words match; headings, code and link text are left alone', async () => {
    const { html } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', '# AEO\n\nMAEO, AEOX, `AEO`, [AEO](#scope), PCS.\n') } })
    const out = html.get('a.md')!
    expect(out).toContain('<h3 id="purpose-aeo"><span class="num">i.</span> AEO</h3>')
    expect(out).toContain(`MAEO, AEOX, <code>AEO</code>, <a href="#scope" class="xref xref-section">AEO</a>, Port Community System (${link('PCS', 'pcs', 'Port Community System')}).`)
  })

  test('only abbreviations some contribution uses count as used (the rest are glossary-unused)', async () => {
    const { numbered } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Only AEO.\n') } })
    expect([...numbered!.used]).toEqual(['AEO'])
  })
})
