import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkOtpParameters, MAX_SECRET_BYTES } from '../../../electron/core/engine/index.ts'
import { TwofoldError } from '../../../electron/core/errors.ts'
import {
  importFormats,
  type ImportFormat,
  type ParsedImport,
} from '../../../electron/core/importers/imported-entry.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import {
  aegisVault,
  andOtpEncrypted,
  bitwardenExport,
  enteExport,
  googleMigrationUri,
  qrPng,
  twofasBackup,
} from './export-builders.ts'
import {
  aegisDb,
  andOtpEntries,
  authenticatorPro,
  bitwardenPlain,
  hotpUri,
  twofasServices,
  uri,
} from './fuzz-seeds.ts'
import { formatSeeds } from './format-seeds/index.ts'

// Hostile input: random bytes and mutated valid files, fed to every reader. The only acceptable
// outcomes are a well-formed result or a TwofoldError, each within a bound on time. No case carries a
// password, so encrypted files stop at "password required" after their header is checked: key
// derivation stays out of the fuzzing (it is slow by design and covered by the round-trip tests).

const MAX_CASE_MS = 5_000
let cases = 0

function checkResult(parsed: ParsedImport): void {
  expect(importFormats).toContain(parsed.format)
  for (const entry of parsed.entries) {
    expect(typeof entry.issuer).toBe('string')
    expect(typeof entry.accountName).toBe('string')
    if (entry.secret !== null) {
      expect(entry.secret).toBeInstanceOf(Uint8Array)
      expect(entry.secret.length).toBeGreaterThan(0)
      expect(entry.secret.length).toBeLessThanOrEqual(MAX_SECRET_BYTES)
    }
    if (entry.params !== null) expect(checkOtpParameters(entry.params)).toEqual(entry.params)
  }
  for (const failed of parsed.failed) {
    expect(Number.isInteger(failed.position) && failed.position >= 1).toBe(true)
    expect(failed.name.length).toBeLessThanOrEqual(100)
    expect(failed.reason.length).toBeGreaterThan(0)
  }
}

async function survives(bytes: Uint8Array, format?: ImportFormat): Promise<void> {
  cases++
  const started = performance.now()
  try {
    checkResult(await readImport(bytes, format === undefined ? {} : { format }))
  } catch (error) {
    if (!(error instanceof TwofoldError)) throw error
    expect(error.message.length).toBeGreaterThan(0)
  }
  expect(performance.now() - started).toBeLessThan(MAX_CASE_MS)
}

// ── mutations ──────────────────────────────────────────────────────────────────────────────────────

type ByteEdit = { kind: 'flip' | 'insert' | 'delete' | 'truncate' | 'repeat'; at: number; bytes: Uint8Array }

const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'repeat'),
  at: fc.nat(),
  bytes: fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 8 }),
    fc.constantFrom(
      ...['"', ',', ':', '{', '}', '[', ']', '\n', '%', '=', '+', '|', '\\u0000', 'null'].map((text) =>
        Buffer.from(text),
      ),
    ),
  ),
})

function applyEdits(seed: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let bytes = Buffer.from(seed)
  for (const edit of edits) {
    const at = bytes.length === 0 ? 0 : edit.at % bytes.length
    if (edit.kind === 'flip' && bytes.length > 0) bytes[at] = (bytes[at] ?? 0) ^ (edit.bytes[0] ?? 1)
    if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), edit.bytes, bytes.subarray(at)])
    if (edit.kind === 'delete')
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + edit.bytes.length)])
    if (edit.kind === 'truncate') bytes = bytes.subarray(0, at)
    if (edit.kind === 'repeat')
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at), bytes.subarray(at)])
  }
  return bytes
}

/** Values that have tripped JSON readers before: wrong types, edge numbers, prototype-ish keys. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    -1,
    0,
    1.5,
    2 ** 53,
    1e308,
    '',
    ' ',
    'constructor',
    '__proto__',
    'toString',
    '\ud800',
    'x'.repeat(600),
    [],
    {},
    { toString: 'x' },
    JSON.parse('{"__proto__": "x", "constructor": 1}') as unknown,
    'totp',
    'hotp',
    'steam',
    'motp',
    'SHA1',
    'MD5',
    'JBSWY3DPEHPK3PXP',
  ),
)

type JsonEdit = { path: number; action: 'replace' | 'delete' | 'wrap'; value: unknown }

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({
  path: fc.nat(),
  action: fc.constantFrom('replace', 'delete', 'wrap'),
  value: hostileJson,
})

/** Every (container, key) pair in a JSON value, so an edit can reach any depth. */
function slots(value: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const found: [Record<string, unknown> | unknown[], string | number][] = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        found.push([node, index])
        visit(child)
      })
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        found.push([node as Record<string, unknown>, key])
        visit(child)
      }
    }
  }
  visit(value)
  return found
}

function applyJsonEdits(seed: unknown, edits: readonly JsonEdit[]): Uint8Array {
  const document = structuredClone(seed)
  for (const edit of edits) {
    const all = slots(document)
    const slot = all[edit.path % Math.max(all.length, 1)]
    if (slot === undefined) continue
    const [container, key] = slot
    const record = container as Record<string | number, unknown>
    // Defined, not assigned: a key named "__proto__" must stay a plain field, as JSON.parse makes it,
    // rather than swap the object's prototype (and make a cycle JSON.stringify cannot write).
    const put = (value: unknown) =>
      Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
    // A copy: the arbitrary hands out shared constants, and a later edit may write inside this value.
    if (edit.action === 'replace') put(structuredClone(edit.value))
    if (edit.action === 'wrap') put([record[key]])
    if (edit.action === 'delete') {
      if (Array.isArray(container)) container.splice(key as number, 1)
      else delete record[key]
    }
  }
  return Buffer.from(JSON.stringify(document) ?? 'null', 'utf8')
}

