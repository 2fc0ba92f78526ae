import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Folder of the press itself (package.json, the built-in templates/, styles/ and assets/): the
 * nearest folder above this module that has them. Found by walking up, so that it is the same
 * from dist/ and from the bundled CLI (dist/bundle/).
 */
export const toolRoot: string = findToolRoot(path.dirname(fileURLToPath(import.meta.url)))

function findToolRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) return dir
    if (path.dirname(dir) === dir) return path.resolve(from, '..')
  }
}
