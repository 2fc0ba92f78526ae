import type { Position } from 'unist'
import type { VFile } from 'vfile'
import type { FrontMatter, GlossaryEntry, Guidelines } from '../config/types.js'

/** One Markdown contribution: its file and validated front matter. */
export interface Contribution {
  file: VFile
  /** Undefined when the front matter is missing or invalid (a message says why). */
  meta: FrontMatter | undefined
  /** Position of a front-matter value by key, for later diagnostics. */
  locateMeta: (path: ReadonlyArray<string | number>) => Position | undefined
}

/** Everything read from a project root; nothing here has been parsed as Markdown yet. */
export interface Project {
  /** The project root (absolute): what file paths are relative to. */
  root: string
  configFile: VFile
  config: Guidelines | undefined
  /** Position of a node of guidelines.yaml, by its path of keys and indices. */
  locateConfig: (path: ReadonlyArray<string | number>) => Position | undefined
  glossaryFile: VFile
  glossary: GlossaryEntry[]
  /** Position of a node of glossary.yaml, by its path of keys and indices. */
  locateGlossary: (path: ReadonlyArray<string | number>) => Position | undefined
  contributions: Contribution[]
  /** The Markdown `body` files of editions (the progress report), by normalised path (`bodyPath`); only those that exist. */
  bodies: Map<string, Contribution>
  /** Full commit id, when the project was read from a commit. */
  commit?: string
}
