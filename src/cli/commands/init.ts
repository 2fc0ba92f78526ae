import { cp, mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import { toolRoot } from '../../html/render.js'
import { commonOptions, type Command } from '../command.js'
import { UsageError } from '../io.js'

export const init: Command = {
  name: 'init',
  summary: 'create a small working project in DIR',
  help: `Usage: guidelines init DIR

Creates DIR with guidelines.yaml, glossary.yaml and two contributions under sections/:
a small project that builds. DIR must not exist or be empty.

Options:
  -h, --help        show this help`,
  options: { help: commonOptions.help },
  positionals: true,
  async run(_values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError('Expected exactly one DIR')
    const target = path.resolve(io.cwd, positionals[0]!)
    await mkdir(target, { recursive: true })
    if ((await readdir(target)).length > 0) throw new UsageError(`${positionals[0]} is not empty; init writes only into a new or empty folder`)
    await cp(path.join(toolRoot, 'assets', 'init'), target, { recursive: true })
    io.stdout.write(`Created a project in ${positionals[0]}. Next: cd ${positionals[0]} && npx guidelines build\n`)
    return 0
  }
}
