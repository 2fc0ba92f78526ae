import { describe, expect, it } from 'vitest'
import { formatLongDate } from '../../src/i18n/dates.js'

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

describe('formatLongDate in French and Spanish', () => {
  it('writes the day, the month in lower case and the year, as Intl does (1er on the first day in French)', () => {
    for (let t = Date.UTC(2021, 0, 1); t < Date.UTC(2023, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10)
      const intl = (locale: string) => new Date(t).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
      expect(formatLongDate(iso, 'fr')).toBe(iso.endsWith('-01') ? intl('fr-FR').replace(/^1 /, '1er ') : intl('fr-FR'))
      expect(formatLongDate(iso, 'es')).toBe(intl('es-ES'))
    }
    expect(formatLongDate('2022-08-22', 'fr')).toBe('22 août 2022')
    expect(formatLongDate('2022-08-01', 'fr-BE')).toBe('1er août 2022')
    expect(formatLongDate('2022-08-22', 'es')).toBe('22 de agosto de 2022')
  })
})
