import fc from 'fast-check'
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorCodes } from '../../../shared/domain/errors.ts'
import type { AccountTransfer } from '../../../electron/core/accounts/account-transfer.ts'
import { createAccountServices } from '../../../electron/core/accounts/account-services.ts'
import {
  buildOtpAuthUri,
  checkOtpParameters,
  encodeBase32Secret,
  MAX_SECRET_BYTES,
  parseOtpAuthUri,
  STEAM_PARAMETERS,
  type OtpAuthAccount,
} from '../../../electron/core/engine/index.ts'
import { TwofoldError } from '../../../electron/core/errors.ts'
import {
  importFormats,
  type ImportFormat,
  type ParsedImport,
} from '../../../electron/core/importers/imported-entry.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import { restoreBackup } from '../../../electron/core/transfer/restore-backup.ts'
import { OsKeychain } from '../../../electron/core/vault/os-keychain.ts'
import { Vault } from '../../../electron/core/vault/vault.ts'
import {
  aegisEntry,
  aegisVault,
  andOtpEncrypted,
  bitwardenExport,
  enteExport,
  googleMigrationUri,
  qrPng,
} from '../../unit/importers/export-builders.ts'
import {
  aegisDb,
  andOtpEntries,
  authenticatorPro,
  bitwardenPlain,
  hotpUri,
  twofasServices,
  uri,
} from '../../unit/importers/fuzz-seeds.ts'
import { formatSeeds } from '../../unit/importers/format-seeds/index.ts'
import {
  applyEdits,
  applyJsonEdits,
  byteEdit,
  hostileText,
  jsonBytes,
  jsonEdit,
  type ByteEdit,
} from './fuzz-mutations.ts'

// What the importer fuzz feeds to the otpauth parser and every import format, and what it accepts
// back: a well-formed result or a TwofoldError carrying a known code — never another exception.
// Encrypted formats are built with the cheapest key derivation each reader allows (and the password is
// given), so every case reaches decryption and the reader behind it without paying for a real KDF.

export const FUZZ_PASSWORD = 'fuzz password'

export interface FuzzCase<T> {
  arbitrary: fc.Arbitrary<T>
  run(input: T): Promise<void>
  /** The case's input as bytes, shown when a case never returns. */
  show(input: T): Uint8Array
  dispose?(): void
}

export interface FuzzTarget {
  name: string
  runs: number
  /** A rough cost per case (tenths of a millisecond), to share targets fairly between workers. */
  weight: number
  build(): Promise<FuzzCase<never>>
}

/** Thrown for anything but a TwofoldError: fast-check then shrinks to the smallest input doing it. */
export class UntypedOutcome extends Error {
  override readonly name = 'UntypedOutcome'
}

async function typedOutcome<T>(work: () => T | Promise<T>, check: (value: T) => void): Promise<void> {
  let value: T
  try {
    value = await work()
  } catch (error) {
    if (
      error instanceof TwofoldError &&
      (errorCodes as readonly string[]).includes(error.code) &&
      error.message.length > 0
    )
      return
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    throw new UntypedOutcome(`not a TwofoldError: ${what.slice(0, 300)}`, { cause: error })
  }
  check(value)
}

function require(condition: boolean, what: string): void {
  if (!condition) throw new UntypedOutcome(`malformed result: ${what}`)
}

function checkSecret(secret: unknown): void {
  require(secret instanceof Uint8Array, 'a secret is not bytes')
  const length = (secret as Uint8Array).length
  require(length > 0 && length <= MAX_SECRET_BYTES, `a secret of ${length} bytes`)
}

function checkParsed(parsed: ParsedImport): void {
  require((importFormats as readonly string[]).includes(parsed.format), 'an unknown format')
  for (const entry of parsed.entries) {
    require(typeof entry.issuer === 'string' && typeof entry.accountName === 'string', 'names are not text')
    if (entry.secret !== null) checkSecret(entry.secret)
    if (entry.params !== null)
      require(JSON.stringify(checkOtpParameters(entry.params)) ===
        JSON.stringify(entry.params), 'bad parameters')
    if (entry.counter !== undefined)
      require(Number.isSafeInteger(entry.counter) && entry.counter >= 0, 'a counter')
  }
  for (const failed of parsed.failed) {
    require(Number.isInteger(failed.position) && failed.position >= 1, 'a failed entry without a position')
    require(failed.name.length <= 100 && failed.reason.length > 0, 'a failed entry without a reason')
  }
}