// ── seeds: one valid file per format, encrypted ones included ──────────────────────────────────────

const json = (value: unknown) => JSON.parse(Buffer.from(value as Uint8Array).toString('utf8')) as unknown

interface Seed {
  format: ImportFormat
  bytes: Uint8Array
}

let seeds: Seed[] = []
let jsonSeeds: { format: ImportFormat; document: unknown }[] = []
let png: Uint8Array = new Uint8Array()

beforeAll(async () => {
  const text = (value: string) => Buffer.from(value, 'utf8')
  seeds = [
    { format: 'otpauth-list', bytes: text(`# list\n${uri}\n\n${hotpUri}\notpauth://motp/x?secret=AA\n`) },
    {
      format: 'google-migration',
      bytes: text(
        googleMigrationUri([
          { secret: Buffer.from('secret-bytes'), name: 'Instagram:ana', issuer: 'Instagram' },
          { secret: Buffer.from('other'), name: 'bob', issuer: 'Bank', type: 1, counter: 5 },
        ]),
      ),
    },
    { format: 'aegis', bytes: aegisVault(aegisDb) },
    { format: 'aegis', bytes: aegisVault(aegisDb, { password: 'pw' }) },
    { format: 'twofas', bytes: twofasBackup(twofasServices, { groups: [{ id: 'g', name: 'Client' }] }) },
    { format: 'twofas', bytes: twofasBackup(twofasServices, { password: 'pw' }) },
    { format: 'ente', bytes: await enteExport([uri, hotpUri], 'pw') },
    { format: 'bitwarden-json', bytes: bitwardenExport(bitwardenPlain) },
    { format: 'bitwarden-json', bytes: bitwardenExport(bitwardenPlain, 'pw') },
    {
      format: 'bitwarden-csv',
      bytes: text(
        `folder,name,notes,login_username,login_totp\nClient,Insta,"a, b",ana,${uri}\n,Mail,,me,GEZDGNBVGY3TQOJQ\n`,
      ),
    },
    { format: 'andotp', bytes: text(JSON.stringify(andOtpEntries)) },
    { format: 'andotp', bytes: andOtpEncrypted(andOtpEntries, 'pw') },
    { format: 'authenticator-pro', bytes: text(JSON.stringify(authenticatorPro)) },
    {
      format: 'agency-csv',
      bytes: text(
        `platform,handle,client,sms phone,whatsapp phone,notes,otpauth uri\ninstagram,@ana,Client,+1 555,+1 556,"n, m",${uri}\ntiktok,bo,,,,,\n`,
      ),
    },
    ...(await formatSeeds()).map(({ format, bytes }) => ({ format, bytes })),
  ]
  jsonSeeds = seeds
    .filter((seed) => seed.bytes[0] === 0x7b || seed.bytes[0] === 0x5b)
    .map((seed) => ({ format: seed.format, document: json(seed.bytes) }))
  png = qrPng([uri], 2)
})

// ── properties ─────────────────────────────────────────────────────────────────────────────────────

const formatOrDetect = fc.constantFrom<ImportFormat | undefined>(undefined, ...importFormats)

describe('importers under hostile input', () => {
  it('random bytes, read as every format or detected: a result or a TwofoldError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }),
          fc.string({ maxLength: 256 }).map((value) => Buffer.from(value)),
        ),
        formatOrDetect,
        survives,
      ),
      { numRuns: 12_000 },
    )
  })

  it('valid files with byte-level damage (flips, inserts, cuts), as their format and detected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(byteEdit, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (index, edits, detect) => {
          const seed = seeds[index % seeds.length]!
          await survives(applyEdits(seed.bytes, edits), detect ? undefined : seed.format)
        },
      ),
      { numRuns: 12_000 },
    )
  })

  it('valid JSON files with any field replaced, removed or re-typed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(jsonEdit, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (index, edits, detect) => {
          const seed = jsonSeeds[index % jsonSeeds.length]!
          await survives(applyJsonEdits(seed.document, edits), detect ? undefined : seed.format)
        },
      ),
      { numRuns: 12_000 },
    )
  })

  it('Google export links whose protobuf payload is damaged', async () => {
    const payload = Buffer.from(
      decodeURIComponent(
        googleMigrationUri([
          { secret: Buffer.from('k'), name: 'a:b', issuer: 'a', type: 1, counter: 3 },
        ]).split('data=')[1]!,
      ),
      'base64',
    )
    await fc.assert(
      fc.asyncProperty(fc.array(byteEdit, { minLength: 1, maxLength: 4 }), async (edits) => {
        const data = Buffer.from(applyEdits(payload, edits)).toString('base64')
        await survives(
          Buffer.from(`otpauth-migration://offline?data=${encodeURIComponent(data)}`),
          'google-migration',
        )
      }),
      { numRuns: 3_000 },
    )
  })

  it('damaged PNG images', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(byteEdit, { minLength: 1, maxLength: 3 }), async (edits) => {
        await survives(applyEdits(png, edits), 'qr-image')
      }),
      { numRuns: 400 },
    )
  })

  it('ran the intended number of cases', () => {
    expect(cases).toBeGreaterThanOrEqual(39_000)
    console.log(`importer fuzzing: ${cases} cases`)
  })
})
