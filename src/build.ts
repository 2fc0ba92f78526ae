import path from 'node:path'
import { rename, rm } from 'node:fs/promises'
import type { Browser } from 'puppeteer'
import type { VFile } from 'vfile'
import type { EditionOptions } from './config/types.js'
import { workTreeState, type WorkTreeState } from './io/git.js'
import { outputError, temporaryPath, writeAtomic } from './io/write.js'
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
import { copyFonts, loadFonts } from './html/fonts.js'
import { closeBrowser, launchBrowser } from './print/browser.js'
import { createPrinter } from './print/printer.js'
import { paginatorScript, readPaginator } from './print/paginator.js'
import { openPage } from './print/pdf.js'
import { createHyphenator } from './print/hyphenate.js'
import { pdfMetadata } from './print/metadata.js'
import { finishPdf } from './print/postprocess.js'
import { makeAccessible } from './print/accessible.js'
import { checkPdf, pdfuaDiagnostics } from './pdfua/index.js'
import { dropInlineSoftHyphens } from './print/soft-hyphens.js'
import { reportOverflows } from './print/overflow.js'
import { assembleProgress, progressPlan } from './workflow/progress.js'
import { reportStale, translationStatus, type LanguageStatus } from './translation/state.js'
import { CompareError, markTitles, prepareReview, reviewEdition, type ReviewInput } from './review/index.js'
import { describeSources, encodeSourceMap, sourceMapFormat, sourceMapName, type SourceEntry } from './comments/source-map.js'
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
  /** Milliseconds to wait for the browser to start and for each print (env GUIDELINES_PRINT_TIMEOUT in the CLI). */
  timeout?: number
  /** Environment to find the browser in (GUIDELINES_BROWSER...); `process.env` by default. */
  env?: NodeJS.ProcessEnv
  /** Pass-1 results kept between builds (watch mode): unchanged contributions are not parsed again. */
  cache?: ParseCache
  /** Review editions: mark changes since this git ref (src/review). */
  compare?: string
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
  html: string
  pdf?: string
  pages?: number
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
  const time = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now()
    try {
      return await work()
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start
    }
  }
  const progress = options.onProgress ?? (() => undefined)
  const root = path.resolve(options.root)
  const outputDir = path.resolve(options.outputDir ?? path.join(root, 'output'))

  // Start the browser while the sources are read, parsed and rendered (it takes ~0.3 s).
  // A build that will not print stops a start still under way (it kills the process).
  const unneeded = new AbortController()
  const launchSignal = options.signal ? AbortSignal.any([options.signal, unneeded.signal]) : unneeded.signal
  const launching = options.write !== false && options.print !== false && !options.browser ? time('launch', () => launchBrowser({ env: options.env, timeout: options.timeout, signal: launchSignal })) : undefined
  launching?.catch(() => undefined) // a failure is reported where the browser is awaited
  // And a page for the first edition to print in, opened meanwhile too (~0.05 s).
  let opening = launching?.then(openPage)
  opening?.catch(() => undefined) // the print opens another if this one failed
  // A build that stops before printing (errors, a bad output folder): the browser has nothing
  // worth a graceful shutdown, and a page may still be opening in it.
  const closeUnused = async () => {
    unneeded.abort(new Error('The build stopped before printing'))
    const started = await launching?.catch(() => undefined)
    if (started) await closeBrowser(started, undefined, { kill: true })
  }

  progress({ stage: 'load' })
  const project = await time('load', () => loadProject(diskReader(root)))
  const files: VFile[] = [project.configFile, project.glossaryFile, ...project.contributions.map((c) => c.file)]
  const result: BuildResult = { files, outputs: [], timings }
  const config = project.config
  if (!config) {
    await closeUnused()
    return result
  }
  const editions = selectEditions(project, options.editions)
  if (options.compare !== undefined && editions.length > 0 && !editions.some((name) => config.editions[name]!.review)) {
    await closeUnused()
    throw new CompareError(`changes are marked only in review editions (\`review: true\` in guidelines.yaml), and none is built here: ${editions.map((name) => `\`${name}\``).join(', ')}`)
  }

  progress({ stage: 'parse' })
  // Translations are parsed once for every edition in their language.
  const languages = [...new Set(editions.flatMap((name) => config.editions[name]!.language ?? []))].filter((language) => language !== config.language)
  const parsed = (await time('parse', () => parseAll(project, { cache: options.cache, languages })))!
  for (const language of languages) {
    const translation = project.translations.get(language)
    if (translation) files.push(translation.configFile, translation.glossaryFile, ...[...translation.contributions.values()].map((c) => c.file))
  }
  // Stale translations (their source changed since the commit they follow): git, once per
  // language; the progress edition shows where every translation stands.
  const translationStates = new Map<string, LanguageStatus>()
  await time('translations', async () => {
    const wanted = new Set([...languages, ...(editions.some((name) => config.editions[name]!.body) ? project.translations.keys() : [])])
    for (const language of wanted) translationStates.set(language, await translationStatus(parsed, language))
    for (const language of languages) reportStale(parsed, translationStates.get(language)!)
  })
  // git is asked once, when first needed: the review stamp, or the PDF's source map (then
  // while the browser prints).
  let repository: Promise<WorkTreeState | undefined> | undefined
  const workTree = () => (repository ??= workTreeState(root))
  // Review editions: version stamp, and the sources at --compare (src/review).
  const review = editions.some((name) => config.editions[name]!.review)
    ? await time('review', () => prepareReview(root, workTree(), options.compare)).catch(async (error: unknown) => {
        await closeUnused() // a bad --compare ref: the browser started early must not be left running
        throw error
      })
    : undefined

  const rendered: Array<{ name: string; edition: EditionOptions; html: string; sources: Record<string, SourceEntry> }> = []
  for (const name of editions) {
    progress({ stage: 'render', edition: name })
    const edition = config.editions[name]!
    const { html, document } = await time('render', () => renderEdition({ parsed, name, edition, outputDir, files, review, translations: [...translationStates.values()].sort((a, b) => a.language.localeCompare(b.language)) }))
    const sources = document ? describeSources(parsed.groups, document, config.contributors) : {}
    rendered.push({ name, edition, html, sources })
  }
  dedupe(files)
  if (rendered.some((r) => r.edition.strict) && !hasErrors(files)) strict(files)
  if (options.write === false || hasErrors(files)) {
    await closeUnused()
    return result
  }

  const fonts = await loadFonts()
  try {
    options.signal?.throwIfAborted()
    await copyFonts(fonts, outputDir)
  } catch (error) {
    await closeUnused()
    throw options.signal?.aborted ? error : outputError(path.join(outputDir, 'assets', 'fonts'), error)
  }
  const browser = options.browser ?? (await launching)
  const paginator = await readPaginator()
  // Hyphenation patterns of each edition's language, loaded once per language.
  const hyphenators = new Map<string, ReturnType<typeof createHyphenator>>()
  const hyphenatorFor = (language: string) => {
    if (!hyphenators.has(language)) hyphenators.set(language, createHyphenator(language))
    return hyphenators.get(language)
  }
  const printer = browser ? createPrinter({ browser, borrowed: Boolean(options.browser), env: options.env, timeout: options.timeout, signal: options.signal }) : undefined
  try {
    // git runs only for the PDF's source map, while the browser prints.
    const git = options.print === false || !browser ? undefined : workTree()
    // Two editions at a time: pages of one browser print in parallel (5 editions on 2 cores:
    // ~30% less time than one after the other; a single edition is unaffected).
    const outputs: EditionOutput[] = []
    await eachLimit(rendered, 2, async ({ name, edition, html, sources }, index) => {
      const htmlFile = path.join(outputDir, `${name}.html`)
      progress({ stage: 'write', edition: name, detail: htmlFile })
      if (options.print === false || !browser) {
        await writeAtomic(htmlFile, html, options.signal)
        outputs[index] = { edition: name, html: htmlFile }
        return
      }
      // Print from a temporary copy: until the PDF is written, NAME.html and NAME.pdf stay as they were.
      const printFile = temporaryPath(htmlFile, '.html')
      await writeAtomic(printFile, html, options.signal)
      try {
        const language = edition.language ?? config.language
        const hyphenate = hyphenatorFor(language)
        progress({ stage: 'print', edition: name })
        const page = opening?.catch(() => browser.newPage())
        opening = undefined
        const printed = await time('print', () =>
          printer!.print({ htmlFile: printFile, page, label: `${name}.html`, timeout: options.timeout, signal: options.signal, hyphenate, allowed: [root, outputDir, toolRoot], script: paginatorScript(paginator, { layoutMap: true, lineNumbers: edition.lineNumbers ?? Boolean(edition.review) }) })
        )
        for (const url of printed.blocked) report(project.configFile, 'print-blocked-request', `Blocked a request of the page while printing \`${name}\`: ${url}`)
        const layout = printed.layout
        reportOverflows(layout?.overflows ?? [], files, project.configFile, name)
        // The paginator runs inside the print stage; its share is reported on its own too.
        if (layout) timings['paginate'] = (timings['paginate'] ?? 0) + layout.ms
        if (options.profile) {
          for (const [step, ms] of Object.entries(printed.steps)) timings[`print.${step}`] = (timings[`print.${step}`] ?? 0) + ms
          for (const [phase, ms] of Object.entries(layout?.phases ?? {})) timings[`paginate.${phase}`] = (timings[`paginate.${phase}`] ?? 0) + ms
        }
        const state = await git
        const origin = state ? { commit: state.commit, dirty: state.dirty, prefix: state.prefix } : {}
        const pdf = await time('postprocess', async () =>
          finishPdf((await makeAccessible(hyphenate ? dropInlineSoftHyphens(printed.pdf) : printed.pdf)).pdf, {
            ...pdfMetadata(config, edition, `Guidelines press ${version}`, project.translations.get(language)?.config),
            attachment: {
              name: sourceMapName,
              mime: 'application/json',
              description: 'Guidelines press: source map of this edition (for guidelines comments)',
              data: encodeSourceMap({ format: sourceMapFormat, edition: name, ...origin, pages: layout?.pages ?? 0, folios: layout?.folios ?? [], sources, blocks: layout?.blocks ?? [] })
            }
          })
        )
        const pdfFile = path.join(outputDir, `${name}.pdf`)
        await writeAtomic(pdfFile, pdf, options.signal)
        // Every PDF written is checked against PDF/UA-1 (src/pdfua): a failure is an error of the build.
        const accessibility = await time('pdfua', () => checkPdf(pdf))
        if (accessibility.violations.length > 0) files.push(pdfuaDiagnostics(path.relative(root, pdfFile), accessibility))
        await rename(printFile, htmlFile).catch((error: unknown) => {
          throw outputError(htmlFile, error)
        })
        outputs[index] = { edition: name, html: htmlFile, pdf: pdfFile, pages: layout?.pages }
      } finally {
        await rm(printFile, { force: true })
      }
    })
    result.outputs.push(...outputs)
  } finally {
    await time('close', () => printer?.close())
  }
  progress({ stage: 'done' })
  return result
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
}

