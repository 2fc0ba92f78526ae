// The preview's memory of its last run (src/watch/client.ts asks for it with `remember`). A
// writer saves one contribution: the pages before it are the same, and so are those after it
// once the flow meets them again (a page that starts with the same block, everything after it
// the same). The next run keeps them where they are in the page, laid out, and lays out only
// the pages between: on a document of 400 pages, a few pages instead of all of them.
//
// Written here: the paged-media tools of the field (Paged.js, Vivliostyle) lay the whole
// document out again on every change, and LaTeX has no such thing either.
//
// A block is known again by its key: its markup, and for each container around it the
// container's opening tag, how many blocks into the container it comes and, in an ordered list,
// how many items come before it. What a page does not show can still decide where it ends (the
// block that did not fit), so a page is kept only when every block up to the end of the next
// page is the same (planResume).
import type { Block } from './flow.js'
import type { Page } from './page.js'

/** A page that started clean: empty, no figure waiting, its first block whole (not the rest of a split one). */
export interface Start {
  /** The block it started with (`Block.origin`). */
  origin: number
  /** The driver's average block height then (it sizes the batches). */
  averageHeight: number
  placedCount: number
  placedHeight: number
}

/** What a run leaves for the next one. */
export interface Memory {
  /** The element holding the page boxes (`.pages`). */
  root: HTMLElement
  /** The key of each block of the flow, by `Block.origin`. */
  keys: string[]
  pages: Page[]
  starts: Map<Page, Start>
  /** A new build's body, waiting in the page for the next run (`guidelinesNextBody`). */
  holder?: HTMLElement
}

/** How the next run uses the memory: the pages it keeps, where it starts, the pages it may take on later. */
export interface Resume {
  root: HTMLElement
  /** The last run's first pages, kept as they are. */
  kept: Page[]
  /** The last run's other pages, still in `root` after the kept ones: dropped, or taken on from where the flow meets them again. */
  rest: Page[]
  /** Where the run starts: block `start.origin` on a new page after the kept ones. */
  start: Start
  /**
   * The index in `rest` of the page that starts with what the new run's page `index` (0-based)
   * starts with, block `origin`, with the same blocks after it; undefined when there is none.
   * `sides` 2: the page must be on the same side of the sheet.
   */
  match(origin: number, index: number, sides: 1 | 2): number | undefined
  /** The start of `page` of `rest` in the new run's terms. */
  startOf(page: Page): Start | undefined
}

/** The key of each block of `blocks` (a fresh flow: `origin` is the index), see above. */
export function blockKeys(blocks: Block[]): string[] {
  const tags = new Map<Element, string>()
  const first = new Map<Element, number>()
  const items = new Map<Element, number>()
  return blocks.map((block) => {
    let key = ''
    for (const container of block.chain) {
      let tag = tags.get(container)
      if (tag === undefined) {
        tag = openingTag(container)
        tags.set(container, tag)
      }
      if (!first.has(container)) first.set(container, block.origin)
      key += `${tag}@${block.origin - first.get(container)!}`
      if (container.tagName === 'OL') key += `#${items.get(container) ?? 0}`
      key += '\n'
    }
    const list = block.chain[block.chain.length - 1]
    if (block.node.tagName === 'LI' && list) items.set(list, (items.get(list) ?? 0) + 1)
    return key + block.node.outerHTML
  })
}

function openingTag(element: Element): string {
  let tag = `<${element.tagName}`
  for (const attribute of element.attributes) tag += ` ${attribute.name}="${attribute.value}"`
  return `${tag}>`
}

/** How a run with the flow `keys` uses `memory` (the last run's). */
export function planResume(memory: Memory, keys: string[]): Resume {
  const old = memory.keys
  const most = Math.min(keys.length, old.length)
  let same = 0
  while (same < most && keys[same] === old[same]) same++
  let tail = 0
  while (tail < most - same && keys[keys.length - 1 - tail] === old[old.length - 1 - tail]) tail++
  // The last page that started clean with every block on it, and on the pages before, unchanged:
  // the pages before it are kept, and the run starts again with it (its end depended on the
  // blocks of the page after it).
  let from = 0
  for (let i = 0; i < memory.pages.length; i++) {
    if (memory.pages[i].placed.some((block) => block.origin >= same)) break
    if (memory.starts.has(memory.pages[i])) from = i
  }
  const start = memory.starts.get(memory.pages[from]) ?? { origin: 0, averageHeight: 40, placedCount: 0, placedHeight: 0 }
  if (!memory.starts.has(memory.pages[from])) from = 0
  const shift = keys.length - old.length
  const rest = memory.pages.slice(from)
  const restAt = new Map<number, number>()
  rest.forEach((page, i) => {
    const at = memory.starts.get(page)
    if (at && !restAt.has(at.origin)) restAt.set(at.origin, i)
  })
  return {
    root: memory.root,
    kept: memory.pages.slice(0, from),
    rest,
    start,
    match(origin, index, sides) {
      if (origin < keys.length - tail) return undefined
      const at = restAt.get(origin - shift)
      if (at === undefined) return undefined
      if (sides === 2 && (from + at - index) % 2 !== 0) return undefined
      return at
    },
    startOf(page) {
      const at = memory.starts.get(page)
      return at && { ...at, origin: at.origin + shift }
    }
  }
}
