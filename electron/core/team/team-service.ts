import { randomUUID } from 'node:crypto'
import type { TeamRole } from '../../../shared/team/team-api.ts'
import { currentActor } from '../audit/audit-log.ts'
import { TwofoldError, isTwofoldError } from '../errors.ts'
import { journalHead } from '../store/change-journal.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import { signDeviceCertificate } from './crypto/device-certificate.ts'
import { generateDeviceKeys } from './crypto/device-keys.ts'
import { deviceFingerprint } from './crypto/fingerprint.ts'
import {
  decodeInviteCode,
  encodeInviteCode,
  inviteAuth,
  inviteAuthHash,
  joinProof,
  newInviteSecret,
} from './crypto/invite-secret.ts'
import {
  confirmJoins,
  grantClient,
  removeDevice,
  removeMember,
  revokeClient,
  shareClient,
  type JoinCheck,
} from './team-admin.ts'
import { teamAudit, type TeamAuditView } from './team-audit.ts'
import {
  claimTeamBackupCode,
  reportTeamUse,
  setTeamBackupCodes,
  type ClaimedCode,
} from './team-backup-codes.ts'
import { TeamClient } from './team-client.ts'
import { pullChanges } from './team-pull.ts'
import { pendingCount, pushChanges } from './team-push.ts'
import { readRoster } from './team-roster.ts'
import { TeamSession, type TeamParts } from './team-session.ts'
import { TeamStore } from './team-store.ts'

const INVITE_DAYS = 7
const DAY_MS = 24 * 60 * 60_000

export interface SyncResult {
  pulled: number
  pushed: number
  /** Accounts both sides changed the same field of: flagged `sync-conflict`. */
  conflicts: string[]
  /** Team accounts of clients this member no longer holds, gone from the vault. */
  dropped: number
  joins: JoinCheck[]
}

export interface TeamStatus {
  server: string
  team: string
  member: string
  role: TeamRole
  device: 'pending' | 'active' | 'removed'
  online: boolean
  lastSync: string | null
  pending: number
  fingerprint: string
}

export interface TeamMemberView {
  name: string
  role: TeamRole
  status: string
  clients: string[]
  fingerprint: string | null
}

/**
 * The team vault from this device: creating or joining a team, inviting, syncing, sharing clients and
 * taking them back. Every call reads the vault it was given, which must be unlocked.
 */
export class TeamService {
  readonly #parts: TeamParts

  constructor(parts: TeamParts) {
    this.#parts = parts
  }

  get joined(): boolean {
    return this.#store().membership() !== null
  }

  /** Whether this account is one the team shares (and so syncs, claims backup codes on the server). */
  isTeamAccount(accountId: string): boolean {
    return this.#store().membership() !== null && this.#store().teamAccount(accountId) !== null
  }

