import { describe, expect, test } from 'vitest'
import { VFile } from 'vfile'
import { diagnostics, formatGithub, formatJson, formatText } from '../../src/report/format.js'
import { hasErrors, report } from '../../src/report/rules.js'

function sample() {
  const config = new VFile({ path: 'guidelines.yaml', value: '' })
  const a = new VFile({ path: 'sections/b.md', value: '' })
  const b = new VFile({ path: 'sections/a.md', value: '' })
  report(a, 'glossary-unknown-abbreviation', 'Unexpected abbreviation `XYZ`', { line: 9, column: 3 })
  report(a, 'xref-unresolved', 'Unexpected reference to `#nowhere`, expected an id', { start: { line: 4, column: 12 }, end: { line: 4, column: 25 } })
  report(b, 'id-duplicate', 'Unexpected duplicate id `x`: 50%, ok', { line: 2, column: 1 })
  report(config, 'outline-missing-contribution', 'Expected a contribution of `BG`', { line: 20, column: 5 })
  return [config, a, b]
}

describe('diagnostics', () => {
  test('flatten messages into {file, line, column, severity, rule, message}, sorted by file, line, column', () => {
    expect(diagnostics(sample())).toEqual([
      { file: 'guidelines.yaml', line: 20, column: 5, severity: 'warning', rule: 'outline-missing-contribution', message: 'Expected a contribution of `BG`' },
      { file: 'sections/a.md', line: 2, column: 1, severity: 'error', rule: 'id-duplicate', message: 'Unexpected duplicate id `x`: 50%, ok' },
      { file: 'sections/b.md', line: 4, column: 12, severity: 'error', rule: 'xref-unresolved', message: 'Unexpected reference to `#nowhere`, expected an id' },
      { file: 'sections/b.md', line: 9, column: 3, severity: 'warning', rule: 'glossary-unknown-abbreviation', message: 'Unexpected abbreviation `XYZ`' }
    ])
  })

  test('severity comes from the rule table', () => {
    const file = new VFile({ path: 'a.md' })
    expect(hasErrors([file])).toBe(false)
    report(file, 'glossary-unused', 'w')
    expect(hasErrors([file])).toBe(false)
    report(file, 'frontmatter-invalid', 'e')
    expect(hasErrors([file])).toBe(true)
  })
})

describe('formatText', () => {
  test('file:line:column, severity, message, rule; then the counts; no colour when not asked', () => {
    expect(formatText(diagnostics(sample()))).toBe(
      [
        'guidelines.yaml:20:5  warning  Expected a contribution of `BG`  outline-missing-contribution',
        'sections/a.md:2:1  error  Unexpected duplicate id `x`: 50%, ok  id-duplicate',
        'sections/b.md:4:12  error  Unexpected reference to `#nowhere`, expected an id  xref-unresolved',
        'sections/b.md:9:3  warning  Unexpected abbreviation `XYZ`  glossary-unknown-abbreviation',
        '2 errors, 2 warnings'
      ].join('\n')
    )
  })

  test('nothing at all when there is nothing to say; colour codes only when asked', () => {
    expect(formatText([])).toBe('')
    const one = diagnostics(sample()).slice(0, 1)
    expect(formatText(one)).not.toContain('\u001b[')
    expect(formatText(one, true)).toContain('\u001b[33mwarning\u001b[39m')
    expect(formatText(one, true)).toContain('0 errors, 1 warning')
  })
})

describe('formatJson', () => {
  test('a JSON array of diagnostics and nothing else', () => {
    const list = diagnostics(sample())
    const text = formatJson(list)
    expect(JSON.parse(text)).toEqual(list)
    expect(text.trimStart().startsWith('[')).toBe(true)
    expect(formatJson([])).toBe('[]')
  })
})

describe('formatGithub', () => {
  test('workflow commands with escaped properties and data', () => {
    expect(formatGithub(diagnostics(sample())).split('\n')).toEqual([
      '::warning file=guidelines.yaml,line=20,col=5,title=outline-missing-contribution::Expected a contribution of `BG`',
      '::error file=sections/a.md,line=2,col=1,title=id-duplicate::Unexpected duplicate id `x`: 50%25, ok',
      '::error file=sections/b.md,line=4,col=12,title=xref-unresolved::Unexpected reference to `#nowhere`, expected an id',
      '::warning file=sections/b.md,line=9,col=3,title=glossary-unknown-abbreviation::Unexpected abbreviation `XYZ`'
    ])
  })

  test('property values escape : and , and data escapes line breaks', () => {
    const file = new VFile({ path: 'sections/odd,name:x.md' })
    report(file, 'xref-unresolved', 'line one\nline two', { line: 1, column: 1 })
    expect(formatGithub(diagnostics([file]))).toBe('::error file=sections/odd%2Cname%3Ax.md,line=1,col=1,title=xref-unresolved::line one%0Aline two')
  })
})
