// Containers around the blocks (sections, lists, quotes): each page opens shallow clones of the
// containers its blocks sit in; a container met again on a later page opens as a continuation
// (`.continued`, without its id). The originals lose their children as blocks move out, so they
// are only cloned from.
import type { Handler } from './handler.js'
import type { Page } from './page.js'

/** Opening and closing the container clones of the pages of one run. */
export interface Containers {
  /**
   * Open clones of the containers of `chain` at the end of `page`'s content, reusing those still
   * open there. Returns the innermost (where the block goes) and the clones opened now.
   */
  open(page: Page, chain: HTMLElement[]): { parent: HTMLElement; fresh: HTMLElement[] }
  /** Remove an empty container clone from `page`, with the clones open inside it; if it was the container's first appearance, the next page opens it afresh (with its id). */
  release(page: Page, clone: HTMLElement): void
  /** Release the empty container clones open on `page`. */
  closeEmpty(page: Page): void
  /** The containers of `chain` were opened on a page kept from the last run (memory.ts): the next page continues them. */
  keep(chain: HTMLElement[]): void
}

/** Container clones of one run; `handlers` hear of each continued container (containerContinued). */
export function createContainers(handlers: Handler[]): Containers {
  const opened = new Set<Element>()
  const originOf = new WeakMap<Element, HTMLElement>()
  const containers: Containers = {
    open(page, chain) {
      let common = 0
      while (common < page.chain.length && common < chain.length && page.chain[common].original === chain[common]) common++
      page.chain.length = common
      const fresh: HTMLElement[] = []
      for (let i = common; i < chain.length; i++) {
        const original = chain[i]
        const clone = original.cloneNode(false) as HTMLElement
        if (opened.has(original)) {
          clone.removeAttribute('id')
          clone.classList.add('continued')
          const inner = chain[i + 1]
          for (const handler of handlers) handler.containerContinued?.(clone, original, inner && opened.has(inner) ? inner : undefined)
        }
        opened.add(original)
        originOf.set(clone, original)
        const parent = i === 0 ? page.content : page.chain[i - 1].clone
        parent.appendChild(clone)
        page.chain.push({ original, clone })
        fresh.push(clone)
      }
      return { parent: page.chain.length ? page.chain[page.chain.length - 1].clone : page.content, fresh }
    },
    release(page, clone) {
      clone.remove()
      const original = originOf.get(clone)
      if (original && !clone.classList.contains('continued')) opened.delete(original)
      const index = page.chain.findIndex((c) => c.clone === clone)
      if (index !== -1) page.chain.length = index
    },
    keep(chain) {
      for (const original of chain) opened.add(original)
    },
    closeEmpty(page) {
      for (let i = page.chain.length - 1; i >= 0; i--) {
        if (page.chain[i].clone.childNodes.length === 0) containers.release(page, page.chain[i].clone)
      }
    }
  }
  return containers
}
