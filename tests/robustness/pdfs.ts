import { createDeflate, deflateSync } from 'node:zlib'
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib'

/** `size` zero bytes, deflated in a stream (never held whole in memory). */
export async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 })
  const chunks: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise((resolve) => deflate.on('end', resolve))
  const block = Buffer.alloc(1024 * 1024)
  for (let written = 0; written < size; written += block.length) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await done
  return Buffer.concat(chunks)
}

/**
 * A one-page PDF with an embedded file `name` whose stream holds `data` as it is, under the
 * filters `filters` (e.g. two FlateDecode: a bomb of bombs); the file as pdf.js and the press find it.
 */
export async function pdfWithAttachment(name: string, data: Uint8Array, filters: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.addPage([200, 200]).drawText('A page.', { x: 20, y: 100, size: 12 })
  const stream = doc.context.stream(data, { Type: 'EmbeddedFile', Filter: filters })
  const streamRef = doc.context.register(stream)
  const spec = doc.context.obj({ Type: 'Filespec', F: PDFString.of(name), UF: PDFHexString.fromText(name), EF: { F: streamRef, UF: streamRef } })
  const specRef = doc.context.register(spec)
  doc.catalog.set(PDFName.of('Names'), doc.context.obj({ EmbeddedFiles: doc.context.obj({ Names: [PDFString.of(name), specRef] }) }))
  return doc.save({ useObjectStreams: false })
}

/** A PDF with a source map (JSON) embedded as the press embeds it (deflated once). */
export async function pdfWithSourceMap(map: unknown): Promise<Uint8Array> {
  return pdfWithAttachment('guidelines-source-map.json', deflateSync(Buffer.from(JSON.stringify(map))), ['FlateDecode'])
}
