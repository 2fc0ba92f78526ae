import path from 'node:path'
import { rename, rm } from 'node:fs/promises'
import type { Browser, Page } from 'puppeteer'
import type { VFile } from 'vfile'
import type { EditionOptions } from './config/types.js'
import { workTreeState, type WorkTreeState } from './io/git.js'
import { outputError, removeStaleTemporaries, temporaryPath, writeAtomic } from './io/write.js'
import { diskReader } from './load/readers.js'
import { loadProject, selectEditions } from './load/project.js'
import { parseAll, type Parsed } from './core/parse.js'
import type { ParseCache } from './core/parse-cache.js'
import { renderDocument, type RenderedDocument } from './core/render.js'
import { createTextRenderer } from './markdown/text.js'
import { labelsFor } from './i18n/labels.js'
import { typeset } from './i18n/typography.js'
import { glossaryAnchor } from './model/glossary.js'
import { assemble } from './html/assemble.js'
import { builtInTemplates, toolRoot } from './html/render.js'
import { renderPage } from './html/page.js'
import { organisationCodes } from './html/context.js'
import { copyFonts, loadFonts } from './html/fonts.js'
import { closeBrowser, launchBrowser } from './print/browser.js'
import { createPrinter } from './print/printer.js'
import { paginatorScript, readPaginator } from './print/paginator.js'
import { openPage } from './print/pdf.js'
import { createHyphenator } from './print/hyphenate.js'
import { pdfMetadata } from './print/metadata.js'
import { pdfPageCount } from './print/postprocess.js'
import { postprocessPdf } from './print/finish.js'
import { pdfuaDiagnostics } from './pdfua/index.js'
import { reportOverflows } from './print/overflow.js'
import { assembleProgress, progressPlan } from './workflow/progress.js'
import { reportStale, translationStatus, type LanguageStatus } from './translation/state.js'
import { parallelDocument } from './translation/parallel.js'
import { CompareError, markTitles, prepareReview, reviewEdition, type ReviewInput } from './review/index.js'
import { describeSources, encodeSourceMap, sourceMapFormat, sourceMapName, type SourceEntry } from './comments/source-map.js'
import { writeDocxEditionInWorker, type DocxParts } from './word/index.js'
import { report, hasErrors } from './report/rules.js'
import { dedupe, strict } from './report/filters.js'
import { version } from './version.js'

export interface BuildOptions {
  root: string
  /** Editions to build; all of guidelines.yaml by default. */
  editions?: string[]
  /** Write HTML and print PDFs (false: only check). */
  write?: boolean
  /** Print PDFs (false: write the HTML only, no browser is started; watch mode's fast path). */
  print?: boolean
  /** Where results go; `ROOT/output` by default. */
  outputDir?: string
  /** A browser to reuse (watch mode, benchmarks); otherwise one is started and closed. */
  browser?: Browser
  /** Called at each stage, for progress display. */
  onProgress?: (event: ProgressEvent) => void
  /** Stops the build (Ctrl-C): the browser is closed, temporary files removed, and the build rejects with the signal's reason. */
  signal?: AbortSignal
  /** Milliseconds to wait for the browser to start and for each step of a print: load, paginator, each part (env GUIDELINES_PRINT_TIMEOUT in the CLI). */
  timeout?: number
  /** Environment to find the browser in (GUIDELINES_BROWSER...); `process.env` by default. */
  env?: NodeJS.ProcessEnv
  /** Pass-1 results kept between builds (watch mode): unchanged contributions are not parsed again. */
  cache?: ParseCache
  /** Review editions: mark changes since this git ref (src/review). */
  compare?: string
  /**
   * Write the DOCX of an edition that also prints a PDF (default true). Watch's background
   * print passes false: the DOCX, seconds of work on the main thread (7 s at 49 pages on a
   * loaded machine), would hold up the preview of every save made meanwhile.
   */
  docx?: boolean
  /** A document of more than twice this many pages prints in parts (src/print/pdf.ts `printPages`; default 400). */
  partPages?: number
  /** Also time the print's steps and the paginator's phases (`timings['print.pdf']`, `timings['paginate.flow']`...). */
  profile?: boolean
}

