import { existsSync, realpathSync } from 'node:fs'
import path from 'node:path'
import type { Nodes, Parent, Root } from 'hast'
import type { VFile } from 'vfile'
import { walk } from './util/walk.js'
import { report } from '../report/rules.js'
import { describeFailure, readRegularFileSync } from '../load/safe-read.js'
import { checkImage, maxImageBytes, type ImageProblem } from './image-check.js'

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
  // An image used in several places (or contributions) is read and checked once per edition.
  const checked = new Map<string, ImageProblem | undefined>()
  return (tree: Root, file: VFile) => {
    const folder = path.dirname(path.resolve(root, file.path))
    // A translation's images may be its own, next to it, or its source's, at the same relative path.
    const sourceFolder = file.data.translationOf ? path.dirname(path.resolve(root, file.data.translationOf)) : undefined
    walk<Nodes, Parent>(tree, (node) => {
      if (node.type !== 'element') return
      const attribute = node.tagName === 'img' ? 'src' : node.tagName === 'a' ? 'href' : undefined
      if (!attribute) return
      const value = node.properties[attribute]
      if (typeof value !== 'string' || value === '' || value.startsWith('#')) return
      if (/^data:/i.test(value)) {
        const type = /^data:image\/(png|jpe?g|gif|webp|svg\+xml)[;,]/i.exec(value)?.[1]
        if (attribute === 'href' || !type) {
          report(file, 'html-unsafe', 'Unexpected data: URL, expected a file in the project (data: URLs are allowed only for images)', node.position)
          delete node.properties[attribute]
          return
        }
        const problem = checkImage(dataUrlBytes(value), `${value.slice(0, 32)}...`, type)
        if (problem) report(file, problem.rule, problem.reason, node.position)
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
      const written = value.split(/[?#]/)[0]!
      const clean = safeDecode(written)
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
      if (attribute === 'src') {
        if (!checked.has(absolute)) checked.set(absolute, imageProblem(absolute, value, realRoot))
        const problem = checked.get(absolute)
        if (problem) report(file, problem.rule, problem.reason, node.position)
      }
      // Encoded again, segment by segment, with the query or fragment as written: decoded, a link
      // to `a%23b.pdf` became `a#b.pdf` (the file `a` at the fragment `b.pdf`).
      node.properties[attribute] = path.relative(options.outputDir, absolute).split(path.sep).map(encodeURIComponent).join('/') + value.slice(written.length)
    })
  }
}

/**
 * What is wrong with the image file at `absolute` (`value` as written): it must be a regular
 * file inside the root, of at most maxImageBytes, and pass checkImage. Undefined when it is fine.
 */
function imageProblem(absolute: string, value: string, realRoot: string): ImageProblem | undefined {
  const read = readRegularFileSync(absolute, { limit: maxImageBytes, within: [realRoot] })
  if (!read.ok) {
    const failure = read.failure
    return { rule: failure.kind === 'too-large' ? 'image-too-large' : 'image-invalid', reason: `Unexpected image \`${value}\`: ${describeFailure(failure)}` }
  }
  return checkImage(read.bytes, value, path.extname(absolute).slice(1))
}

/** The bytes of a data: URL (base64 or percent-encoded). */
function dataUrlBytes(url: string): Buffer {
  const comma = url.indexOf(',')
  const header = url.slice(0, comma)
  const payload = url.slice(comma + 1)
  if (/;base64$/i.test(header)) return Buffer.from(payload, 'base64')
  // Percent-decoded byte by byte: decodeURIComponent throws on bytes that are not UTF-8.
  return Buffer.from(payload.replace(/%([\da-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
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
