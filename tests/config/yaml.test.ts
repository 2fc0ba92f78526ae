import { describe, expect, test } from 'vitest'
import { VFile } from 'vfile'
import { readYaml, yamlReads } from '../../src/config/yaml.js'
import { glossarySchema, guidelinesSchema } from '../../src/config/schema.js'
import type { Guidelines } from '../../src/config/types.js'
import { readContribution } from '../../src/load/project.js'
import { defaultConfig } from '../helpers/pipeline.js'

function readConfig(text: string) {
  const file = new VFile({ path: 'guidelines.yaml', value: text })
  const result = readYaml<Guidelines>(file, text, guidelinesSchema, { rule: 'config-invalid' })
  return { file, result, messages: file.messages.map(String) }
}

describe('readYaml', () => {
  test('valid configuration: data, no messages, and positions of nodes by path', () => {
    const { result, messages } = readConfig(defaultConfig)
    expect(messages).toEqual([])
    expect(result.data?.outline[2]?.sections.map((s) => s.id)).toEqual(['pcs', 'single-window', 'data'])
    // `due: 2022-05-22` of the first section: line 16, value from column 14.
    expect(result.locate(['outline', 0, 'sections', 0, 'due'])?.start).toMatchObject({ line: 16, column: 14 })
  })

  test('a syntax error is config-invalid with its position, and no data', () => {
    const { file, result } = readConfig(defaultConfig.replace('language: en', 'language: en\n  bad: indent'))
    expect(result.data).toBeUndefined()
    const [message] = file.messages
    expect(message?.ruleId).toBe('config-invalid')
    expect(message?.fatal).toBe(true)
    expect(String(message)).toMatch(/^guidelines\.yaml:2:11: Invalid YAML: /)
  })

  test('a duplicate key is a syntax error at the second key', () => {
    const { messages } = readConfig(defaultConfig.replace('language: en', 'language: en\nlanguage: fr'))
    expect(messages).toEqual(['guidelines.yaml:3:1: Invalid YAML: Map keys must be unique'])
  })

  test('an unknown key points at the key and suggests the closest allowed one', () => {
    const { messages } = readConfig(defaultConfig.replace('        due: 2022-05-22', '        deu: 2022-05-22'))
    expect(messages).toEqual(['guidelines.yaml:16:9-16:12: Unexpected key `deu` in `outline.0.sections.0`; did you mean `due`?'])
  })

  test('a misspelt required key is one message, not also a missing key', () => {
    const { messages } = readConfig(defaultConfig.replace('language: en', 'langauge: en'))
    expect(messages).toEqual(['guidelines.yaml:2:1-2:9: Unexpected key `langauge` in the document; did you mean `language`?'])
  })

  test('an unknown key with no near miss lists the allowed keys', () => {
    const { messages } = readConfig(defaultConfig.replace('        due: 2022-05-22', '        colour: blue'))
    expect(messages).toEqual(['guidelines.yaml:16:9-16:15: Unexpected key `colour` in `outline.0.sections.0`; expected one of `id`, `title`, `writers`, `peers`, `due`'])
  })

  test('a value of the wrong type names what was found and what was expected', () => {
    const { messages } = readConfig(defaultConfig.replace('organisations: [WCO, IAPH]', 'organisations: WCO'))
    expect(messages).toEqual(['guidelines.yaml:3:16-3:19: Unexpected string for `organisations`, expected array'])
  })

  test('an impossible date is reported; a leap day is fine', () => {
    expect(readConfig(defaultConfig.replace('2022-05-22', '2022-02-30')).messages).toEqual([
      'guidelines.yaml:16:14-16:24: Unexpected date `2022-02-30` for `outline.0.sections.0.due`, expected a real date as YYYY-MM-DD'
    ])
    expect(readConfig(defaultConfig.replace('2022-05-22', '2024-02-29')).messages).toEqual([])
  })

  test('the glossary is a list of entries with term and definition', () => {
    const text = '- term: Authorized Economic Operator\n  abbreviation: AEO\n- term: Single Window\n  definition: A facility.\n'
    const file = new VFile({ path: 'glossary.yaml', value: text })
    const result = readYaml(file, text, glossarySchema, { rule: 'glossary-invalid' })
    expect(result.data).toBeUndefined()
    expect(file.messages.map((m) => `${String(m)} ${m.ruleId}`)).toEqual(['glossary.yaml:1:3-3:1: Missing required key `definition` in `0` glossary-invalid'])
  })
})

