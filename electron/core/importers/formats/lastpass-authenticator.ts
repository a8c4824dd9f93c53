import { otpEntry } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { unreadable, unsupportedFormat } from '../import-errors.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalNumber,
  optionalObject,
  optionalString,
  readJsonObjectFile,
  requiredString,
  type JsonObject,
  namesById,
} from '../import-json.ts'
import type { FormatReader } from '../format-reader.ts'

// LastPass Authenticator's export ("Export accounts to file"), plain JSON, version 3:
// `{version, deviceId, …, accounts: [{accountID, issuerName, userName, secret, timeStep, digits,
// algorithm, folderData: {folderId, position}, …}], folders: [{id, name}]}` — the layout Stratum's
// LastPassBackupConverter and 2FAS's LastPassData read. Every account is TOTP (LastPass
// Authenticator has no counter-based codes). `folderId` 0 means no folder; a folder's name becomes
// the client. An account without an issuer shows its user name as the issuer, as LastPass does.
// Other versions are refused rather than guessed at.

const KIND = 'LastPass Authenticator export'
const SUPPORTED_VERSION = 3

export function looksLikeLastPassAuthenticator(json: unknown): boolean {
  if (!isJsonObject(json) || !Array.isArray(field(json, 'accounts'))) return false
  if (typeof field(json, 'version') !== 'number') return false
  const accounts = field(json, 'accounts') as unknown[]
  const first = accounts[0]
  if (first === undefined)
    return Array.isArray(field(json, 'folders')) || typeof field(json, 'deviceId') === 'string'
  return isJsonObject(first) && 'timeStep' in first && 'secret' in first && 'issuerName' in first
}

export function readLastPassAuthenticator(bytes: Uint8Array): CollectedEntries {
  const file = readJsonObjectFile(bytes, KIND)
  if (!looksLikeLastPassAuthenticator(file))
    throw unreadable(`This ${KIND} does not have LastPass's accounts list.`)
  const version = field(file, 'version')
  if (version !== SUPPORTED_VERSION) {
    throw unsupportedFormat(
      `This ${KIND} is version ${String(version)}; Twofold reads version ${SUPPORTED_VERSION}.`,
    )
  }
  const accounts = entryArray(field(file, 'accounts'), 'The accounts')
  const folders = folderNames(file)
  return collectEntries((collector) => {
    for (const account of accounts) collector.add(describe(account), () => entryOf(account, folders))
  })
}

function folderNames(file: JsonObject): Map<number, string> {
  return namesById<number>(field(file, 'folders'), 'The folders', {
    id: 'id',
    name: 'name',
    idType: 'number',
  })
}

function describe(account: unknown): string {
  if (!isJsonObject(account)) return ''
  return [field(account, 'issuerName'), field(account, 'userName')]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(': ')
}

function entryOf(account: unknown, folders: ReadonlyMap<number, string>): ReturnType<typeof otpEntry> {
  if (!isJsonObject(account)) throw unreadable('this account is not an object')
  const issuerName = optionalString(account, 'issuerName', 'its issuer') ?? ''
  const userName = optionalString(account, 'userName', 'its user name') ?? ''
  const noIssuer = issuerName.trim() === ''
  const folderData = optionalObject(account, 'folderData', 'its folder')
  const folderId = folderData === undefined ? undefined : optionalNumber(folderData, 'folderId', 'its folder')
  const group = folderId === undefined || folderId === 0 ? undefined : folders.get(folderId)
  if (folderId !== undefined && folderId !== 0 && group === undefined) {
    throw unreadable('its folder is not in the export’s folder list')
  }
  return otpEntry(
    { issuer: noIssuer ? userName : issuerName, accountName: noIssuer ? '' : userName, group },
    {
      kind: 'totp',
      algorithm: optionalString(account, 'algorithm', 'its algorithm'),
      digits: optionalNumber(account, 'digits', 'its digits'),
      period: optionalNumber(account, 'timeStep', 'its time step'),
    },
    // LastPass shows secrets in groups of four; spaces are not part of the key.
    { base32: requiredString(account, 'secret', 'its secret').replace(/\s+/g, '') },
  )
}

export const lastPassAuthenticatorFormat: FormatReader = {
  detect: (sample) =>
    looksLikeLastPassAuthenticator(sample.json) ||
    (sample.isBrokenJson &&
      /"accounts"\s*:/.test(sample.text ?? '') &&
      /"timeStep"\s*:/.test(sample.text ?? '')),
  read: (bytes) => readLastPassAuthenticator(bytes),
}
