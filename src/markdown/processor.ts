import { unified, type Processor } from 'unified'
import { combineExtensions } from 'micromark-util-combine-extensions'
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal'
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal'
import { gfmFootnote } from 'micromark-extension-gfm-footnote'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import { gfmTable } from 'micromark-extension-gfm-table'
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item'
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote'
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough'
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table'
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkRehype from 'remark-rehype'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize from 'rehype-sanitize'
import type { Nodes, Root as Mdast } from 'mdast'
import type { Root as Hast } from 'hast'
import type { VFile } from 'vfile'
import remarkAttributes from './remark-attributes.js'
import remarkAccessibility from './remark-accessibility.js'
import remarkCollect from './remark-collect.js'
import remarkNesting from './remark-nesting.js'
import remarkHtmlBalance from './remark-html-balance.js'
import remarkNestedHeadings from './remark-nested-headings.js'
import remarkRawIds from './remark-raw-ids.js'
import rehypeUrlSchemes from './rehype-url-schemes.js'
import remarkXrefSelf from './remark-xref-self.js'
import rehypeUnsafe from './rehype-unsafe.js'
import remarkXref from './remark-xref.js'
import remarkGlossary from './remark-glossary.js'
import remarkFootnotes from './remark-footnotes.js'
import { handlers } from './handlers.js'
import rehypeAssets from './rehype-assets.js'
import rehypeSourceLines from './rehype-source-lines.js'
import rehypeTypography from './rehype-typography.js'
import { sanitizeSchema } from './sanitize.js'
import type { AbbreviationMatcher } from './util/abbreviations.js'
import type { Targets } from '../model/targets.js'

/** Deepest nesting of block containers (lists, quotes) a contribution may have. */
export const maxNesting = 64

/**
 * Pass 1 processor: Markdown with front matter and GFM, then the attribute syntax and
 * collection of ids, numbered blocks, footnotes and abbreviations into `file.data.collected`.
 *
 * Two GFM constructs are costly and cannot occur in most files: literal autolinks (`www.x.org`,
 * `https://x.org`, `a@b.org` without `<>`: a quarter to a third of parsing) need a `www.`,
 * `http:`/`https:` or `@`, and tables need a `|`. A file without them is parsed by a processor
 * without those extensions, which gives the same tree (tests/markdown/parser.test.ts compares
 * with remark-gfm). Most addresses of a contribution are link destinations (`[text](https://...)`),
 * where no literal autolink can be: a file that has some is parsed without literal autolinks
 * first, and again with them only when a text of that tree has a `www.`, `http:`/`https:` or `@`
 * (a literal autolink is text the extension turns into a link: without it, that text is there).
 */
export function createParser(options: { matcher: AbbreviationMatcher }): Parser {
  const variants = new Map<string, ReturnType<typeof pass1>>()
  const variant = (features: GfmFeatures) => {
    const key = `${features.literalAutolinks}/${features.tables}`
    let processor = variants.get(key)
    if (!processor) variants.set(key, (processor = pass1(options, features)))
    return processor
  }
  const pick = (file: VFile) => {
    const text = String(file.value)
    return variant({ literalAutolinks: mayHoldLiteralAutolink(text), tables: text.includes('|') })
  }
  return {
    parse: (file) => {
      const text = String(file.value)
      const tables = text.includes('|')
      if (!mayHoldLiteralAutolink(text)) return variant({ literalAutolinks: false, tables }).parse(file)
      const before = file.messages.length
      const tree = variant({ literalAutolinks: false, tables }).parse(file)
      if (!textMayHoldLiteralAutolink(tree)) return tree
      // Parsed again: the messages of the first parse (nesting limits) are reported again.
      file.messages.length = before
      return variant({ literalAutolinks: true, tables }).parse(file)
    },
    // The variants differ in their parser only: the same plugins run on the tree.
    runSync: (tree, file) => pick(file).runSync(tree, file) as Mdast
  }
}

/**
 * Whether a text of `tree` (or an image's alt text) has a `www.`, an `http:`/`https:` or an `@`:
 * where the GFM literal autolink extension could have found a link (mayHoldLiteralAutolink).
 */
function textMayHoldLiteralAutolink(tree: Mdast): boolean {
  const stack: Nodes[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'text' ? mayHoldLiteralAutolink(node.value) : node.type === 'image' && mayHoldLiteralAutolink(node.alt ?? '')) return true
    if ('children' in node) for (const child of node.children) stack.push(child as Nodes)
  }
  return false
}

