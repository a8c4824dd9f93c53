import type {
  ConflictChoice,
  ConflictField,
  ConflictValue,
  TeamConflictView,
} from '../../../shared/domain/team-conflict-view.ts'
import type { AuditLog } from '../audit/audit-log.ts'
import { seal } from '../crypto/aead.ts'
import { generateCode } from '../engine/generate-code.ts'
import { PreparedSecret } from '../engine/prepared-secret.ts'
import { TwofoldError } from '../errors.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import {
  RECORD_FIELDS,
  encodeRecord,
  isLocallyDeleted,
  otpParameters,
  readLocalRecord,
  sameValue,
  writeLocalRecord,
  type AccountRecord,
} from './account-record.ts'
import { fromBase64url } from './crypto/base64url.ts'
import type { TeamStore } from './team-store.ts'

/**
 * A `sync-conflict` and its way out. While two devices disagree on a field, the account holds the
 * team's value (every other device has it, so nothing flips back and forth) and this device's version
 * is kept beside it, sealed. A person compares the two field by field and chooses; the choice is an
 * ordinary local edit, pushed on the current revision, so it wins over both and reaches every device.
 */

function notHeld(): TwofoldError {
  return new TwofoldError('team-not-joined', 'That account is not shared with the team.')
}

/** Fields in which `left` and `right` differ. */
export function differingFields(left: AccountRecord, right: AccountRecord): ConflictField[] {
  return RECORD_FIELDS.filter((field) => !sameValue(left[field], right[field]))
}

/**
 * The other version to keep once sync has written `written`: a still-unchosen field keeps this
 * device's value (`pending` against the account as it was), a field just found in conflict takes the
 * local value. Null when nothing differs any more — both sides came to agree.
 */
export function conflictAfter(
  written: AccountRecord,
  previous: { local: AccountRecord; pending: AccountRecord | null } | null,
  fresh: { local: AccountRecord; fields: readonly ConflictField[] } | null,
): AccountRecord | null {
  const other: Record<string, unknown> = { ...written }
  if (previous?.pending) {
    for (const field of differingFields(previous.pending, previous.local))
      other[field] = previous.pending[field]
  }
  if (fresh) for (const field of fresh.fields) other[field] = fresh.local[field]
  const record = other as AccountRecord
  return differingFields(record, written).length > 0 ? record : null
}

export function saveConflict(store: TeamStore, accountId: string, other: AccountRecord, since: string): void {
  const plaintext = encodeRecord(other)
  try {
    const sealed = seal(
      store.keys.forSealing(),
      { table: 'team_accounts', row: accountId, column: 'conflict_record' },
      plaintext,
    )
    cachedStatement(
      store.db,
      'UPDATE team_accounts SET conflict_record = ?, conflict_at = ? WHERE account_id = ?',
    ).run(sealed, since, accountId)
  } finally {
    plaintext.fill(0)
  }
}

export function clearConflict(store: TeamStore, accountId: string): void {
  cachedStatement(
    store.db,
    'UPDATE team_accounts SET conflict_record = NULL, conflict_at = NULL WHERE account_id = ?',
  ).run(accountId)
}

/** Every team account in conflict on this device, as the window and `team conflicts` show them. */
export function listConflicts(store: TeamStore, nowMs: number): TeamConflictView[] {
  const ids = cachedStatement(
    store.db,
    `SELECT t.account_id FROM team_accounts t JOIN accounts a ON a.id = t.account_id
       WHERE t.conflict_at IS NOT NULL ORDER BY a.handle COLLATE NOCASE, t.account_id`,
  )
    .pluck()
    .all() as string[]
  return ids.map((accountId) => conflictView(store, accountId, nowMs))
}

export function conflictView(store: TeamStore, accountId: string, nowMs: number): TeamConflictView {
  const { since, mine, theirs } = readConflict(store, accountId)
  const row = cachedStatement(
    store.db,
    `SELECT a.handle, a.issuer, c.name AS client_name FROM accounts a LEFT JOIN clients c ON c.id = a.client_id
       WHERE a.id = ?`,
  ).get(accountId) as { handle: string; issuer: string; client_name: string | null }
  return {
    accountId,
    handle: row.handle,
    issuer: row.issuer,
    clientName: row.client_name,
    inTrash: isLocallyDeleted(store.db, accountId),
    since,
    fields: differingFields(mine, theirs).map((field) => ({
      field,
      mine: shownValue(mine, field, nowMs),
      theirs: shownValue(theirs, field, nowMs),
    })),
  }
}

