import type { ExposureProgress } from '../../../shared/team/team-api.ts'
import { open, seal } from '../crypto/aead.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import { decodeRecord, encodeRecord, type AccountRecord } from './account-record.ts'
import { TeamMembershipStore } from './team-membership-store.ts'

export interface TeamClientRow {
  teamClientId: string
  clientId: string
  keyVersion: number
}

export interface TeamAccountRow {
  accountId: string
  teamClientId: string
  revision: number
  keyVersion: number
  exposedSince: string | null
  /** While exposed: what is done of what the flag asks (the server's word); null otherwise. */
  exposure: ExposureProgress | null
  conflictAt: string | null
  /** The server's copy is in the trash, as last agreed: a local trash or restore differs from it. */
  agreedDeleted: boolean
}

/**
 * The team's shared data as this device holds it: clients, their keys, the agreed record of every team
 * account (the base of a merge) and backup-code sets. Sealed like the membership it extends.
 */
export class TeamStore extends TeamMembershipStore {
  // ── clients ─────────────────────────────────────────────────────────────────────────────────

  teamClients(): TeamClientRow[] {
    return (
      cachedStatement(this.db, 'SELECT team_client_id, client_id, key_version FROM team_clients').all() as {
        team_client_id: string
        client_id: string
        key_version: number
      }[]
    ).map((row) => ({
      teamClientId: row.team_client_id,
      clientId: row.client_id,
      keyVersion: row.key_version,
    }))
  }

  teamClient(teamClientId: string): TeamClientRow | null {
    return this.teamClients().find((row) => row.teamClientId === teamClientId) ?? null
  }

  teamClientOfLocal(clientId: string): TeamClientRow | null {
    return this.teamClients().find((row) => row.clientId === clientId) ?? null
  }

  saveTeamClient(row: TeamClientRow): void {
    cachedStatement(
      this.db,
      `INSERT INTO team_clients (team_client_id, client_id, key_version) VALUES (?, ?, ?)
         ON CONFLICT (team_client_id) DO UPDATE SET client_id = excluded.client_id, key_version = excluded.key_version`,
    ).run(row.teamClientId, row.clientId, row.keyVersion)
  }

  saveClientKey(teamClientId: string, keyVersion: number, clientKey: Uint8Array): void {
    const id = `${teamClientId}:${keyVersion}`
    const sealed = seal(
      this.keys.forSealing(),
      { table: 'team_client_keys', row: id, column: 'client_key' },
      clientKey,
    )
    cachedStatement(
      this.db,
      `INSERT INTO team_client_keys (id, team_client_id, key_version, client_key) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET client_key = excluded.client_key`,
    ).run(id, teamClientId, keyVersion, sealed)
  }

  /** A client key this device holds (wipe it after use), or null. */
  clientKey(teamClientId: string, keyVersion: number): Buffer | null {
    const id = `${teamClientId}:${keyVersion}`
    const row = cachedStatement(this.db, 'SELECT client_key FROM team_client_keys WHERE id = ?').get(id) as
      { client_key: Buffer } | undefined
    if (!row) return null
    return open(
      this.keys.forOpening(),
      { table: 'team_client_keys', row: id, column: 'client_key' },
      row.client_key,
    )
  }

  hasClientKey(teamClientId: string, keyVersion: number): boolean {
    return (
      cachedStatement(this.db, 'SELECT 1 FROM team_client_keys WHERE id = ?').get(
        `${teamClientId}:${keyVersion}`,
      ) !== undefined
    )
  }

  /** Keys of versions older than the client's current one are kept no longer than a rotation needs. */
  dropOldClientKeys(teamClientId: string, keepFrom: number): void {
    cachedStatement(this.db, 'DELETE FROM team_client_keys WHERE team_client_id = ? AND key_version < ?').run(
      teamClientId,
      keepFrom,
    )
  }

