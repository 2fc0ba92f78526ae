/** Words that open a table caption ("Table 1: ..."), in the languages of the press's users. */
const tableWords = ['Table', 'Tableau', 'Tabla', 'Tabelle', 'Tabela', 'Tab\\.']
/** Words that open a figure caption ("Figure 2 - ..."). */
const figureWords = ['Figure', 'Fig\\.', 'Figura', 'Abbildung', 'Abb\\.', 'Chart', 'Graph', 'Graphique', 'Gráfico', 'Diagram', 'Illustration', 'Image', 'Map', 'Photo']

// A label: the word, then a number (arabic or roman, possibly "2.1" or "2-1", possibly absent
// when Word's SEQ field was never updated) and/or a separator. "Table of contents" is no label.
const label = (words: string[]) =>
  new RegExp(`^\\s*(?:${words.join('|')})(?=[\\s\\d:.\\-–—])\\s*(?:(?:\\d+|[IVXLC]+|[ivxlc]+)(?![A-Za-z])(?:[.\\-–]\\d+)*\\s*[:.\\-–—]?|[:.\\-–—])\\s*`)

const tableLabel = label(tableWords)
const figureLabel = label(figureWords)

/** The caption text after a table label ("Table 1: Areas" gives "Areas"), or undefined. */
export function afterTableLabel(text: string): string | undefined {
  const match = tableLabel.exec(text)
  return match ? text.slice(match[0].length) : undefined
}

/** The caption text after a figure label ("Figure 2 - Flow" gives "Flow"), or undefined. */
export function afterFigureLabel(text: string): string | undefined {
  const match = figureLabel.exec(text)
  return match ? text.slice(match[0].length) : undefined
}

/** Length of the label at the start of `text` (table or figure), or 0. */
export function labelLength(text: string, kind: 'table' | 'figure'): number {
  const match = (kind === 'table' ? tableLabel : figureLabel).exec(text)
  return match ? match[0].length : 0
}
