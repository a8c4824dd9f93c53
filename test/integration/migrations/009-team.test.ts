import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { journalHead } from '../../../electron/core/store/change-journal.ts'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

// Pinned to this migration so a later one cannot change what this test sees.
const upTo9 = migrations.filter((migration) => migration.version <= 9)

function vaultAt8(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(
    db,
    migrations.filter((migration) => migration.version <= 8),
  )
  return db
}

const membership = (deviceId: string) =>
  `INSERT INTO team_membership (device_id, server_url, team_id, team_name, member_id, member_name, role,
     device_status, agreement_public_key, signing_public_key, agreement_private_key, signing_private_key, created_at)
   VALUES ('${deviceId}', 'https://team.example', 't1', 'Agency', 'm1', 'Ana', 'owner', 'active', 'a', 's', x'01', x'02', 'now')`

describe('migration 009: the team vault', () => {
  it('keeps a version-8 vault as it was and adds its team tables empty', () => {
    const db = vaultAt8()
    db.prepare("INSERT INTO clients (id, name, created_at) VALUES ('c1', 'Acme', 'now')").run()
    expect(migrate(db, upTo9)).toBe(9)
    expect(db.prepare('SELECT name FROM clients').pluck().all()).toEqual(['Acme'])
    expect(db.prepare('SELECT count(*) FROM team_membership').pluck().get()).toBe(0)
  })

  it('lets a vault belong to one team only', () => {
    const db = vaultAt8()
    migrate(db, upTo9)
    db.exec(membership('d1'))
    expect(() => db.exec(membership('d2'))).toThrow(/UNIQUE/)
  })

  it('forgets a team account with its account, and does not journal sync bookkeeping', () => {
    const db = vaultAt8()
    migrate(db, upTo9)
    db.exec(`
      INSERT INTO clients (id, name, created_at) VALUES ('c1', 'Acme', 'now');
      INSERT INTO accounts (id, platform, handle, client_id, created_at, updated_at)
        VALUES ('a1', 'generic', 'ana', 'c1', 'now', 'now');
    `)
    const head = journalHead(db)
    db.exec(`
      INSERT INTO team_clients (team_client_id, client_id, key_version) VALUES ('tc1', 'c1', 1);
      INSERT INTO team_accounts (account_id, team_client_id, revision, key_version, agreed_record)
        VALUES ('a1', 'tc1', 1, 1, x'00');
    `)
    expect(journalHead(db)).toBe(head)
    db.prepare("DELETE FROM accounts WHERE id = 'a1'").run()
    expect(db.prepare('SELECT count(*) FROM team_accounts').pluck().get()).toBe(0)
    db.prepare("DELETE FROM clients WHERE id = 'c1'").run()
    expect(db.prepare('SELECT count(*) FROM team_clients').pluck().get()).toBe(0)
  })
})