/**
 * Writes the chosen version through sync's own local write (the change journal, windows and the next
 * push see it) and drops the kept one. A trashed account stays in the trash: restoring is its own act.
 * Returns whether the account changed (choosing the team's version everywhere changes nothing).
 */
export function resolveConflict(
  store: TeamStore,
  audit: AuditLog,
  accountId: string,
  choice: ConflictChoice,
  at: string,
): { changed: boolean } {
  const { mine, theirs, teamClientId } = readConflict(store, accountId)
  const fields = differingFields(mine, theirs)
  const unchosen = fields.filter((field) => (choice.fields?.[field] ?? choice.keep) === undefined)
  if (unchosen.length > 0)
    throw new TwofoldError(
      'invalid-request',
      `Choose mine or theirs for: ${unchosen.join(', ')}.`,
      unchosen[0] ? { field: unchosen[0] } : undefined,
    )
  const extra = Object.keys(choice.fields ?? {}).filter((field) => !fields.includes(field as ConflictField))
  if (extra.length > 0)
    throw new TwofoldError('invalid-request', `Not in conflict: ${extra.join(', ')}.`, {
      field: extra[0] ?? '',
    })
  const chosen: Record<string, unknown> = { ...theirs }
  for (const field of fields)
    if ((choice.fields?.[field] ?? choice.keep) === 'mine') chosen[field] = mine[field]
  const record = chosen as AccountRecord
  const client = store.teamClient(teamClientId)
  if (!client) throw notHeld()
  const changed = !sameValue(record, theirs)
  store.db.transaction(() => {
    store.keys.forSealing()
    writeLocalRecord(
      store.db,
      store.keys,
      audit,
      { accountId, clientId: client.clientId, deleted: isLocallyDeleted(store.db, accountId), at },
      record,
    )
    clearConflict(store, accountId)
  })()
  return { changed }
}

function readConflict(
  store: TeamStore,
  accountId: string,
): { since: string; mine: AccountRecord; theirs: AccountRecord; teamClientId: string } {
  const known = store.teamAccount(accountId)
  if (!known) throw notHeld()
  const mine = known.conflictAt ? store.conflictRecord(accountId) : null
  if (!known.conflictAt || !mine)
    throw new TwofoldError('invalid-request', 'That account has no sync conflict to resolve.')
  const exists = cachedStatement(store.db, 'SELECT 1 FROM accounts WHERE id = ?').get(accountId)
  if (!exists) throw new TwofoldError('account-not-found', 'That account is not in the vault.')
  return {
    since: known.conflictAt,
    mine,
    theirs: readLocalRecord(store.db, store.keys, accountId),
    teamClientId: known.teamClientId,
  }
}

function shownValue(record: AccountRecord, field: ConflictField, nowMs: number): ConflictValue {
  switch (field) {
    case 'tags':
      return { kind: 'tags', tags: record.tags }
    case 'sms':
    case 'whatsapp':
      return { kind: 'phone', phone: record[field] }
    case 'secret':
      return { kind: 'authenticator', authenticator: shownAuthenticator(record.secret, nowMs) }
    default:
      return { kind: 'text', text: record[field] }
  }
}

/** What a person can check a version's secret by without seeing it: its current code and parameters. */
function shownAuthenticator(
  secret: AccountRecord['secret'],
  nowMs: number,
): Extract<ConflictValue, { kind: 'authenticator' }>['authenticator'] {
  if (!secret) return null
  const params = otpParameters(secret)
  const key = fromBase64url(secret.secret, 'authenticator secret')
  const prepared = PreparedSecret.fromBytes(params, key)
  key.fill(0)
  try {
    return {
      type: params.type,
      algorithm: params.algorithm,
      digits: params.digits,
      period: params.type === 'hotp' ? 0 : params.period,
      counter: secret.counter,
      code: generateCode(prepared, { nowMs, counter: secret.counter }),
      verifiedAt: secret.verifiedAt,
    }
  } finally {
    prepared.wipe()
  }
}
