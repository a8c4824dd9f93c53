import type pg from 'pg'
import type { TeamRole } from '../../../shared/team/team-api.ts'
import { AUDIT_GENESIS_HASH, auditEntryHash } from '../../core/team/crypto/audit-chain.ts'
import type { InboxService } from '../inbox/inbox-service.ts'
import { teamError } from './team-error.ts'

/** The device that signed the request, and its member as the database has them now. */
export interface Caller {
  memberId: string
  deviceId: string
  role: TeamRole
  deviceStatus: 'pending' | 'active'
}

export type AuditSubject = Record<string, string | number>

/** The channel every server copy LISTENs on; the payload is `teamId:seq`. */
export const TEAM_CHANNEL = 'twofold_team'

/**
 * One request's transaction in one team. Writes take the team row's lock before anything else
 * (lockTeam), so every writer of a team queues in one order (no deadlocks between them), sequence
 * numbers commit in the order they were given, and the audit chain has one next entry.
 */
export class TeamTx {
  readonly sql: pg.ClientBase
  readonly teamId: string
  readonly now: Date
  readonly #caller: Caller | undefined
  readonly #inbox: InboxService | undefined
  #lockedSeq: number | undefined
  #nextSeq = 0
  #auditHead: { seq: number; hash: string } | undefined

  constructor(options: {
    sql: pg.ClientBase
    teamId: string
    now: Date
    caller?: Caller
    inbox?: InboxService | undefined
  }) {
    this.sql = options.sql
    this.teamId = options.teamId
    this.now = options.now
    this.#caller = options.caller
    this.#inbox = options.inbox
  }

  /** The server's code inbox, or `unavailable` on a server started without an inbox secret. */
  get inbox(): InboxService {
    if (!this.#inbox) throw teamError('unavailable', 'This server has no code inbox configured.')
    return this.#inbox
  }

  get caller(): Caller {
    if (!this.#caller) throw new Error('this route has no authenticated caller')
    return this.#caller
  }

  get isAdmin(): boolean {
    return this.#caller !== undefined && this.#caller.role !== 'member'
  }

  async query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<Row[]> {
    return (await this.sql.query<Row>(text, values)).rows
  }

  /** Locks the team row for this transaction; false when the team does not exist (or is not visible). */
  async lockTeam(): Promise<boolean> {
    const rows = await this.query<{ seq: string }>('SELECT seq FROM teams WHERE id = $1 FOR UPDATE', [
      this.teamId,
    ])
    if (rows[0] === undefined) return false
    this.#lockedSeq = Number(rows[0].seq)
    this.#nextSeq = this.#lockedSeq
    return true
  }

  /** For a team created in this transaction: its row is new, and so already this transaction's alone. */
  adoptNewTeam(): void {
    this.#lockedSeq = 0
    this.#nextSeq = 0
  }

  /** The first of `count` fresh sequence numbers; each row a device must notice gets its own. */
  takeSeq(count = 1): number {
    if (this.#lockedSeq === undefined) throw new Error('takeSeq before lockTeam')
    const first = this.#nextSeq + 1
    this.#nextSeq += count
    return first
  }

  /** The team's sequence as this transaction leaves it. */
  get seq(): number {
    if (this.#lockedSeq === undefined) throw new Error('seq before lockTeam')
    return this.#nextSeq
  }

  /** Writes the new sequence and tells every server copy (PostgreSQL delivers the NOTIFY at commit). */
  async finish(): Promise<void> {
    if (this.#lockedSeq === undefined || this.#nextSeq === this.#lockedSeq) return
    await this.sql.query('UPDATE teams SET seq = $2 WHERE id = $1', [this.teamId, this.#nextSeq])
    await this.sql.query('SELECT pg_notify($1, $2)', [TEAM_CHANNEL, `${this.teamId}:${this.#nextSeq}`])
  }

  /** Appends one entry to the team's hash-chained audit log (ids only in the subject, never content). */
  async audit(
    kind: string,
    subject: AuditSubject,
    options: { reported?: boolean; actor?: { memberId: string; deviceId: string } } = {},
  ): Promise<void> {
    if (this.#lockedSeq === undefined) throw new Error('audit before lockTeam')
    const head = this.#auditHead ?? (await this.#readAuditHead())
    const entry = {
      seq: head.seq + 1,
      at: this.now.toISOString(),
      // A team's creation and a join have no caller yet: the device doing it acts.
      memberId: (options.actor ?? this.#caller)?.memberId ?? null,
      deviceId: (options.actor ?? this.#caller)?.deviceId ?? null,
      kind,
      subject,
      reported: options.reported ?? false,
    }
    const hash = auditEntryHash(this.teamId, head.hash, entry)
    await this.sql.query(
      `INSERT INTO audit (team_id, seq, at, actor_member, actor_device, kind, subject, reported, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        this.teamId,
        entry.seq,
        entry.at,
        entry.memberId,
        entry.deviceId,
        kind,
        JSON.stringify(subject),
        entry.reported,
        Buffer.from(head.hash, 'base64url'),
        Buffer.from(hash, 'base64url'),
      ],
    )
    this.#auditHead = { seq: entry.seq, hash }
  }

  async #readAuditHead(): Promise<{ seq: number; hash: string }> {
    const rows = await this.query<{ seq: string; hash: Buffer }>(
      'SELECT seq, hash FROM audit WHERE team_id = $1 ORDER BY seq DESC LIMIT 1',
      [this.teamId],
    )
    const row = rows[0]
    return row
      ? { seq: Number(row.seq), hash: row.hash.toString('base64url') }
      : { seq: 0, hash: AUDIT_GENESIS_HASH }
  }

  /** Owner and admins only: the registrar checks adminOnly routes, this is for finer rules inside one. */
  requireAdmin(): void {
    if (!this.isAdmin) throw teamError('forbidden', 'Only the owner or an admin may do this.')
  }
}
