import { createHash } from 'node:crypto'
import type { Root as Mdast } from 'mdast'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { Collected } from '../model/collected.js'
import { copyMessage } from '../report/rules.js'

interface Entry {
  tree: Mdast
  collected: Collected
  /** Messages pass 1 reported on the file. */
  messages: VFileMessage[]
}

/**
 * Pass-1 results kept between builds of one process (watch mode): the parsed tree, what
 * remark-collect noted and the messages it reported, keyed by a hash of the file's path and
 * text. Pass 1 also depends on the glossary (the abbreviation matcher): `begin()` takes a key
 * of everything else pass 1 reads and empties the cache when it changed. Trees are shared
 * read-only; pass 2 renders a copy. Entries not used by a build are dropped after it.
 */
export class ParseCache {
  private entries = new Map<string, Entry>()
  private used = new Set<string>()
  private context: string | undefined
  /** Files parsed and reused by the last build (for progress and tests). */
  stats = { parsed: 0, reused: 0 }

  /** Start a build whose pass 1 depends on `context` (e.g. the glossary's text). */
  begin(context: string): void {
    if (context !== this.context) this.entries.clear()
    this.context = context
    this.used.clear()
    this.stats = { parsed: 0, reused: 0 }
  }

  /**
   * The tree of `file` when its text was parsed before; restores `file.data.collected` and
   * copies of pass 1's messages onto it. Undefined when it must be parsed.
   */
  restore(file: VFile): Mdast | undefined {
    const key = keyOf(file)
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.used.add(key)
    this.stats.reused++
    file.data.collected = entry.collected
    // Copies: a build may mark messages fatal (strict editions); the cached ones stay as reported.
    for (const message of entry.messages) file.messages.push(copyMessage(message))
    return entry.tree
  }

  /** Keep what pass 1 produced for `file`; `before` is its message count before pass 1. */
  store(file: VFile, tree: Mdast, before: number): void {
    const key = keyOf(file)
    this.used.add(key)
    this.stats.parsed++
    const messages = file.messages.slice(before).map(copyMessage)
    this.entries.set(key, { tree, collected: file.data.collected!, messages })
  }

  /** Drop entries the last build did not use (edited or deleted files). */
  end(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }
}

function keyOf(file: VFile): string {
  return createHash('sha256').update(file.path).update('\0').update(String(file.value)).digest('hex')
}