  /** A client this device no longer holds: its team accounts leave the vault, its keys with them. */
  dropTeamClient(teamClientId: string): string[] {
    const accounts = cachedStatement(this.db, 'SELECT account_id FROM team_accounts WHERE team_client_id = ?')
      .pluck()
      .all(teamClientId) as string[]
    const client = this.teamClient(teamClientId)
    for (const accountId of accounts)
      cachedStatement(this.db, 'DELETE FROM accounts WHERE id = ?').run(accountId)
    cachedStatement(this.db, 'DELETE FROM team_clients WHERE team_client_id = ?').run(teamClientId)
    cachedStatement(this.db, 'DELETE FROM team_client_keys WHERE team_client_id = ?').run(teamClientId)
    if (client) {
      const left = cachedStatement(this.db, 'SELECT count(*) FROM accounts WHERE client_id = ?')
        .pluck()
        .get(client.clientId) as number
      if (left === 0) cachedStatement(this.db, 'DELETE FROM clients WHERE id = ?').run(client.clientId)
    }
    return accounts
  }

  // ── accounts ────────────────────────────────────────────────────────────────────────────────

  teamAccounts(teamClientId?: string): TeamAccountRow[] {
    const rows = (
      teamClientId === undefined
        ? cachedStatement(this.db, 'SELECT * FROM team_accounts').all()
        : cachedStatement(this.db, 'SELECT * FROM team_accounts WHERE team_client_id = ?').all(teamClientId)
    ) as TeamAccountDbRow[]
    return rows.map(teamAccountFromRow)
  }

  /** One row by its key: pull and push ask this once per record, so a scan here is quadratic. */
  teamAccount(accountId: string): TeamAccountRow | null {
    const row = cachedStatement(this.db, 'SELECT * FROM team_accounts WHERE account_id = ?').get(
      accountId,
    ) as TeamAccountDbRow | undefined
    return row ? teamAccountFromRow(row) : null
  }

  /** The record as last agreed with the server: the base of a merge. */
  agreedRecord(accountId: string): AccountRecord {
    const row = cachedStatement(this.db, 'SELECT agreed_record FROM team_accounts WHERE account_id = ?').get(
      accountId,
    ) as { agreed_record: Buffer }
    const plaintext = open(
      this.keys.forOpening(),
      { table: 'team_accounts', row: accountId, column: 'agreed_record' },
      row.agreed_record,
    )
    try {
      return decodeRecord(plaintext)
    } finally {
      plaintext.fill(0)
    }
  }

  conflictRecord(accountId: string): AccountRecord | null {
    const row = cachedStatement(
      this.db,
      'SELECT conflict_record FROM team_accounts WHERE account_id = ?',
    ).get(accountId) as { conflict_record: Buffer | null } | undefined
    if (!row?.conflict_record) return null
    const plaintext = open(
      this.keys.forOpening(),
      { table: 'team_accounts', row: accountId, column: 'conflict_record' },
      row.conflict_record,
    )
    try {
      return decodeRecord(plaintext)
    } finally {
      plaintext.fill(0)
    }
  }

  saveTeamAccount(
    row: Omit<TeamAccountRow, 'conflictAt' | 'agreedDeleted' | 'exposure'> & {
      agreedDeleted?: boolean
      exposure?: ExposureProgress | null
    },
    agreed: AccountRecord,
    conflict?: { record: AccountRecord; at: string },
  ): void {
    const key = this.keys.forSealing()
    const place = (column: string) => ({ table: 'team_accounts', row: row.accountId, column })
    const plaintext = encodeRecord(agreed)
    const sealedAgreed = seal(key, place('agreed_record'), plaintext)
    plaintext.fill(0)
    let sealedConflict: Buffer | null = null
    if (conflict) {
      const other = encodeRecord(conflict.record)
      sealedConflict = seal(key, place('conflict_record'), other)
      other.fill(0)
    }
    cachedStatement(
      this.db,
      `INSERT INTO team_accounts (account_id, team_client_id, revision, key_version, agreed_record, exposed_since, conflict_record, conflict_at, agreed_deleted,
           exposure_secret_replaced, exposure_codes_reissued)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET team_client_id = excluded.team_client_id, revision = excluded.revision,
           key_version = excluded.key_version, agreed_record = excluded.agreed_record, exposed_since = excluded.exposed_since,
           exposure_secret_replaced = excluded.exposure_secret_replaced, exposure_codes_reissued = excluded.exposure_codes_reissued,
           conflict_record = coalesce(excluded.conflict_record, conflict_record),
           conflict_at = coalesce(excluded.conflict_at, conflict_at), agreed_deleted = excluded.agreed_deleted`,
    ).run(
      row.accountId,
      row.teamClientId,
      row.revision,
      row.keyVersion,
      sealedAgreed,
      row.exposedSince,
      sealedConflict,
      conflict?.at ?? null,
      row.agreedDeleted === true ? 1 : 0,
      ...exposureColumns(row.exposedSince, row.exposure ?? null),
    )
  }

