import { describe, expect, test } from 'vitest'
import { contribution, defaultConfig, runPipeline } from '../helpers/pipeline.js'

const rules = (messages: Array<{ ruleId?: string | null; fatal?: boolean | null; line?: number | null; column?: number | null; reason: string }>) =>
  messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.reason}`)

describe('checkOutline', () => {
  test('an unknown section is an error at the value, with a did-you-mean', async () => {
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpse', 'WCO', 'Text.\n') } })
    expect(rules(file('a.md').messages)).toEqual([
      '2:10 error outline-unknown-section Unexpected section `purpse`, expected a section id of guidelines.yaml; did you mean `purpose`?'
    ])
  })

  test('an unknown writer is an error at the value', async () => {
    const { file } = await runPipeline({ files: { 'a.md': contribution('purpose', 'XX', 'Text.\n') } })
    expect(rules(file('a.md').messages)).toEqual(['3:9 error outline-unknown-writer Unexpected writer `XX`, expected a code of `contributors` in guidelines.yaml'])
  })

  test('an unknown writer or peer in the outline is an error in guidelines.yaml', async () => {
    const { files } = await runPipeline({ config: defaultConfig.replace('peers: [BG]', 'peers: [BG, FR]'), files: {} })
    expect(rules(files[0]!.messages).filter((m) => m.includes('unknown-writer'))).toEqual([
      '15:21 error outline-unknown-writer Unexpected peer reviewer `FR`, expected a code of `contributors` (WCO, IAPH, BG)'
    ])
  })

  test('a contribution by a writer not assigned to the section is a warning, and still printed', async () => {
    const { file, html } = await runPipeline({ files: { 'a.md': contribution('scope', 'BG', 'Text.\n') } })
    expect(rules(file('a.md').messages)).toEqual([
      '3:9 warning outline-unassigned-writer Unexpected contribution of `BG` to section `scope`, expected one of its writers (IAPH)'
    ])
    expect(html.get('a.md')).toContain('Text.')
  })

  test('a second contribution of one writer to one section is an error, and left out', async () => {
    const { file, html } = await runPipeline({
      files: { 'a.md': contribution('purpose', 'WCO', 'First.\n'), 'b.md': contribution('purpose', 'WCO', 'Second.\n') }
    })
    expect(file('a.md').messages).toEqual([])
    expect(rules(file('b.md').messages)).toEqual([
      '3:9 error outline-duplicate-contribution Unexpected second contribution of `WCO` to section `purpose`, expected one file per writer and section (the other is a.md)'
    ])
    expect(html.has('b.md')).toBe(false)
  })

  test('an assigned writer without a file is a warning at the writer code in guidelines.yaml', async () => {
    const { files } = await runPipeline({ files: { 'a.md': contribution('purpose', 'WCO', 'Text.\n') } })
    const missing = rules(files[0]!.messages).filter((m) => m.includes('outline-missing-contribution'))
    expect(missing[0]).toBe('14:24 warning outline-missing-contribution Expected a contribution of `IAPH` to section `purpose`, due 2022-05-22, found none under sections/')
    // scope, need, pcs, single-window, data (WCO and BG), mou, checklist.
    expect(missing).toHaveLength(9)
  })

  test('a duplicate id in the outline is an error at the second one', async () => {
    const { files } = await runPipeline({ config: defaultConfig.replace('- id: mou\n', '- id: scope\n'), files: {} })
    expect(rules(files[0]!.messages).filter((m) => m.includes('id-duplicate'))).toEqual([
      '42:13 error id-duplicate Unexpected duplicate id `scope`, already used at guidelines.yaml:17'
    ])
  })
})
