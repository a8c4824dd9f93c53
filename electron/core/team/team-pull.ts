import { randomUUID } from 'node:crypto'
import { TwofoldError } from '../errors.ts'
import {
  isLocallyDeleted,
  readLocalRecord,
  sameValue,
  decodeRecord,
  writeLocalRecord,
  type AccountRecord,
} from './account-record.ts'
import { fromBase64url } from './crypto/base64url.ts'
import { openClientName, openRecord } from './crypto/record-seal.ts'
import { mergeRecords } from './record-merge.ts'
import { clearConflict, conflictAfter, saveConflict } from './team-conflicts.ts'
import { openSignedClientKeys } from './signed-key-wrap.ts'
import { trustedDevices, type Changes } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'
import type { TeamStore } from './team-store.ts'

const PAGE = 2_000

export interface PullResult {
  /** The last page's roster (members and devices are whole on every page). */
  changes: Changes
  applied: number
  conflicts: string[]
  dropped: number
}

/**
 * Pulls what changed since the last sync, page by page: client keys wrapped to this device, the
 * clients it holds, and their records, opened and written into the local accounts of the same ids.
 * A record edited here too is merged with the server's; a client no longer held leaves the vault.
 */
export async function pullChanges(session: TeamSession): Promise<PullResult> {
  let since = session.membership().lastSeq
  let applied = 0
  let dropped = 0
  const conflicts: string[] = []
  let restarted = false
  for (;;) {
    const changes = await session.call('team:changes', { query: { since, limit: PAGE } })
    pinOwner(session, changes)
    await storeClientKeys(session, changes)
    const store = session.store()
    // A client granted since the last sync brings records stamped before it: read them all once more
    // (what this device already has is skipped by its revision).
    const granted = changes.clients.some(
      (client) =>
        !store.teamClient(client.clientId) && store.hasClientKey(client.clientId, client.keyVersion),
    )
    if (granted && since > 0 && !restarted) {
      store.db.transaction(() => syncClients(session, store, changes))()
      restarted = true
      since = 0
      continue
    }
    // A pending device is shown no records: its place in the sequence starts once it is confirmed.
    const active = session.membership().deviceStatus === 'active'
    const memberName = new Map(changes.members.map((member) => [member.memberId, member.name]))
    store.db.transaction(() => {
      store.keys.forSealing()
      dropped += syncClients(session, store, changes)
      for (const record of changes.records) {
        const outcome = applyRecord(session, store, record)
        if (outcome === 'applied' || outcome === 'conflict') applied++
        if (outcome === 'conflict') conflicts.push(record.accountId)
        // The row shows who changed it last: the server stamped this revision's author.
        if (outcome !== 'skipped' && store.teamAccount(record.accountId))
          store.noteChange(
            record.accountId,
            memberName.get(record.updatedBy) ?? 'A former member',
            record.updatedAt,
          )
      }
      for (const set of changes.backupCodeSets) {
        if (store.teamAccount(set.accountId)) store.saveBackupCodeSet(set)
      }
      if (active) store.updateMembership({ lastSeq: changes.seq })
    })()
    since = changes.seq
    if (!changes.more) return { changes, applied, conflicts, dropped }
  }
}

/**
 * A joined device pins the owner's key once it sees the device that invited it chain to that key: the
 * invite code carried the inviting admin's signing key, the one thing this device got from a person.
 */
function pinOwner(session: TeamSession, changes: Changes): void {
  const membership = session.membership()
  if (membership.ownerSigningKey) return
  const inviter = membership.inviterSigningKey
  const candidates = changes.devices.filter((device) => device.certifiedBy === device.deviceId)
  for (const candidate of candidates) {
    const trusted = trustedDevices(membership.teamId, candidate.signingKey, changes)
    const vouched = changes.devices.some(
      (device) => device.signingKey === inviter && trusted.has(device.deviceId),
    )
    if (vouched) {
      session.store().updateMembership({ ownerSigningKey: candidate.signingKey })
      return
    }
  }
}

/** Keys wrapped to this device that it lacks, stored only if each one's wrapper is trusted with it (else none). */
async function storeClientKeys(session: TeamSession, changes: Changes): Promise<void> {
  const membership = session.membership()
  const store = session.store()
  const missing = changes.wrappedKeys.filter(
    (wrapped) =>
      wrapped.deviceId === membership.deviceId && !store.hasClientKey(wrapped.clientId, wrapped.keyVersion),
  )
  const opened = await openSignedClientKeys(session, changes, missing)
  if (opened.length === 0) return
  try {
    const write = session.store()
    write.db.transaction(() => {
      for (const entry of opened) write.saveClientKey(entry.clientId, entry.keyVersion, entry.key)
    })()
  } finally {
    for (const entry of opened) entry.key.fill(0)
  }
}

/** Maps each held client to a local one (by its opened name); drops the local copy of one not held. */
function syncClients(session: TeamSession, store: TeamStore, changes: Changes): number {
  const teamId = session.teamId
  const held = new Set(changes.clients.map((client) => client.clientId))
  let dropped = 0
  // A pending device is shown no clients at all: that is not a revocation.
  if (session.membership().deviceStatus === 'active') {
    for (const local of store.teamClients()) {
      if (!held.has(local.teamClientId)) dropped += store.dropTeamClient(local.teamClientId).length
    }
  }
  for (const client of changes.clients) {
    const key = store.clientKey(client.clientId, client.keyVersion)
    if (!key) continue
    try {
      const name = openClientName(key, fromBase64url(client.sealedName, 'client name'), {
        teamId,
        clientId: client.clientId,
        keyVersion: client.keyVersion,
      })
      const existing = store.teamClient(client.clientId)
      const clientId = existing?.clientId ?? localClientNamed(store, name, session.at())
      store.saveTeamClient({ teamClientId: client.clientId, clientId, keyVersion: client.keyVersion })
    } finally {
      key.fill(0)
    }
  }
  return dropped
}

