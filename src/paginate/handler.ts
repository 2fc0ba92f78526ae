// Features of the paginator hook into its run here, as Paged.js's handlers do (its `Handler`
// with `beforeParsed`, `afterPageLayout`, `afterRendered`...): the driver (chunker.ts) calls
// each hook of every handler, in the order of the handlers, at fixed points of the run.
import type { Block } from './flow.js'
import type { Layout } from './layout.js'
import type { Page } from './page.js'
import type { PaginatePhase } from './types.js'

/** A feature of the paginator: the hooks it needs, each optional. */
export interface Handler {
  /** Before the flow is taken apart into blocks: the document is whole and not laid out yet (held, see src/print/pdf.ts). */
  beforeParsed?(): void
  /** `clone` continues the container `original` on a new page; `inner` is the container right inside it, when that continues too. */
  containerContinued?(clone: HTMLElement, original: HTMLElement, inner: HTMLElement | undefined): void
  /** A block was split at the page end: `kept` is the part that stays on the page. */
  onSplit?(kept: HTMLElement): void
  /** A block (or the part of a split one that stays) is on its page for good. */
  blockPlaced?(block: Block): void
  /** No more blocks go on `page`. */
  afterPageLayout?(page: Page): void
  /** Every page is laid out: `pages` are final. */
  afterRendered?(pages: Page[], layout: Layout): void
  /** The timed phase that afterRendered makes up (it ends when afterRendered returns). */
  phase?: PaginatePhase
}
