import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { changesSince, journalHead, pruneJournal } from '../../../electron/core/store/change-journal.ts'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { migrations } from '../../../electron/core/store/migrations/index.ts'

// Pinned to this migration so a later one cannot change what this test sees.
const upTo8 = migrations.filter((migration) => migration.version <= 8)

// Every write to the vault's data lands in the journal in the same transaction, from whichever
// connection wrote it, naming the table and row and never a value.

function vaultAt7(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(
    db,
    migrations.filter((migration) => migration.version <= 7),
  )
  return db
}

describe('migration 008: the change journal', () => {
  it('starts empty on a version-7 vault, keeping its rows, and journals each later write', () => {
    const db = vaultAt7()
    db.prepare("INSERT INTO clients (id, name, created_at) VALUES ('c1', 'Acme', 'now')").run()
    expect(migrate(db, upTo8)).toBe(8)
    expect(journalHead(db)).toBe(0)
    expect(db.prepare('SELECT name FROM clients').pluck().all()).toEqual(['Acme'])

    db.prepare("UPDATE clients SET name = 'Acme Ltd' WHERE id = 'c1'").run()
    db.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run()
    db.prepare("DELETE FROM clients WHERE id = 'c1'").run()
    expect(changesSince(db, 0).map(({ table, rowId, kind }) => [table, rowId, kind])).toEqual([
      ['clients', 'c1', 'update'],
      ['settings', 'theme', 'insert'],
      ['clients', 'c1', 'delete'],
    ])
    expect(journalHead(db)).toBe(3)
    // Names what changed, never the value: nothing written above appears in the journal.
    const everything = JSON.stringify(db.prepare('SELECT * FROM change_journal').all())
    expect(everything).not.toMatch(/Acme|dark/)
  })

  it('rolls back with the write it belongs to', () => {
    const db = vaultAt7()
    migrate(db, upTo8)
    expect(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO clients (id, name, created_at) VALUES ('c2', 'Beta', 'now')").run()
        throw new Error('the write failed after the insert')
      })(),
    ).toThrow('the write failed')
    expect(journalHead(db)).toBe(0)
  })

  it('keeps counting up after old rows are pruned', () => {
    const db = vaultAt7()
    migrate(db, upTo8)
    for (let index = 0; index < 5; index++) {
      db.prepare("INSERT INTO settings (key, value) VALUES (?, '1')").run(`k${index}`)
    }
    expect(pruneJournal(db, 2)).toBe(3)
    expect(changesSince(db, 0).map((change) => change.sequence)).toEqual([4, 5])
    db.prepare("INSERT INTO settings (key, value) VALUES ('k9', '1')").run()
    expect(journalHead(db)).toBe(6)
  })
})
