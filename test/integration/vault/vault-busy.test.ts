import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { openDatabase } from '../../../electron/core/store/open-database.ts'
import { tempHome } from '../../support/temp-home.ts'

// Another Twofold process holding the vault's write lock past the busy timeout: the waiting write
// fails with words a person can act on, not SQLite's, and leaves nothing half written.

describe('a vault another process keeps busy', () => {
  let folder: ReturnType<typeof tempHome>
  let file: string
  let other: Database.Database

  beforeEach(() => {
    folder = tempHome()
    file = join(folder.home, 'vault.sqlite3')
    openDatabase(file, { mustExist: false }).close()
    other = new Database(file)
  })
  afterEach(() => {
    other.close()
    folder.remove()
  })

  it('says the vault is busy in another Twofold process when the wait runs out, and writes nothing', () => {
    const db = openDatabase(file, { mustExist: true, busyTimeoutMs: 50 })
    try {
      other.exec('BEGIN IMMEDIATE')
      const failure = (() => {
        try {
          // Read first, then write: the shape that used to fail at once whatever the timeout.
          db.transaction(() => {
            db.prepare('SELECT count(*) FROM clients').get()
            db.prepare("INSERT INTO clients (id, name, created_at) VALUES ('c1', 'Acme', 'now')").run()
          })()
          return null
        } catch (error) {
          return error
        }
      })()
      expect(isTwofoldError(failure, 'vault-busy')).toBe(true)
      expect((failure as Error).message).toBe(
        'The vault is busy in another Twofold process (the app or another twofold command). Nothing was changed; try again when it has finished.',
      )
      other.exec('ROLLBACK')
      expect(db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(0)
    } finally {
      db.close()
    }
  })
})
