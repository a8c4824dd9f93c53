import type Database from 'better-sqlite3'
import type { TeamRole } from '../../../shared/team/team-api.ts'
import { open, seal } from '../crypto/aead.ts'
import { TwofoldError } from '../errors.ts'
import { cachedStatement } from '../store/statement-cache.ts'
import type { KeyAccess } from '../vault/key-access.ts'

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
 * This device's identity in its team: its membership row, its sealed private keys, and the invite secrets
 * an admin's device keeps until it checks a join. Secrets are sealed under the vault key with their row
 * as associated data (the places match vault/sealed-columns.ts, so a new vault key re-seals them).
 */
export class TeamMembershipStore {
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

  /** When the newest invite this device made for a member stops working (null: it made none). */
  inviteExpiryOf(memberId: string): string | null {
    return (
      (cachedStatement(this.#db, 'SELECT max(expires_at) FROM team_invites WHERE member_id = ?')
        .pluck()
        .get(memberId) as string | null | undefined) ?? null
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
