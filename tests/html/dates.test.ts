import { describe, expect, it } from 'vitest'
import { formatLongDate } from '../../src/html/dates.js'

describe('formatLongDate', () => {
  it('writes the British English long date, as Intl does, for every day of a few years', () => {
    for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2025, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10)
      expect(formatLongDate(iso)).toBe(new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }))
    }
    expect(formatLongDate('2022-08-22')).toBe('22 August 2022')
  })

  it('leaves what is not a date as it is', () => {
    expect(formatLongDate('soon')).toBe('soon')
  })
})
