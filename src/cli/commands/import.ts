import { access, readFile, realpath, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { closest as closestWord, distance } from 'fastest-levenshtein'
import { loadProject } from '../../load/project.js'
import { diskReader } from '../../load/readers.js'
import { createOutline } from '../../outline/model.js'
import { writeAtomic } from '../../io/write.js'
import { diagnostics, formatText } from '../../report/format.js'
import { commonHelp, commonOptions, type Command } from '../command.js'
import { UsageError, useColor } from '../io.js'

/** Largest .docx the importer opens (the zip is read into memory). */
const maxDocxBytes = 200 * 1024 * 1024

/** `guidelines import`: a contribution from a Word document (the work is in src/import). */
export const importCommand: Command = {
  name: 'import',
  summary: 'make a contribution from a Word document (.docx)',
  help: `Usage: guidelines import FILE.docx --section ID --writer CODE [--out PATH] [--force]
                         [--accept-changes | --reject-changes]

Writes FILE.docx as a contribution: front matter (section, writer, status: draft,
submitted: the date the document was last saved, else today) and Markdown in the press's
syntax: headings from \`#\`, hand numbers removed, lists, tables with \`Table: Caption {#id}\`,
figures, footnotes, links, Word cross-references as references. Images go to images/ next to
the contribution. What Markdown cannot carry (comments, text boxes, fields, merged cells,
colours...) is reported with the part and paragraph of the .docx. A document with pending
tracked changes is refused unless you say which way they go.

Options:
  --section ID       the outline section the contribution is for (required)
  --writer CODE      the contributor code of its writer (required)
  --out PATH         the Markdown file to write, under sections/ (default: next to the
                     section's contributions, e.g. sections/01-introduction/a-purpose/wco.md)
  --force            replace the file (and its images) if they exist
  --accept-changes   accept every pending tracked change (as Word's Accept All)
  --reject-changes   reject every pending tracked change (as Word's Reject All)
${commonHelp}`,
  options: {
    ...commonOptions,
    section: { type: 'string' },
    writer: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    'accept-changes': { type: 'boolean' },
    'reject-changes': { type: 'boolean' }
  },
  positionals: true,
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError('Expected exactly one .docx file')
    const sectionId = values['section'] as string | undefined
    const writer = values['writer'] as string | undefined
    if (!sectionId) throw new UsageError('Expected --section ID')
    if (!writer) throw new UsageError('Expected --writer CODE')
    if (values['accept-changes'] && values['reject-changes']) throw new UsageError('Expected --accept-changes or --reject-changes, not both')
    const changes = values['accept-changes'] ? 'accept' : values['reject-changes'] ? 'reject' : undefined
    const root = path.resolve(io.cwd, (values['root'] as string | undefined) ?? '.')
    const docxArgument = positionals[0]!
    const docxPath = path.resolve(io.cwd, docxArgument)
    const color = useColor(io, 'stderr')

    const project = await loadProject(diskReader(root))
    if (!project.config) {
      io.stderr.write(`${formatText(diagnostics([project.configFile]), color)}\nCannot import: guidelines.yaml of ${root} cannot be read.\n`)
      return 1
    }
    const outline = createOutline(project.config)
    const unit = outline.byId.get(sectionId)
    if (!unit || !('part' in unit)) {
      const ids = outline.sections.map((s) => s.id)
      throw new UsageError(`Unexpected section \`${sectionId}\`, expected a section id of guidelines.yaml${hint(sectionId, ids)}`)
    }
    const codes = Object.keys(project.config.contributors)
    if (!codes.includes(writer)) throw new UsageError(`Unexpected writer \`${writer}\`, expected a code of \`contributors\` in guidelines.yaml (${codes.join(', ')})${hint(writer, codes)}`)

    const { defaultContributionPath, projectIds } = await import('../../import/target.js')
    const out = path.resolve(io.cwd, (values['out'] as string | undefined) ?? path.join(root, defaultContributionPath(project, outline, sectionId, writer)))
    const shown = (file: string) => path.relative(root, file).split(path.sep).join('/')
    await checkOutput(root, out)
    const occupant = project.contributions.find((c) => path.resolve(root, c.file.path) === out && c.meta && (c.meta.section !== sectionId || c.meta.writer !== writer))
    if (occupant) {
      // --force replaces an earlier import of the same contribution, never someone else's.
      io.stderr.write(`Cannot import: ${occupant.file.path} is the contribution of ${occupant.meta!.writer} to \`${occupant.meta!.section}\`; choose another --out.\n`)
      return 1
    }
    const other = project.contributions.find((c) => c.meta?.section === sectionId && c.meta.writer === writer && path.resolve(root, c.file.path) !== out)
    if (other) {
      io.stderr.write(`Cannot import: ${writer} already has a contribution to \`${sectionId}\`: ${other.file.path}. Import over it with --out ${other.file.path} --force, or remove it first.\n`)
      return 1
    }

    let data: Uint8Array
    try {
      const size = (await stat(docxPath)).size
      if (size > maxDocxBytes) {
        io.stderr.write(`Cannot import ${docxArgument}: ${size} bytes, expected at most ${maxDocxBytes}.\n`)
        return 1
      }
      data = await readFile(docxPath)
    } catch (error) {
      io.stderr.write(`Cannot read ${docxArgument}: ${(error as Error).message}\n`)
      return 1
    }

    const { importDocx, contributionText, DocxError } = await import('../../import/index.js')
    const stem = path.basename(out, '.md')
    let result
    try {
      result = await importDocx(data, {
        docxName: docxArgument.split(path.sep).join('/'),
        sectionTitle: unit.title,
        changes,
        imageFolder: 'images',
        imageStem: stem,
        takenIds: projectIds(project, outline, out)
      })
    } catch (error) {
      if (error instanceof DocxError) {
        io.stderr.write(`Cannot import ${docxArgument}: ${error.message}\n`)
        return 1
      }
      throw error
    }
    const report = formatText(diagnostics(result.files), color)
    if (report) io.stderr.write(`${report}\n`)
    if (!result.ok) {
      io.stderr.write(`Nothing written: ${docxArgument} has pending tracked changes. Accept or reject them in Word, or run again with --accept-changes or --reject-changes.\n`)
      return 1
    }

    const today = localDate(new Date())
    const submitted = result.modified && result.modified <= today ? result.modified : today
    const text = contributionText({ section: sectionId, writer, submitted }, result.markdown)
    const images = result.images.map((image) => ({ file: path.join(path.dirname(out), ...image.path.split('/')), data: image.data }))
    if (!values['force']) {
      const existing = []
      for (const file of [out, ...images.map((i) => i.file)]) if (await exists(file)) existing.push(shown(file))
      if (existing.length > 0) {
        io.stderr.write(`Nothing written: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}. Pass --force to replace ${existing.length === 1 ? 'it' : 'them'}.\n`)
        return 1
      }
    }
    // Images first, the contribution last: it never points at an image that is not there yet.
    // A failure removes the images this run created.
    const created: string[] = []
    try {
      for (const image of images) {
        const fresh = !(await exists(image.file))
        await writeAtomic(image.file, image.data, io.signal)
        if (fresh) created.push(image.file)
      }
      await writeAtomic(out, text, io.signal)
    } catch (error) {
      for (const file of created) await rm(file, { force: true })
      throw error
    }

    const counts = result.counts!
    const parts = [
      plural(counts.headings, 'heading'),
      plural(counts.tables, 'table'),
      plural(counts.figures, 'figure'),
      plural(counts.footnotes, 'footnote'),
      plural(images.length, 'image'),
      plural(counts.references, 'reference')
    ].filter(Boolean)
    const applied = result.changesApplied > 0 ? `; ${plural(result.changesApplied, 'tracked change')} ${changes === 'accept' ? 'accepted' : 'rejected'}` : ''
    const warnings = diagnostics(result.files).length
    io.stdout.write(
      `Imported ${docxArgument} into ${shown(out)}${parts.length ? ` (${parts.join(', ')})` : ''}${applied}; submitted: ${submitted} (${submitted === result.modified ? `when ${path.basename(docxPath)} was last saved` : 'today'})${warnings ? `; ${plural(warnings, 'warning')} above` : ''}.\n`
    )
    if ('source' in unit && !(unit.source.writers ?? []).includes(writer)) {
      io.stderr.write(`warning: ${writer} is not among the writers of \`${sectionId}\` in guidelines.yaml (${(unit.source.writers ?? []).join(', ') || 'none'}); \`guidelines check\` will say so too.\n`)
    }
    return 0
  }
}

