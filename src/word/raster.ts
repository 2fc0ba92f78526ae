import type { Browser } from 'puppeteer'
import { withShippedFonts } from '../print/svg-fonts.js'
import type { Rasterise } from './images.js'

/** Pixels of the PNG per CSS px: sharp enough on paper at the printed size (192 dpi). */
const scale = 2

/**
 * Draw images as PNG in one page of `browser` (the headless Chromium the press prints with, so
 * that an SVG figure looks as it does in the PDF: same renderer, same shipped fonts). The page
 * loads nothing but the image itself, from a data: URL, with JavaScript off. `close` closes
 * the page; a call after it opens a new one.
 */
export function browserRasteriser(browser: Browser, timeout = 30_000): Rasterise & { close: () => Promise<void> } {
  let opened: ReturnType<Browser['newPage']> | undefined
  const page = () => {
    opened ??= browser.newPage().then(async (p) => {
      await p.setJavaScriptEnabled(false)
      p.setDefaultTimeout(timeout)
      return p
    })
    return opened
  }
  const rasterise = (async ({ data, mime }) => {
    const p = await page()
    const bytes = mime === 'image/svg+xml' ? Buffer.from(withShippedFonts(Buffer.from(data).toString('utf8')), 'utf8') : Buffer.from(data)
    const url = `data:${mime};base64,${bytes.toString('base64')}`
    await p.setContent(`<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"><style>html,body{margin:0;background:transparent}img{display:block}</style></head><body><img id="figure" src="${url}"></body></html>`, { waitUntil: 'load' })
    const size = await p.$eval('#figure', (img) => ({ width: Math.ceil(img.getBoundingClientRect().width), height: Math.ceil(img.getBoundingClientRect().height) }))
    if (size.width === 0 || size.height === 0) throw new Error('the image has no size')
    await p.setViewport({ width: size.width, height: size.height, deviceScaleFactor: scale })
    const png = await p.screenshot({ type: 'png', omitBackground: true, clip: { x: 0, y: 0, width: size.width, height: size.height } })
    return { png: new Uint8Array(png), width: size.width, height: size.height }
  }) as Rasterise & { close: () => Promise<void> }
  rasterise.close = async () => {
    const p = opened
    opened = undefined
    if (p) await (await p.catch(() => undefined))?.close().catch(() => undefined)
  }
  return rasterise
}
