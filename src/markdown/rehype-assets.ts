import { existsSync, realpathSync } from 'node:fs'
import path from 'node:path'
import type { Root } from 'hast'
import type { VFile } from 'vfile'
import { visit } from 'unist-util-visit'
import { report } from '../report/rules.js'

export interface AssetsOptions {
  /** Project root: nothing outside it may be referenced. */
  root: string
  /** Folder the HTML is written to; local URLs are rewritten relative to it. */
  outputDir: string
}

/**
 * Check and rewrite the local files a contribution points at (images, and links to files).
 * A relative URL is resolved against the contribution's folder, must stay inside the project
 * root (`path-outside-root`) and exist (`image-missing`); it is then rewritten relative to the
 * output folder. Remote images are reported: the printer never loads them.
 */
export default function rehypeAssets(options: AssetsOptions) {
  const root = path.resolve(options.root)
  const realRoot = real(root)
  return (tree: Root, file: VFile) => {
    const folder = path.dirname(path.resolve(root, file.path))
    // A translation's images may be its own, next to it, or its source's, at the same relative path.
    const sourceFolder = file.data.translationOf ? path.dirname(path.resolve(root, file.data.translationOf)) : undefined
    visit(tree, 'element', (node) => {
      const attribute = node.tagName === 'img' ? 'src' : node.tagName === 'a' ? 'href' : undefined
      if (!attribute) return
      const value = node.properties[attribute]
      if (typeof value !== 'string' || value === '' || value.startsWith('#')) return
      if (/^data:/i.test(value)) {
        if (attribute === 'href' || !/^data:image\/(png|jpe?g|gif|webp|svg\+xml)[;,]/i.test(value)) {
          report(file, 'html-unsafe', 'Unexpected data: URL, expected a file in the project (data: URLs are allowed only for images)', node.position)
          delete node.properties[attribute]
        }
        return
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) {
        if (attribute === 'src') {
          report(file, 'print-blocked-request', `Unexpected remote image \`${value}\`, expected a file in the project (remote files are never loaded)`, node.position)
          // Not even tried: the printer would block it anyway, but an absent src cannot leak.
          delete node.properties[attribute]
        }
        return
      }
      const clean = safeDecode(value.split(/[?#]/)[0]!)
      const own = clean.startsWith('/') ? path.join(root, clean) : path.resolve(folder, clean)
      const absolute = sourceFolder && !clean.startsWith('/') && !existsSync(own) ? path.resolve(sourceFolder, clean) : own
      // A symbolic link inside the project may point anywhere: judge where it really leads.
      if (!inside(realRoot, real(absolute)) || !inside(root, absolute)) {
        report(file, 'path-outside-root', `Unexpected path \`${value}\` outside the project root, expected a file under the project`, node.position)
        delete node.properties[attribute]
        return
      }
      const relative = path.relative(root, absolute)
      if (attribute === 'src' && !existsSync(absolute)) {
        report(file, 'image-missing', `Unexpected missing image \`${value}\`, expected a file at ${relative.split(path.sep).join('/')}`, node.position)
        return
      }
      node.properties[attribute] = path.relative(options.outputDir, absolute).split(path.sep).join('/')
    })
  }
}

/** Where `file` really is, symbolic links followed (as far as the path exists). */
function real(file: string): string {
  try {
    return realpathSync.native(file)
  } catch {
    const parent = path.dirname(file)
    return parent === file ? file : path.join(real(parent), path.basename(file))
  }
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
