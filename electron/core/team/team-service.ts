import type { ErrorCode } from '../../../shared/domain/errors.ts'
import type { TeamRole } from '../../../shared/team/team-api.ts'
import { isTwofoldError } from '../errors.ts'
import { fromBase64url } from './crypto/base64url.ts'
import { deviceFingerprint } from './crypto/fingerprint.ts'
import {
  confirmJoins,
  grantClient,
  removeDevice,
  removeMember,
  revokeClient,
  shareClient,
  type JoinCheck,
} from './team-admin.ts'
import type { ConflictChoice, TeamConflictView } from '../../../shared/domain/team-conflict-view.ts'
import { conflictView, listConflicts, resolveConflict } from './team-conflicts.ts'
import { teamAudit, type TeamAuditView } from './team-audit.ts'
import { readableTeamAudit, type ReadableTeamAudit } from './team-audit-view.ts'
import { heldClientNames, heldClientsChange, type HeldClientsChange } from './held-clients-change.ts'
import {
  claimTeamBackupCode,
  reportTeamUse,
  setTeamBackupCodes,
  type ClaimedCode,
} from './team-backup-codes.ts'
import { inviteDevice } from './team-device-enrollment.ts'
import { inviteMember } from './team-invites.ts'
import { createTeam, joinTeam } from './team-enrollment.ts'
import type { InboxEntry } from '../inbox/inbox-entry.ts'
import { reportInboxCopy, TeamInbox } from './team-inbox.ts'
import { enableInbox, type InboxEnabled } from './team-inbox-enable.ts'
import { disableInbox, inboxStatus, rotateInboxToken, type InboxStatus } from './team-inbox-admin.ts'
import { memberViews, type TeamMemberView } from './team-member-views.ts'
import { TeamLiveSync, type LiveSyncOptions, type LiveSyncState } from './team-live-sync.ts'
import { TeamLocalEdits } from './team-local-edits.ts'
import { pullChanges } from './team-pull.ts'
import { pendingCount, pushChanges } from './team-push.ts'
import { readRoster } from './team-roster.ts'
import { makeAdmin, makeMember } from './team-roles.ts'
import { TeamSession, type TeamParts } from './team-session.ts'
import { TeamStore } from './team-store.ts'

export type { TeamMemberView } from './team-member-views.ts'

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
  /** Following the live stream: whether it is open now; otherwise whether the server answered just now. */
  online: boolean
  /** Since when the live stream has been lost (null while connected, or when live sync is off). */
  offlineSince: string | null
  /** Live sync: off, or its phase (`refused`: the server turned this device away; it stopped retrying). */
  live: 'off' | LiveSyncState['phase']
  /** Why the last live connection or sync failed, as an error code (never the server's text). */
  liveError: ErrorCode | null
  /** Why the server just refused this device (removed from the team, say), in words a person reads. */
  refused: string | null
  lastSync: string | null
  pending: number
  fingerprint: string
}

/**
 * The team vault from this device: creating or joining a team, inviting, syncing, sharing clients and
 * taking them back. Every call reads the vault it was given, which must be unlocked.
 */
export class TeamService {
  readonly #parts: TeamParts
  /** Syncs of this process run one after another: live sync's, the CLI's or a window's. */
  #syncQueue: Promise<unknown> = Promise.resolve()
  #live: TeamLiveSync | undefined
  readonly #heldClientsListeners = new Set<(change: HeldClientsChange) => void>()
  #stopLiveOnLock: (() => void) | undefined
  readonly #inbox: TeamInbox

  constructor(parts: TeamParts) {
    this.#parts = parts
    this.#inbox = new TeamInbox(parts)
  }

  /**
   * Follows the team's live event stream and syncs on each change (team-live-sync.ts) until `stopLive`
   * or the vault locks. Returns at once: connecting, catching up and retrying happen in the background.
   */
  startLive(options: LiveSyncOptions = {}): void {
    if (this.#live?.running) return
    this.#store().requireMembership()
    const localEdits = new TeamLocalEdits(this.#parts)
    const live = new TeamLiveSync(
      {
        open: (signal) => this.#session().openEvents(signal),
        sync: () => this.#liveSync(),
        lastSeq: () => {
          try {
            return this.#store().requireMembership().lastSeq
          } catch {
            // Locked or left meanwhile: nothing more to sync.
            return Number.MAX_SAFE_INTEGER
          }
        },
        now: this.#parts.now,
        localPending: () => localEdits.waiting(),
      },
      options,
    )
    this.#live = live
    this.#stopLiveOnLock ??= this.#parts.vault.onStateChanged((status) => {
      if (status.state !== 'unlocked') void this.stopLive()
    })
    live.start()
  }

