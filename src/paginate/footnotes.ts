// Footnotes at the foot of the page that cites them. The document carries every footnote as
// `aside.footnote` (id `fn-N`, in `section.footnotes`); they are taken out of the flow before it
// is laid out, and each goes into `.page-footnotes` of the page where a call to it
// (`sup.fnref a[href="#fn-N"]`) is placed. They take room from the content above them: a block
// whose notes do not fit moves on (or is split) with them.
import type { Block } from './flow.js'
import type { Handler } from './handler.js'
import type { Page } from './page.js'

/** The footnotes handler: the driver places and withdraws notes with their blocks. */
export interface Footnotes extends Handler {
  /** Put the notes that `block` cites, not yet placed, at the foot of `page` (`block.notes`). */
  place(block: Block, page: Page): void
  /** Take `block`'s notes off their page for a moment (`block.notes` keeps them; `restore` puts them back). */
  lift(block: Block): void
  /** Put `block`'s lifted notes back at the foot of `page`. */
  restore(block: Block, page: Page): void
  /** Take `block`'s notes off their page for good: the block moves on. */
  withdraw(block: Block): void
  /** The bottom limit for content on `page`: the top of its footnotes less the gap above them, or the end of its area. */
  limit(page: Page): number
  /** Whether the note `id` is on a page of this run already (or on a page kept from the last run), or is no note of the document. */
  placed(id: string): boolean
}

/** Footnotes of one run. */
export function createFootnotes(): Footnotes {
  const notes = new Map<string, HTMLElement>()
  // Read once (the same for every page): getComputedStyle per measurement is not free.
  let gap: number | undefined

  // Footnotes cited inside an element and not yet on a page, in order.
  function cited(element: Element): HTMLElement[] {
    const found: HTMLElement[] = []
    for (const link of element.querySelectorAll('sup.fnref a[href^="#fn-"], a.fnref[href^="#fn-"]')) {
      const aside = notes.get(link.getAttribute('href')!.slice(1))
      if (aside && !aside.isConnected && !found.includes(aside)) found.push(aside)
    }
    return found
  }

  return {
    beforeParsed(source) {
      for (const aside of source.querySelectorAll<HTMLElement>('aside.footnote')) {
        notes.set(aside.id, aside)
        aside.remove()
      }
      for (const list of source.querySelectorAll('section.footnotes')) list.remove()
    },
    blockKept(block) {
      // Its notes are at the foot of its kept page: never placed again.
      for (const aside of cited(block.node)) notes.delete(aside.id)
    },
    placed(id) {
      const aside = notes.get(id)
      return !aside || aside.isConnected
    },
    place(block, page) {
      block.notes = cited(block.node)
      for (const aside of block.notes) page.footnotes.appendChild(aside)
    },
    lift(block) {
      for (const aside of block.notes) aside.remove()
    },
    restore(block, page) {
      for (const aside of block.notes) page.footnotes.appendChild(aside)
    },
    withdraw(block) {
      for (const aside of block.notes) aside.remove()
      block.notes = []
    },
    limit(page) {
      const area = page.area.getBoundingClientRect()
      if (page.footnotes.firstChild) {
        const top = page.footnotes.getBoundingClientRect().top
        if (gap === undefined) gap = parseFloat(getComputedStyle(page.footnotes).marginTop) || 0
        return top - gap
      }
      return area.bottom
    }
  }
}
