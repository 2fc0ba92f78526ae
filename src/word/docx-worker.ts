/**
 * The worker thread of `writeDocxEditionInWorker` (src/word/index.ts): renders a DOCX edition
 * and writes it, off the build's main thread. Its images are drawn by the main thread's browser:
 * each one is asked for with a `rasterise` message and comes back as `raster`.
 */
import { parentPort } from 'node:worker_threads'
import { createTextRenderer } from '../markdown/text.js'
import { writeAtomic } from '../io/write.js'
import { renderDocx } from './edition.js'
import type { WorkerReply, WorkerRequest } from './index.js'

const port = parentPort
if (port) {
  const waiting = new Map<number, { resolve: (value: { png: Uint8Array; width: number; height: number }) => void; reject: (error: Error) => void }>()
  let next = 0
  port.on('message', async (message: WorkerRequest) => {
    if (message.type === 'raster') {
      const asked = waiting.get(message.id)
      waiting.delete(message.id)
      if (message.error !== undefined) asked?.reject(new Error(message.error))
      else asked?.resolve(message.result!)
      return
    }
    const reply = (value: WorkerReply) => port.postMessage(value)
    try {
      const { file, input, rasterise } = message
      const edition = await renderDocx({
        ...input,
        text: createTextRenderer(input.language),
        rasterise: rasterise
          ? (image) =>
              new Promise((resolve, reject) => {
                const id = next++
                waiting.set(id, { resolve, reject })
                reply({ type: 'rasterise', id, image })
              })
          : undefined
      })
      await writeAtomic(file, edition.data)
      reply({ type: 'done', edition: { ...edition, data: new Uint8Array(0) } })
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message, stack: (error as Error).stack })
    }
  })
}
