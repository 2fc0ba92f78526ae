/** What a build of the watch loop does: HTML only (fast, for the preview) or HTML and PDF. */
export type BuildKind = 'html' | 'pdf'

/**
 * Runs builds one at a time and coalesces requests: any number of requests made while a build
 * runs give one more build of each kind afterwards. HTML builds go before PDF builds, so that a
 * save reaches the preview without waiting behind a queued print.
 */
export class BuildQueue {
  private pending = new Set<BuildKind>()
  private running: Promise<void> | undefined
  private closed = false

  /** `run` performs one build; its failures are the caller's to report (they do not stop the queue). */
  constructor(private readonly run: (kind: BuildKind) => Promise<void>) {}

  /** Ask for a build of `kind`; starts it now when none is running. */
  request(kind: BuildKind): void {
    if (this.closed) return
    this.pending.add(kind)
    this.running ??= this.drain()
  }

  /** Whether a build runs now. */
  get busy(): boolean {
    return this.running !== undefined
  }

  /** Resolves when no build runs and none is pending. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  /** Drop pending builds and wait for the running one to end. */
  async close(): Promise<void> {
    this.closed = true
    this.pending.clear()
    await this.idle()
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0 && !this.closed) {
        const kind: BuildKind = this.pending.has('html') ? 'html' : 'pdf'
        this.pending.delete(kind)
        await this.run(kind).catch(() => undefined)
      }
    } finally {
      this.running = undefined
    }
  }
}
