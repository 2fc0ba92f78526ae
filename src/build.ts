import path from 'node:path'
import { readFile, rename, rm } from 'node:fs/promises'
import type { Browser } from 'puppeteer'
import type { Root as Mdast } from 'mdast'
import type { ElementContent } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import type { VFile } from 'vfile'
import { loadProject, type Project } from './load/project.js'
import type { EditionOptions, Guidelines } from './config/types.js'
import { createOutline } from './outline/model.js'
import { checkOutline, type SectionContributions } from './outline/check.js'
import { createAbbreviationMatcher, glossaryAnchor } from './markdown/util/abbreviations.js'
import { createParser, createRenderer, render } from './markdown/processor.js'
import { numberDocument, type SectionContent } from './link/number.js'
import { termLinks } from './link/glossary-terms.js'
import { assemble, type RenderedSection } from './html/assemble.js'
import { assembleProgress } from './workflow/progress.js'
import { compileShell, readStyle, toolRoot } from './html/render.js'
import { copyFonts, loadFonts } from './html/fonts.js'
import { formatLongDate } from './html/dates.js'
import { closeBrowser, launchBrowser } from './print/browser.js'
import { createPrinter } from './print/printer.js'
import { openPage } from './print/pdf.js'
import { createHyphenator } from './print/hyphenate.js'
import { finishPdf, pdfPageCount } from './print/postprocess.js'
import { dropInlineSoftHyphens } from './print/soft-hyphens.js'
import { outputError, removeStaleTemporaries, temporaryPath, writeAtomic } from './print/write.js'
import rehypeSanitize from 'rehype-sanitize'
import { definitionSchema } from './html/sanitize.js'
import { report, hasErrors } from './report/rules.js'
import { version } from './version.js'
import { pause } from './pause.js'
import type { ParseCache } from './watch/parse-cache.js'
import { CompareError, defaultWatermark, markTitles, prepareReview, reviewEdition, stampFallbackCss, templateUses, type ReviewInput } from './review/index.js'
import { describeSources, gitState, encodeSourceMap, sourceMapFormat, sourceMapName, type Layout, type SourceEntry } from './comments/source-map.js'

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

/** Parsed, checked project: what every edition is rendered from. */
interface Prepared {
  project: Project
  config: Guidelines
  grouped: SectionContributions[]
  trees: Map<VFile, Mdast>
  matcher: ReturnType<typeof createAbbreviationMatcher>
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
  const project = await time('load', () => loadProject(root))
  const files: VFile[] = [project.configFile, project.glossaryFile, ...project.contributions.map((c) => c.file)]
  const result: BuildResult = { files, outputs: [], timings }
  const config = project.config
  if (!config) {
    await closeUnused()
    return result
  }

