import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { readAccounts, readQuickPickKeys } from '../../../electron/core/accounts/account-rows.ts'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migration001 } from '../../../electron/core/store/migrations/001-vault-and-key-slots.ts'
import { migration002 } from '../../../electron/core/store/migrations/002-accounts-methods-audit.ts'
import { migration003 } from '../../../electron/core/store/migrations/003-backup-slots.ts'
import { migration004 } from '../../../electron/core/store/migrations/004-backup-slot-checks.ts'
import { migration005 } from '../../../electron/core/store/migrations/005-last-copied-index.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

const before = [migration001, migration002, migration003, migration004]

describe('migration 005: last-copied index', () => {
  it('upgrades a version-4 vault: "last used" still comes from the latest copy, now through the index', () => {
    const db = new Database(':memory:')
    migrate(db, before)
    const addAccount = db.prepare(
      "INSERT INTO accounts (id, platform, handle, created_at, updated_at) VALUES (?, 'instagram', ?, 'then', 'then')",
    )
    for (const [id, handle] of [
      ['a', 'acme.bakery'],
      ['b', 'nordic.outdoors'],
      ['c', 'never.copied'],
    ])
      addAccount.run(id, handle)
    const log = db.prepare("INSERT INTO audit_log (at, actor, action, account_id) VALUES (?, 'tester', ?, ?)")
    log.run('2026-11-20T10:00:00.000Z', 'code.copied', 'a')
    log.run('2026-11-21T10:00:00.000Z', 'code.copied', 'b')
    log.run('2026-11-22T10:00:00.000Z', 'code.copied', 'a')
    // Later entries of other kinds do not count as a use.
    log.run('2026-11-23T10:00:00.000Z', 'account.updated', 'b')
    log.run('2026-11-23T11:00:00.000Z', 'vault.unlocked', null)

    expect(migrate(db, [...before, migration005])).toBe(5)
    // The account reader is today's, which also reads tables of later migrations (team backup-code sets).
    migrate(db, migrations)

    const lastUsed = Object.fromEntries(
      readAccounts(db).map((account) => [account.handle, account.lastUsedAt]),
    )
    expect(lastUsed).toEqual({
      'acme.bakery': '2026-11-22T10:00:00.000Z',
      'nordic.outdoors': '2026-11-21T10:00:00.000Z',
      'never.copied': null,
    })
    expect(readAccounts(db, { ids: ['b'] }).map((account) => account.lastUsedAt)).toEqual([
      '2026-11-21T10:00:00.000Z',
    ])
    expect(readQuickPickKeys(db).find((key) => key.id === 'a')?.lastUsedAt).toBe('2026-11-22T10:00:00.000Z')

    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('\n')
    expect(
      plan(
        "SELECT account_id, max(at) FROM audit_log WHERE action = 'code.copied' AND account_id IS NOT NULL GROUP BY account_id",
      ),
    ).toContain('audit_log_code_copied')
  })
})