function checkAccount(account: OtpAuthAccount): void {
  require(typeof account.issuer === 'string' && typeof account.accountName === 'string', 'names are not text')
  checkSecret(account.secret)
  checkOtpParameters(account)
  if (account.type === 'hotp')
    require(Number.isSafeInteger(account.counter) && account.counter >= 0, 'a counter')
}

const text = (value: string) => Buffer.from(value, 'utf8')
const readAs = (bytes: Uint8Array, format: ImportFormat | undefined, password = FUZZ_PASSWORD) =>
  typedOutcome(() => readImport(bytes, { ...(format ? { format } : {}), password }), checkParsed)

// ── otpauth links ───────────────────────────────────────────────────────────────────────────────────

const tricky = fc.constantFrom(
  ':',
  '%',
  '%3A',
  '%ZZ',
  '%00',
  '+',
  ' ',
  '&',
  '=',
  '?',
  '#',
  '/',
  '@',
  'é',
  '用',
  '\u00a0',
  '\t',
  '\ud800',
  'A',
)
const label = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: tricky, maxLength: 12 }),
)
const algorithm = fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const)
const digits = fc.integer({ min: 4, max: 10 })
const validAccount: fc.Arbitrary<OtpAuthAccount> = fc
  .tuple(
    label.map((value) => value.trim()),
    label.map((value) => value.trim()),
    fc.uint8Array({ minLength: 1, maxLength: 64 }),
    fc.oneof(
      fc.record({
        type: fc.constant('totp' as const),
        algorithm,
        digits,
        period: fc.integer({ min: 1, max: 3600 }),
      }),
      fc.record({ type: fc.constant('hotp' as const), algorithm, digits, counter: fc.maxSafeNat() }),
      fc.constant(STEAM_PARAMETERS),
    ),
  )
  .map(([issuer, accountName, secret, params]): OtpAuthAccount => ({
    issuer,
    accountName,
    secret,
    ...params,
  }))

/** A link some authenticator wrote, when building one from the account succeeds at all. */
const validLink = validAccount.map((account) => {
  try {
    return buildOtpAuthUri(account)
  } catch {
    return `otpauth://totp/Fallback:acct?secret=${encodeBase32Secret(account.secret)}`
  }
})

const textEdit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 6 }),
  insert: fc.oneof(
    tricky,
    fc.string({ unit: 'binary', maxLength: 4 }),
    fc.constantFrom(
      '&secret=A',
      '&secret=',
      '&digits=',
      '&digits=99',
      '&period=0',
      '&counter=-1',
      '&algorithm=MD5',
      '&issuer=',
      '&encoder=steam',
      '&type=hotp',
      '?',
      '//',
    ),
  ),
})

function mutateText(value: string, edits: readonly { at: number; remove: number; insert: string }[]): string {
  return edits.reduce((current, { at, remove, insert }) => {
    const index = at % (current.length + 1)
    return current.slice(0, index) + insert + current.slice(index + remove)
  }, value)
}

const parameterName = fc.oneof(
  fc.constantFrom(
    'secret',
    'issuer',
    'algorithm',
    'digits',
    'period',
    'counter',
    'encoder',
    'SECRET',
    'Digits',
    'image',
  ),
  fc.string({ maxLength: 6 }),
)
const randomLink = fc
  .tuple(
    fc.constantFrom('otpauth', 'OTPAUTH', 'otpauth-migration', 'otp', ''),
    fc.constantFrom('//', '/', '', '///'),
    fc.oneof(
      fc.constantFrom('totp', 'hotp', 'steam', 'TOTP', 'motp', 'yandex', ''),
      fc.string({ maxLength: 5 }),
    ),
    label,
    fc.array(fc.tuple(parameterName, hostileText), { maxLength: 8 }),
  )
  .map(
    ([scheme, slashes, type, name, parameters]) =>
      `${scheme}:${slashes}${type}/${name}?${parameters.map(([key, value]) => `${key}=${value}`).join('&')}`,
  )

const parseLink = (link: string) => typedOutcome(() => parseOtpAuthUri(link), checkAccount)

// ── seed files, one per format (encrypted ones with the cheapest settings their readers accept) ────

const TINY_SCRYPT = { n: 2, r: 1, p: 1 }
const TINY_ARGON2 = { memLimit: 8192, opsLimit: 1 }

