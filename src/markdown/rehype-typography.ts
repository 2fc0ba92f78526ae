import type { Element, ElementContent, Root, Text } from 'hast'
import { createTypesetter, type Typesetter } from '../i18n/typography.js'

export interface TypographyOptions {
  /** Language of the text (BCP 47): its quotes and spacing. */
  language: string
}

/** Elements whose text is never set: code, and what the press marks so. */
const verbatim = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'svg', 'math'])
/** Elements that start a new run of text (a quote never spans two of them). */
const blocks = new Set(['p', 'li', 'td', 'th', 'dd', 'dt', 'caption', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'aside', 'div', 'section', 'table', 'tr', 'ul', 'ol', 'dl', 'figure'])

/**
 * Pass 2: typographic punctuation of running text in the contribution's language (curly
 * quotes, apostrophes, dashes in ranges, French spacing: see src/i18n/typography.ts). Code,
 * a link whose text is its own URL, and `[data-no-typography]` are left as written; a quote
 * may open in one text node and close in another of the same block.
 */
export default function rehypeTypography(options: TypographyOptions) {
  return (tree: Root) => {
    const walk = (parent: Root | Element, setter: Typesetter) => {
      for (const child of parent.children as ElementContent[]) {
        if (child.type === 'text') {
          ;(child as Text).value = setter.set(child.value)
        } else if (child.type === 'element') {
          if (verbatim.has(child.tagName) || child.properties['dataNoTypography'] !== undefined || isOwnUrl(child)) {
            setter.skip(textOf(child))
          } else {
            walk(child, blocks.has(child.tagName) ? createTypesetter(options.language) : setter)
          }
        }
      }
    }
    walk(tree, createTypesetter(options.language))
  }
}

/** A link whose text is its address (an autolink): the text is a URL, not prose. */
function isOwnUrl(element: Element): boolean {
  if (element.tagName !== 'a') return false
  const href = String(element.properties['href'] ?? '')
  const text = textOf(element)
  return text !== '' && (href === text || href === `mailto:${text}` || href === `http://${text}` || href === `https://${text}`)
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element') return node.children.map(textOf).join('')
  return ''
}
