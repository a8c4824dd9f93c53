import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../../electron/core/app-backend.ts'
import { restoreBackup } from '../../../electron/core/transfer/restore-backup.ts'
import { MemoryKeychain } from '../../support/memory-keychain.ts'
import { tempHome } from '../../support/temp-home.ts'
import { aegisEntry, aegisVault } from '../../unit/importers/export-builders.ts'

// Regression (found by test/reliability/importer-fuzz.test.ts): a backup whose decrypted contents were
// damaged or hand-made failed with a ZodError (entries not a list) or a SQLite CHECK error (a phone
// number not in E.164, a negative HOTP counter) instead of saying the backup is damaged.

const PASSWORD = 'backup password'

/** A backup as Twofold writes one (an Aegis vault with Twofold's record), with the cheapest key settings. */
function backup(db: Record<string, unknown>): Buffer {
  return aegisVault({ version: 3, groups: [], ...db }, { password: PASSWORD, n: 2, r: 1, p: 1 })
}

function vpnEntry(info: Record<string, unknown> = {}, record: Record<string, unknown> = {}) {
  const entry = aegisEntry({
    type: 'hotp',
    name: 'vpn',
    issuer: 'Corp',
    secret: 'GEZDGNBVGY3TQOJQ',
    counter: 3,
  })
  return {
    ...entry,
    info: { ...(entry.info as object), ...info },
    twofold: {
      platform: 'generic',
      handle: 'vpn',
      displayName: '',
      issuer: 'Corp',
      label: 'vpn',
      client: null,
      notes: '',
      tags: [],
      sms: null,
      whatsapp: null,
      verifiedAt: null,
      backupCodes: null,
      ...record,
    },
  }
}

describe('restoring a damaged backup', () => {
  let folder: ReturnType<typeof tempHome>
  let backend: Backend

  beforeEach(async () => {
    folder = tempHome()
    backend = createBackend({
      home: join(folder.home, 'vault'),
      keychain: new MemoryKeychain(),
    })
    const prepared = await backend.vault.prepareCreate()
    await backend.vault.create({
      creationId: prepared.creationId,
      recoveryKeyConfirmation: prepared.recoveryKey,
      password: 'a long enough password',
    })
  })
  afterEach(() => {
    backend.close()
    folder.remove()
  })

  async function expectRefused(bytes: Buffer, code: string) {
    await expect(restoreBackup(bytes, PASSWORD, backend.transfer)).rejects.toMatchObject({
      name: 'TwofoldError',
      code,
    })
    expect(backend.queries.list().accounts).toEqual([])
  }

  it('says the backup is damaged when its account list is not a list', async () => {
    await expectRefused(backup({ entries: { toString: 'x' } }), 'import-unreadable')
  })

  it('says the backup is damaged when a phone number is not one', async () => {
    await expectRefused(backup({ entries: [vpnEntry({}, { sms: 'SHA1' })] }), 'import-unreadable')
  })

  it('refuses a negative HOTP counter in words', async () => {
    await expectRefused(backup({ entries: [vpnEntry({ counter: -1 })] }), 'invalid-otp-parameters')
  })

  it('restores the same backup once it is whole', async () => {
    expect(await restoreBackup(backup({ entries: [vpnEntry()] }), PASSWORD, backend.transfer)).toEqual({
      imported: 1,
      duplicates: 0,
    })
  })
})
