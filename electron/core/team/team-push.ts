import type { TeamRequest } from '../../../shared/team/team-api.ts'
import { changesSince, journalHead } from '../store/change-journal.ts'
import {
  encodeRecord,
  isLocallyDeleted,
  readLocalRecord,
  sameValue,
  type AccountRecord,
} from './account-record.ts'
import { toBase64url } from './crypto/base64url.ts'
import { sealRecord } from './crypto/record-seal.ts'
import { openRecordView, storeRecord } from './team-pull.ts'
import type { TeamSession } from './team-session.ts'
import type { TeamStore } from './team-store.ts'

type RecordWrite = TeamRequest<'team:write-records'>['records'][number]

const BATCH = 500
/** A record someone keeps changing under us is left for the next sync rather than chased forever. */
const ROUNDS = 3

export interface PushResult {
  pushed: number
  conflicts: string[]
}

/**
 * Pushes the local edits of team accounts — found through the change journal since the last push —
 * each on the revision it was based on. An account new to a shared client joins the team here too. A
 * refused write (someone else's edit landed first) is merged with theirs and pushed again.
 */
export async function pushChanges(session: TeamSession): Promise<PushResult> {
  const conflicts: string[] = []
  let pushed = 0
  const head = journalHead(session.store().db)
  for (let round = 0; round < ROUNDS; round++) {
    const writes = pendingWrites(session)
    if (writes.length === 0) break
    for (let start = 0; start < writes.length; start += BATCH) {
      const batch = writes.slice(start, start + BATCH)
      const answer = await session.call('team:write-records', {
        body: { records: batch.map((entry) => entry.write) },
      })
      const store = session.store()
      store.db.transaction(() => {
        store.keys.forSealing()
        for (const result of answer.results) {
          const entry = batch.find((item) => item.write.accountId === result.accountId)
          if (!entry) continue
          if (result.ok) {
            pushed++
            store.saveTeamAccount(
              {
                accountId: entry.write.accountId,
                teamClientId: entry.write.clientId,
                revision: result.revision,
                keyVersion: entry.write.keyVersion,
                // The server's word: a new secret may have been the last step, or only one of two.
                exposedSince: result.exposedSince,
                exposure: result.exposure,
                agreedDeleted: entry.write.deleted,
              },
              entry.record,
            )
            store.noteChange(entry.write.accountId, session.membership().memberName, session.at())
            continue
          }
          const theirs = openRecordView(session, store, result.current)
          const client = store.teamClient(result.current.clientId)
          if (!theirs || !client) continue
          if (storeRecord(session, store, result.current, theirs, client.clientId) === 'conflict')
            conflicts.push(result.accountId)
        }
      })()
    }
  }
  session.store().updateMembership({ pushedJournalSeq: head })
  return { pushed, conflicts }
}

/** How many local edits wait for the server. */
export function pendingCount(session: TeamSession): number {
  return candidates(session.store(), session.membership().pushedJournalSeq).filter((accountId) =>
    differsFromAgreed(session.store(), accountId),
  ).length
}

function pendingWrites(session: TeamSession): { write: RecordWrite; record: AccountRecord }[] {
  const store = session.store()
  const membership = store.requireMembership()
  const writes: { write: RecordWrite; record: AccountRecord }[] = []
  for (const accountId of candidates(store, membership.pushedJournalSeq)) {
    const known = store.teamAccount(accountId)
    const teamClient = known ? store.teamClient(known.teamClientId) : teamClientOfAccount(store, accountId)
    if (!teamClient) continue
    if (known && !differsFromAgreed(store, accountId)) continue
    const record = readLocalRecord(store.db, store.keys, accountId)
    const baseRevision = known?.revision ?? 0
    const key = store.clientKey(teamClient.teamClientId, teamClient.keyVersion)
    if (!key) continue
    const plaintext = encodeRecord(record)
    try {
      const sealed = sealRecord(key, plaintext, {
        teamId: membership.teamId,
        clientId: teamClient.teamClientId,
        accountId,
        keyVersion: teamClient.keyVersion,
        // The server gives the write the next revision, which the seal binds.
        revision: baseRevision + 1,
      })
      writes.push({
        write: {
          clientId: teamClient.teamClientId,
          accountId,
          baseRevision,
          keyVersion: teamClient.keyVersion,
          sealed: toBase64url(sealed),
          deleted: isLocallyDeleted(store.db, accountId),
          // Said whenever it is so, not only when this device knows of an exposure: the server may
          // have flagged the account since this device last pulled (an edit made offline).
          ...(known && replacesSecret(record, store.agreedRecord(accountId)) ? { replacesSecret: true } : {}),
        },
        record,
      })
    } finally {
      plaintext.fill(0)
      key.fill(0)
    }
  }
  return writes
}

/**
 * A new secret from the service, not the same one with its counter moved or newly verified: only
 * that ends what someone who left could do with the old one. Removing the secret replaces nothing.
 */
function replacesSecret(record: AccountRecord, agreed: AccountRecord): boolean {
  return record.secret !== null && record.secret.secret !== agreed.secret?.secret
}

function differsFromAgreed(store: TeamStore, accountId: string): boolean {
  const known = store.teamAccount(accountId)
  if (!known) return teamClientOfAccount(store, accountId) !== null
  const exists = store.db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(accountId) !== undefined
  if (!exists) return false
  // A trash or a restore is an edit like any other, though the record itself did not change.
  if (isLocallyDeleted(store.db, accountId) !== known.agreedDeleted) return true
  return !sameValue(readLocalRecord(store.db, store.keys, accountId), store.agreedRecord(accountId))
}

function teamClientOfAccount(store: TeamStore, accountId: string) {
  const clientId = store.db.prepare('SELECT client_id FROM accounts WHERE id = ?').pluck().get(accountId) as
    string | null | undefined
  return clientId ? store.teamClientOfLocal(clientId) : null
}

/**
 * The accounts the journal names since the last push; every team account when the journal no longer
 * reaches back that far (it keeps the newest rows only).
 */
function candidates(store: TeamStore, since: number): string[] {
  const ids = new Set<string>()
  let cursor = since
  for (;;) {
    const changes = changesSince(store.db, cursor, 5_000)
    if (cursor === since && changes[0] && changes[0].sequence > since + 1 && since > 0) {
      return store.teamAccounts().map((row) => row.accountId)
    }
    for (const change of changes) {
      if (change.table === 'accounts' || change.table === 'authenticators') ids.add(change.rowId)
      else if (change.table === 'phone_methods') ids.add(change.rowId.split(':')[0] ?? '')
    }
    if (changes.length < 5_000) break
    cursor = changes.at(-1)?.sequence ?? cursor
  }
  return [...ids].filter((id) => id !== '')
}
