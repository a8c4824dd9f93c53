import type Database from 'better-sqlite3'
import type { TeamRole } from '../../../shared/team/team-api.ts'
import { open, seal } from '../crypto/aead.ts'
import { TwofoldError } from '../errors.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import type { KeyAccess } from '../vault/key-access.ts'
import { decodeRecord, encodeRecord, type AccountRecord } from './account-record.ts'

/** This device's place in its team (migration 009's team_membership), without the private keys. */
export interface Membership {
  deviceId: string
  serverUrl: string
  teamId: string
  teamName: string
  memberId: string
  memberName: string
  role: TeamRole
  deviceStatus: 'pending' | 'active' | 'removed'
  agreementPublicKey: string
  signingPublicKey: string
  ownerSigningKey: string | null
  inviterSigningKey: string | null
  lastSeq: number
  pushedJournalSeq: number
  lastSyncAt: string | null
}

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
  conflictAt: string | null
}

export interface KeptInvite {
  inviteId: string
  memberId: string
  memberName: string
  role: 'admin' | 'member'
  clientIds: string[]
  expiresAt: string
}

interface MembershipRow {
  device_id: string
  server_url: string
  team_id: string
  team_name: string
  member_id: string
  member_name: string
  role: TeamRole
  device_status: Membership['deviceStatus']
  agreement_public_key: string
  signing_public_key: string
  owner_signing_key: string | null
  inviter_signing_key: string | null
  last_seq: number
  pushed_journal_seq: number
  last_sync_at: string | null
}

/**
 * The team tables of the local vault. Every secret here is sealed under the vault key with its row as
 * associated data (the places match vault/sealed-columns.ts, so a new vault key re-seals them).
 */
export class TeamStore {
  readonly #db: Database.Database
  readonly #keys: KeyAccess

  constructor(db: Database.Database, keys: KeyAccess) {
    this.#db = db
    this.#keys = keys
  }

  get db(): Database.Database {
    return this.#db
  }

  get keys(): KeyAccess {
    return this.#keys
  }