  const names = options.editions ?? Object.keys(config.editions)
  for (const name of names) {
    if (!config.editions[name]) {
      report(project.configFile, 'edition-unknown', `Unexpected edition \`${name}\`, expected one of ${Object.keys(config.editions).map((n) => `\`${n}\``).join(', ')}`, project.locateConfig(['editions']))
    }
  }
  const editions = names.filter((name) => config.editions[name])

  if (options.compare !== undefined && editions.length > 0 && !editions.some((name) => config.editions[name]!.review)) {
    await closeUnused()
    throw new CompareError(`changes are marked only in review editions (\`review: true\` in guidelines.yaml), and none is built here: ${editions.map((name) => `\`${name}\``).join(', ')}`)
  }

  progress({ stage: 'parse' })
  const prepared = await time('parse', () => prepare(project, config, options.cache, options.signal))
  // Review editions: version stamp, and the sources at --compare (src/review).
  const review = editions.some((name) => config.editions[name]!.review)
    ? await time('review', () => prepareReview(root, options.compare)).catch(async (error: unknown) => {
        await closeUnused() // a bad --compare ref: the browser started early must not be left running
        throw error
      })
    : undefined

  const rendered: Array<{ name: string; edition: EditionOptions; html: string; sources: Record<string, SourceEntry> }> = []
  for (const name of editions) {
    progress({ stage: 'render', edition: name })
    const edition = config.editions[name]!
    const html = await time('render', () => renderEdition(prepared, name, edition, outputDir, files, review, options.signal))
    const sources = describeSources(prepared.grouped, createOutline(config, edition.numbering ?? 'outline'), config.contributors)
    rendered.push({ name, edition, html, sources })
  }
  dedupeMessages(files)
  const strictWarnings = rendered.some((r) => r.edition.strict) && files.some((f) => f.messages.some((m) => !m.fatal))
  if (options.write === false || hasErrors(files) || strictWarnings) {
    if (strictWarnings && !hasErrors(files)) {
      for (const file of files) for (const message of file.messages) message.fatal = true
    }
    await closeUnused()
    return result
  }

  const fonts = await loadFonts()
  try {
    options.signal?.throwIfAborted()
    await removeStaleTemporaries(outputDir) // of builds killed before they could (SIGKILL)
    await copyFonts(fonts, outputDir)
  } catch (error) {
    await closeUnused()
    throw options.signal?.aborted ? error : outputError(path.join(outputDir, 'assets', 'fonts'), error)
  }
  const browser = options.browser ?? (await launching)
  const paginator = await readFile(path.join(toolRoot, 'assets', 'paginate.js'), 'utf8')
  const hyphenate = createHyphenator(config.language)
  const printer = browser ? createPrinter({ browser, borrowed: Boolean(options.browser), env: options.env, timeout: options.timeout, signal: options.signal }) : undefined
  try {
    // git runs only for the PDF's source map, while the browser prints.
    const git = options.print === false || !browser ? undefined : gitState(root)
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
        progress({ stage: 'print', edition: name })
        const page = opening?.catch(() => browser.newPage())
        opening = undefined
        const printed = await time('print', () =>
          printer!.print({ htmlFile: printFile, page, label: `${name}.html`, timeout: options.timeout, signal: options.signal, hyphenate, allowed: [root, outputDir, toolRoot], script: { source: paginator, call: 'guidelinesPaginate', argument: { review: Boolean(edition.review), layoutMap: true, lineNumbers: edition.lineNumbers ?? Boolean(edition.review), stamp: edition.review ? review?.stamp.text : undefined } } })
        )
        for (const url of printed.blocked) report(project.configFile, 'print-blocked-request', `Blocked a request of the page while printing \`${name}\`: ${url}`)
        const layout = (printed.layout ?? {}) as { pages?: number; ms?: number }
        // The paginator runs inside the print stage; its share is reported on its own too.
        if (layout.ms !== undefined) timings['paginate'] = (timings['paginate'] ?? 0) + layout.ms
        if (options.profile) {
          for (const [step, ms] of Object.entries(printed.steps)) timings[`print.${step}`] = (timings[`print.${step}`] ?? 0) + ms
          for (const [phase, ms] of Object.entries((layout as { phases?: Record<string, number> }).phases ?? {})) timings[`paginate.${phase}`] = (timings[`paginate.${phase}`] ?? 0) + ms
        }
        const repository = await git
        const pdf = await time('postprocess', () =>
          finishPdf(hyphenate ? dropInlineSoftHyphens(printed.pdf) : printed.pdf, {
            title: edition.title ?? config.title,
            author: config.organisations.map((code) => config.contributors[code] ?? code).join('; '),
            subject: config.subtitle ?? config.title,
            keywords: ['Customs', 'ports', ...config.organisations, edition.reference ?? config.reference ?? ''].filter(Boolean),
            language: config.language,
            producer: `Guidelines press ${version}`,
            attachment: {
              name: sourceMapName,
              mime: 'application/json',
              description: 'Guidelines press: source map of this edition (for guidelines comments)',
              data: encodeSourceMap({ format: sourceMapFormat, edition: name, ...repository, pages: layout.pages ?? 0, folios: (layout as Layout).folios ?? [], sources, blocks: (layout as Layout).blocks ?? [] })
            }
          })
        )
        const pdfFile = path.join(outputDir, `${name}.pdf`)
        await writeAtomic(pdfFile, pdf, options.signal)
        await rename(printFile, htmlFile).catch((error: unknown) => {
          throw outputError(htmlFile, error)
        })
        outputs[index] = { edition: name, html: htmlFile, pdf: pdfFile, pages: pdfPageCount(pdf) }
      } finally {
        await rm(printFile, { force: true })
      }
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