const agencyCsv = `platform,handle,client,sms phone,whatsapp phone,notes,otpauth uri\ninstagram,@ana,Client,+1 415 555 0123,+1 415 555 0124,"n, m",${uri}\ntiktok,bo,,,,,\n`
const bitwardenCsv = `folder,name,notes,login_username,login_totp\nClient,Insta,"a, b",ana,${uri}\n,Mail,,me,GEZDGNBVGY3TQOJQ\n`

/** 2FAS always derives with 10,000 PBKDF2 rounds; the key is derived once here, the reader pays per case. */
const twofasSalt = randomBytes(256)
const twofasKey = pbkdf2Sync(FUZZ_PASSWORD, twofasSalt, 10_000, 32, 'sha256')
function twofasEncrypted(services: unknown): Buffer {
  const seal = (plaintext: Buffer) => {
    const nonce = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', twofasKey, nonce)
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
    return [body, twofasSalt, nonce].map((part) => part.toString('base64')).join(':')
  }
  return jsonBytes({
    updatedAt: 1,
    schemaVersion: 4,
    appVersionCode: 5000009,
    appOrigin: 'android',
    groups: [{ id: 'g', name: 'Client' }],
    services: [],
    servicesEncrypted: seal(jsonBytes(services)),
    reference: seal(text('2FAS reference text')),
  })
}

interface Seed {
  format: ImportFormat
  bytes: Buffer
}

async function seedFiles(): Promise<Seed[]> {
  return [
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
    { format: 'aegis', bytes: aegisVault(aegisDb, { password: FUZZ_PASSWORD, ...TINY_SCRYPT }) },
    {
      format: 'twofas',
      bytes: jsonBytes({ schemaVersion: 4, groups: [{ id: 'g', name: 'Client' }], services: twofasServices }),
    },
    { format: 'twofas', bytes: twofasEncrypted(twofasServices) },
    { format: 'ente', bytes: await enteExport([uri, hotpUri], FUZZ_PASSWORD, TINY_ARGON2) },
    { format: 'bitwarden-json', bytes: bitwardenExport(bitwardenPlain) },
    {
      format: 'bitwarden-json',
      bytes: bitwardenExport(bitwardenPlain, FUZZ_PASSWORD, { kdfType: 0, kdfIterations: 1 }),
    },
    { format: 'bitwarden-csv', bytes: text(bitwardenCsv) },
    { format: 'andotp', bytes: jsonBytes(andOtpEntries) },
    { format: 'andotp', bytes: andOtpEncrypted(andOtpEntries, FUZZ_PASSWORD, 1) },
    { format: 'authenticator-pro', bytes: jsonBytes(authenticatorPro) },
    { format: 'agency-csv', bytes: text(agencyCsv) },
    // The formats added with the format registry: encrypted ones sealed with FUZZ_PASSWORD.
    ...(await formatSeeds()).map((seed) => ({ format: seed.format, bytes: Buffer.from(seed.bytes) })),
  ]
}

/**
 * Damage inside an encoded field (hex, Base64, or Base64 parts joined by `:`, `|` or `.`): decoded,
 * edited as bytes and encoded back, so the file still parses and the damage reaches the cryptography.
 */
function damageEncodedField(document: unknown, pick: number, edits: readonly ByteEdit[]): unknown {
  const leaves: [Record<string, unknown>, string][] = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit)
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (typeof child === 'string' && child.length >= 8)
          leaves.push([node as Record<string, unknown>, key])
        else visit(child)
      }
    }
  }
  const copy = structuredClone(document)
  visit(copy)
  const leaf = leaves[pick % Math.max(1, leaves.length)]
  if (!leaf) return copy
  const [holder, key] = leaf
  const value = holder[key] as string
  if (/^(?:[0-9a-f]{2})+$/i.test(value)) {
    holder[key] = applyEdits(Buffer.from(value, 'hex'), edits).toString('hex')
    return copy
  }
  const parts = value.split(/([:|.])/)
  const encoded = parts.map((part, index) => ({ part, index })).filter(({ part }) => part.length >= 4)
  const target = encoded[pick % Math.max(1, encoded.length)]
  if (target) parts[target.index] = applyEdits(Buffer.from(target.part, 'base64'), edits).toString('base64')
  holder[key] = parts.join('')
  return copy
}

const formatOrDetect = fc.constantFrom<ImportFormat | undefined>(undefined, ...importFormats)

interface FileInput {
  bytes: Uint8Array
  format: ImportFormat | undefined
}