export interface ProgressEvent {
  stage: 'load' | 'parse' | 'render' | 'print' | 'write' | 'done'
  edition?: string
  detail?: string
}

export interface EditionOutput {
  edition: string
  /** The HTML edition (not for a `format: docx` edition, which is written as `docx` only). */
  html?: string
  pdf?: string
  docx?: string
  pages?: number
  /** How the edition is paginated (watch's paged preview runs the paginator in the writer's browser): the language it is hyphenated in, and whether its lines are numbered. */
  paginate?: { language: string; lineNumbers: boolean }
}

export interface BuildResult {
  /** Every file that may carry messages (sources, configuration, templates). */
  files: VFile[]
  outputs: EditionOutput[]
  /** Milliseconds per stage, summed over editions. */
  timings: Record<string, number>
}

/**
 * Build a project: load, parse and check every contribution once, then for each edition
 * number, resolve, render HTML, paginate and print the PDF. Writes nothing while any error
 * exists (including warnings of a `strict` edition); outputs are written atomically.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {}
  const time = timer(timings)
  const progress = options.onProgress ?? (() => undefined)
  const root = path.resolve(options.root)
  const outputDir = path.resolve(options.outputDir ?? path.join(root, 'output'))
  const early = startBrowserEarly(options, time)

  progress({ stage: 'load' })
  const project = await time('load', () => loadProject(diskReader(root)))
  const files: VFile[] = [project.configFile, project.glossaryFile, ...project.contributions.map((c) => c.file)]
  const result: BuildResult = { files, outputs: [], timings }
  const config = project.config
  if (!config) return early.stop(result)
  const editions = selectEditions(project, options.editions)
  if (options.compare !== undefined && editions.length > 0 && !editions.some((name) => config.editions[name]!.review)) {
    await early.stop(result)
    throw new CompareError(`changes are marked only in review editions (\`review: true\` in guidelines.yaml), and none is built here: ${editions.map((name) => `\`${name}\``).join(', ')}`)
  }

  progress({ stage: 'parse' })
  // Translations are parsed once for every edition in their language.
  const languages = [...new Set(editions.flatMap((name) => [...(config.editions[name]!.language ? [config.editions[name]!.language!] : []), ...(config.editions[name]!.parallel ?? [])]))].filter((language) => language !== config.language)
  const parsed = (await time('parse', () => parseAll(project, { cache: options.cache, languages, signal: options.signal })))!
  const translations = await time('translations', () => checkTranslations(parsed, files, languages, editions.some((name) => config.editions[name]!.body)))
  // git is asked once, when first needed: the review stamp, or the PDF's source map (then
  // while the browser prints).
  let repository: Promise<WorkTreeState | undefined> | undefined
  const workTree = () => (repository ??= workTreeState(root))
  // Review editions: version stamp, and the sources at --compare (src/review).
  const review = editions.some((name) => config.editions[name]!.review)
    ? await time('review', () => prepareReview(root, workTree(), options.compare)).catch(async (error: unknown) => {
        await early.stop(result) // a bad --compare ref: the browser started early must not be left running
        throw error
      })
    : undefined

  const rendered: RenderedEdition[] = []
  for (const name of editions) {
    progress({ stage: 'render', edition: name })
    const edition = config.editions[name]!
    const { html, document, docx } = await time('render', () => renderEdition({ parsed, name, edition, outputDir, files, review, translations, signal: options.signal }))
    rendered.push({ name, edition, html, sources: document ? describeSources(parsed.groups, document, config.contributors) : {}, docx })
  }
  dedupe(files)
  if (rendered.some((r) => r.edition.strict) && !hasErrors(files)) strict(files)
  if (options.write === false || hasErrors(files)) return early.stop(result)

  try {
    options.signal?.throwIfAborted()
    await removeStaleTemporaries(outputDir) // of builds killed before they could (SIGKILL)
    await copyFonts(await loadFonts(), outputDir)
  } catch (error) {
    await early.stop(result)
    throw options.signal?.aborted ? error : outputError(path.join(outputDir, 'assets', 'fonts'), error)
  }
  const browser = options.browser ?? (await early.launching)
  const printer = browser ? createPrinter({ browser, borrowed: Boolean(options.browser), env: options.env, timeout: options.timeout, signal: options.signal }) : undefined
  try {
    const context: PrintContext = { options, root, outputDir, parsed, files, time, timings, progress, printer, browser, paginator: await readPaginator(), hyphenators: new Map(), page: () => early.takePage(browser!), git: options.print === false || !browser ? undefined : workTree() }
    // Two editions at a time: pages of one browser print in parallel (5 editions on 2 cores:
    // ~30% less time than one after the other; a single edition is unaffected).
    const outputs: EditionOutput[] = []
    await eachLimit(rendered, 2, async (item, index) => {
      outputs[index] = await writeEdition(context, item)
    })
    result.outputs.push(...outputs)
  } catch (error) {
    // A failed print: the diagnostics gathered so far still matter (the CLI prints them too).
    if (error && typeof error === 'object') (error as { files?: VFile[] }).files ??= files
    throw error
  } finally {
    await time('close', () => printer?.close())
  }
  progress({ stage: 'done' })
  return result
}

/** A function that times `work` under `stage` into `timings` (summed over editions). */
function timer(timings: Record<string, number>) {
  return async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now()
    try {
      return await work()
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start
    }
  }
}