/** Parse every contribution once and check them against the outline. */
async function prepare(project: Project, config: Guidelines, cache?: ParseCache, signal?: AbortSignal): Promise<Prepared> {
  const matcher = createAbbreviationMatcher(project.glossary, config.abbreviations?.ignore)
  const parser = createParser({ matcher })
  const trees = new Map<VFile, Mdast>()
  // Pass 1 reads the glossary (abbreviations) and the words to ignore besides the file itself.
  cache?.begin(String(project.glossaryFile.value) + JSON.stringify(config.abbreviations ?? {}))
  for (const contribution of project.contributions) {
    if (!contribution.meta) continue
    await pause(signal) // Ctrl-C is handled between contributions
    const cached = cache?.restore(contribution.file)
    if (cached) {
      trees.set(contribution.file, cached)
      continue
    }
    const before = contribution.file.messages.length
    const tree = parser.parse(contribution.file)
    parser.runSync(tree, contribution.file)
    trees.set(contribution.file, tree)
    cache?.store(contribution.file, tree, before)
  }
  cache?.end()
  const grouped = checkOutline(project, config, createOutline(config))
  return { project, config, grouped, trees, matcher }
}

/** Number, resolve and render one edition to a complete HTML document. */
async function renderEdition(prepared: Prepared, name: string, edition: EditionOptions, outputDir: string, files: VFile[], review?: ReviewInput, signal?: AbortSignal): Promise<string> {
  const { project, config, grouped, trees, matcher } = prepared
  const outline = createOutline(config, edition.numbering ?? 'outline')
  const order = edition.sectionOrder ?? {}
  const content: SectionContent[] = grouped.map(({ section, contributions }) => {
    const sorted = [...contributions]
    const writers = order[section.id]
    if (writers) sorted.sort((a, b) => rank(writers, a.meta!.writer) - rank(writers, b.meta!.writer))
    return {
      section: outline.byId.get(section.id) as SectionContent['section'],
      contributions: sorted.filter((c) => trees.has(c.file)).map((c) => ({ file: c.file, collected: c.file.data.collected! }))
    }
  })
  const numbered = numberDocument(outline, content, { numbering: edition.numbering ?? 'outline', paragraphNumbers: edition.paragraphNumbers ?? true })
  for (const entry of project.glossary) {
    numbered.targets.set(glossaryAnchor(entry), { id: glossaryAnchor(entry), kind: 'glossary', label: entry.abbreviation ?? entry.term, title: entry.term })
  }
  project.glossary.forEach((entry, index) => {
    if (entry.abbreviation && !numbered.used.has(entry.abbreviation)) {
      report(project.glossaryFile, 'glossary-unused', `Unexpected unused abbreviation \`${entry.abbreviation}\`, expected a use in some contribution (or remove the entry)`, project.locateGlossary([index, 'abbreviation']))
    }
    // A term without an abbreviation: its uses are noted in `used` by its term (src/link/glossary-terms.ts).
    if (!entry.abbreviation && !numbered.used.has(entry.term)) {
      report(project.glossaryFile, 'glossary-unused', `Unexpected unused term \`${entry.term}\`, expected a use in some contribution (or remove the entry)`, project.locateGlossary([index, 'term']))
    }
  })
  const linkTerms = termLinks(content)

  const renderer = createRenderer({ targets: numbered.targets, matcher, root: project.root, outputDir })
  const sections: RenderedSection[] = []
  for (const { section, contributions } of content) {
    const group = grouped.find((g) => g.section.id === section.id)!
    const out: RenderedSection = { section, contributions: [], missing: group.missing }
    for (const { file } of contributions) {
      file.data.link = { footnotes: numbered.footnotes.get(file) ?? new Map(), expand: numbered.expand.get(file) ?? new Map() }
      file.data.termLinks = linkTerms.get(file) ?? new Set()
      const meta = project.contributions.find((c) => c.file === file)!.meta!
      await pause(signal) // Ctrl-C is handled between contributions
      const tree = await render(renderer, trees.get(file)!, file)
      out.contributions.push({ source: file.path, writer: meta.writer, writerName: config.contributors[meta.writer] ?? meta.writer, status: meta.status, tree })
    }
    sections.push(out)
  }
  // Review editions: change marks on the rendered trees, the summary page and the stamp (src/review).
  const reviewed = edition.review && review ? await reviewEdition(sections, review, { edition, outputDir, contributors: config.contributors, glossary: project.glossary }) : undefined

  // Glossary definitions and submission texts come from authors too: the same allow-list, no remote images.
  const definitions = unified().use(remarkParse).use(remarkRehype).use(rehypeSanitize, definitionSchema)
  const glossary = await Promise.all(
    project.glossary.map(async (entry) => {
      const tree = await definitions.run(definitions.parse(entry.definition))
      const first = (tree as { children: ElementContent[] }).children.find((c) => c.type === 'element') as { children: ElementContent[] } | undefined
      return { entry, definition: first?.children ?? [] }
    })
  )
  // An edition with `body` (the progress document): that Markdown and generated annexes instead (issue 4).
  const progress = edition.body ? await assembleProgress({ project, config, grouped, matcher, edition: { ...edition, body: edition.body }, outputDir, files }) : undefined
  const assembled = progress?.assembled ?? assemble(outline, sections, { config, glossary: glossary.filter((g) => numbered.used.has(g.entry.abbreviation ?? '') || !g.entry.abbreviation), review: Boolean(edition.review) })
  if (reviewed?.compared) markTitles([...assembled.front, ...assembled.body, ...assembled.back], reviewed.compared) // renamed sections (src/review)

  const template = edition.template
  const { shell, files: templateFiles } = await compileShell(project.root, template)
  files.push(...templateFiles)
  if (!shell) {
    if (templateFiles.length === 0) report(project.configFile, 'template-missing', `Unexpected template \`${template}\` for edition \`${name}\`, expected a built-in one (wco-working-document, iaph, joint-publication) or templates/${template}.hbs`, project.locateConfig(['editions', name, 'template']))
    return ''
  }
  const fonts = await loadFonts()
  const css = [fonts.css, await readStyle(project.root, 'base', files), await readStyle(project.root, template, files), await readStyle(project.root, 'workflow', files), ...(reviewed ? [await readStyle(project.root, 'review', files), templateUses(templateFiles, 'stamp') ? '' : stampFallbackCss(reviewed.stamp)] : [])].join('\n')
  const submission = { ...config.submission, ...edition.submission }
  const markdownHtml = async (text: string | undefined) => (text ? toHtml((await definitions.run(definitions.parse(text))) as never) : '')
  const context = {
    edition: { name, ...edition, review: Boolean(edition.review), paragraphNumbers: edition.paragraphNumbers ?? true },
    lang: config.language,
    title: edition.title ?? config.title,
    subtitle: config.subtitle,
    organisations: config.organisations.map((code) => ({ code, name: config.contributors[code] ?? code })),
    reference: edition.reference ?? config.reference,
    editionText: config.edition,
    date: config.date,
    dateText: config.date ? formatLongDate(config.date) : undefined,
    submission: { ...submission, issuedText: submission.issued ? formatLongDate(submission.issued) : undefined, purposeHtml: await markdownHtml(submission.purpose), actionRequiredHtml: await markdownHtml(submission.actionRequired) },
    css,
    front: (reviewed && !templateUses(templateFiles, 'changes') ? reviewed.changes : '') + toHtml(assembled.front),
    body: toHtml(assembled.body),
    back: toHtml(assembled.back),
    footnotes: assembled.footnotes ? toHtml(assembled.footnotes) : '',
    toc: assembled.toc,
    figures: assembled.figures,
    tables: assembled.tables,
    acronyms: project.glossary.filter((e) => e.abbreviation && (progress?.used ?? numbered.used).has(e.abbreviation)).sort((a, b) => a.abbreviation!.localeCompare(b.abbreviation!)),
    generator: `Guidelines press ${version}`,
    watermark: edition.review ? edition.watermark ?? defaultWatermark : undefined,
    stamp: reviewed?.stamp,
    changes: reviewed?.changes ?? ''
  }
  return shell.render(context)
}

function rank(order: string[], code: string): number {
  const i = order.indexOf(code)
  return i === -1 ? order.length : i
}

/** Editions re-check the same sources; keep one of each identical message. */
function dedupeMessages(files: VFile[]): void {
  for (const file of files) {
    const seen = new Set<string>()
    file.messages = file.messages.filter((message) => {
      const key = `${message.line}:${message.column}:${message.ruleId}:${message.reason}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
  }
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
