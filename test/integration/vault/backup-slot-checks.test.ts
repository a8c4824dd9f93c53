import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../../electron/core/app-backend.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { openAegisDatabase } from '../../../electron/core/importers/formats/aegis.ts'
import { backupPasswordFor } from '../../../electron/core/crypto/backup-password.ts'
import { MemoryKeychain } from '../../support/memory-keychain.ts'
import { manualClock, tempHome } from '../../support/temp-home.ts'

// Regression: a backup slot (plain Aegis JSON in the vault) with a byte changed was copied into every
// backup unnoticed — backups that no longer opened with that password or recovery key — or, when the
// JSON broke, made backups fail with a SyntaxError. Slots are now sealed (migration 004), refused when
// altered, and remade by the next unlock with their secret, which also gives backup slots to a vault
// that had none, as the "no backup slots yet" message always promised.

const PASSWORD = 'a long enough password'

function refusal(work: () => unknown): unknown {
  try {
    work()
  } catch (error) {
    return isTwofoldError(error) ? error.code : error
  }
  return 'no refusal'
}

describe('backup slots and their seals', () => {
  let folder: ReturnType<typeof tempHome>
  let backend: Backend
  let recoveryKey: string
  const clock = manualClock()
  const backups = () => join(folder.home, 'backups')
  const raw = (work: (db: Database.Database) => void) => {
    const db = new Database(backend.vault.file)
    work(db)
    db.close()
  }

  beforeEach(async () => {
    folder = tempHome()
    backend = createBackend({
      home: join(folder.home, 'vault'),
      keychain: new MemoryKeychain(),
      now: clock.now,
    })
    const prepared = await backend.vault.prepareCreate()
    recoveryKey = prepared.recoveryKey
    await backend.vault.create({
      creationId: prepared.creationId,
      recoveryKeyConfirmation: recoveryKey,
      password: PASSWORD,
    })
    await backend.dispatch('accounts:add', {
      platform: 'instagram',
      handle: 'acme.bakery',
      authenticator: { source: 'manual', secret: 'JBSWY3DPEHPK3PXP' },
    })
  })
  afterEach(() => {
    backend.close()
    folder.remove()
  })

  it('refuses a backup whose slot was altered, and the next unlock with that secret makes a working one', async () => {
    for (const index of [20, 70]) {
      raw((db) => {
        const slot = Buffer.from(
          db.prepare("SELECT slot FROM backup_slots WHERE kind = 'recovery'").pluck().get() as string,
        )
        slot[index] = (slot[index] ?? 0) ^ 1
        db.prepare("UPDATE backup_slots SET slot = ? WHERE kind = 'recovery'").run(slot.toString())
      })
      expect(refusal(() => backend.backups.backupNow(backups(), 10))).toBe('vault-tampered')
      await backend.vault.lock()
      await backend.vault.unlock({ method: 'recovery', recoveryKey })
      const written = backend.backups.backupNow(backups(), 10)
      const opened = await openAegisDatabase(readFileSync(written.file), backupPasswordFor(recoveryKey))
      expect((opened as { entries: unknown[] }).entries).toHaveLength(1)
    }
  })

  it('seals the slots of a vault from before the seals on its next unlock', async () => {
    raw((db) => db.prepare('UPDATE backup_slots SET slot_check = NULL').run())
    expect(backend.backups.backupNow(backups(), 10).bytes).toBeGreaterThan(0)
    await backend.vault.lock()
    await backend.vault.unlock({ method: 'password', password: PASSWORD })
    raw((db) =>
      expect(db.prepare('SELECT count(*) FROM backup_slots WHERE slot_check IS NOT NULL').pluck().get()).toBe(
        2,
      ),
    )
  })

  it('gives a vault without backup slots the slot of the secret that unlocks it', async () => {
    raw((db) => db.prepare('DELETE FROM backup_slots').run())
    expect(refusal(() => backend.backups.backupNow(backups(), 10))).toBe('slot-missing')
    await backend.vault.lock()
    await backend.vault.unlock({ method: 'password', password: PASSWORD })
    const written = backend.backups.backupNow(backups(), 10)
    await expect(openAegisDatabase(readFileSync(written.file), PASSWORD)).resolves.toBeTruthy()
  })

  it('calls a key slot with a broken layout damaged, not the password wrong, and counts no attempt', async () => {
    await backend.vault.lock()
    raw((db) => {
      const wrapped = db
        .prepare("SELECT wrapped_key FROM key_slots WHERE kind = 'password'")
        .pluck()
        .get() as Buffer
      db.prepare("UPDATE key_slots SET wrapped_key = ? WHERE kind = 'password'").run(wrapped.subarray(0, 40))
    })
    await expect(backend.vault.unlock({ method: 'password', password: PASSWORD })).rejects.toMatchObject({
      code: 'vault-corrupt',
      message: expect.stringMatching(/password slot is damaged.*recovery key/) as unknown,
    })
    expect((await backend.vault.status()).failedAttempts).toBe(0)
    expect((await backend.vault.unlock({ method: 'recovery', recoveryKey })).state).toBe('unlocked')
  })
})