/**
 * Start the browser while the sources are read, parsed and rendered (it takes ~0.3 s), and
 * open a page for the first edition meanwhile (~0.05 s). `stop` ends a start still under way
 * when the build will not print (errors, a bad output folder): the browser has nothing worth a
 * graceful shutdown, and a page may still be opening in it.
 */
function startBrowserEarly(options: BuildOptions, time: ReturnType<typeof timer>) {
  const unneeded = new AbortController()
  const launchSignal = options.signal ? AbortSignal.any([options.signal, unneeded.signal]) : unneeded.signal
  const launching = options.write !== false && options.print !== false && !options.browser ? time('launch', () => launchBrowser({ env: options.env, timeout: options.timeout, signal: launchSignal })) : undefined
  launching?.catch(() => undefined) // a failure is reported where the browser is awaited
  let opening = launching?.then(openPage)
  opening?.catch(() => undefined) // the print opens another if this one failed
  return {
    launching,
    /** The page opened early for the first edition; a new one for the others. */
    takePage(browser: Browser) {
      const page = opening?.catch(() => browser.newPage())
      opening = undefined
      return page
    },
    async stop<T>(result: T): Promise<T> {
      unneeded.abort(new Error('The build stopped before printing'))
      const started = await launching?.catch(() => undefined)
      if (started) await closeBrowser(started, undefined, { kill: true })
      return result
    }
  }
}

/**
 * The translations' files join the build's (their messages are reported); stale translations
 * are reported (git, once per language); and where every translation stands is returned for
 * the progress edition (all languages present when `progress` is true), sorted by language.
 */
async function checkTranslations(parsed: Parsed, files: VFile[], languages: readonly string[], progress: boolean): Promise<LanguageStatus[]> {
  const { project } = parsed
  for (const language of languages) {
    const translation = project.translations.get(language)
    if (translation) files.push(translation.configFile, translation.glossaryFile, ...[...translation.contributions.values()].map((c) => c.file))
  }
  const states = new Map<string, LanguageStatus>()
  for (const language of new Set([...languages, ...(progress ? project.translations.keys() : [])])) states.set(language, await translationStatus(parsed, language))
  for (const language of languages) reportStale(parsed, states.get(language)!)
  return [...states.values()].sort((a, b) => a.language.localeCompare(b.language))
}

