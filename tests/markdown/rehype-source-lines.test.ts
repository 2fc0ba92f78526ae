import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { describe, expect, test } from 'vitest'
import { createParser, createRenderer, render } from '../../src/markdown/processor.js'
import { createAbbreviationMatcher } from '../../src/markdown/util/abbreviations.js'

/** Render one contribution through both passes and list `tag@data-line` of its elements (first text in brackets). */
async function lines(markdown: string): Promise<string[]> {
  const matcher = createAbbreviationMatcher([])
  const file = new VFile({ path: 'a.md', value: markdown })
  const parser = createParser({ matcher })
  const tree = parser.parse(file)
  parser.runSync(tree, file)
  const table = tree.children.find((c) => c.type === 'table')
  if (table) table.data = { ...table.data, number: 1 }
  const figure = tree.children.find((c) => c.type === 'paragraph' && c.data?.figure)
  if (figure) figure.data = { ...figure.data, figureNumber: 1 }
  const renderer = createRenderer({ targets: new Map(), matcher, footnotes: new Map([[file, new Map([['n', 1]])]]), expand: new Map(), root: '/nonexistent', outputDir: '/nonexistent/output' })
  const hast = (await render(renderer, tree, file)) as Root
  const out: string[] = []
  visit(hast, 'element', (node: Element) => {
    if (node.properties['dataLine'] !== undefined) out.push(`${node.tagName}@${node.properties['dataLine']}`)
  })
  return out
}

describe('rehype-source-lines', () => {
  test('blocks get the line they start on; inline elements get none', async () => {
    expect(await lines('---\nsection: s\nwriter: W\n---\n\n# Heading {#h}\n\nA *paragraph*\nover two lines.\n\n- one\n- two\n\n  continued\n\n> quoted\n')).toEqual(['h1@6', 'p@8', 'li@11', 'p@11', 'li@12', 'p@12', 'p@14', 'blockquote@16', 'p@16'])
  })

  test('table cells, and the caption on the line where it is written, above the table', async () => {
    expect(await lines('Table: Roles {#tab-r}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n')).toEqual(['caption@1', 'th@3', 'th@3', 'td@5', 'td@5'])
  })

  test('footnote bodies (built without a position) take their first line', async () => {
    const found = await lines('Text.[^n]\n\n[^n]: The note.\n')
    expect(found).toEqual(['p@1', 'aside@3', 'p@3'])
  })

  test('figure captions take the figure’s line; raw HTML blocks keep theirs', async () => {
    expect(await lines('Intro.\n\n![A diagram](data:image/png;base64,AAAA) {#fig-a}\n')).toEqual(['p@1', 'figure@3', 'figcaption@3'])
    expect(await lines('<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>\n')).toEqual(['dt@2', 'dd@3'])
  })
})
