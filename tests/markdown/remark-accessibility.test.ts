import { describe, test } from 'vitest'
import { checkFixture, fixtureCases } from '../helpers/fixtures.js'

describe('remark-accessibility fixtures', () => {
  for (const name of fixtureCases('remark-accessibility')) test(name, () => checkFixture('remark-accessibility', name))
})
