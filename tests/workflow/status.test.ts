import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { glob } from 'glob'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { loadProject } from '../../src/load/project.js'
import { diskReader } from '../../src/load/readers.js'
import { projectStatus, type ProjectStatus } from '../../src/workflow/status.js'
import { fixtureToday, repoRoot, runCli, statusFixture } from './helpers.js'

const updating = process.env['UPDATE'] === '1'

/** Compare with a file of expected output; `UPDATE=1` rewrites it (read the diff). */
function compareFile(file: string, actual: string): void {
  if (updating || !existsSync(file)) writeFileSync(file, actual)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

async function fixtureStatus(today = fixtureToday): Promise<ProjectStatus> {
  return projectStatus(await loadProject(diskReader(statusFixture)), { today })
}

describe('status of the fixture project', () => {
  it('gives each writer the state and date of their contribution', async () => {
    const status = await fixtureStatus()
    const row = (id: string) => status.sections.find((s) => s.id === id)!
    const writers = (id: string) => row(id).writers.map((w) => `${w.code} ${w.state} ${w.submitted ?? '-'}${w.assigned ? '' : ' unassigned'}${w.overdue ? ' overdue' : ''}`)
    expect(status.sections.map((s) => `${s.number || '-'} ${s.id} ${s.state}${s.overdue ? ' overdue' : ''}`)).toEqual([
      '- foreword complete',
      '1.a purpose complete',
      '1.b scope in-progress',
      '2.a need missing overdue',
      '2.b path in-progress overdue',
      '2.c data complete',
      'I.a checklist missing'
    ])
    expect(writers('foreword')).toEqual(['WCO final -'])
    expect(writers('purpose')).toEqual(['WCO final 2022-04-20'])
    expect(writers('scope')).toEqual(['IAPH draft 2022-06-01'])
    expect(writers('need')).toEqual(['BG missing - overdue'])
    // No `status` in the front matter: a draft.
    expect(writers('path')).toEqual(['IAPH peer-reviewed 2022-06-15', 'BG draft 2022-06-20 overdue', 'DE final 2022-06-25 unassigned'])
    expect(writers('data')).toEqual(['WCO final 2022-06-10', 'BG peer-reviewed 2022-06-12'])
    expect(writers('checklist')).toEqual(['JP missing -'])
    expect(row('need').peers.map((p) => p.code)).toEqual(['WCO', 'JP'])
    expect(row('need').due).toBe('2022-05-22')
    expect(row('checklist').part).toEqual({ id: 'checklist-annex', number: 'I', title: 'Checklist' })
  })

  it('counts sections and reports writers who are not assigned', async () => {
    const status = await fixtureStatus()
    expect(status.totals).toEqual({ sections: 7, complete: 3, inProgress: 2, missing: 2, overdue: 2 })
    expect(status.unassigned).toEqual([{ section: 'path', number: '2.b', writer: 'DE', file: 'sections/02-path/de.md' }])
  })

  it('lists work-plan tasks overdue or due within 30 days, not done ones', async () => {
    const status = await fixtureStatus()
    expect(status.workplan.map((t) => `${t.number} ${t.id} ${t.state} ${t.days}`)).toEqual([
      '2 drafting overdue -16',
      '3 check-in due-soon 0',
      '4 review due-soon 19',
      '5 final due-soon 30'
    ])
  })

  it('is measured against --today: nothing is overdue before the first due date', async () => {
    const status = await fixtureStatus('2022-04-01')
    expect(status.totals.overdue).toBe(0)
    expect(status.sections.flatMap((s) => s.writers).some((w) => w.overdue)).toBe(false)
    expect(status.workplan.map((t) => t.id)).toEqual([])
  })

  it('does not count the body of the progress edition as a contribution', async () => {
    const project = await loadProject(diskReader(statusFixture))
    projectStatus(project, { today: fixtureToday })
    const messages = [project.configFile, ...project.contributions.map((c) => c.file)].flatMap((f) => f.messages.map(String))
    expect(messages.filter((m) => m.includes('outline-unknown-section') || m.includes('progress'))).toEqual([])
  })
})

describe('guidelines status (CLI)', () => {
  it('prints one row per section, totals, unassigned writers and the work plan as plain text', async () => {
    const { code, stdout, stderr } = await runCli(['status', '--today', fixtureToday, '--root', statusFixture])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).not.toContain('\x1b[')
    expect(stdout).toMatch(/^2\.a +The need for cooperation +missing +2022-05-22 OVERDUE +WCO, JP +BG missing$/m)
    expect(stdout).toMatch(/^2\.b .*BG draft 2022-06-20, DE final 2022-06-25 \(not assigned\)$/m)
    expect(stdout).toContain('Sections: 7 — 3 complete, 2 in progress, 2 missing; 2 overdue')
    expect(stdout).toMatch(/^ +2 +2022-06-15 +16 days late +First draft$/m)
    expect(stdout).not.toContain('Publication')
    compareFile(path.join(statusFixture, 'expected-status.txt'), stdout)
  })

  it('prints JSON with the documented shape and nothing else', async () => {
    const { code, stdout } = await runCli(['status', '--today', fixtureToday, '--format', 'json', '--root', statusFixture])
    expect(code).toBe(0)
    const json = JSON.parse(stdout) as ProjectStatus
    expect(Object.keys(json)).toEqual(['today', 'title', 'reference', 'sections', 'totals', 'workplan', 'unassigned'])
    expect(Object.keys(json.sections[0]!)).toEqual(['id', 'number', 'title', 'kind', 'part', 'state', 'due', 'overdue', 'writers', 'peers'])
    expect(Object.keys(json.sections[0]!.writers[0]!)).toEqual(['code', 'name', 'state', 'submitted', 'file', 'assigned', 'overdue'])
    expect(json.sections.find((s) => s.id === 'need')).toMatchObject({ number: '2.a', state: 'missing', overdue: true, writers: [{ code: 'BG', name: 'Bulgaria', state: 'missing', submitted: null, file: null }] })
    expect(json).toEqual(await fixtureStatus())
    compareFile(path.join(statusFixture, 'expected-status.json'), stdout)
  })

  it('colours on a terminal, unless NO_COLOR is set', async () => {
    const args = ['status', '--today', fixtureToday, '--root', statusFixture]
    expect((await runCli(args, { tty: true, env: {} })).stdout).toContain('\x1b[')
    expect((await runCli(args, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[')
    expect((await runCli(args, { tty: false, env: {} })).stdout).not.toContain('\x1b[')
  })

  it('exits 2 on a usage error', async () => {
    for (const today of ['2022-02-30', 'tomorrow', '22/08/2022']) {
      const { code, stderr, stdout } = await runCli(['status', '--today', today, '--root', statusFixture])
      expect(code).toBe(2)
      expect(stderr).toContain(`Unexpected --today \`${today}\``)
      expect(stdout).toBe('')
    }
    expect((await runCli(['status', '--format', 'yaml', '--root', statusFixture])).code).toBe(2)
    expect((await runCli(['status', '--bogus'])).code).toBe(2)
  })

  it('exits 1 when guidelines.yaml cannot be read', async () => {
    const { code, stderr } = await runCli(['status', '--root', path.join(statusFixture, 'sections')])
    expect(code).toBe(1)
    expect(stderr).toContain('guidelines.yaml')
  })
})

describe('status of this repository', () => {
  it('matches guidelines.yaml and the front matter of sections/', async () => {
    interface Section { id: string; title: string; writers: string[]; peers: string[]; due?: string }
    const config = parse(readFileSync(path.join(repoRoot, 'guidelines.yaml'), 'utf8')) as {
      front?: Section[]
      outline: Array<{ sections: Section[] }>
      annexes?: Array<{ sections: Section[] }>
      editions: Record<string, { body?: string }>
      workplan: Array<{ id: string; due: string; done?: boolean }>
    }
    const bodies = new Set(Object.values(config.editions).flatMap((e) => (e.body ? [e.body] : [])))
    const contributions = new Map<string, { status: string; submitted: string | null; file: string }>()
    for (const file of await glob('sections/**/*.md', { cwd: repoRoot, posix: true })) {
      if (bodies.has(file)) continue
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(path.join(repoRoot, file), 'utf8'))![1]!
      const meta = parse(front) as { section: string; writer: string; status?: string; submitted?: string }
      contributions.set(`${meta.section}/${meta.writer}`, { status: meta.status ?? 'draft', submitted: meta.submitted ?? null, file })
    }
    const expected: string[] = []
    const add = (section: Section, number: string) => {
      const writers = section.writers.map((code) => {
        const c = contributions.get(`${section.id}/${code}`)
        return c ? `${code}:${c.status}:${c.submitted}:${c.file}` : `${code}:missing`
      })
      const others = [...contributions.entries()].filter(([key]) => key.startsWith(`${section.id}/`) && !section.writers.includes(key.split('/')[1]!))
      for (const [key, c] of others) writers.push(`${key.split('/')[1]}:${c.status}:${c.submitted}:${c.file}:unassigned`)
      expected.push(`${number} ${section.id} ${section.title} due ${section.due ?? '-'} peers ${section.peers.join(',')} | ${writers.join(' ')}`)
    }
    config.front?.forEach((s) => add(s, ''))
    config.outline.forEach((chapter, c) => chapter.sections.forEach((s, i) => add(s, `${c + 1}.${String.fromCharCode(97 + i)}`)))
    const romans = ['I', 'II', 'III', 'IV', 'V']
    config.annexes?.forEach((annex, a) => annex.sections.forEach((s, i) => add(s, `${romans[a]}.${String.fromCharCode(97 + i)}`)))

    const project = await loadProject(diskReader(repoRoot))
    const status = projectStatus(project, { today: '2022-08-22' })
    const actual = status.sections.map((s) => {
      const writers = s.writers.map((w) => (w.state === 'missing' ? `${w.code}:missing` : `${w.code}:${w.state}:${w.submitted}:${w.file}${w.assigned ? '' : ':unassigned'}`))
      return `${s.number} ${s.id} ${s.title} due ${s.due ?? '-'} peers ${s.peers.map((p) => p.code).join(',')} | ${writers.join(' ')}`
    })
    expect(actual).toEqual(expected)
    // What the seed's Annex I shows as pending on the day of the progress document.
    expect(status.sections.find((s) => s.id === 'path-to-cooperation')!.writers.find((w) => w.code === 'DE')!.state).toBe('missing')
    expect(status.workplan.map((t) => t.id)).toEqual(config.workplan.filter((t) => !t.done && t.due <= '2022-09-21').sort((a, b) => a.due.localeCompare(b.due)).map((t) => t.id))
    // The repository's sources have no errors, and the progress report is not an unknown section.
    const errors = [project.configFile, ...project.contributions.map((c) => c.file)].flatMap((f) => f.messages.filter((m) => m.fatal).map(String))
    expect(errors).toEqual([])
  })
})
