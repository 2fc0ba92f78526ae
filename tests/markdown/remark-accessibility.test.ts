import { describe, expect, test } from 'vitest'
import { checkFixture, fixtureCases } from '../helpers/fixtures.js'

// Each case's HTML and messages are compared with its expected files; and, said here so that a
// rewritten expectation cannot hide it, the rules each case must report (none for the clean ones).
const rules: Record<string, string[]> = {
  clean: [],
  'decorative-image': [],
  'heading-skip': ['heading-skip'],
  'image-alt-missing': ['image-alt-missing', 'image-alt-missing'],
  'link-text-unclear': ['link-text-unclear', 'link-text-unclear', 'link-text-unclear', 'link-text-unclear'],
  'table-header-missing': ['table-header-missing']
}

describe('remark-accessibility fixtures', () => {
  test('every case is listed here', () => {
    expect(fixtureCases('remark-accessibility').sort()).toEqual(Object.keys(rules).sort())
  })
  for (const name of fixtureCases('remark-accessibility')) {
    test(name, async () => {
      const { rules: reported } = await checkFixture('remark-accessibility', name)
      expect(reported).toEqual(rules[name])
    })
  }
})
