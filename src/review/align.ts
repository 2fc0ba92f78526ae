import { diffArrays } from 'diff'

/** What alignment needs to know of a block. */
export interface AlignBlock {
  /** Tag name family: `p`, `h`, `ul`... (blocks of different families never match). */
  family: string
  /** Explicit id (`{#id}`), when the author gave one. */
  id?: string
  /** The compared text (see `flatten`). */
  text: string
  /** Its words, for similarity. */
  words: string[]
}

/** A pair of matched blocks: index in the earlier list, index in the current list. */
export type Pair = [before: number, after: number]

/** Below this similarity two blocks of one contribution are not the same paragraph edited. */
export const editedThreshold = 0.4

/**
 * Match the blocks of one contribution as it was (`before`) and is (`after`), by source
 * identity: first by explicit id; then identical blocks in order (longest common
 * subsequence); then the rest by similarity of their words, preferring blocks at the same
 * relative place (the block's ordinal), so that an edited paragraph is compared with itself.
 * Returns the pairs; blocks in no pair were inserted or deleted (or moved elsewhere).
 */
export function alignBlocks(before: readonly AlignBlock[], after: readonly AlignBlock[], similarity: (a: string[], b: string[]) => number): Pair[] {
  const pairs: Pair[] = []
  const usedBefore = new Set<number>()
  const usedAfter = new Set<number>()
  const take = (b: number, a: number) => {
    pairs.push([b, a])
    usedBefore.add(b)
    usedAfter.add(a)
  }

  const byId = new Map<string, number>()
  before.forEach((block, index) => {
    if (block.id) byId.set(`${block.family}#${block.id}`, index)
  })
  after.forEach((block, index) => {
    const match = block.id ? byId.get(`${block.family}#${block.id}`) : undefined
    if (match !== undefined && !usedBefore.has(match)) take(match, index)
  })

  const restBefore = before.map((_, i) => i).filter((i) => !usedBefore.has(i))
  const restAfter = after.map((_, i) => i).filter((i) => !usedAfter.has(i))
  let b = 0
  let a = 0
  for (const part of diffArrays(restBefore, restAfter, { comparator: (x: number, y: number) => before[x]!.family === after[y]!.family && before[x]!.text === after[y]!.text })) {
    const count = part.count ?? part.value.length
    if (part.added) a += count
    else if (part.removed) b += count
    else for (let k = 0; k < count; k++) take(restBefore[b++]!, restAfter[a++]!)
  }

  const candidates: Array<{ b: number; a: number; score: number }> = []
  const position = (i: number, n: number) => (n <= 1 ? 0 : i / (n - 1))
  for (let i = 0; i < before.length; i++) {
    if (usedBefore.has(i)) continue
    for (let j = 0; j < after.length; j++) {
      if (usedAfter.has(j) || before[i]!.family !== after[j]!.family) continue
      const sim = similarity(before[i]!.words, after[j]!.words)
      if (sim < editedThreshold) continue
      candidates.push({ b: i, a: j, score: sim - 0.2 * Math.abs(position(i, before.length) - position(j, after.length)) })
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b)
  for (const { b: i, a: j } of candidates) if (!usedBefore.has(i) && !usedAfter.has(j)) take(i, j)
  return pairs.sort((x, y) => x[1] - y[1])
}