  async create(request: {
    server: string
    setupCode: string
    teamName: string
    memberName?: string
  }): Promise<{
    team: string
    fingerprint: string
  }> {
    this.#assertNotJoined()
    const client = this.#client(request.server)
    const teamId = randomUUID()
    const memberId = randomUUID()
    const deviceId = randomUUID()
    const memberName = request.memberName?.trim() || currentActor()
    const keys = generateDeviceKeys()
    try {
      const issuedAt = this.#at()
      const certificate = signDeviceCertificate(keys.signing.privateKey, {
        teamId,
        memberId,
        deviceId,
        role: 'owner',
        agreementKey: keys.agreement.publicKey,
        signingKey: keys.signing.publicKey,
        issuedAt,
      })
      const signingKey = toBase64url(keys.signing.publicKey)
      const agreementKey = toBase64url(keys.agreement.publicKey)
      await client.call('team:create', {
        body: {
          setupCode: request.setupCode,
          teamId,
          teamName: request.teamName,
          memberId,
          memberName,
          device: { deviceId, agreementKey, signingKey, certificate: toBase64url(certificate), issuedAt },
        },
      })
      this.#saveMembership(
        {
          deviceId,
          serverUrl: client.server,
          teamId,
          teamName: request.teamName.trim(),
          memberId,
          memberName,
          role: 'owner',
          deviceStatus: 'active',
          agreementPublicKey: agreementKey,
          signingPublicKey: signingKey,
          ownerSigningKey: signingKey,
          inviterSigningKey: null,
        },
        keys,
      )
      return {
        team: request.teamName.trim(),
        fingerprint: deviceFingerprint(keys.agreement.publicKey, keys.signing.publicKey),
      }
    } finally {
      keys.agreement.privateKey.fill(0)
      keys.signing.privateKey.fill(0)
    }
  }

  /** An invite code (one line) for a new member; the admin's device keeps its secret to check the join. */
  async invite(request: {
    name: string
    clientNames?: readonly string[]
    admin?: boolean
  }): Promise<{ code: string }> {
    const session = this.#session()
    const membership = session.requireAdmin('invite members')
    const store = session.store()
    const clientIds = (request.clientNames ?? []).map((name) => {
      const local = store.db.prepare('SELECT id FROM clients WHERE name = ?').pluck().get(name.trim()) as
        string | undefined
      const team = local ? store.teamClientOfLocal(local) : null
      if (!team)
        throw new TwofoldError(
          'client-not-found',
          `There is no team client named "${name.trim()}": share it first.`,
        )
      return team.teamClientId
    })
    const inviteId = randomUUID()
    const memberId = randomUUID()
    const role = request.admin ? 'admin' : 'member'
    const expiresAt = new Date(this.#parts.now() + INVITE_DAYS * DAY_MS).toISOString()
    const secret = newInviteSecret()
    try {
      await session.call('team:invite', {
        body: {
          inviteId,
          memberId,
          memberName: request.name,
          role,
          clientIds,
          authHash: toBase64url(inviteAuthHash(inviteAuth(secret))),
          expiresAt,
        },
      })
      const write = session.store()
      write.db.transaction(() => {
        write.keys.forSealing()
        write.keepInvite(
          { inviteId, memberId, memberName: request.name.trim(), role, clientIds, expiresAt },
          secret,
          this.#at(),
        )
      })()
      const code = encodeInviteCode({
        server: membership.serverUrl,
        teamId: membership.teamId,
        inviteId,
        secret,
        adminSigningKey: fromBase64url(membership.signingPublicKey, 'signing key', 32),
      })
      return { code }
    } finally {
      secret.fill(0)
    }
  }

  /** Joins with an invite code: the device waits until an admin's Twofold checks its proof and confirms it. */
  async join(request: {
    code: string
    memberName?: string
  }): Promise<{ team: string; fingerprint: string; status: string }> {
    this.#assertNotJoined()
    const invite = decodeInviteCode(request.code)
    try {
      const client = this.#client(invite.server)
      const deviceId = randomUUID()
      const keys = generateDeviceKeys()
      try {
        const proof = joinProof(invite.secret, {
          teamId: invite.teamId,
          inviteId: invite.inviteId,
          agreementKey: keys.agreement.publicKey,
          signingKey: keys.signing.publicKey,
        })
        const agreementKey = toBase64url(keys.agreement.publicKey)
        const signingKey = toBase64url(keys.signing.publicKey)
        const answer = await client.call('team:join', {
          params: { team: invite.teamId },
          body: {
            inviteId: invite.inviteId,
            inviteAuth: toBase64url(inviteAuth(invite.secret)),
            device: { deviceId, agreementKey, signingKey },
            proof: toBase64url(proof),
          },
        })
        const me = await client.call(
          'team:me',
          { params: { team: invite.teamId } },
          { teamId: invite.teamId, deviceId, signingPrivateKey: keys.signing.privateKey },
        )
        this.#saveMembership(
          {
            deviceId,
            serverUrl: client.server,
            teamId: invite.teamId,
            teamName: me.team.name,
            memberId: answer.memberId,
            memberName: request.memberName?.trim() || me.member.name,
            role: me.member.role,
            deviceStatus: answer.status,
            agreementPublicKey: agreementKey,
            signingPublicKey: signingKey,
            // Pinned at the first sync that shows the inviting admin's device chaining to the owner.
            ownerSigningKey: null,
            inviterSigningKey: toBase64url(invite.adminSigningKey),
          },
          keys,
        )
        return {
          team: me.team.name,
          fingerprint: deviceFingerprint(keys.agreement.publicKey, keys.signing.publicKey),
          status: answer.status,
        }
      } finally {
        keys.agreement.privateKey.fill(0)
        keys.signing.privateKey.fill(0)
      }
    } finally {
      invite.secret.fill(0)
    }
  }

  /** Pull, confirm verified joins (admins), push local edits. */
  async sync(): Promise<SyncResult> {
    const session = this.#session()
    const me = await session.call('team:me', {})
    session.store().updateMembership({
      role: me.member.role,
      deviceStatus: me.device.status,
      teamName: me.team.name,
    })
    const pulled = await pullChanges(session)
    const joins =
      session.membership().ownerSigningKey && session.membership().role !== 'member'
        ? await confirmJoins(session, await readRoster(session))
        : []
    const pushed =
      session.membership().deviceStatus === 'active'
        ? await pushChanges(session)
        : { pushed: 0, conflicts: [] }
    session.store().updateMembership({ lastSyncAt: this.#at() })
    this.#parts.accountsWritten?.()
    return {
      pulled: pulled.applied,
      pushed: pushed.pushed,
      conflicts: [...new Set([...pulled.conflicts, ...pushed.conflicts])],
      dropped: pulled.dropped,
      joins,
    }
  }

  async share(clientName: string): Promise<{ accounts: number }> {
    const session = this.#session()
    await this.sync()
    return shareClient(session, clientName)
  }

  async grant(memberName: string, clientName: string): Promise<void> {
    await grantClient(this.#session(), memberName, clientName)
  }

  async revoke(memberName: string, clientName: string): Promise<void> {
    await this.sync()
    await revokeClient(this.#session(), memberName, clientName)
    await this.sync()
  }

  async remove(memberName: string): Promise<{ rotated: number }> {
    await this.sync()
    const result = await removeMember(this.#session(), memberName)
    await this.sync()
    return result
  }

  /** One device out (named by its fingerprint), its member staying; its clients are re-keyed. */
  async removeDevice(fingerprint: string): Promise<{ rotated: number }> {
    await this.sync()
    const result = await removeDevice(this.#session(), fingerprint)
    await this.sync()
    return result
  }

  async members(): Promise<TeamMemberView[]> {
    const session = this.#session()
    const roster = await readRoster(session)
    const store = session.store()
    const clientName = (teamClientId: string) => {
      const client = store.teamClient(teamClientId)
      if (!client) return null
      return store.db.prepare('SELECT name FROM clients WHERE id = ?').pluck().get(client.clientId) as string
    }
    const allClients = store.teamClients().map((row) => row.teamClientId)
    return roster.members.map((member) => {
      const device = roster.devices.find(
        (entry) => entry.memberId === member.memberId && entry.status !== 'removed',
      )
      return {
        name: member.name,
        role: member.role,
        status: member.status,
        clients: (member.role === 'member' ? member.clientIds : allClients)
          .map(clientName)
          .filter((name): name is string => name !== null),
        fingerprint: device
          ? deviceFingerprint(
              fromBase64url(device.agreementKey, 'agreement key', 32),
              fromBase64url(device.signingKey, 'signing key', 32),
            )
          : null,
      }
    })
  }

  /** Where this device stands; `online` says whether the server answered just now. */
  async status(): Promise<TeamStatus> {
    const session = this.#session()
    let online = true
    try {
      const me = await session.call('team:me', {})
      session
        .store()
        .updateMembership({ role: me.member.role, deviceStatus: me.device.status, teamName: me.team.name })
    } catch (error) {
      if (!isTwofoldError(error, 'team-offline')) throw error
      online = false
    }
    const membership = session.membership()
    return {
      server: membership.serverUrl,
      team: membership.teamName,
      member: membership.memberName,
      role: membership.role,
      device: membership.deviceStatus,
      online,
      lastSync: membership.lastSyncAt,
      pending: pendingCount(session),
      fingerprint: deviceFingerprint(
        fromBase64url(membership.agreementPublicKey, 'agreement key', 32),
        fromBase64url(membership.signingPublicKey, 'signing key', 32),
      ),
    }
  }

  async audit(request: { limit?: number; verify?: boolean }): Promise<TeamAuditView> {
    return teamAudit(this.#session(), request)
  }

  /** The codes as pasted, in any layout a personal account's take. */
  setBackupCodes(accountId: string, text: string): Promise<{ total: number }> {
    return setTeamBackupCodes(this.#session(), accountId, text)
  }

  useNextBackupCode(accountId: string): Promise<ClaimedCode> {
    return claimTeamBackupCode(this.#session(), accountId)
  }

  /** Best effort from the caller's side: a code copied offline is still a code copied. */
  reportCodeCopied(accountId: string): Promise<void> {
    return reportTeamUse(this.#session(), accountId, 'code-copied')
  }

  #session(): TeamSession {
    return new TeamSession(this.#parts, this.#store().requireMembership())
  }

  #store(): TeamStore {
    return new TeamStore(this.#parts.vault.requireUnlockedDatabase(), this.#parts.vault.keyAccess())
  }

  #client(server: string): TeamClient {
    return new TeamClient(server, {
      now: this.#parts.now,
      ...(this.#parts.fetch ? { fetch: this.#parts.fetch } : {}),
    })
  }

  #assertNotJoined(): void {
    const membership = this.#store().membership()
    if (membership)
      throw new TwofoldError('team-refused', `This vault is already part of the team ${membership.teamName}.`)
  }

  #saveMembership(
    membership: Parameters<TeamStore['saveMembership']>[0],
    keys: ReturnType<typeof generateDeviceKeys>,
  ): void {
    const store = this.#store()
    store.saveMembership(
      membership,
      { agreement: keys.agreement.privateKey, signing: keys.signing.privateKey },
      this.#at(),
    )
    // Edits made before the team existed are not the team's to hear about.
    store.updateMembership({ pushedJournalSeq: journalHead(store.db) })
  }

  #at(): string {
    return new Date(this.#parts.now()).toISOString()
  }
}
