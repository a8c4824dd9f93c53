import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../../electron/core/app-backend.ts'
import type { Clipboard } from '../../../electron/core/clipboard/clipboard.ts'
import { MemoryKeychain } from '../../support/memory-keychain.ts'
import { tempHome } from '../../support/temp-home.ts'

// Regression: a full or read-only disk reached people as "something went wrong" from every write
// outside the vault module (saving an account, recording a copied code, a setting), a failed
// recording of "locked" made locking itself report failure, and a copied code reached the clipboard
// even though its use could not be recorded. SQLite's page limit and query_only stand in for a full and
// a read-only disk here; test/reliability/disk-full-and-read-only.test.ts uses real mounts.

const PASSWORD = 'a long enough password'

describe('a vault on a disk that will not take a write', () => {
  let folder: ReturnType<typeof tempHome>
  let backend: Backend
  const copied: string[] = []
  const clipboard: Clipboard = {
    writeText: (text) => {
      copied.push(text)
      return Promise.resolve()
    },
    readText: () => Promise.resolve(copied.at(-1) ?? ''),
  }
  let accountId: string

  beforeEach(async () => {
    folder = tempHome()
    copied.length = 0
    backend = createBackend({
      home: join(folder.home, 'vault'),
      keychain: new MemoryKeychain(),
      clipboard,
    })
    const prepared = await backend.vault.prepareCreate()
    await backend.vault.create({
      creationId: prepared.creationId,
      recoveryKeyConfirmation: prepared.recoveryKey,
      password: PASSWORD,
    })
    accountId = backend.editing.add({
      platform: 'instagram',
      handle: 'acme.bakery',
      authenticator: { source: 'uri', uri: 'otpauth://totp/Instagram:acme.bakery?secret=JBSWY3DPEHPK3PXP' },
    }).account.id
  })
  afterEach(() => {
    backend.close()
    folder.remove()
  })

  it('says the disk is full when the file may not grow, and keeps what was there', async () => {
    const db = backend.vault.database()
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`)
    let refused: Awaited<ReturnType<Backend['dispatch']>> | null = null
    for (let index = 0; index < 200 && refused === null; index++) {
      const result = await backend.dispatch('accounts:add', {
        platform: 'generic',
        handle: `filler ${index}`,
        notes: 'x'.repeat(9_000),
      })
      if (!result.ok) refused = result
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'disk-full' } })
    if (refused && !refused.ok) expect(refused.error.message).toMatch(/is full\. Nothing was changed/)
    expect(new Database(backend.vault.file).pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('says the folder is read-only, still locks, unlocks to show codes, and copies nothing it cannot record', async () => {
    backend.vault.database().pragma('query_only = 1')
    const add = await backend.dispatch('accounts:add', { platform: 'generic', handle: 'new' })
    expect(add).toMatchObject({ ok: false, error: { code: 'read-only' } })
    const copy = await backend.dispatch('codes:copy', { accountId })
    expect(copy).toMatchObject({ ok: false, error: { code: 'read-only' } })
    expect(copied).toEqual([])
    const settings = await backend.dispatch('settings:update', { lowBackupCodeThreshold: 4 })
    expect(settings).toMatchObject({ ok: false, error: { code: 'read-only' } })

    expect(await backend.dispatch('vault:lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } })
    expect(backend.vault.isUnlocked).toBe(false)
    expect(await backend.dispatch('vault:unlock', { method: 'password', password: PASSWORD })).toMatchObject({
      ok: true,
      value: { state: 'unlocked' },
    })
    const codes = await backend.dispatch('codes:get', { accountIds: [accountId] })
    expect(codes).toMatchObject({ ok: true, value: { codes: [{ accountId }] } })
  })
})