  /**
   * A stored inbox message moves the team's sequence too: while someone listens, the inbox is fetched
   * first (a code is worth seconds), and again after the sync if that went further (or brought a key).
   */
  async #liveSync(): Promise<void> {
    if (this.#inbox.listened) await this.#inbox.refresh(this.#session()).catch(() => undefined)
    await this.sync()
    // Asked afresh: a listener may have come during the sync, whose pull may have passed a message.
    if (this.#inbox.listened && this.#inbox.behind(this.#store().requireMembership().lastSeq))
      await this.#inbox.refresh(this.#session()).catch(() => undefined)
  }

  async stopLive(): Promise<void> {
    this.#stopLiveOnLock?.()
    this.#stopLiveOnLock = undefined
    await this.#live?.stop()
    this.#inbox.wipe()
  }

  /** This process wrote to the vault: live sync pushes any team edit in it once the burst settles. */
  noticeLocalChanges(): void {
    this.#live?.localChanged()
  }

  /**
   * Told after a sync in which this device came to hold a client or stopped holding one (a grant, a
   * revocation, a removal's rotation seen from the other side): main turns it into a desktop notice.
   */
  onHeldClientsChanged(listener: (change: HeldClientsChange) => void): () => void {
    this.#heldClientsListeners.add(listener)
    return () => this.#heldClientsListeners.delete(listener)
  }

  /** Live sync's state (never a secret): null when it was never started. */
  liveState(): LiveSyncState | null {
    return this.#live?.state() ?? null
  }

  get joined(): boolean {
    return this.#store().membership() !== null
  }

  /** Whether this account is one the team shares (and so syncs, claims backup codes on the server). */
  isTeamAccount(accountId: string): boolean {
    return this.#store().membership() !== null && this.#store().teamAccount(accountId) !== null
  }

  create(request: Parameters<typeof createTeam>[1]): ReturnType<typeof createTeam> {
    return createTeam(this.#parts, request)
  }

  /** An invite code (one line) for a new member; the admin's device keeps its secret to check the join. */
  invite(request: {
    name: string
    clientNames?: readonly string[]
    admin?: boolean
  }): Promise<{ code: string; expiresAt: string }> {
    return inviteMember(this.#session(), request)
  }

  /** An invite code (one line) for one more device of a member already in the team. */
  addDevice(memberName: string): Promise<{ code: string }> {
    return inviteDevice(this.#session(), memberName)
  }

  /** Joins with an invite code: the device waits until an admin's Twofold checks its proof and confirms it. */
  join(request: Parameters<typeof joinTeam>[1]): ReturnType<typeof joinTeam> {
    return joinTeam(this.#parts, request)
  }

  /** Pull, confirm verified joins (admins), push local edits; after any sync of this process in flight. */
  sync(): Promise<SyncResult> {
    const run = this.#syncQueue.then(() => this.#syncNow())
    this.#syncQueue = run.catch(() => undefined)
    return run
  }

  async #syncNow(): Promise<SyncResult> {
    const session = this.#session()
    const me = await session.call('team:me', {})
    session.store().updateMembership({
      role: me.member.role,
      deviceStatus: me.device.status,
      teamName: me.team.name,
    })
    const held = heldClientNames(session.store())
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
    const change = heldClientsChange(held, heldClientNames(session.store()))
    if (change) for (const listener of this.#heldClientsListeners) listener(change)
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

  /** A member becomes an admin: certified as one and given every shared client's key, in one request. */
  async makeAdmin(memberName: string): Promise<{ clients: number }> {
    await this.sync()
    const result = await makeAdmin(this.#session(), memberName)
    await this.sync()
    return result
  }

  /** An admin becomes a member (owner only), keeping `keepClients`; every other client is re-keyed. */
  async makeMember(memberName: string, keepClients: readonly string[]) {
    await this.sync()
    const result = await makeMember(this.#session(), memberName, keepClients)
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

  members(): Promise<TeamMemberView[]> {
    return memberViews(this.#session())
  }

  /** Where this device stands: from the live stream when it is followed, else by asking the server now. */
  async status(): Promise<TeamStatus> {
    const session = this.#session()
    const live = this.#live?.running || this.#live?.state().phase === 'refused' ? this.#live.state() : null
    let online = live ? live.phase === 'connected' : true
    let refused: string | null = null
    if (!live)
      try {
        const me = await session.call('team:me', {})
        session
          .store()
          .updateMembership({ role: me.member.role, deviceStatus: me.device.status, teamName: me.team.name })
      } catch (error) {
        // Refused (removed, say) is an answer, and the person should read it where the state is shown.
        if (isTwofoldError(error, 'team-forbidden')) refused = error.message
        else if (isTwofoldError(error, 'team-offline')) online = false
        else throw error
      }
    const membership = session.membership()
    return {
      server: membership.serverUrl,
      team: membership.teamName,
      member: membership.memberName,
      role: membership.role,
      device: membership.deviceStatus,
      online,
      offlineSince: live?.offlineSince ?? null,
      live: live?.phase ?? 'off',
      liveError: live?.lastError ?? null,
      refused,
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

  /** Who last changed each team account and when, as this device heard it. */
  lastChanges(): { accountId: string; by: string; at: string }[] {
    return this.#store().lastChanges()
  }

  /** The audit log with member, client and account names this device knows, for the manager. */
  async readableAudit(request: { limit?: number; verify?: boolean }): Promise<ReadableTeamAudit> {
    return readableTeamAudit(this.#session(), request)
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

  /** Registers a client's SMS/WhatsApp numbers with the code inbox (admins): webhook URL per provider. */
  async enableInbox(clientName: string, options: { retentionHours?: number } = {}): Promise<InboxEnabled> {
    await this.sync()
    return enableInbox(this.#session(), clientName, options)
  }

  /** The code inbox's status (admins): each client's numbers and kept messages, drops per provider. */
  inboxStatus(): Promise<InboxStatus> {
    return inboxStatus(this.#session())
  }

  /** Turns a client's code inbox off (admins); opened messages of it go from `inbox()` at the next fetch. */
  disableInbox(clientName: string): Promise<{ numbers: number; messages: number }> {
    return disableInbox(this.#session(), clientName)
  }

  /** A new json forwarder URL for the team (admins); the old one is refused from now on. */
  rotateInboxToken(): Promise<{ url: string }> {
    return rotateInboxToken(this.#session())
  }

  /** The inbox's unexpired messages of clients held here, newest first, after fetching what is new. */
  async inbox(): Promise<InboxEntry[]> {
    const session = this.#session()
    await this.#inbox.refresh(session)
    return this.#inbox.entries(session)
  }

  /**
   * The inbox for a window: while live sync follows the stream and keeps the inbox fetched (someone
   * listens, it is connected and nothing is left behind), what this process already opened, with no
   * round-trip; otherwise fetched as `inbox()` does.
   */
  async currentInbox(): Promise<InboxEntry[]> {
    const session = this.#session()
    const kept =
      this.#live?.state().phase === 'connected' &&
      this.#inbox.listened &&
      !this.#inbox.behind(this.#store().requireMembership().lastSeq)
    if (!kept) await this.#inbox.refresh(session)
    return this.#inbox.entries(session)
  }

  /** The full text of one inbox message this process opened (shown on request only). */
  async inboxText(messageId: string): Promise<string> {
    if (!this.#inbox.has(messageId)) await this.inbox()
    return this.#inbox.opened(messageId).body
  }

  /** An inbox code was copied: the vault's audit log and (when matched to one account) the team's. */
  async reportInboxCodeCopied(messageId: string): Promise<void> {
    await reportInboxCopy(this.#session(), this.#inbox.opened(messageId))
  }

  /** Told of messages new to this process: live sync fetches them right after the sync they caused. */
  onInboxChanged(listener: (fresh: InboxEntry[]) => void): () => void {
    return this.#inbox.onChanged(listener)
  }

  /** Team accounts changed on two devices at once, field by field, as a person chooses between them. */
  conflicts(): TeamConflictView[] {
    return listConflicts(this.#store(), this.#parts.now())
  }

  conflict(accountId: string): TeamConflictView {
    return conflictView(this.#store(), accountId, this.#parts.now())
  }

  /** The chosen version is a local edit: live sync (or the next sync) pushes it on the current revision. */
  resolveConflict(accountId: string, choice: ConflictChoice): { changed: boolean } {
    const result = resolveConflict(this.#store(), this.#parts.audit.log(), accountId, choice, this.#at())
    if (result.changed) {
      this.#parts.accountsWritten?.()
      this.noticeLocalChanges()
    }
    return result
  }

  #session(): TeamSession {
    return new TeamSession(this.#parts, this.#store().requireMembership())
  }

  #store(): TeamStore {
    return new TeamStore(this.#parts.vault.requireUnlockedDatabase(), this.#parts.vault.keyAccess())
  }

  #at(): string {
    return new Date(this.#parts.now()).toISOString()
  }
}
