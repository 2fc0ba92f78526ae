import type { PaginatePhase } from './types.js'

/** Milliseconds of each phase of one run (the benchmark's print profile), returned with the layout. */
export interface Timer {
  readonly phases: Record<PaginatePhase, number>
  /** End the phase `name`: it lasted from the end of the previous one (or the start) until now. */
  end(name: PaginatePhase): void
  /** Milliseconds since the timer started. */
  total(): number
}

/** A timer started now; phases not ended count 0. */
export function startTimer(): Timer {
  const started = performance.now()
  let mark = started
  const phases: Record<PaginatePhase, number> = { setup: 0, flow: 0, folios: 0, lineNumbers: 0, layoutMap: 0 }
  return {
    phases,
    end(name) {
      const now = performance.now()
      phases[name] = Math.round(now - mark)
      mark = now
    },
    total: () => Math.round(performance.now() - started)
  }
}