  membership(): Membership | null {
    const row = cachedStatement(this.#db, 'SELECT * FROM team_membership').get() as MembershipRow | undefined
    if (!row) return null
    return {
      deviceId: row.device_id,
      serverUrl: row.server_url,
      teamId: row.team_id,
      teamName: row.team_name,
      memberId: row.member_id,
      memberName: row.member_name,
      role: row.role,
      deviceStatus: row.device_status,
      agreementPublicKey: row.agreement_public_key,
      signingPublicKey: row.signing_public_key,
      ownerSigningKey: row.owner_signing_key,
      inviterSigningKey: row.inviter_signing_key,
      lastSeq: row.last_seq,
      pushedJournalSeq: row.pushed_journal_seq,
      lastSyncAt: row.last_sync_at,
    }
  }

  requireMembership(): Membership {
    const membership = this.membership()
    if (!membership)
      throw new TwofoldError(
        'team-not-joined',
        'This vault is not part of a team: create one (twofold team create) or join with an invite code.',
      )
    return membership
  }

  saveMembership(
    membership: Omit<Membership, 'lastSeq' | 'pushedJournalSeq' | 'lastSyncAt'>,
    privateKeys: { agreement: Uint8Array; signing: Uint8Array },
    at: string,
  ): void {
    this.#db.transaction(() => {
      const key = this.#keys.forSealing()
      const place = (column: string) => ({ table: 'team_membership', row: membership.deviceId, column })
      this.#db
        .prepare(
          `INSERT INTO team_membership (device_id, server_url, team_id, team_name, member_id, member_name, role,
             device_status, agreement_public_key, signing_public_key, agreement_private_key, signing_private_key,
             owner_signing_key, inviter_signing_key, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          membership.deviceId,
          membership.serverUrl,
          membership.teamId,
          membership.teamName,
          membership.memberId,
          membership.memberName,
          membership.role,
          membership.deviceStatus,
          membership.agreementPublicKey,
          membership.signingPublicKey,
          seal(key, place('agreement_private_key'), privateKeys.agreement),
          seal(key, place('signing_private_key'), privateKeys.signing),
          membership.ownerSigningKey,
          membership.inviterSigningKey,
          at,
        )
    })()
  }

  updateMembership(
    patch: Partial<
      Pick<
        Membership,
        | 'teamName'
        | 'role'
        | 'deviceStatus'
        | 'ownerSigningKey'
        | 'lastSeq'
        | 'pushedJournalSeq'
        | 'lastSyncAt'
        | 'memberName'
      >
    >,
  ): void {
    const columns: Record<string, string> = {
      teamName: 'team_name',
      role: 'role',
      deviceStatus: 'device_status',
      ownerSigningKey: 'owner_signing_key',
      lastSeq: 'last_seq',
      pushedJournalSeq: 'pushed_journal_seq',
      lastSyncAt: 'last_sync_at',
      memberName: 'member_name',
    }
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined)
    if (entries.length === 0) return
    this.#db
      .prepare(`UPDATE team_membership SET ${entries.map(([name]) => `${columns[name]} = ?`).join(', ')}`)
      .run(...entries.map(([, value]) => value))
  }

  /** The device's private keys; the caller wipes them. */
  privateKeys(): { agreement: Buffer; signing: Buffer } {
    const membership = this.requireMembership()
    const row = cachedStatement(
      this.#db,
      'SELECT agreement_private_key, signing_private_key FROM team_membership',
    ).get() as { agreement_private_key: Buffer; signing_private_key: Buffer }
    const key = this.#keys.forOpening()
    const place = (column: string) => ({ table: 'team_membership', row: membership.deviceId, column })
    return {
      agreement: open(key, place('agreement_private_key'), row.agreement_private_key),
      signing: open(key, place('signing_private_key'), row.signing_private_key),
    }
  }

  // ── clients ─────────────────────────────────────────────────────────────────────────────────

  teamClients(): TeamClientRow[] {
    return (
      cachedStatement(this.#db, 'SELECT team_client_id, client_id, key_version FROM team_clients').all() as {
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
      this.#db,
      `INSERT INTO team_clients (team_client_id, client_id, key_version) VALUES (?, ?, ?)
         ON CONFLICT (team_client_id) DO UPDATE SET client_id = excluded.client_id, key_version = excluded.key_version`,
    ).run(row.teamClientId, row.clientId, row.keyVersion)
  }

  saveClientKey(teamClientId: string, keyVersion: number, clientKey: Uint8Array): void {
    const id = `${teamClientId}:${keyVersion}`
    const sealed = seal(
      this.#keys.forSealing(),
      { table: 'team_client_keys', row: id, column: 'client_key' },
      clientKey,
    )
    cachedStatement(
      this.#db,
      `INSERT INTO team_client_keys (id, team_client_id, key_version, client_key) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET client_key = excluded.client_key`,
    ).run(id, teamClientId, keyVersion, sealed)
  }

  /** A client key this device holds (wipe it after use), or null. */
  clientKey(teamClientId: string, keyVersion: number): Buffer | null {
    const id = `${teamClientId}:${keyVersion}`
    const row = cachedStatement(this.#db, 'SELECT client_key FROM team_client_keys WHERE id = ?').get(id) as
      { client_key: Buffer } | undefined
    if (!row) return null
    return open(
      this.#keys.forOpening(),
      { table: 'team_client_keys', row: id, column: 'client_key' },
      row.client_key,
    )
  }

  hasClientKey(teamClientId: string, keyVersion: number): boolean {
    return (
      cachedStatement(this.#db, 'SELECT 1 FROM team_client_keys WHERE id = ?').get(
        `${teamClientId}:${keyVersion}`,
      ) !== undefined
    )
  }

  /** Keys of versions older than the client's current one are kept no longer than a rotation needs. */
  dropOldClientKeys(teamClientId: string, keepFrom: number): void {
    cachedStatement(
      this.#db,
      'DELETE FROM team_client_keys WHERE team_client_id = ? AND key_version < ?',
    ).run(teamClientId, keepFrom)
  }

  /** A client this device no longer holds: its team accounts leave the vault, its keys with them. */
  dropTeamClient(teamClientId: string): string[] {
    const accounts = cachedStatement(
      this.#db,
      'SELECT account_id FROM team_accounts WHERE team_client_id = ?',
    )
      .pluck()
      .all(teamClientId) as string[]
    const client = this.teamClient(teamClientId)
    for (const accountId of accounts)
      cachedStatement(this.#db, 'DELETE FROM accounts WHERE id = ?').run(accountId)
    cachedStatement(this.#db, 'DELETE FROM team_clients WHERE team_client_id = ?').run(teamClientId)
    cachedStatement(this.#db, 'DELETE FROM team_client_keys WHERE team_client_id = ?').run(teamClientId)
    if (client) {
      const left = cachedStatement(this.#db, 'SELECT count(*) FROM accounts WHERE client_id = ?')
        .pluck()
        .get(client.clientId) as number
      if (left === 0) cachedStatement(this.#db, 'DELETE FROM clients WHERE id = ?').run(client.clientId)
    }
    return accounts
  }

  // ── accounts ────────────────────────────────────────────────────────────────────────────────

  teamAccounts(teamClientId?: string): TeamAccountRow[] {
    const rows = (
      teamClientId === undefined
        ? cachedStatement(this.#db, 'SELECT * FROM team_accounts').all()
        : cachedStatement(this.#db, 'SELECT * FROM team_accounts WHERE team_client_id = ?').all(teamClientId)
    ) as {
      account_id: string
      team_client_id: string
      revision: number
      key_version: number
      exposed_since: string | null
      conflict_at: string | null
    }[]
    return rows.map((row) => ({
      accountId: row.account_id,
      teamClientId: row.team_client_id,
      revision: row.revision,
      keyVersion: row.key_version,
      exposedSince: row.exposed_since,
      conflictAt: row.conflict_at,
    }))
  }

  teamAccount(accountId: string): TeamAccountRow | null {
    const row = cachedStatement(this.#db, 'SELECT account_id FROM team_accounts WHERE account_id = ?').get(
      accountId,
    )
    if (!row) return null
    return this.teamAccounts().find((entry) => entry.accountId === accountId) ?? null
  }

  /** The record as last agreed with the server: the base of a merge. */
  agreedRecord(accountId: string): AccountRecord {
    const row = cachedStatement(this.#db, 'SELECT agreed_record FROM team_accounts WHERE account_id = ?').get(
      accountId,
    ) as { agreed_record: Buffer }
    const plaintext = open(
      this.#keys.forOpening(),
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
      this.#db,
      'SELECT conflict_record FROM team_accounts WHERE account_id = ?',
    ).get(accountId) as { conflict_record: Buffer | null } | undefined
    if (!row?.conflict_record) return null
    const plaintext = open(
      this.#keys.forOpening(),
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
    row: Omit<TeamAccountRow, 'conflictAt'>,
    agreed: AccountRecord,
    conflict?: { record: AccountRecord; at: string },
  ): void {
    const key = this.#keys.forSealing()
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
      this.#db,
      `INSERT INTO team_accounts (account_id, team_client_id, revision, key_version, agreed_record, exposed_since, conflict_record, conflict_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET team_client_id = excluded.team_client_id, revision = excluded.revision,
           key_version = excluded.key_version, agreed_record = excluded.agreed_record, exposed_since = excluded.exposed_since,
           conflict_record = coalesce(excluded.conflict_record, conflict_record),
           conflict_at = coalesce(excluded.conflict_at, conflict_at)`,
    ).run(
      row.accountId,
      row.teamClientId,
      row.revision,
      row.keyVersion,
      sealedAgreed,
      row.exposedSince,
      sealedConflict,
      conflict?.at ?? null,
    )
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
      this.#db,
      `INSERT INTO team_backup_code_sets (set_id, account_id, key_version, total, claimed, seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (set_id) DO UPDATE SET key_version = excluded.key_version, total = excluded.total,
           claimed = excluded.claimed, seq = excluded.seq`,
    ).run(set.setId, set.accountId, set.keyVersion, set.total, set.claimed, set.seq)
  }

  /** The newest set of a team account (the server hands out its codes), or null. */
  currentBackupCodeSet(
    accountId: string,
  ): { setId: string; keyVersion: number; total: number; claimed: number } | null {
    const row = cachedStatement(
      this.#db,
      'SELECT set_id, key_version, total, claimed FROM team_backup_code_sets WHERE account_id = ? ORDER BY seq DESC LIMIT 1',
    ).get(accountId) as { set_id: string; key_version: number; total: number; claimed: number } | undefined
    return row
      ? { setId: row.set_id, keyVersion: row.key_version, total: row.total, claimed: row.claimed }
      : null
  }

  // ── invites ─────────────────────────────────────────────────────────────────────────────────

  keepInvite(invite: KeptInvite, secret: Uint8Array, at: string): void {
    const sealed = seal(
      this.#keys.forSealing(),
      { table: 'team_invites', row: invite.inviteId, column: 'secret' },
      secret,
    )
    cachedStatement(
      this.#db,
      `INSERT INTO team_invites (invite_id, member_id, member_name, role, client_ids, secret, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      invite.inviteId,
      invite.memberId,
      invite.memberName,
      invite.role,
      JSON.stringify(invite.clientIds),
      sealed,
      invite.expiresAt,
      at,
    )
  }

  keptInvite(inviteId: string): (KeptInvite & { secret: Buffer }) | null {
    const row = cachedStatement(this.#db, 'SELECT * FROM team_invites WHERE invite_id = ?').get(inviteId) as
      | {
          invite_id: string
          member_id: string
          member_name: string
          role: 'admin' | 'member'
          client_ids: string
          secret: Buffer
          expires_at: string
        }
      | undefined
    if (!row) return null
    return {
      inviteId: row.invite_id,
      memberId: row.member_id,
      memberName: row.member_name,
      role: row.role,
      clientIds: JSON.parse(row.client_ids) as string[],
      expiresAt: row.expires_at,
      secret: open(
        this.#keys.forOpening(),
        { table: 'team_invites', row: inviteId, column: 'secret' },
        row.secret,
      ),
    }
  }

  forgetInvite(inviteId: string): void {
    cachedStatement(this.#db, 'DELETE FROM team_invites WHERE invite_id = ?').run(inviteId)
  }
}