/** An edition rendered to HTML, waiting to be printed. */
interface RenderedEdition {
  name: string
  edition: EditionOptions
  html: string
  sources: Record<string, SourceEntry>
  /** A `format: docx` edition: what src/word writes it from. */
  docx?: DocxParts
}

/** What printing the editions of one build shares. */
interface PrintContext {
  options: BuildOptions
  root: string
  outputDir: string
  parsed: Parsed
  files: VFile[]
  time: ReturnType<typeof timer>
  timings: Record<string, number>
  progress: (event: ProgressEvent) => void
  printer: ReturnType<typeof createPrinter> | undefined
  /** Draws a DOCX edition's SVG figures (src/word). */
  browser: Browser | undefined
  paginator: Awaited<ReturnType<typeof readPaginator>>
  /** Hyphenation patterns by language, loaded once per language. */
  hyphenators: Map<string, ReturnType<typeof createHyphenator>>
  page: () => Promise<Page> | undefined
  /** Where the work tree stands (for the PDF's source map), asked while the browser prints. */
  git: Promise<WorkTreeState | undefined> | undefined
}

/**
 * Write one edition: its HTML only (watch's fast path, or no browser), or print it (paginate,
 * page.pdf()), post-process the PDF (soft hyphens, accessibility, metadata, the embedded source
 * map), write it atomically and check it against PDF/UA-1. Until the PDF is written, NAME.html
 * and NAME.pdf stay as they were: the HTML is printed from a temporary copy.
 */
async function writeEdition(context: PrintContext, { name, edition, html, sources, docx }: RenderedEdition): Promise<EditionOutput> {
  const { options, outputDir, time } = context
  // `format: docx` (or [pdf, docx]): output/NAME.docx (src/word); watch mode previews its HTML.
  let docxFile: string | undefined
  let docxWritten: Promise<unknown> | undefined
  if (docx && options.print !== false && context.browser && (options.docx !== false || !editionFormats(edition).includes('pdf'))) {
    docxFile = path.join(outputDir, `${name}.docx`)
    context.progress({ stage: 'write', edition: name, detail: docxFile })
    const state = await context.git
    // In a worker thread, while the PDF prints (src/word/docx-worker.ts).
    docxWritten = time('docx', () => writeDocxEditionInWorker(docxFile!, { ...docx, sources, origin: state ? { commit: state.commit, dirty: state.dirty, prefix: state.prefix } : {} }, { browser: context.browser!, signal: options.signal, timeout: options.timeout }))
    docxWritten.catch(() => undefined) // awaited below, after the PDF or when the print fails
    if (!editionFormats(edition).includes('pdf')) {
      await docxWritten
      return { edition: name, docx: docxFile }
    }
  }
  try {
    const written = await writePdfEdition(context, { name, edition, html, sources })
    await docxWritten
    return { ...written, ...(docxFile ? { docx: docxFile } : {}) }
  } finally {
    await docxWritten?.catch(() => undefined)
  }
}