/** The pass 1 processor (createParser). */
export interface Parser {
  parse(file: VFile): Mdast
  runSync(tree: Mdast, file: VFile): Mdast
}

/** Whether `text` may hold a GFM literal autolink (a `www.`, an `http:`/`https:` URL, an e-mail address). */
export function mayHoldLiteralAutolink(text: string): boolean {
  return /www\.|https?:|@/i.test(text)
}

interface GfmFeatures {
  literalAutolinks: boolean
  tables: boolean
}

function pass1(options: { matcher: AbbreviationMatcher }, features: GfmFeatures) {
  return unified().use(remarkParse).use(remarkNesting, { maxNesting }).use(remarkFrontmatter, ['yaml']).use(remarkGfmParts, features).use(remarkHtmlBalance).use(remarkNestedHeadings).use(remarkAttributes).use(remarkAccessibility).use(remarkCollect, options).freeze()
}

/** remark-gfm (the same extensions, from the same packages, in its order), less what `features` leaves out. */
function remarkGfmParts(this: Processor, features: GfmFeatures) {
  const data = this.data()
  const syntax = [...(features.literalAutolinks ? [gfmAutolinkLiteral()] : []), gfmFootnote(), gfmStrikethrough(), ...(features.tables ? [gfmTable()] : []), gfmTaskListItem()]
  const tree = [...(features.literalAutolinks ? [gfmAutolinkLiteralFromMarkdown()] : []), gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), ...(features.tables ? [gfmTableFromMarkdown()] : []), gfmTaskListItemFromMarkdown()]
  ;(data.micromarkExtensions ??= []).push(combineExtensions(syntax))
  ;(data.fromMarkdownExtensions ??= []).push(tree)
}

export interface RenderOptions {
  targets: Targets
  matcher: AbbreviationMatcher
  /** Per contribution: footnote label -> document-wide number (`Numbered.footnotes`). */
  footnotes: ReadonlyMap<VFile, ReadonlyMap<string, number>>
  /** Per contribution: abbreviations to expand there (`Numbered.expand`). */
  expand: ReadonlyMap<VFile, ReadonlyMap<string, 'text' | 'note'>>
  /** Per contribution: glossary terms linked at their first use in a chapter (link/glossary-terms.ts). */
  terms?: ReadonlyMap<VFile, ReadonlySet<string>>
  root: string
  outputDir: string
  /** Language of the text (typography): the document's, or a translation's. */
  language?: string
}

/**
 * Pass 2 processor, one per edition: resolves references, glossary uses and footnote numbers
 * (the edition's fold, passed as options), then turns the tree into sanitized HTML (hast)
 * with positions kept. Run it on a copy with the edition's numbers (`withNumbers`).
 */
export function createRenderer(options: RenderOptions) {
  return unified()
    .use(remarkXref, { targets: options.targets })
    .use(remarkXrefSelf)
    .use(remarkGlossary, { matcher: options.matcher, expand: options.expand, terms: options.terms, language: options.language })
    .use(remarkFootnotes, { numbers: options.footnotes })
    .use(remarkRawIds, { targets: options.targets })
    .use(remarkRehype, { allowDangerousHtml: true, handlers: handlers as never })
    .use(rehypeRawWhenNeeded)
    .use(rehypeUrlSchemes)
    .use(rehypeUnsafe, sanitizeSchema)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeTypography, { language: options.language ?? 'en' })
    .use(rehypeSourceLines)
    .use(rehypeAssets, { root: options.root, outputDir: options.outputDir })
    .freeze()
}

/** Run a renderer on `tree`, which it changes: give it a copy (`withNumbers`), never a shared tree. */
export async function render(renderer: ReturnType<typeof createRenderer>, tree: Mdast, file: VFile): Promise<Hast> {
  return (await renderer.run(tree, file)) as unknown as Hast
}

/**
 * rehype-raw re-parses the whole tree with parse5 (the costliest step of pass 2); most
 * contributions have no raw HTML at all, so it runs only on those that do.
 */
function rehypeRawWhenNeeded() {
  const raw = rehypeRaw() as unknown as (tree: Hast, file: VFile) => Hast
  return (tree: Hast, file: VFile) => (holdsRaw(tree) ? raw(tree, file) : undefined)
}

/** Whether a `raw` node stands anywhere below `node`. */
function holdsRaw(node: { children?: unknown[] }): boolean {
  for (const child of (node.children ?? []) as Array<{ type: string; children?: unknown[] }>) if (child.type === 'raw' || holdsRaw(child)) return true
  return false
}
