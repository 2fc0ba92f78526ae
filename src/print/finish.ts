import { checkOpenedPdf, checkPdf, type CheckOptions, type PdfUaReport } from '../pdfua/index.js'
import { reopenPdf } from '../pdfua/document.js'
import { makeAccessible, type AccessibleStats } from './accessible.js'
import { appendMetadata, stabilisePdf, type PdfMetadata } from './postprocess.js'

/** What `postprocessPdf` returns: the finished PDF, and its PDF/UA-1 check to run when wanted. */
export interface FinishedPdf {
  pdf: Uint8Array
  stats: AccessibleStats
  /** The check of `pdf` against PDF/UA-1 (src/pdfua), as `checkPdf(pdf)` gives it. */
  check: (options?: CheckOptions) => Promise<PdfUaReport>
}

/**
 * Every step after Chromium's print, in one pass over the file: Chromium's dates and node ids
 * made stable (`stabilisePdf`), soft hyphens inside lines taken out of the page content
 * (`softHyphens`) in the same inflate and deflate as the PDF/UA fixes (`makeAccessible`), then
 * the metadata update (`appendMetadata`): the same bytes as `finishPdf(makeAccessible(
 * dropInlineSoftHyphens(printed)))`. The PDF is parsed once: `check` reads the objects
 * post-processing wrote from their bytes in the output and takes the others from that parse
 * (`reopenPdf`); it can run once only (the parse is changed for it).
 */
export async function postprocessPdf(printed: Uint8Array, options: { softHyphens: boolean; meta: PdfMetadata }): Promise<FinishedPdf> {
  const stable = stabilisePdf(printed, options.meta.date)
  const made = await makeAccessible(stable, { softHyphens: options.softHyphens })
  const finished = appendMetadata(Buffer.from(made.pdf.buffer, made.pdf.byteOffset, made.pdf.byteLength), options.meta)
  let checked = false
  return {
    pdf: finished.pdf,
    stats: made.stats,
    check: async (checkOptions) => {
      if (!made.opened || checked) return checkPdf(finished.pdf, checkOptions)
      checked = true
      const opened = made.opened
      made.opened = undefined
      return checkOpenedPdf(reopenPdf(opened.pdf, new Map([...opened.objects, ...finished.objects]), opened.decoded), checkOptions)
    }
  }
}
