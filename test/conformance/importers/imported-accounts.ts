import { readFileSync } from 'node:fs'
import { encodeBase32Secret } from '../../../electron/core/engine/index.ts'
import type { ImportedEntry, ParsedImport } from '../../../electron/core/importers/imported-entry.ts'
import { readImport, type ReadImportOptions } from '../../../electron/core/importers/read-import.ts'
import { fixture } from '../third-party-fixtures.ts'

/** One account as the conformance suites compare it: everything that decides the codes, plus names. */
export interface Account {
  issuer: string
  name: string
  secret: string
  type: 'totp' | 'hotp' | 'steam'
  algo: string
  digits: number
  period?: number
  counter?: number
  group?: string
}

interface AegisVectors {
  vectors: Account[]
}

/** The 8 accounts Aegis's own importer tests expect, keyed by issuer. */
export function aegisVectors(): Map<string, Account> {
  const { vectors } = JSON.parse(readFileSync(fixture('aegis/expected_vectors.json'), 'utf8')) as AegisVectors
  return new Map(vectors.map((vector) => [vector.issuer, vector]))
}

export function vectorsFor(...issuers: string[]): Account[] {
  const vectors = aegisVectors()
  return issuers.map((issuer) => {
    const vector = vectors.get(issuer)
    if (vector === undefined) throw new Error(`no Aegis vector for ${issuer}`)
    return vector
  })
}

/** The seven accounts (all but Battle.net) that most Aegis samples hold. */
export const SEVEN = ['Deno', 'SPDX', 'Airbnb', 'Issuu', 'Air Canada', 'WWE', 'Boeing']

export function accountOf(entry: ImportedEntry): Account {
  if (entry.secret === null || entry.params === null) throw new Error('entry without an authenticator')
  const { params } = entry
  return {
    issuer: entry.issuer,
    name: entry.accountName,
    secret: encodeBase32Secret(entry.secret),
    type: params.type,
    algo: params.algorithm,
    digits: params.digits,
    ...(params.type === 'hotp' ? { counter: entry.counter ?? 0 } : { period: params.period }),
    ...(entry.group ? { group: entry.group } : {}),
  }
}

/** Order-independent comparison of whole sets: nothing missing, nothing extra, duplicates counted. */
export function sorted(accounts: Account[]): Account[] {
  const key = (account: Account) =>
    JSON.stringify([account.issuer, account.name, account.secret, account.type])
  return [...accounts]
    .map(
      (account) =>
        Object.fromEntries(Object.entries(account).filter(([, value]) => value !== undefined)) as Account,
    )
    .sort((a, b) => key(a).localeCompare(key(b)))
}

export async function importFixture(path: string, options: ReadImportOptions = {}): Promise<ParsedImport> {
  return readImport(readFileSync(fixture(path)), { fileName: path.split('/').at(-1) ?? path, ...options })
}

export async function importedAccounts(path: string, options: ReadImportOptions = {}): Promise<Account[]> {
  const parsed = await importFixture(path, options)
  if (parsed.failed.length > 0) throw new Error(`failed entries: ${JSON.stringify(parsed.failed)}`)
  return sorted(parsed.entries.map(accountOf))
}

/** Aegis's test vectors with the fields an older format cannot carry set the way that format reads. */
export function asPlainTotp(account: Account, period = 30): Account {
  const { counter: _counter, ...rest } = account
  return { ...rest, type: 'totp', period }
}