  /** The server's word on an account's exposure alone (its record unchanged: new codes were stored). */
  /** Who last changed a team account and when (the server's stamp of the write that made this revision). */
  noteChange(accountId: string, by: string, at: string): void {
    cachedStatement(
      this.db,
      'UPDATE team_accounts SET changed_by = ?, changed_at = ? WHERE account_id = ?',
    ).run(by, at, accountId)
  }

  /** Every team account's last change that has an author, for the manager's rows. */
  lastChanges(): { accountId: string; by: string; at: string }[] {
    return cachedStatement(
      this.db,
      'SELECT account_id AS accountId, changed_by AS by, changed_at AS at FROM team_accounts WHERE changed_by IS NOT NULL',
    ).all() as { accountId: string; by: string; at: string }[]
  }

  saveExposure(accountId: string, exposedSince: string | null, exposure: ExposureProgress | null): void {
    cachedStatement(
      this.db,
      `UPDATE team_accounts SET exposed_since = ?, exposure_secret_replaced = ?, exposure_codes_reissued = ?
         WHERE account_id = ?`,
    ).run(exposedSince, ...exposureColumns(exposedSince, exposure), accountId)
  }

  // ── backup codes ────────────────────────────────────────────────────────────────────────────

  saveBackupCodeSet(set: {
    setId: string
    accountId: string
    keyVersion: number
    total: number
    claimed: number
    seq: number
  }): void {
    cachedStatement(
      this.db,
      `INSERT INTO team_backup_code_sets (set_id, account_id, key_version, total, claimed, seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (set_id) DO UPDATE SET key_version = excluded.key_version, total = excluded.total,
           claimed = excluded.claimed, seq = excluded.seq`,
    ).run(set.setId, set.accountId, set.keyVersion, set.total, set.claimed, set.seq)
  }

  /** The newest set of a team account (the server hands out its codes), or null. */
  currentBackupCodeSet(
    accountId: string,
  ): { setId: string; keyVersion: number; total: number; claimed: number; seq: number } | null {
    const row = cachedStatement(
      this.db,
      'SELECT set_id, key_version, total, claimed, seq FROM team_backup_code_sets WHERE account_id = ? ORDER BY seq DESC LIMIT 1',
    ).get(accountId) as
      { set_id: string; key_version: number; total: number; claimed: number; seq: number } | undefined
    return row
      ? {
          setId: row.set_id,
          keyVersion: row.key_version,
          total: row.total,
          claimed: row.claimed,
          seq: row.seq,
        }
      : null
  }
}

interface TeamAccountDbRow {
  account_id: string
  team_client_id: string
  revision: number
  key_version: number
  exposed_since: string | null
  conflict_at: string | null
  agreed_deleted: number
  exposure_secret_replaced: number
  exposure_codes_reissued: number | null
}

function exposureColumns(
  exposedSince: string | null,
  exposure: ExposureProgress | null,
): [number, number | null] {
  if (exposedSince === null || !exposure) return [0, null]
  const codes = exposure.backupCodesReissued
  return [exposure.secretReplaced ? 1 : 0, codes === null ? null : codes ? 1 : 0]
}

function teamAccountFromRow(row: TeamAccountDbRow): TeamAccountRow {
  return {
    accountId: row.account_id,
    teamClientId: row.team_client_id,
    revision: row.revision,
    keyVersion: row.key_version,
    exposedSince: row.exposed_since,
    exposure:
      row.exposed_since === null
        ? null
        : {
            secretReplaced: row.exposure_secret_replaced === 1,
            backupCodesReissued:
              row.exposure_codes_reissued === null ? null : row.exposure_codes_reissued === 1,
          },
    conflictAt: row.conflict_at,
    agreedDeleted: row.agreed_deleted === 1,
  }
}