function localClientNamed(store: TeamStore, name: string, at: string): string {
  const existing = store.db.prepare('SELECT id FROM clients WHERE name = ?').pluck().get(name) as
    string | undefined
  if (existing && !store.teamClientOfLocal(existing)) return existing
  const id = randomUUID()
  const free = existing ? `${name} (team)` : name
  store.db.prepare('INSERT INTO clients (id, name, created_at) VALUES (?, ?, ?)').run(id, free, at)
  return id
}

type RecordView = Changes['records'][number]

function applyRecord(
  session: TeamSession,
  store: TeamStore,
  record: RecordView,
): 'applied' | 'conflict' | 'skipped' {
  const client = store.teamClient(record.clientId)
  if (!client) return 'skipped'
  const current = store.teamAccount(record.accountId)
  if (current && current.revision >= record.revision && current.keyVersion === record.keyVersion) {
    // The same record, moved for its exposure alone (new backup codes stored): take the server's word.
    if (current.revision === record.revision)
      store.saveExposure(record.accountId, record.exposedSince, record.exposure)
    return 'skipped'
  }
  const theirs = openRecordView(session, store, record)
  if (!theirs) return 'skipped'
  return storeRecord(session, store, record, theirs, client.clientId)
}

/** Opens a record the server sent with the key of its version, or null when this device lacks it. */
export function openRecordView(
  session: TeamSession,
  store: TeamStore,
  record: RecordView,
): AccountRecord | null {
  const key = store.clientKey(record.clientId, record.keyVersion)
  if (!key) return null
  try {
    const plaintext = openRecord(key, fromBase64url(record.sealed, 'team record'), {
      teamId: session.teamId,
      clientId: record.clientId,
      accountId: record.accountId,
      keyVersion: record.keyVersion,
      revision: record.revision,
    })
    try {
      return decodeRecord(plaintext)
    } finally {
      plaintext.fill(0)
    }
  } finally {
    key.fill(0)
  }
}

/**
 * Writes the server's record into the local account. When this device edited the account since the
 * last agreed record, the two are merged field by field; the merged account then differs from the
 * agreed one and is pushed on the server's revision.
 */
export function storeRecord(
  session: TeamSession,
  store: TeamStore,
  record: RecordView,
  theirs: AccountRecord,
  localClientId: string,
): 'applied' | 'conflict' {
  const at = session.at()
  const audit = session.parts.audit.log()
  const known = store.teamAccount(record.accountId)
  let local: AccountRecord | null = null
  // A conflict not chosen yet is carried onto whatever this write makes of the account.
  const pending = known?.conflictAt ? store.conflictRecord(record.accountId) : null
  let previous: { local: AccountRecord; pending: AccountRecord | null } | null = null
  if (known) {
    const base = store.agreedRecord(record.accountId)
    const mine = readLocalRecord(store.db, store.keys, record.accountId)
    previous = { local: mine, pending }
    // A trash or a restore not yet pushed is a local edit too: the server's copy must not undo it.
    const trashChanged = isLocallyDeleted(store.db, record.accountId) !== known.agreedDeleted
    if (!sameValue(mine, base) || trashChanged) local = mine
    if (local) {
      const { merged, conflicts } = mergeRecords(base, local, theirs)
      writeLocalRecord(
        store.db,
        store.keys,
        audit,
        {
          accountId: record.accountId,
          clientId: localClientId,
          deleted: record.deleted || isLocallyDeleted(store.db, record.accountId),
          at,
        },
        merged,
      )
      store.saveTeamAccount(
        {
          accountId: record.accountId,
          teamClientId: record.clientId,
          revision: record.revision,
          keyVersion: record.keyVersion,
          exposedSince: record.exposedSince,
          exposure: record.exposure,
          agreedDeleted: record.deleted,
        },
        theirs,
      )
      const since = conflicts.length > 0 ? at : known.conflictAt
      keepConflict(
        store,
        record.accountId,
        conflictAfter(merged, previous, { local, fields: conflicts }),
        since,
      )
      return conflicts.length > 0 ? 'conflict' : 'applied'
    }
  }
  writeLocalRecord(
    store.db,
    store.keys,
    audit,
    { accountId: record.accountId, clientId: localClientId, deleted: record.deleted, at },
    theirs,
  )
  store.saveTeamAccount(
    {
      accountId: record.accountId,
      teamClientId: record.clientId,
      revision: record.revision,
      keyVersion: record.keyVersion,
      exposedSince: record.exposedSince,
      exposure: record.exposure,
      agreedDeleted: record.deleted,
    },
    theirs,
  )
  if (known?.conflictAt)
    keepConflict(store, record.accountId, conflictAfter(theirs, previous, null), known.conflictAt)
  return 'applied'
}

/** Stores the version still to choose from, or clears the flag when the two sides came to agree. */
function keepConflict(
  store: TeamStore,
  accountId: string,
  other: AccountRecord | null,
  since: string | null,
): void {
  if (other && since) saveConflict(store, accountId, other, since)
  else clearConflict(store, accountId)
}

export function notHeld(): TwofoldError {
  return new TwofoldError('team-not-joined', 'That account is not shared with the team.')
}
