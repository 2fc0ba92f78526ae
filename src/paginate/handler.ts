// Features of the paginator hook into its run here, as Paged.js's handlers do (its `Handler`
// with `beforeParsed`, `afterPageLayout`, `afterRendered`...): the driver (chunker.ts) calls
// each hook of every handler, in the order of the handlers, at fixed points of the run.
import type { Block } from './flow.js'
import type { Layout } from './layout.js'
import type { Page } from './page.js'
import type { PaginatePhase } from './types.js'

/** A feature of the paginator: the hooks it needs, each optional. */
export interface Handler {
  /**
   * Before the flow is taken apart into blocks: `source` (the body, or a new build's body that
   * waits in the page, memory.ts) is whole and not laid out yet (held, see src/print/pdf.ts).
   */
  beforeParsed?(source: HTMLElement): void
  /**
   * `block` is on a page kept from the last run (memory.ts): it is not placed again, but counts
   * as placed (list items numbered, footnotes cited).
   */
  blockKept?(block: Block): void
  /** `clone` continues the container `original` on a new page; `inner` is the container right inside it, when that continues too. */
  containerContinued?(clone: HTMLElement, original: HTMLElement, inner: HTMLElement | undefined): void
  /** `block` was just put on the page, not measured yet (a table may be fitted to the width here). */
  blockAdded?(block: Block): void
  /** `blocks` were put on the page and are about to be measured: a handler may still change their text (hyphenation). */
  blocksLaidOut?(blocks: Block[]): void
  /**
   * `element` is about to be split after its line `line` (0-based): a handler may change its
   * text so that the page ends better (no hyphen there), and returns true when it did (the
   * lines are measured again).
   */
  beforeSplit?(element: HTMLElement, line: number): boolean
  /** A block was split at the page end: `kept` is the part that stays on the page. */
  onSplit?(kept: HTMLElement): void
  /** A block (or the part of a split one that stays) is on its page for good. */
  blockPlaced?(block: Block): void
  /** A block placed for good was taken back after all (it moves on with the block after it). */
  blockRemoved?(block: Block): void
  /** No more blocks go on `page`. Called again for a page kept from the last run (memory.ts): what it does must bear repeating. */
  afterPageLayout?(page: Page): void
  /** Every page is laid out: `pages` are final. Pages kept from the last run (memory.ts) have been through it before: what it does must bear repeating. */
  afterRendered?(pages: Page[], layout: Layout): void
  /** The timed phase that afterRendered makes up (it ends when afterRendered returns). */
  phase?: PaginatePhase
}
