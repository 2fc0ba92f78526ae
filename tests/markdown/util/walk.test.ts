import type { Nodes, Root } from 'mdast'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import { visitParents } from 'unist-util-visit-parents'
import { describe, expect, it } from 'vitest'
import { holdsPhrasing, skip, walk } from '../../../src/markdown/util/walk.js'

const parse = (text: string) => unified().use(remarkParse).use(remarkGfm).parse(text) as Root
const text = '# Title\n\n> quote with *em* and [a link](#x)\n\n- item\n  - nested **strong**\n\n| a | b |\n|---|---|\n| `c` | ![i](i.png) |\n\nText[^1].\n\n[^1]: A note.\n'

describe('walk', () => {
  it('visits what unist-util-visit-parents visits, in the same order, with the same ancestors and index', () => {
    const tree = parse(text)
    const ours: string[] = []
    walk(tree, (node, index, ancestors) => {
      ours.push(`${ancestors.map((a) => a.type).join('/')}>${node.type}@${index}`)
    })
    const theirs: string[] = []
    visitParents(tree, (node, ancestors) => {
      if (node === tree) return
      const parent = ancestors[ancestors.length - 1]!
      theirs.push(`${ancestors.map((a) => a.type).join('/')}>${node.type}@${parent.children.indexOf(node as never)}`)
    })
    expect(ours).toEqual(theirs)
    expect(ours).toContain('root/table/tableRow/tableCell>image@0')
  })

  it('leaves the children of a node unvisited when its visitor returns `skip`', () => {
    const seen: string[] = []
    walk(parse(text), (node) => {
      seen.push(node.type)
      return holdsPhrasing(node) ? skip : undefined
    })
    expect(seen).toContain('blockquote')
    expect(seen).toContain('footnoteDefinition')
    for (const phrasing of ['text', 'emphasis', 'link', 'tableRow', 'tableCell', 'image', 'inlineCode']) expect(seen).not.toContain(phrasing)
  })

  it('lets a visitor remove the siblings after the node it visits', () => {
    const tree = parse('a *b* c *d* e')
    const seen: Nodes['type'][] = []
    walk(tree, (node, index, ancestors) => {
      seen.push(node.type)
      if (node.type === 'emphasis') ancestors[ancestors.length - 1]!.children.splice(index + 1, 1)
    })
    expect(seen).toEqual(['paragraph', 'text', 'emphasis', 'text', 'emphasis', 'text'])
  })

  it('goes on from the index a visitor returns, without the children of the node it replaced or removed', () => {
    const tree = parse('a *b* c **d** e')
    const seen: string[] = []
    walk(tree, (node, index, ancestors) => {
      const parent = ancestors[ancestors.length - 1]!
      seen.push(node.type === 'text' ? node.value : node.type)
      // Replaced by two texts: the walk goes on after them, never into them nor the emphasis.
      if (node.type === 'emphasis') {
        parent.children.splice(index, 1, { type: 'text', value: 'x' }, { type: 'text', value: 'y' })
        return index + 2
      }
      // Removed: what took its place is visited next.
      if (node.type === 'strong') {
        parent.children.splice(index, 1)
        return index
      }
      return undefined
    })
    expect(seen).toEqual(['paragraph', 'a ', 'emphasis', ' c ', 'strong', ' e'])
    expect(JSON.stringify(tree)).not.toContain('strong')
  })
})
