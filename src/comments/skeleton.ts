/**
 * Text compared by its skeleton: letters and digits only, NFKC-normalised (ligatures become
 * their letters) and lower-cased. Printed text and source text differ in spaces, line breaks,
 * hyphenation, quotes, markup and case (small caps); their skeletons do not.
 */
export interface Skeleton {
  chars: string
  /** Source offset (in the indexed text) of each skeleton character. */
  offsets: number[]
}

const keep = /[\p{L}\p{N}]/u

/** Skeleton of `text`, with the offset of each kept character (plus `base`). */
export function skeletonOf(text: string, base = 0): Skeleton {
  const chars: string[] = []
  const offsets: number[] = []
  let offset = 0
  for (const ch of text) {
    const normal = ch.normalize('NFKC').toLowerCase()
    for (const c of normal) {
      if (!keep.test(c)) continue
      chars.push(c)
      offsets.push(base + offset)
    }
    offset += ch.length
  }
  return { chars: chars.join(''), offsets }
}

/** Concatenate skeletons of separate runs (their offsets are already absolute). */
export function joinSkeletons(parts: Skeleton[]): Skeleton {
  return { chars: parts.map((p) => p.chars).join(''), offsets: parts.flatMap((p) => p.offsets) }
}

/** Just the characters of a skeleton. */
export function skeletonText(text: string): string {
  return skeletonOf(text).chars
}

export interface Found {
  /** Source offsets of the first and last matched characters. */
  start: number
  end: number
  /**
   * How the match was made: the whole text with its context, the whole text, only the text
   * before it (then `start` is just after that, and `end` is `start - 1`), only the text after
   * it (`start` is where that begins), or only its start.
   */
  quality: 'context' | 'text' | 'prefix' | 'before' | 'after'
}

/**
 * Find `needle` (printed text) in `haystack` between source offsets [from, to), preferring the
 * occurrence preceded by `before` (printed text just before it). When the needle is printed
 * text the source lacks (expanded abbreviations, reference labels), falls back to the place
 * right after `before`, or right before `after` (printed text just after the needle), then to
 * the longest prefix of the needle (60% of it at least).
 * Returns undefined when nothing fits.
 */
export function findText(haystack: Skeleton, needle: string, before: string, from = 0, to = Infinity, after = ''): Found | undefined {
  const lo = lowerBound(haystack.offsets, from)
  const hi = lowerBound(haystack.offsets, to)
  const text = haystack.chars.slice(lo, hi)
  const n = skeletonText(needle)
  if (n === '') return undefined
  const context = skeletonText(before)
  const at = (index: number, length: number, quality: Found['quality']): Found => ({ start: haystack.offsets[lo + index]!, end: haystack.offsets[lo + index + length - 1]!, quality })
  for (const size of [40, 20, 10, 5]) {
    const c = context.slice(-size)
    if (c.length < Math.min(size, context.length) || c === '') continue
    const index = text.indexOf(c + n)
    if (index >= 0) return at(index + c.length, n.length, 'context')
  }
  const plain = text.indexOf(n)
  if (plain >= 0) return at(plain, n.length, 'text')
  // Printed text the source does not have (an expanded abbreviation, a reference label): the place right after what precedes it.
  for (const size of [30, 15]) {
    const c = context.slice(-size)
    if (c.length < size) continue
    const index = text.indexOf(c)
    if (index >= 0 && text.indexOf(c, index + 1) < 0) {
      const last = haystack.offsets[lo + index + c.length - 1]!
      return { start: last + 1, end: last, quality: 'before' }
    }
  }
  // Or right before what follows it.
  const next = skeletonText(after)
  for (const size of [30, 15]) {
    const c = next.slice(0, size)
    if (c.length < size) continue
    const index = text.indexOf(c)
    if (index >= 0 && text.indexOf(c, index + 1) < 0 && index > 0) {
      const first = haystack.offsets[lo + index]!
      return { start: first, end: first - 1, quality: 'after' }
    }
  }
  for (let k = n.length - 1; k >= Math.max(4, Math.ceil(n.length * 0.6)); k--) {
    const index = text.indexOf(n.slice(0, k))
    if (index >= 0) return at(index, k, 'prefix')
  }
  return undefined
}

function lowerBound(values: number[], target: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (values[mid]! < target) lo = mid + 1
    else hi = mid
  }
  return lo
}
