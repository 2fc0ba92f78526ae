import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal'
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal'
import { gfmFootnote } from 'micromark-extension-gfm-footnote'
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough'
import { gfmTable } from 'micromark-extension-gfm-table'
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table'
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item'
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item'
const ext = { auto: [gfmAutolinkLiteral(), gfmAutolinkLiteralFromMarkdown()], foot: [gfmFootnote(), gfmFootnoteFromMarkdown()], strike: [gfmStrikethrough(), gfmStrikethroughFromMarkdown()], table: [gfmTable(), gfmTableFromMarkdown()], task: [gfmTaskListItem(), gfmTaskListItemFromMarkdown()] }
const files = readdirSync('sections', { recursive: true }).filter((f) => f.endsWith('.md')).map((f) => readFileSync(path.join('sections', f), 'utf8'))
const use = process.argv.slice(2)
const p = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(function () {
  const d = this.data()
  for (const name of use) { (d.micromarkExtensions ??= []).push(ext[name][0]); (d.fromMarkdownExtensions ??= []).push(ext[name][1]) }
})
const t = performance.now()
for (const f of files) p.parse(f)
const cold = performance.now() - t
const t2 = performance.now()
for (let k = 0; k < 5; k++) for (const f of files) p.parse(f)
console.log(use.join('+') || 'none', 'cold', Math.round(cold), 'warm/run', Math.round((performance.now() - t2) / 5))
