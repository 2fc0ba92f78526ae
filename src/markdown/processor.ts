import { unified, type Processor } from 'unified'
import { combineExtensions } from 'micromark-util-combine-extensions'
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
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeRaw from 'rehype-raw'
import { visit, EXIT } from 'unist-util-visit'
import rehypeSanitize from 'rehype-sanitize'
import type { Root as Mdast } from 'mdast'
import type { Root as Hast } from 'hast'
import type { VFile } from 'vfile'
import remarkAttributes from './remark-attributes.js'
import remarkCollect from './remark-collect.js'
import remarkNesting from './remark-nesting.js'
import remarkHtmlBalance from './remark-html-balance.js'
import remarkXrefSelf from './remark-xref-self.js'
import rehypeUnsafe from '../html/rehype-unsafe.js'
import remarkXref from './remark-xref.js'
import remarkGlossary from './remark-glossary.js'
import remarkFootnotes from './remark-footnotes.js'
import { handlers } from './handlers.js'
import rehypeAssets from '../html/rehype-assets.js'
import rehypeSourceLines from '../html/rehype-source-lines.js'
import { sanitizeSchema } from '../html/sanitize.js'
import type { AbbreviationMatcher } from './util/abbreviations.js'
import type { Targets } from '../link/targets.js'

declare module 'vfile' {
  interface DataMap {
    /** Per-contribution results of the fold that pass 2 needs. */
    link: { footnotes: ReadonlyMap<string, number>; expand: ReadonlySet<string> }
  }
}

/** Deepest nesting of block containers (lists, quotes) a contribution may have. */
export const maxNesting = 64

/**
 * Pass 1 processor: Markdown with front matter and GFM, then the attribute syntax and
 * collection of ids, numbered blocks, footnotes and abbreviations into `file.data.collected`.
 *
 * GFM's literal autolinks (`www.x.org`, `https://x.org`, `a@b.org` without `<>`) cost a third
 * of parsing, and can only occur in a text that has `www.`, `http:`/`https:` or `@`: a file
 * without any is parsed by the same processor without that extension, which gives the same
 * tree (tests/unit/parser.test.ts checks both agree).
 */
export function createParser(options: { matcher: AbbreviationMatcher }): Parser {
  const full = pass1(options, remarkGfm as (this: Processor) => void)
  const lean = pass1(options, remarkGfmWithoutLiteralAutolinks)
  const pick = (file: VFile) => (mayHoldLiteralAutolink(String(file.value)) ? full : lean)
  return {
    parse: (file) => pick(file).parse(file),
    runSync: (tree, file) => pick(file).runSync(tree, file) as Mdast
  }
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

function pass1(options: { matcher: AbbreviationMatcher }, gfm: (this: Processor) => void) {
  return unified().use(remarkParse).use(remarkNesting, { maxNesting }).use(remarkFrontmatter, ['yaml']).use(gfm).use(remarkHtmlBalance).use(remarkAttributes).use(remarkCollect, options).freeze()
}

/** remark-gfm less literal autolinks (the same extensions, from the same packages). */
function remarkGfmWithoutLiteralAutolinks(this: Processor) {
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(combineExtensions([gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem()]))
  ;(data.fromMarkdownExtensions ??= []).push([gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown()])
}

export interface RenderOptions {
  targets: Targets
  matcher: AbbreviationMatcher
  root: string
  outputDir: string
}

/**
 * Pass 2 processor, one per edition: resolves references, glossary uses and footnote numbers
 * (from `file.data.link`), then turns the tree into sanitized HTML (hast) with positions kept.
 */
export function createRenderer(options: RenderOptions) {
  return unified()
    .use(remarkXref, { targets: options.targets })
    .use(remarkXrefSelf)
    .use(function glossary() {
      return (tree: Mdast, file: VFile) => remarkGlossary({ matcher: options.matcher, expand: file.data.link?.expand ?? new Set() })(tree)
    })
    .use(function footnotes() {
      return (tree: Mdast, file: VFile) => remarkFootnotes({ numbers: file.data.link?.footnotes ?? new Map() })(tree)
    })
    .use(remarkRehype, { allowDangerousHtml: true, handlers: handlers as never })
    .use(rehypeRawWhenNeeded)
    .use(rehypeUnsafe, sanitizeSchema)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeSourceLines)
    .use(rehypeAssets, { root: options.root, outputDir: options.outputDir })
    .freeze()
}

/** Run a renderer on a copy of `tree` (trees are shared by editions and the watch cache). */
export async function render(renderer: ReturnType<typeof createRenderer>, tree: Mdast, file: VFile): Promise<Hast> {
  return (await renderer.run(structuredClone(tree), file)) as unknown as Hast
}

/**
 * rehype-raw re-parses the whole tree with parse5 (the costliest step of pass 2); most
 * contributions have no raw HTML at all, so it runs only on those that do.
 */
function rehypeRawWhenNeeded() {
  const raw = rehypeRaw() as unknown as (tree: Hast, file: VFile) => Hast
  return (tree: Hast, file: VFile) => {
    let found = false
    visit(tree, 'raw', () => {
      found = true
      return EXIT
    })
    return found ? raw(tree, file) : undefined
  }
}
