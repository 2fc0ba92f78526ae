import type { Position } from 'unist'
import type { VFile } from 'vfile'
import type { FrontMatter, GlossaryEntry, Guidelines, TranslatedGlossaryEntry, TranslationConfig, TranslationFrontMatter } from '../config/types.js'

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
  /** Translations, by language (BCP 47 tag): `translations/LANG/`. */
  translations: Map<string, Translation>
  /** Full commit id, when the project was read from a commit. */
  commit?: string
}

/** A translated contribution (`translations/LANG/sections/...`): its file, front matter and source. */
export interface TranslatedContribution {
  file: VFile
  /** Undefined when the front matter is missing or invalid (a message says why). */
  meta: TranslationFrontMatter | undefined
  locateMeta: (path: ReadonlyArray<string | number>) => Position | undefined
  /** Project-relative path of the source it translates (`sections/...`). */
  source: string
}

/** Everything of one language under `translations/LANG/`. */
export interface Translation {
  language: string
  /** translations/LANG/guidelines.yaml (an empty file when absent). */
  configFile: VFile
  config: TranslationConfig
  locateConfig: (path: ReadonlyArray<string | number>) => Position | undefined
  /** translations/LANG/glossary.yaml (an empty file when absent). */
  glossaryFile: VFile
  glossary: TranslatedGlossaryEntry[]
  locateGlossary: (path: ReadonlyArray<string | number>) => Position | undefined
  /** Translated contributions, by the path of their source (`sections/...`). */
  contributions: Map<string, TranslatedContribution>
}

declare module 'vfile' {
  interface DataMap {
    /** For a translated contribution: the project-relative path of its source (`sections/...`). */
    translationOf: string
  }
}
