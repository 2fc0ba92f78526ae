import { readFileSync } from 'node:fs'
import path from 'node:path'
import { toolRoot } from './tool-root.js'

/** Version of the press, from its package.json (printed in the PDF producer field). */
export const version: string = (JSON.parse(readFileSync(path.join(toolRoot, 'package.json'), 'utf8')) as { version: string }).version