describe('front matter', () => {
  test('positions in front matter are positions in the Markdown file', () => {
    const { file, meta } = readContribution(new VFile({ path: 'a.md', value: '---\nsection: purpose\nwriter: WCO\nstatus: done\nsubmitted: 2022-02-30\nsecton: x\n---\n\nText' }))
    expect(meta).toBeUndefined()
    expect(file.messages.map((m) => `${String(m)} ${m.ruleId}`).sort()).toEqual([
      'a.md:4:9-4:13: Unexpected `done` for `status`, expected one of `draft`, `peer-reviewed`, `final` frontmatter-invalid',
      'a.md:5:12-5:22: Unexpected date `2022-02-30` for `submitted`, expected a real date as YYYY-MM-DD frontmatter-invalid',
      'a.md:6:1-6:7: Unexpected key `secton` in the document; did you mean `section`? frontmatter-invalid'
    ])
  })

  test('a contribution without front matter is frontmatter-missing at 1:1', () => {
    const { file, meta } = readContribution(new VFile({ path: 'a.md', value: '# Just text\n' }))
    expect(meta).toBeUndefined()
    expect(file.messages.map((m) => `${String(m)} ${m.ruleId}`)).toEqual([
      'a.md:1:1: Unexpected start of contribution, expected YAML front matter between `---` lines with `section` and `writer` frontmatter-missing'
    ])
  })

  test('valid front matter with CRLF line ends', () => {
    const { file, meta } = readContribution(new VFile({ path: 'a.md', value: '---\r\nsection: purpose\r\nwriter: WCO\r\nsubmitted: 2022-06-26\r\n---\r\n\r\nText' }))
    expect(file.messages).toEqual([])
    expect(meta).toEqual({ section: 'purpose', writer: 'WCO', submitted: '2022-06-26' })
  })

  test('section and writer are required', () => {
    const { file, meta } = readContribution(new VFile({ path: 'a.md', value: '---\nsection: purpose\n---\n\nText' }))
    expect(meta).toBeUndefined()
    expect(file.messages.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual(['2:1 Missing required key `writer` in the document'])
  })
})

describe('readYaml of a text read before (watch mode rebuilds)', () => {
  test('is not parsed again: the same data (a copy of its own), positions and messages, on the new file', () => {
    // Unique to this test, so that no other test read it before.
    const text = defaultConfig.replace('language: en', 'language: en\nunknownKey: remembered')
    const first = readConfig(text)
    const parsed = yamlReads.parsed
    const remembered = yamlReads.remembered
    const second = readConfig(text)
    expect(yamlReads.parsed).toBe(parsed)
    expect(yamlReads.remembered).toBe(remembered + 1)
    expect(second.messages).toEqual(first.messages)
    expect(second.messages.join('\n')).toMatch(/unknownKey/)
    expect(second.file.messages[0]).not.toBe(first.file.messages[0])
    expect(second.file.messages[0]?.fatal).toBe(first.file.messages[0]?.fatal)

    const valid = readConfig(defaultConfig.replace('language: en', 'language: en # remembered'))
    const again = readConfig(defaultConfig.replace('language: en', 'language: en # remembered'))
    expect(again.result.data).toEqual(valid.result.data)
    expect(again.result.locate(['outline', 0, 'sections', 0, 'due'])?.start).toMatchObject({ line: 16, column: 14 })
    // A caller that changes its data changes no other build's.
    valid.result.data!.outline[0]!.sections[0]!.id = 'changed'
    expect(readConfig(defaultConfig.replace('language: en', 'language: en # remembered')).result.data?.outline[0]?.sections[0]?.id).not.toBe('changed')
  })

  test('another file with the same text, or the same text at another path, is reported on its own path', () => {
    const text = defaultConfig.replace('language: en', 'language: en\nanotherKey: x')
    readConfig(text)
    const file = new VFile({ path: 'translations/fr/guidelines.yaml', value: text })
    readYaml<Guidelines>(file, text, guidelinesSchema, { rule: 'config-invalid' })
    expect(String(file.messages[0])).toMatch(/^translations\/fr\/guidelines\.yaml:/)
  })

  test('keeps the texts used last: an edited file\'s old texts age out, a text read again stays', () => {
    const read = (text: string) => readYaml(new VFile({ path: 'glossary.yaml', value: text }), text, glossarySchema, { rule: 'glossary-invalid' })
    const entry = (n: number) => `- term: Term ${n}\n  definition: Definition ${n}.\n`
    read(entry(-1))
    read(entry(-2))
    for (let n = 0; n < 1100; n++) {
      read(entry(n))
      if (n % 100 === 0) read(entry(-2))
    }
    const parsed = yamlReads.parsed
    read(entry(-2))
    expect(yamlReads.parsed).toBe(parsed)
    read(entry(-1))
    expect(yamlReads.parsed).toBe(parsed + 1)
  })
})
