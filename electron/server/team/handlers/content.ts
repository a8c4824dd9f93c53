import { bytesOf } from '../bytes.ts'
import {
  afterSecretReplaced,
  EXPOSURE_COLUMNS,
  exposureOf,
  exposureValues,
  exposureView,
} from '../exposure.ts'
import { teamError } from '../team-error.ts'
import { RECORD_COLUMNS, recordView, type RecordRow, type RecordView } from '../views.ts'
import type { TeamHandler } from './handler-types.ts'
import { requireClient } from './membership.ts'
import { insertWrappedKey, wrapChecker } from './wrapped-keys.ts'

/** A local client with its accounts joins the team: the client, its keys and its records, all or nothing. */
export const shareClient: TeamHandler<'team:share-client'> = async (tx, { body }) => {
  await tx.lockTeam()
  const seq = tx.takeSeq()
  await tx.query(
    'INSERT INTO clients (team_id, id, sealed_name, key_version, seq) VALUES ($1, $2, $3, $4, $5)',
    [tx.teamId, body.clientId, bytesOf(body.sealedName, 'sealed name'), body.keyVersion, seq],
  )
  const checkWrap = await wrapChecker(tx)
  for (const key of body.wrappedKeys) {
    const devices = await tx.query<{ status: string }>(
      'SELECT status FROM devices WHERE team_id = $1 AND id = $2',
      [tx.teamId, key.deviceId],
    )
    if (devices[0]?.status !== 'active') {
      throw teamError('conflict', `Device ${key.deviceId} is not an active device of this team.`)
    }
    await insertWrappedKey(
      tx,
      checkWrap({ ...key, clientId: body.clientId, keyVersion: body.keyVersion }),
      seq,
    )
  }
  const accountIds = new Set<string>()
  for (const record of body.records) {
    if (record.clientId !== body.clientId) {
      throw teamError('invalid-request', 'records: every record must belong to the shared client.')
    }
    if (record.baseRevision !== 0 || record.keyVersion !== body.keyVersion) {
      throw teamError(
        'invalid-request',
        'records: a newly shared record has base revision 0 and the client’s key version.',
      )
    }
    if (accountIds.has(record.accountId)) {
      throw teamError('invalid-request', `records: account ${record.accountId} is listed twice.`)
    }
    accountIds.add(record.accountId)
  }
  if (body.records.length > 0) {
    const first = tx.takeSeq(body.records.length)
    await tx.query(
      `INSERT INTO records (team_id, client_id, account_id, revision, key_version, sealed, deleted, seq,
         updated_by_member, updated_at)
       SELECT $1, $2, r.account_id, 1, $3, r.sealed, r.deleted, r.seq, $4, $5
       FROM unnest($6::uuid[], $7::bytea[], $8::boolean[], $9::bigint[]) AS r(account_id, sealed, deleted, seq)`,
      [
        tx.teamId,
        body.clientId,
        body.keyVersion,
        tx.caller.memberId,
        tx.now,
        body.records.map((record) => record.accountId),
        body.records.map((record) => bytesOf(record.sealed, 'sealed record')),
        body.records.map((record) => record.deleted),
        body.records.map((_, index) => first + index),
      ],
    )
  }
  await tx.audit('client-shared', { clientId: body.clientId, records: body.records.length })
  return { seq: tx.seq }
}

type WriteResult =
  | ({ accountId: string; ok: true; revision: number } & ReturnType<typeof exposureView>)
  | { accountId: string; ok: false; current: RecordView }

/**
 * Optimistic writes: each record lands only on the revision it was edited from, and under the
 * client's current key. Anything else answers with the current record for the device to merge and
 * write again — never a silent overwrite.
 */
export const writeRecords: TeamHandler<'team:write-records'> = async (tx, { body }) => {
  await tx.lockTeam()
  const keyVersions = new Map<string, number>()
  const results: WriteResult[] = []
  for (const record of body.records) {
    let keyVersion = keyVersions.get(record.clientId)
    if (keyVersion === undefined) {
      keyVersion = (await requireClient(tx, record.clientId)).keyVersion
      keyVersions.set(record.clientId, keyVersion)
    }
    const rows = await tx.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE team_id = $1 AND client_id = $2 AND account_id = $3 FOR UPDATE`,
      [tx.teamId, record.clientId, record.accountId],
    )
    const current = rows[0]
    if (current === undefined) {
      if (record.baseRevision !== 0) {
        throw teamError('not-found', `Account ${record.accountId} is not in client ${record.clientId}.`)
      }
      if (record.keyVersion !== keyVersion) {
        throw teamError('conflict', `Client ${record.clientId}'s key has changed: sync, then write again.`)
      }
      const seq = tx.takeSeq()
      await tx.query(
        `INSERT INTO records (team_id, client_id, account_id, revision, key_version, sealed, deleted, seq,
           updated_by_member, updated_at)
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9)`,
        [
          tx.teamId,
          record.clientId,
          record.accountId,
          keyVersion,
          bytesOf(record.sealed, 'sealed record'),
          record.deleted,
          seq,
          tx.caller.memberId,
          tx.now,
        ],
      )
      results.push({ accountId: record.accountId, ok: true, revision: 1, ...exposureView(null) })
      await tx.audit('record-written', {
        clientId: record.clientId,
        accountId: record.accountId,
        revision: 1,
      })
      continue
    }
    if (Number(current.revision) !== record.baseRevision || record.keyVersion !== keyVersion) {
      results.push({ accountId: record.accountId, ok: false, current: recordView(current) })
      continue
    }
    const revision = Number(current.revision) + 1
    const seq = tx.takeSeq()
    const before = exposureOf(current)
    const exposure = record.replacesSecret === true ? afterSecretReplaced(before, tx.now) : before
    await tx.query(
      `UPDATE records SET revision = $4, key_version = $5, sealed = $6, deleted = $7, seq = $8,
         updated_by_member = $9, updated_at = $10,
         (${EXPOSURE_COLUMNS}) = ($11::timestamptz, $12::timestamptz, $13::boolean, $14::timestamptz)
       WHERE team_id = $1 AND client_id = $2 AND account_id = $3`,
      [
        tx.teamId,
        record.clientId,
        record.accountId,
        revision,
        keyVersion,
        bytesOf(record.sealed, 'sealed record'),
        record.deleted,
        seq,
        tx.caller.memberId,
        tx.now,
        ...exposureValues(exposure),
      ],
    )
    results.push({ accountId: record.accountId, ok: true, revision, ...exposureView(exposure) })
    await tx.audit('record-written', {
      clientId: record.clientId,
      accountId: record.accountId,
      revision,
      ...(record.deleted ? { deleted: 1 } : {}),
      // The device's word (the server cannot read a secret), kept with who gave it.
      ...(record.replacesSecret === true ? { secretReplaced: 1 } : {}),
    })
    if (before && !exposure) {
      await tx.audit('exposure-cleared', { clientId: record.clientId, accountId: record.accountId })
    }
  }
  return { seq: tx.seq, results }
}
