import { createHash, timingSafeEqual } from 'node:crypto'
import { fromBase64url, toBase64url } from './base64url.ts'
import { canonicalEncoding, type CanonicalField } from './canonical-encoding.ts'

/**
 * The team audit log is a hash chain: each entry's hash covers the previous entry's hash and its own
 * fields, so a row changed, removed or slipped in by anyone with write access to the database (its
 * administrator, a restored backup) breaks every hash after it. The server computes the chain as it
 * writes; each desktop recomputes it with this same function (`twofold team audit --verify`).
 */
export interface AuditChainFields {
  seq: number
  /** ISO 8601 with milliseconds, hashed as written. */
  at: string
  memberId: string | null
  deviceId: string | null
  kind: string
  /** Ids and counts only, never content. */
  subject: Readonly<Record<string, string | number>>
  reported: boolean
}

export interface ChainedAuditEntry extends AuditChainFields {
  /** base64url, 32 bytes. */
  prevHash: string
  hash: string
}

export const AUDIT_HASH_BYTES = 32
/** The previous hash of a team's first entry. */
export const AUDIT_GENESIS_HASH = toBase64url(new Uint8Array(AUDIT_HASH_BYTES))

/** SHA-256(prevHash || canonical(team and the entry's fields)), base64url. */
export function auditEntryHash(teamId: string, prevHash: string, entry: AuditChainFields): string {
  const previous = fromBase64url(prevHash, 'previous audit hash', AUDIT_HASH_BYTES)
  return createHash('sha256').update(previous).update(auditEntryBytes(teamId, entry)).digest('base64url')
}

function auditEntryBytes(teamId: string, entry: AuditChainFields): Buffer {
  // Keys in code-point order, each value tagged with its type: {n: 1} and {n: "1"} must not hash alike.
  const subject: CanonicalField[] = []
  for (const key of Object.keys(entry.subject).sort()) {
    const value = entry.subject[key] as string | number
    subject.push(key, typeof value === 'number' ? 'n' : 's', value)
  }
  return canonicalEncoding([
    'twofold-audit-v1',
    teamId,
    entry.seq,
    entry.at,
    entry.memberId ?? '',
    entry.deviceId ?? '',
    entry.kind,
    entry.reported ? 'reported' : 'server',
    Object.keys(entry.subject).length,
    ...subject,
  ])
}

export type AuditChainCheck = { ok: true } | { ok: false; seq: number; reason: string }

/**
 * Checks a run of consecutive entries, oldest first. `previousHash` is the hash of the entry just
 * before the run (the genesis hash when the run starts at seq 1); `head`, when given, is the newest
 * entry the server reports, so a log cut short at its end is caught too.
 */
export function verifyAuditChain(
  entries: readonly ChainedAuditEntry[],
  options: { teamId: string; previousHash?: string; head?: { seq: number; hash: string } },
): AuditChainCheck {
  let previous = options.previousHash ?? AUDIT_GENESIS_HASH
  let previousSeq = entries[0] === undefined ? 0 : entries[0].seq - 1
  if (options.previousHash === undefined && entries[0] !== undefined && entries[0].seq !== 1) {
    return { ok: false, seq: entries[0].seq, reason: 'the log does not start at its first entry' }
  }
  for (const entry of entries) {
    if (entry.seq !== previousSeq + 1) {
      return { ok: false, seq: entry.seq, reason: 'an entry before it is missing' }
    }
    if (!sameHash(entry.prevHash, previous)) {
      return { ok: false, seq: entry.seq, reason: 'it does not follow the entry before it' }
    }
    if (!sameHash(entry.hash, auditEntryHash(options.teamId, entry.prevHash, entry))) {
      return { ok: false, seq: entry.seq, reason: 'its content does not match its hash' }
    }
    previous = entry.hash
    previousSeq = entry.seq
  }
  const head = options.head
  if (head !== undefined && (head.seq !== previousSeq || !sameHash(head.hash, previous))) {
    return { ok: false, seq: head.seq, reason: 'the log does not end at the newest entry' }
  }
  return { ok: true }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}
