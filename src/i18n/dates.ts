import { primaryLanguage } from './labels.js'

const months: Record<string, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre']
}

/**
 * A calendar date ("2022-08-22"; no time zone) written out in `language`: "22 August 2022"
 * (British English), "22 août 2022" ("1er août" on the first of a month, as French writes
 * it), "22 de agosto de 2022". Languages the press does not know get the English form.
 * Written out rather than `toLocaleDateString`, which built a new ICU formatter on every call
 * (~18 ms of a 2 s build) and depends on the ICU data Node was built with.
 */
export function formatLongDate(iso: string, language = 'en'): string {
  const date = new Date(`${iso}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return iso
  const day = date.getUTCDate()
  const year = date.getUTCFullYear()
  const lang = primaryLanguage(language)
  const month = (months[lang] ?? months['en']!)[date.getUTCMonth()]
  if (lang === 'fr') return `${day === 1 ? '1er' : day} ${month} ${year}`
  if (lang === 'es') return `${day} de ${month} de ${year}`
  return `${day} ${month} ${year}`
}