/** The PDF of one edition (and its HTML): `writeEdition` without the DOCX. */
async function writePdfEdition(context: PrintContext, { name, edition, html, sources }: Omit<RenderedEdition, 'docx'>): Promise<EditionOutput> {
  const { options, root, outputDir, parsed, files, time, printer } = context
  const config = parsed.config
  const htmlFile = path.join(outputDir, `${name}.html`)
  context.progress({ stage: 'write', edition: name, detail: htmlFile })
  const language = edition.parallel?.[1] ?? edition.language ?? config.language
  const lineNumbers = edition.lineNumbers ?? Boolean(edition.review)
  if (options.print === false || !printer) {
    await writeAtomic(htmlFile, html, options.signal)
    return { edition: name, html: htmlFile, paginate: { language, lineNumbers } }
  }
  const printFile = temporaryPath(htmlFile, '.html')
  await writeAtomic(printFile, html, options.signal)
  try {
    if (!context.hyphenators.has(language)) context.hyphenators.set(language, createHyphenator(language))
    const hyphenate = context.hyphenators.get(language)
    context.progress({ stage: 'print', edition: name })
    const printed = await time('print', () =>
      printer.print({ htmlFile: printFile, page: context.page(), label: `${name}.html`, timeout: options.timeout, partPages: options.partPages, signal: options.signal, hyphenate, allowed: [root, outputDir, toolRoot], script: paginatorScript(context.paginator, { layoutMap: true, lineNumbers }) })
    )
    for (const url of printed.blocked) report(parsed.project.configFile, 'print-blocked-request', `Blocked a request of the page while printing \`${name}\`: ${url}`)
    const layout = printed.layout
    reportOverflows(layout?.overflows ?? [], files, parsed.project.configFile, name)
    // The paginator runs inside the print stage; its share is reported on its own too.
    const add = (key: string, ms: number) => (context.timings[key] = (context.timings[key] ?? 0) + ms)
    if (layout) add('paginate', layout.ms)
    if (options.profile) {
      for (const [step, ms] of Object.entries(printed.steps)) add(`print.${step}`, ms)
      for (const [phase, ms] of Object.entries(layout?.phases ?? {})) add(`paginate.${phase}`, ms)
    }
    const state = await context.git
    const origin = state ? { commit: state.commit, dirty: state.dirty, prefix: state.prefix } : {}
    const finished = await time('postprocess', async () =>
      postprocessPdf(printed.pdf, {
        softHyphens: Boolean(hyphenate),
        meta: {
          ...pdfMetadata(config, edition, `Guidelines press ${version}`, parsed.project.translations.get(language)?.config),
          attachment: {
            name: sourceMapName,
            mime: 'application/json',
            description: 'Guidelines press: source map of this edition (for guidelines comments)',
            data: encodeSourceMap({ format: sourceMapFormat, edition: name, ...origin, pages: layout?.pages ?? 0, folios: layout?.folios ?? [], sources, blocks: layout?.blocks ?? [] })
          }
        }
      })
    )
    const pdf = finished.pdf
    const pdfFile = path.join(outputDir, `${name}.pdf`)
    await writeAtomic(pdfFile, pdf, options.signal)
    // Every PDF written is checked against PDF/UA-1 (src/pdfua): a failure is an error of the build.
    const accessibility = await time('pdfua', () => finished.check())
    if (accessibility.violations.length > 0) files.push(pdfuaDiagnostics(path.relative(root, pdfFile), accessibility))
    await rename(printFile, htmlFile).catch((error: unknown) => {
      throw outputError(htmlFile, error)
    })
    // The count of the PDF written, never the page's word for it (content could clobber the page script).
    return { edition: name, html: htmlFile, pdf: pdfFile, pages: pdfPageCount(pdf) }
  } finally {
    await rm(printFile, { force: true })
  }
}

interface EditionInput {
  parsed: Parsed
  name: string
  edition: EditionOptions
  outputDir: string
  /** The build's files: template files and an edition's body join them, for their messages. */
  files: VFile[]
  review?: ReviewInput
  /** Where each translation stands (the progress edition's annex). */
  translations: LanguageStatus[]
  /** Stops the build (Ctrl-C): checked between contributions. */
  signal?: AbortSignal
}

/**
 * Render one edition to a complete HTML document: number and render the document
 * (`renderDocument`, in the edition's language; the progress edition's body instead of the
 * outline), mark changes (review editions), assemble it, and render the page template.
 */
