import type { ElementContent, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import rehypeSanitize from 'rehype-sanitize'
import { definitionSchema } from './sanitize.js'
import rehypeTypography from './rehype-typography.js'

/** Markdown of short author texts that are not contributions (glossary definitions, submission texts), as HTML. */
export interface TextRenderer {
  /** The text as a tree of HTML blocks. */
  blocks(text: string): Promise<Root>
  /** The content of the text's first paragraph (a glossary definition is printed inline after its term). */
  inline(text: string): Promise<ElementContent[]>
  /** The text as an HTML string; empty for no text. */
  html(text: string | undefined): Promise<string>
}

/**
 * A renderer for short author texts outside contributions: CommonMark, nothing numbered or
 * resolved, the same allow-list as contributions (no remote images: they come from authors
 * too), and the typography of `language`.
 */
export function createTextRenderer(language = 'en'): TextRenderer {
  const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeSanitize, definitionSchema).use(rehypeTypography, { language })
  const blocks = async (text: string) => (await processor.run(processor.parse(text))) as Root
  return {
    blocks,
    async inline(text) {
      const first = (await blocks(text)).children.find((c) => c.type === 'element')
      return first && first.type === 'element' ? first.children : []
    },
    async html(text) {
      return text ? toHtml(await blocks(text)) : ''
    }
  }
}
