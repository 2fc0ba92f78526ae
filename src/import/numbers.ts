// Numbers typed by hand at the start of headings and paragraphs ("1.", "2.3", "a)", "iv."). The
// press numbers headings and paragraphs itself, so they go. Patterns, not a library: no
// package recognises hand numbering, and the rules below are what the press's writers type.

// A heading: one or more markers ("2.3", "2.3.1.", "1)", "(a)", "A.", "IV.", "3<tab>").
const headingMarker = /^\s*(?:(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|\(\d{1,3}\)|[A-Za-z][.)]|\([A-Za-z]\)|(?:[IVXLC]{1,7}|[ivxlc]{1,7})[.)]|\([ivxlcIVXLC]{1,7}\))[ \t\u00a0]+|\d{1,3}\t+)/

// A paragraph: "1." "1)" "(1)", "a)" "(a)" "a.", "iv." "iv)" "(iv)" (lower case: "A. Smith"
// is a name), and "1.2" only before a tab or a capital ("1.5 million" is a number).
const paragraphMarker = /^\s*(?:(?:\d{1,3}[.)]|\(\d{1,3}\)|\d{1,3}(?:\.\d{1,3})+\.|[a-z][.)]|\([a-z]\)|[ivxlc]{1,7}[.)]|\([ivxlc]{1,7}\))[ \t\u00a0]+|\d{1,3}(?:\.\d{1,3})+(?:\t+|[ \u00a0]+(?=\p{Lu}))|\d{1,3}\t+)/u

/** Length of the hand number at the start of a heading's text (with its spaces), or 0. */
export function headingNumberLength(text: string): number {
  return headingMarker.exec(text)?.[0].length ?? 0
}

/** Length of the hand number at the start of a paragraph's text (with its spaces), or 0. */
export function paragraphNumberLength(text: string): number {
  return paragraphMarker.exec(text)?.[0].length ?? 0
}

/** A heading's text without its hand number. */
export function stripHeadingNumber(text: string): string {
  return text.slice(headingNumberLength(text))
}
