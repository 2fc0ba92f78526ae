import { setImmediate as nextTurn } from 'node:timers/promises'

/**
 * Let the event loop turn, then throw the signal's reason if `signal` was aborted meanwhile.
 * Signal handlers (Ctrl-C, SIGTERM) run only between turns of the event loop: long synchronous
 * work (parsing hundreds of contributions) calls this between its pieces, so that the press
 * stops within a piece's time (a contribution is at most 2 MiB), not at the end of the stage.
 * Without a signal it returns at once, without a turn (tests and the watch cache see no change).
 */
export async function pause(signal?: AbortSignal): Promise<void> {
  if (!signal) return
  await nextTurn()
  signal.throwIfAborted()
}