/** The output must be a .md file under the project's sections/ folder, symbolic links included. */
async function checkOutput(root: string, out: string): Promise<void> {
  const sections = path.join(root, 'sections')
  const inside = (parent: string, child: string) => {
    const relative = path.relative(parent, child)
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  }
  if (!out.endsWith('.md') || !inside(sections, out)) throw new UsageError(`Unexpected --out ${out}, expected a .md file under ${sections} (the press reads contributions there)`)
  // The deepest folder that exists, resolved: a symbolic link must not lead out of the project.
  let existing = path.dirname(out)
  while (!(await exists(existing))) existing = path.dirname(existing)
  const real = await realpath(existing)
  const realRoot = await realpath(root)
  if (real !== realRoot && !inside(realRoot, real)) throw new UsageError(`Unexpected --out ${out}: ${existing} leads outside the project root ${root}`)
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}

/** `; did you mean ...?` for a near miss (same rule as the outline check), else nothing. */
function hint(value: string, options: string[]): string {
  if (options.length === 0) return ''
  const best = closestWord(value, options)
  return distance(value.toLowerCase(), best.toLowerCase()) <= Math.max(2, value.length / 3) ? `; did you mean \`${best}\`?` : ''
}

function plural(n: number, word: string): string {
  return n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`
}

/** YYYY-MM-DD in the machine's time zone (the day the secretariat imports). */
function localDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}
