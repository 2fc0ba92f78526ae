// Ordered lists continue their numbering on the next page: the `start` of a continued `ol` is
// its own start plus the items already placed (less one when the first item on the new page
// is the rest of a split one, whose number was shown already: it prints no marker). The rest of a split item is either inside a continued
// item (an item of several blocks: `containerContinued` sees it) or the item itself (an item of
// one text block, split by lines: `blockAdded` sees it).
import type { Block } from './flow.js'
import type { Handler } from './handler.js'

/** List numbering of one run. */
export function createLists(): Handler {
  // Items placed so far, by the container around them (the original list).
  const placed = new Map<Element, number>()
  // Continued lists whose start already counts the split item.
  const counted = new WeakSet<Element>()
  const count = (block: Block): void => {
    if (block.node.tagName !== 'LI' || block.continuation) return
    const list = block.chain[block.chain.length - 1]
    if (list) placed.set(list, (placed.get(list) || 0) + 1)
  }
  return {
    containerContinued(clone, original, inner) {
      if (original.tagName === 'LI') clone.style.listStyleType = 'none'
      if (original.tagName !== 'OL') return
      const start = Number(original.getAttribute('start') || 1)
      const count = placed.get(original) || 0
      const continuesItem = Boolean(inner && inner.tagName === 'LI')
      clone.setAttribute('start', String(start + Math.max(0, count - (continuesItem ? 1 : 0))))
      if (continuesItem) counted.add(clone)
    },
    blockAdded(block) {
      if (!block.continuation || block.node.tagName !== 'LI') return
      block.node.style.listStyleType = 'none'
      const list = block.node.parentElement
      if (!list || list.tagName !== 'OL' || !list.classList.contains('continued')) return
      if (counted.has(list) || list.firstElementChild !== block.node) return
      counted.add(list)
      list.setAttribute('start', String(Math.max(1, Number(list.getAttribute('start') || 1) - 1)))
    },
    blockPlaced: count,
    blockKept: count,
    blockRemoved(block) {
      if (block.node.tagName !== 'LI' || block.continuation) return
      const list = block.chain[block.chain.length - 1]
      if (list) placed.set(list, (placed.get(list) || 1) - 1)
    }
  }
}
