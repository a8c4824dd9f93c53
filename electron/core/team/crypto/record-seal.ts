import { TwofoldError } from '../../errors.ts'
import { openWithAad, sealWithAad } from './aes-gcm-box.ts'
import { canonicalEncoding } from './canonical-encoding.ts'

/** Where an account record belongs: a sealed record moved to another place, version or revision fails to open. */
export interface RecordPlace {
  teamId: string
  clientId: string
  accountId: string
  keyVersion: number
  revision: number
}

/** A client's sealed name: sealed as a record of the client itself. */
export interface ClientNamePlace {
  teamId: string
  clientId: string
  keyVersion: number
}

/** One backup code of a set, each sealed on its own so the server can hand out exactly one. */
export interface BackupCodePlace {
  teamId: string
  clientId: string
  setId: string
  index: number
  keyVersion: number
}

const CLIENT_NAME_ACCOUNT_ID = 'client-name'

export function recordAssociatedData(place: RecordPlace): Buffer {
  return canonicalEncoding([
    'twofold-record-v1',
    place.teamId,
    place.clientId,
    place.accountId,
    place.keyVersion,
    place.revision,
  ])
}

export function backupCodeAssociatedData(place: BackupCodePlace): Buffer {
  return canonicalEncoding([
    'twofold-backup-code-v1',
    place.teamId,
    place.clientId,
    place.setId,
    place.index,
    place.keyVersion,
  ])
}

export function sealRecord(clientKey: Uint8Array, plaintext: Uint8Array, place: RecordPlace): Buffer {
  return sealWithAad(clientKey, recordAssociatedData(place), plaintext)
}

/** The record's plaintext (wipe it after use), or `vault-tampered` when it was altered, moved or keyed otherwise. */
export function openRecord(clientKey: Uint8Array, sealed: Uint8Array, place: RecordPlace): Buffer {
  const plaintext = openWithAad(clientKey, recordAssociatedData(place), sealed)
  if (plaintext === undefined) throw refused(`The team record of account ${place.accountId}`)
  return plaintext
}

export function sealClientName(clientKey: Uint8Array, name: string, place: ClientNamePlace): Buffer {
  return sealRecord(clientKey, Buffer.from(name, 'utf8'), clientNameRecordPlace(place))
}

export function openClientName(clientKey: Uint8Array, sealed: Uint8Array, place: ClientNamePlace): string {
  const plaintext = openWithAad(clientKey, recordAssociatedData(clientNameRecordPlace(place)), sealed)
  if (plaintext === undefined) throw refused(`The name of team client ${place.clientId}`)
  return plaintext.toString('utf8')
}

export function sealBackupCode(clientKey: Uint8Array, code: Uint8Array, place: BackupCodePlace): Buffer {
  return sealWithAad(clientKey, backupCodeAssociatedData(place), code)
}

export function openBackupCode(clientKey: Uint8Array, sealed: Uint8Array, place: BackupCodePlace): Buffer {
  const plaintext = openWithAad(clientKey, backupCodeAssociatedData(place), sealed)
  if (plaintext === undefined) {
    throw refused(`Backup code ${place.index + 1} of set ${place.setId}`)
  }
  return plaintext
}

function clientNameRecordPlace(place: ClientNamePlace): RecordPlace {
  return { ...place, accountId: CLIENT_NAME_ACCOUNT_ID, revision: 0 }
}

function refused(what: string): TwofoldError {
  return new TwofoldError(
    'vault-tampered',
    `${what} failed its integrity check: it was damaged, altered or sealed for another place, so Twofold refused to use it.`,
  )
}
