/**
 * The Guidelines press as a library: the same stages the CLI runs, for tools and tests.
 * `build` does everything (load, parse, render, print, write); the document stages can also be
 * called one by one: `loadProject(reader)` -> `parseAll` -> `renderDocument` per edition.
 */
export { build, type BuildOptions, type BuildResult, type EditionOutput, type ProgressEvent } from './build.js'
export { loadProject, readContribution, selectEditions } from './load/project.js'
export { diskReader, commitReader, memoryReader, type SourceReader } from './load/readers.js'
export { parseAll, type Parsed, type ParseOptions } from './core/parse.js'
export { renderDocument, type DocumentOptions, type RenderedDocument, type RenderedSection, type RenderedContribution } from './core/render.js'
export { ParseCache } from './core/parse-cache.js'
export { readComments, type CommentsResult } from './comments/map.js'
export { readDocxComments, renderDocx, type DocxEditionInput } from './word/index.js'
export { projectStatus, type ProjectStatus } from './workflow/status.js'
export { diagnostics, formatText, formatJson, formatGithub, type Diagnostic } from './report/format.js'
export { rules, type RuleId } from './report/rules.js'
export type { Guidelines, EditionOptions, GlossaryEntry, FrontMatter } from './config/types.js'
export type { Project, Contribution } from './model/project.js'
export type { Collected } from './model/collected.js'
export type { Target, TargetKind } from './model/targets.js'
export { version } from './version.js'
