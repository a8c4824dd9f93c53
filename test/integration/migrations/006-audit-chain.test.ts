import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  appendChained,
  openAuditChainKey,
  verifyAuditChain,
} from '../../../electron/core/audit/audit-chain.ts'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migration001 } from '../../../electron/core/store/migrations/001-vault-and-key-slots.ts'
import { migration002 } from '../../../electron/core/store/migrations/002-accounts-methods-audit.ts'
import { migration003 } from '../../../electron/core/store/migrations/003-backup-slots.ts'
import { migration004 } from '../../../electron/core/store/migrations/004-backup-slot-checks.ts'
import { migration005 } from '../../../electron/core/store/migrations/005-last-copied-index.ts'
import { migration006 } from '../../../electron/core/store/migrations/006-audit-chain.ts'

const before = [migration001, migration002, migration003, migration004, migration005]
const entry = (action: string, detail = '') => ({
  at: '2026-12-01T10:00:00.000Z',
  actor: 'tester',
  action,
  account_id: null,
  detail,
})

/** A version-5 vault with history, upgraded: its rows have no chain mark and no key exists yet. */
function upgradedVault(): Database.Database {
  const db = new Database(':memory:')
  migrate(db, before)
  const log = db.prepare("INSERT INTO audit_log (at, actor, action, detail) VALUES (?, 'tester', ?, ?)")
  log.run('2026-11-20T10:00:00.000Z', 'vault.unlocked', '')
  log.run('2026-11-20T10:01:00.000Z', 'account.added', 'Instagram acme.bakery')
  log.run('2026-11-20T10:02:00.000Z', 'export', 'otpauth')
  expect(migrate(db, [...before, migration006])).toBe(6)
  return db
}

describe('migration 006: audit chain', () => {
  it('keeps the old history, and seals it as a whole when the chain starts at the first unlock', () => {
    const db = upgradedVault()
    expect(db.prepare('SELECT count(*) AS n FROM audit_log WHERE chain_mac IS NULL').get()).toEqual({ n: 3 })
    expect(db.prepare('SELECT count(*) AS n FROM audit_chain').get()).toEqual({ n: 0 })

    const vaultKey = randomBytes(32)
    const chainKey = openAuditChainKey(db, vaultKey)
    appendChained(db, chainKey, entry('vault.unlocked'))
    expect(verifyAuditChain(db, chainKey)).toEqual({ ok: true, entries: 4 })
    // The key is sealed under the vault key, and the same key comes back at the next unlock.
    expect(openAuditChainKey(db, vaultKey)).toEqual(chainKey)
    expect(() => openAuditChainKey(db, randomBytes(32))).toThrow(/failed its integrity check/)
  })

  it('finds an old entry edited after the upgrade', () => {
    const db = upgradedVault()
    const chainKey = openAuditChainKey(db, randomBytes(32))
    appendChained(db, chainKey, entry('vault.unlocked'))
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'csv' WHERE id = 3")
    expect(verifyAuditChain(db, chainKey)).toMatchObject({ ok: false, brokenAt: 1 })
  })

  it('finds an old entry removed after the chain started (before it, nothing could seal them)', () => {
    const db = upgradedVault()
    const chainKey = openAuditChainKey(db, randomBytes(32))
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2')
    expect(verifyAuditChain(db, chainKey)).toMatchObject({ ok: false })
  })
})
