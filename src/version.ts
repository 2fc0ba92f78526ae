import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Version of the press, from its package.json (printed in the PDF producer field). */
export const version: string = (JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string }).version
