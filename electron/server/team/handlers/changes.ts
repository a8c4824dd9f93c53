import { teamError } from '../team-error.ts'
import {
  readBackupCodeSets,
  readClients,
  readDevices,
  readMembers,
  RECORD_COLUMNS,
  recordView,
  type RecordRow,
} from '../views.ts'
import type { TeamHandler } from './handler-types.ts'

const DEFAULT_RECORD_PAGE = 1_000

/**
 * Everything a device needs to catch up from `since`: the team's members, devices, the caller's
 * clients, this device's wrapped keys and backup-code counts in full (they are small), and the records
 * of held clients that changed after `since`, a page at a time. Each record carries its own sequence
 * number, so a page ends exactly between two of them.
 */
export const changes: TeamHandler<'team:changes'> = async (tx, { query }) => {
  const teams = await tx.query<{ seq: string }>('SELECT seq FROM teams WHERE id = $1', [tx.teamId])
  const teamRow = teams[0]
  if (!teamRow) throw teamError('not-found', 'This team is not here.')
  // Read first: a record committed after this point waits for the next call, never slips past it.
  const teamSeq = Number(teamRow.seq)
  const limit = query.limit ?? DEFAULT_RECORD_PAGE
  const since = Math.min(query.since, teamSeq)

  const active = tx.caller.deviceStatus === 'active'
  // A pending device holds no key yet: it learns who is in the team and waits for its certificate.
  const recordRows = active
    ? await tx.query<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM records WHERE team_id = $1 AND seq > $2 AND seq <= $3
         ORDER BY seq LIMIT $4`,
        [tx.teamId, since, teamSeq, limit + 1],
      )
    : []
  const more = recordRows.length > limit
  const page = more ? recordRows.slice(0, limit) : recordRows
  const seq = more ? Number(page.at(-1)?.seq ?? since) : teamSeq

  const wrappedRows = active
    ? await tx.query<{
        client_id: string
        device_id: string
        key_version: number
        wrapped: Buffer
        signed_by: string | null
        signature: Buffer | null
      }>(
        `SELECT client_id, device_id, key_version, wrapped, signed_by, signature FROM wrapped_keys
         WHERE team_id = $1 AND device_id = $2 ORDER BY client_id, key_version`,
        [tx.teamId, tx.caller.deviceId],
      )
    : []

  return {
    seq,
    more,
    members: await readMembers(tx),
    devices: await readDevices(tx),
    clients: active ? await readClients(tx) : [],
    wrappedKeys: wrappedRows.map((row) => ({
      clientId: row.client_id,
      deviceId: row.device_id,
      keyVersion: row.key_version,
      wrapped: row.wrapped.toString('base64url'),
      signedBy: row.signed_by,
      signature: row.signature?.toString('base64url') ?? null,
    })),
    records: page.map(recordView),
    backupCodeSets: active ? await readBackupCodeSets(tx) : [],
  }
}
