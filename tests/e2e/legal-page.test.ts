import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// A document under a Creative Commons licence says so (README, "The press's own words"): the
// joint publication's legal page and the PDF's keywords come from guidelines.yaml.

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'guidelines.js')

it('prints the licence of guidelines.yaml on the legal page, leaves out an emptied paragraph, and sets the keywords', () => {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'press-legal-')), 'project')
  execFileSync(process.execPath, [cli, 'init', root], { encoding: 'utf8' })
  const config = path.join(root, 'guidelines.yaml')
  const text = readFileSync(config, 'utf8').replace(/editions:[^]*$/, '')
  writeFileSync(
    config,
    `${text}keywords: [Customs, ports, CC BY 4.0]
labels:
  rights: This work is licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0).
  reproduction: "You may copy and adapt it, provided you credit {codes}."
  disclaimer: ''
editions:
  publication:
    template: joint-publication
`
  )
  const run = spawnSync(process.execPath, [cli, 'build', '--root', root], { encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  const pdf = path.join(root, 'output', 'publication.pdf')
  const legal = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  expect(legal).toContain('This work is licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0).')
  expect(legal).toContain('You may copy and adapt it, provided you credit WCO or IAPH.')
  expect(legal).not.toContain('All rights reserved')
  expect(legal).not.toContain('designations employed')
  expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Keywords:\s+Customs, ports, CC BY 4\.0/)
})
