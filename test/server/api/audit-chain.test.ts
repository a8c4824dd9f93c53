import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  verifyAuditChain,
  type AuditChainFields,
  type ChainedAuditEntry,
} from '../../../electron/core/team/crypto/audit-chain.ts'

const teamId = randomUUID()

function chain(fields: Omit<AuditChainFields, 'seq'>[]): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = []
  let prevHash = AUDIT_GENESIS_HASH
  fields.forEach((entry, index) => {
    const withSeq = { ...entry, seq: index + 1 }
    const hash = auditEntryHash(teamId, prevHash, withSeq)
    entries.push({ ...withSeq, prevHash, hash })
    prevHash = hash
  })
  return entries
}

const entry = (kind: string, subject: Record<string, string | number> = {}) => ({
  at: '2026-12-06T08:00:00.000Z',
  memberId: randomUUID(),
  deviceId: randomUUID(),
  kind,
  subject,
  reported: false,
})

describe('the audit hash chain', () => {
  const log = chain([entry('team-created'), entry('client-shared', { records: 2 }), entry('code-copied')])
  const head = { seq: 3, hash: log[2]!.hash }

  it('verifies an untouched log up to its head', () => {
    expect(verifyAuditChain(log, { teamId, head })).toEqual({ ok: true })
  })

  it('catches an entry removed, an entry changed, the end cut off and another team’s log', () => {
    expect(verifyAuditChain([log[0]!, log[2]!], { teamId, head })).toMatchObject({ ok: false, seq: 3 })
    const changed = log.map((item) => (item.seq === 2 ? { ...item, subject: { records: 3 } } : item))
    expect(verifyAuditChain(changed, { teamId, head })).toMatchObject({ ok: false, seq: 2 })
    expect(verifyAuditChain(log.slice(0, 2), { teamId, head })).toMatchObject({ ok: false })
    expect(verifyAuditChain(log, { teamId: randomUUID(), head })).toMatchObject({ ok: false, seq: 1 })
  })

  it('tells a number from the same digits as text, and a reported entry from a server-written one', () => {
    const asNumber = entry('x', { n: 1 })
    const base = auditEntryHash(teamId, AUDIT_GENESIS_HASH, { ...asNumber, seq: 1 })
    expect(auditEntryHash(teamId, AUDIT_GENESIS_HASH, { ...asNumber, seq: 1, subject: { n: '1' } })).not.toBe(
      base,
    )
    expect(auditEntryHash(teamId, AUDIT_GENESIS_HASH, { ...asNumber, seq: 1, reported: true })).not.toBe(base)
  })

  it('checks a later page against the hash of the entry before it', () => {
    expect(verifyAuditChain(log.slice(1), { teamId, previousHash: log[0]!.hash, head })).toEqual({ ok: true })
    expect(verifyAuditChain(log.slice(1), { teamId, head })).toMatchObject({ ok: false, seq: 2 })
  })
})