function parsedJson(bytes: Buffer): unknown {
  if (bytes[0] !== 0x7b && bytes[0] !== 0x5b) return undefined
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

const readFile = (input: FileInput) => readAs(input.bytes, input.format)
const showFile = (input: FileInput) => input.bytes

function target<T>(
  name: string,
  runs: number,
  weight: number,
  build: () => FuzzCase<T> | Promise<FuzzCase<T>>,
): FuzzTarget {
  return { name, runs, weight, build: async () => (await build()) as unknown as FuzzCase<never> }
}

/** JSON edits made before encryption: what a reader meets once a file (with its password) decrypts. */
function afterDecryption(
  name: string,
  runs: number,
  weight: number,
  format: ImportFormat,
  seed: unknown,
  encrypt: (document: unknown) => Buffer | Promise<Buffer>,
): FuzzTarget {
  return target(name, runs, weight, () => ({
    arbitrary: fc
      .tuple(fc.array(jsonEdit, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([edits, detect]) => ({ document: applyJsonEdits(seed, edits), detect })),
    async run(input: { document: unknown; detect: boolean }) {
      await readAs(await encrypt(input.document), input.detect ? undefined : format)
    },
    show: (input: { document: unknown }) => jsonBytes(input.document),
  }))
}

async function throwawayVault(): Promise<{ vault: Vault; transfer: AccountTransfer; dispose: () => void }> {
  const home = mkdtempSync(join(tmpdir(), 'twofold-reliability-fuzz-'))
  const vault = new Vault({
    home,
    keychain: new OsKeychain(`Twofold-reliability-fuzz-${randomBytes(4).toString('hex')}`),
  })
  const prepared = await vault.prepareCreate()
  await vault.create({
    creationId: prepared.creationId,
    recoveryKeyConfirmation: prepared.recoveryKey,
    password: FUZZ_PASSWORD,
  })
  return {
    vault,
    transfer: createAccountServices(vault).transfer,
    dispose: () => {
      vault.close()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

const backupDb = {
  version: 3,
  entries: [
    {
      ...aegisEntry({ type: 'totp', name: 'ana', issuer: 'Instagram', secret: 'JBSWY3DPEHPK3PXP' }),
      twofold: {
        platform: 'instagram',
        handle: 'ana',
        displayName: '',
        issuer: 'Instagram',
        label: 'ana',
        client: 'Client',
        notes: '',
        tags: ['vip'],
        sms: '+14155550123',
        whatsapp: null,
        verifiedAt: null,
        backupCodes: [{ code: '12345678', usedAt: null, usedBy: null }],
      },
    },
    {
      ...aegisEntry({ type: 'hotp', name: 'vpn', issuer: 'Corp', secret: 'GEZDGNBVGY3TQOJQ', counter: 7 }),
      twofold: {
        platform: 'generic',
        handle: 'vpn',
        displayName: 'VPN',
        issuer: 'Corp',
        label: 'vpn',
        client: null,
        notes: 'n',
        tags: [],
        sms: null,
        whatsapp: '+447911123457',
        verifiedAt: '2026-01-01T00:00:00.000Z',
        backupCodes: [{ code: 'abcd-efgh', usedAt: '2026-01-02T00:00:00.000Z', usedBy: 'someone' }],
      },
    },
  ],
  groups: [],
  twofold: {
    accountsWithoutAuthenticator: [
      {
        platform: 'tiktok',
        handle: 'bo',
        displayName: '',
        issuer: 'TikTok',
        label: 'bo',
        client: null,
        notes: '',
        tags: [],
        sms: '+447911123456',
        whatsapp: null,
        verifiedAt: null,
        backupCodes: null,
      },
    ],
  },
}

let seeds: Promise<Seed[]> | null = null
const files = () => (seeds ??= seedFiles())

export const fuzzTargets: FuzzTarget[] = [
  target('otpauth links, damaged', 20_000, 2, () => ({
    arbitrary: fc
      .tuple(validLink, fc.array(textEdit, { minLength: 1, maxLength: 4 }))
      .map(([link, edits]) => mutateText(link, edits)),
    run: parseLink,
    show: text,
  })),
  target('otpauth links, assembled from hostile parts', 12_000, 1, () => ({
    arbitrary: fc.oneof(
      randomLink,
      fc.string({ unit: 'binary', maxLength: 200 }).map((value) => `otpauth://${value}`),
    ),
    run: parseLink,
    show: text,
  })),
  target('random bytes, as every format and detected', 8_000, 1, () => ({
    arbitrary: fc.record({
      bytes: fc.oneof(
        fc.uint8Array({ maxLength: 512 }),
        fc.string({ maxLength: 256 }).map((value) => Buffer.from(value)) as fc.Arbitrary<Uint8Array>,
      ),
      format: formatOrDetect,
    }),
    run: readFile,
    show: showFile,
  })),
  target('every format, bytes flipped, inserted, cut or repeated (password given)', 16_000, 4, async () => {
    // 2FAS always costs 10,000 PBKDF2 rounds; its encrypted file has targets of its own below.
    const all = (await files()).filter((seed) => !seed.bytes.includes('servicesEncrypted'))
    return {
      arbitrary: fc
        .tuple(fc.nat(), fc.array(byteEdit, { minLength: 1, maxLength: 4 }), fc.boolean())
        .map(([index, edits, detect]): FileInput => {
          const seed = all[index % all.length] as Seed
          return { bytes: applyEdits(seed.bytes, edits), format: detect ? undefined : seed.format }
        }),
      run: readFile,
      show: showFile,
    }
  }),
  target('JSON formats, fields replaced, removed, added or re-typed', 16_000, 3, async () => {
    // Parsing decides, not the first byte: a binary seed (random salt first) may start with "[" or "{".
    const documents = (await files()).flatMap((seed) => {
      const document = parsedJson(seed.bytes)
      return document === undefined ? [] : [{ format: seed.format, document }]
    })
    return {
      arbitrary: fc
        .tuple(fc.nat(), fc.array(jsonEdit, { minLength: 1, maxLength: 3 }), fc.boolean())
        .map(([index, edits, detect]): FileInput => {
          const seed = documents[index % documents.length] as (typeof documents)[number]
          return {
            bytes: jsonBytes(applyJsonEdits(seed.document, edits)),
            format: detect ? undefined : seed.format,
          }
        }),
      run: readFile,
      show: showFile,
    }
  }),
  target(
    'encrypted files, ciphertext, nonce, tag, salt or slot damaged (password given)',
    8_000,
    20,
    async () => {
      const encrypted = (await files()).filter((seed) =>
        /"(?:slots|servicesEncrypted|kdfParams|encKeyValidation_DO_NOT_EDIT)"/.test(
          seed.bytes.toString('latin1'),
        ),
      )
      const documents = encrypted.flatMap((seed) => {
        const document = parsedJson(seed.bytes)
        return document === undefined ? [] : [{ format: seed.format, document }]
      })
      // andOTP's encrypted file is binary (its plain one is JSON); its first byte is random.
      const andOtp = (await files()).find(
        (seed) => seed.format === 'andotp' && parsedJson(seed.bytes) === undefined,
      ) as Seed
      return {
        arbitrary: fc
          .tuple(fc.nat(), fc.nat(), fc.array(byteEdit, { minLength: 1, maxLength: 3 }), fc.boolean())
          .map(([index, pick, edits, detect]): FileInput => {
            if (index % (documents.length + 1) === documents.length)
              return { bytes: applyEdits(andOtp.bytes, edits), format: detect ? undefined : 'andotp' }
            const seed = documents[index % (documents.length + 1)] as (typeof documents)[number]
            return {
              bytes: jsonBytes(damageEncodedField(seed.document, pick, edits)),
              format: detect ? undefined : seed.format,
            }
          }),
        run: readFile,
        show: showFile,
      }
    },
  ),
  afterDecryption('Aegis, decrypted database damaged', 6_000, 5, 'aegis', aegisDb, (document) =>
    aegisVault(document as Record<string, unknown>, { password: FUZZ_PASSWORD, ...TINY_SCRYPT }),
  ),
  afterDecryption(
    'Bitwarden, decrypted export damaged',
    4_000,
    9,
    'bitwarden-json',
    bitwardenPlain,
    (document) =>
      bitwardenExport(document as Record<string, unknown>, FUZZ_PASSWORD, { kdfType: 0, kdfIterations: 1 }),
  ),
  afterDecryption('andOTP, decrypted entries damaged', 4_000, 5, 'andotp', andOtpEntries, (document) =>
    andOtpEncrypted(document as unknown[], FUZZ_PASSWORD, 1),
  ),
  afterDecryption('2FAS, decrypted services damaged', 1_000, 40, 'twofas', twofasServices, twofasEncrypted),
  target('Ente, decrypted link lines damaged', 2_000, 12, () => ({
    arbitrary: fc
      .array(
        fc.oneof(
          validLink,
          validLink.chain((link) =>
            fc.array(textEdit, { maxLength: 3 }).map((edits) => mutateText(link, edits)),
          ),
          hostileText,
        ),
        {
          maxLength: 6,
        },
      )
      .map((lines) => lines),
    async run(lines: string[]) {
      await readAs(await enteExport(lines, FUZZ_PASSWORD, TINY_ARGON2), 'ente')
    },
    show: (lines: string[]) => text(lines.join('\n')),
  })),
  target('link lists and Google export links, line by line', 6_000, 6, () => ({
    arbitrary: fc
      .tuple(
        fc.array(
          fc.oneof(
            validLink,
            validLink.chain((link) =>
              fc.array(textEdit, { minLength: 1, maxLength: 3 }).map((edits) => mutateText(link, edits)),
            ),
            hostileText,
            fc.constantFrom(
              '# comment',
              '',
              '   ',
              googleMigrationUri([{ secret: Buffer.from('k'), name: 'a:b', issuer: 'a' }]),
            ),
          ),
          { maxLength: 8 },
        ),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        formatOrDetect,
      )
      .map(([lines, newline, bom, format]): FileInput => ({
        bytes: text(`${bom ? '\uFEFF' : ''}${lines.join(newline)}`),
        format,
      })),
    run: readFile,
    show: showFile,
  })),
  target('spreadsheets (agency and Bitwarden CSV), cells replaced', 6_000, 8, () => ({
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          {
            format: 'agency-csv' as const,
            header: 'platform,handle,client,sms phone,whatsapp phone,notes,otpauth uri',
            width: 7,
          },
          {
            format: 'bitwarden-csv' as const,
            header: 'folder,name,notes,login_username,login_totp',
            width: 5,
          },
        ),
        fc.array(fc.array(fc.oneof(hostileText, validLink), { minLength: 0, maxLength: 9 }), {
          maxLength: 6,
        }),
        fc.boolean(),
      )
      .map(([sheet, rows, detect]): FileInput => {
        const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)
        const body = rows.map((row) => row.map(quote).join(',')).join('\n')
        return { bytes: text(`${sheet.header}\n${body}\n`), format: detect ? undefined : sheet.format }
      }),
    run: readFile,
    show: showFile,
  })),
  target('Google export payloads, protobuf damaged', 5_000, 1, () => {
    const payload = Buffer.from(
      decodeURIComponent(
        googleMigrationUri([
          { secret: Buffer.from('k'), name: 'a:b', issuer: 'a', type: 1, counter: 3 },
          {
            secret: Buffer.from('secret'),
            name: 'Instagram:ana',
            issuer: 'Instagram',
            algorithm: 2,
            digits: 2,
          },
        ]).split('data=')[1] ?? '',
      ),
      'base64',
    )
    return {
      arbitrary: fc.array(byteEdit, { minLength: 1, maxLength: 4 }).map((edits): FileInput => ({
        bytes: text(
          `otpauth-migration://offline?data=${encodeURIComponent(applyEdits(payload, edits).toString('base64'))}`,
        ),
        format: 'google-migration',
      })),
      run: readFile,
      show: showFile,
    }
  }),
  target('QR-code images, PNG damaged', 300, 60, () => {
    const png = qrPng([uri], 2)
    return {
      arbitrary: fc.array(byteEdit, { minLength: 1, maxLength: 3 }).map((edits): FileInput => ({
        bytes: applyEdits(png, edits),
        format: 'qr-image',
      })),
      run: readFile,
      show: showFile,
    }
  }),
  target('Twofold backups restored into a vault, decrypted contents damaged', 1_500, 28, async () => {
    const { vault, transfer, dispose } = await throwawayVault()
    const db = vault.database()
    return {
      arbitrary: fc
        .array(jsonEdit, { minLength: 1, maxLength: 3 })
        .map((edits) => applyJsonEdits(backupDb, edits)),
      async run(document: unknown) {
        const bytes = aegisVault(document as Record<string, unknown>, {
          password: FUZZ_PASSWORD,
          ...TINY_SCRYPT,
        })
        // Each case starts from the same empty vault, so none is skipped as a duplicate of the last.
        db.exec('SAVEPOINT fuzz_case')
        try {
          await typedOutcome(
            () => restoreBackup(bytes, FUZZ_PASSWORD, transfer),
            (result) =>
              require(Number.isInteger(result.imported) && Number.isInteger(result.duplicates), 'counts'),
          )
        } finally {
          db.exec('ROLLBACK TO fuzz_case')
          db.exec('RELEASE fuzz_case')
        }
      },
      show: jsonBytes,
      dispose,
    }
  }),
]