/**
 * Render one edition to a complete HTML document: number and render the document
 * (`renderDocument`, in the edition's language; the progress edition's body instead of the
 * outline), mark changes (review editions), assemble it, and render the page template.
 */
async function renderEdition(input: EditionInput): Promise<{ html: string; document?: RenderedDocument }> {
  const { parsed, name, edition, outputDir, files, review, translations } = input
  const { project, config } = parsed
  const language = edition.language ?? config.language
  const translation = language === config.language ? undefined : project.translations.get(language)
  const labels = labelsFor(language, translation ? translation.config.labels : config.labels)
  const progress = edition.body ? progressPlan(parsed, name, { ...edition, body: edition.body }, labels) : undefined
  if (progress) files.push(progress.body.file)
  const document = edition.body && !progress ? undefined : await renderDocument(parsed, { numbering: edition.numbering, paragraphNumbers: edition.paragraphNumbers, sectionOrder: edition.sectionOrder, language, outputDir, plan: progress?.plan })
  const text = createTextRenderer(language)
  // Review editions: change marks on the rendered trees, the summary page and the stamp (src/review).
  const reviewed = edition.review && review && document ? await reviewEdition(document.sections, review, { edition, outputDir, contributors: config.contributors, glossary: project.glossary }) : undefined
  const used = document?.usedGlossary ?? new Set<string>()
  const entries = (document?.glossary ?? []).filter((entry) => !entry.abbreviation || used.has(glossaryAnchor(entry)))
  const glossary = await Promise.all(entries.map(async (entry) => ({ entry: { ...entry, term: typeset(entry.term, language) }, definition: await text.inline(entry.definition) })))
  const assembled = edition.body ? assembleProgress(parsed, edition, document, labels, language, translations) : assemble(document!.outline, document!.sections, { config, glossary, review: Boolean(edition.review), language, labels, contributors: translation?.config.contributors })
  if (reviewed?.compared) markTitles([...assembled.front, ...assembled.body, ...assembled.back], reviewed.compared) // renamed sections (src/review)

  const page = await renderPage({
    root: project.root,
    config,
    name,
    edition,
    language,
    labels,
    translation: translation?.config,
    assembled,
    acronyms: (document?.glossary ?? []).filter((entry) => entry.abbreviation && used.has(glossaryAnchor(entry))),
    generator: `Guidelines press ${version}`,
    review: edition.review ? { stamp: reviewed?.stamp ?? review?.stamp.text ?? '', changes: reviewed?.changes ?? '', watermark: edition.watermark ?? labels.watermark } : undefined,
    text
  })
  files.push(...page.files)
  if (page.html === undefined && page.files.length === 0) {
    report(project.configFile, 'template-missing', `Unexpected template \`${edition.template}\` for edition \`${name}\`, expected a built-in one (${builtInTemplates.join(', ')}) or templates/${edition.template}.hbs`, project.locateConfig(['editions', name, 'template']))
  }
  return { html: page.html ?? '', document: progress ? undefined : document }
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
