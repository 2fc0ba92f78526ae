import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { schemaFingerprint, schemas, validatorOptions } from '../../src/config/schema.js'

// scripts/compile.mjs compiles the YAML schemas ahead (dist/config/validators.cjs, run by the e2e
// global setup); src/config/yaml.ts uses them when their fingerprint matches. They must report
// exactly what the run-time compiled validators report.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

const cases: Record<string, unknown[]> = {
  guidelines: [{}, { title: 'T', language: 'en', organisations: ['WCO'], contributors: { WCO: 'W' }, outline: [], editions: {}, titel: 'x' }, { title: '', date: 'not a date' }],
  glossary: [[{ term: 'Port Community System', abbreviation: 'PCS' }], [{ term: 1, definiton: 'x' }], {}],
  frontMatter: [{ section: 'a', writer: 'WCO', status: 'final' }, { section: 'Bad Id', writer: 'WCO', status: 'done', due: '2022-13-45' }, []],
  translation: [{ title: 'Directives', titles: { purpose: 'Objet' }, labels: { chapter: 'chapitre {n}' } }, { titel: 'x', titles: { 'Bad Id': 'y' }, labels: { chaptre: 'x' } }, []],
  translationGlossary: [[{ source: 'Authorized Economic Operator', term: 'Opérateur économique agréé', abbreviation: 'OEA', definition: 'd' }], [{ term: 'x' }], {}],
  translationFrontMatter: [{ translates: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0', section: 'a' }, { translates: 'not a commit', sectoin: 'x' }, []]
}

describe('precompiled validators', () => {
  it('carry the fingerprint of the current schemas and report what run-time validators report', async () => {
    const precompiled = createRequire(import.meta.url)(path.join(repo, 'dist', 'config', 'validators.cjs'))
    const ajv = addFormats(new Ajv(validatorOptions))
    for (const [name, schema] of Object.entries(schemas)) {
      expect(precompiled.fingerprints[name]).toBe(schemaFingerprint(schema))
      const runtime = ajv.compile(schema)
      for (const data of cases[name]!) {
        const expected = runtime(data)
        expect(precompiled[name](data)).toBe(expected)
        expect(JSON.parse(JSON.stringify(precompiled[name].errors ?? null))).toEqual(JSON.parse(JSON.stringify(runtime.errors ?? null)))
      }
    }
  })

  it('fingerprints change with the schema', () => {
    const schema = schemas['frontMatter'] as { properties: Record<string, unknown> }
    expect(schemaFingerprint({ ...schema, properties: { ...schema.properties, extra: { type: 'string' } } })).not.toBe(schemaFingerprint(schema))
  })
})