async function renderEdition(input: EditionInput): Promise<{ html: string; document?: RenderedDocument; docx?: DocxParts }> {
  const { parsed, name, edition, outputDir, files, review, translations } = input
  const { project, config } = parsed
  const language = edition.parallel?.[1] ?? edition.language ?? config.language
  const translation = language === config.language ? undefined : project.translations.get(language)
  const labels = labelsFor(language, translation ? translation.config.labels : config.labels)
  const progress = edition.body ? progressPlan(parsed, name, { ...edition, body: edition.body }, labels) : undefined
  if (progress) files.push(progress.body.file)
  const documentOptions = { numbering: edition.numbering, paragraphNumbers: edition.paragraphNumbers, sectionOrder: edition.sectionOrder, language, outputDir, plan: progress?.plan, signal: input.signal }
  const parallel = edition.parallel && !progress ? { languages: [edition.parallel[0]!, edition.parallel[1]!] as const, status: translations.find((state) => state.language === edition.parallel![1]), flags: { stale: labels.stale, untranslated: labels.untranslated } } : undefined
  const document = edition.body && !progress ? undefined : parallel ? await parallelDocument(parsed, { ...documentOptions, ...parallel }) : await renderDocument(parsed, documentOptions)
  const text = createTextRenderer(language)
  // Review editions: change marks on the rendered trees, the summary page and the stamp (src/review).
  const reviewed = edition.review && review && document ? await reviewEdition(document.sections, review, { edition, outputDir, contributors: config.contributors, glossary: project.glossary }) : undefined
  const used = document?.usedGlossary ?? new Set<string>()
  const entries = (document?.glossary ?? []).filter((entry) => !entry.abbreviation || used.has(glossaryAnchor(entry)))
  // A term is written as it reads in running text ("gestion coordonnée des frontières"); the
  // glossary and the list of acronyms print it as a heading, with a capital.
  const heading = (term: string) => typeset(term.charAt(0).toLocaleUpperCase(language) + term.slice(1), language)
  const glossary = await Promise.all(entries.map(async (entry) => ({ entry: { ...entry, term: heading(entry.term) }, definition: await text.inline(entry.definition) })))
  const assembled = edition.body ? assembleProgress(parsed, edition, document, labels, language, translations) : assemble(document!.outline, document!.sections, { config, glossary, review: Boolean(edition.review), language, labels, contributors: translation?.config.contributors })
  if (reviewed?.compared) markTitles([...assembled.front, ...assembled.body, ...assembled.back], reviewed.compared) // renamed sections (src/review)

  const acronyms = (document?.glossary ?? []).filter((entry) => entry.abbreviation && used.has(glossaryAnchor(entry))).map((entry) => ({ ...entry, term: heading(entry.term) }))
  const codes = organisationCodes(config.organisations, project.glossary, translation?.glossary)
  const page = await renderPage({
    root: project.root,
    config,
    name,
    edition,
    language,
    labels,
    translation: translation?.config,
    assembled,
    acronyms,
    codes,
    generator: `Guidelines press ${version}`,
    review: edition.review ? { stamp: reviewed?.stamp ?? review?.stamp.text ?? '', changes: reviewed?.changes ?? '', watermark: edition.watermark ?? labels.watermark } : undefined,
    text
  })
  files.push(...page.files)
  if (page.html === undefined && page.files.length === 0) {
    report(project.configFile, 'template-missing', `Unexpected template \`${edition.template}\` for edition \`${name}\`, expected a built-in one (${builtInTemplates.join(', ')}) or templates/${edition.template}.hbs`, project.locateConfig(['editions', name, 'template']))
  }
  const docx = editionFormats(edition).includes('docx') ? { config, name, edition, language, labels, translation: translation?.config, assembled, acronyms, codes, text, generator: `Guidelines press ${version}`, outputDir } : undefined
  return { html: page.html ?? '', document: progress ? undefined : document, docx }
}

/** Run `work` on every item, at most `limit` at a time; rejects with the first failure. */
async function eachLimit<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      await work(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** The files an edition is written as (`format`: pdf, docx, or both). */
function editionFormats(edition: EditionOptions): Array<'pdf' | 'docx'> {
  return Array.isArray(edition.format) ? [...edition.format] : [edition.format ?? 'pdf']
}
