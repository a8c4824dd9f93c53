import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../../electron/core/app-backend.ts'
import { encodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { readImport } from '../../../electron/core/importers/read-import.ts'
import { exportAegisWithPassword } from '../../../electron/core/transfer/aegis-vault-writer.ts'
import { BACKUP_DELAY_MS } from '../../../electron/core/transfer/auto-backup.ts'
import { otpauthList } from '../../../electron/core/transfer/otpauth-list-writer.ts'
import { restoreBackup } from '../../../electron/core/transfer/restore-backup.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { memoryKeychain } from '../../support/memory-keychain.ts'
import { tempHome } from '../../support/temp-home.ts'
import type { TestKeychain } from '../../support/test-keychain.ts'

const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

describe('exports and backups', () => {
  let folder: ReturnType<typeof tempHome>
  let keys: TestKeychain
  let timers: ReturnType<typeof manualTimers>
  let backend: Backend
  let recoveryKey: string

  async function newVault(home: string, password?: string) {
    const created = createBackend({ home, keychain: keys.keychain, timers: timers.timers })
    const prepared = await created.vault.prepareCreate()
    await created.vault.create({
      creationId: prepared.creationId,
      recoveryKeyConfirmation: prepared.recoveryKey,
      ...(password ? { password } : {}),
    })
    return { backend: created, recoveryKey: prepared.recoveryKey }
  }

  function seed(target: Backend) {
    const alice = target.editing.add({
      platform: 'instagram',
      handle: 'acme.bakery',
      clientName: 'Acme Bakery',
      sms: '+14155550123',
      tags: ['vip'],
      authenticator: {
        source: 'uri',
        uri: `otpauth://totp/Instagram:acme.bakery?secret=${RFC_SECRET}&issuer=Instagram`,
      },
    }).account
    target.backupCodes.setBackupCodes(alice.id, '1111 2222\n3333 4444')
    target.backupCodes.useNextBackupCode(alice.id)
    target.editing.add({
      platform: 'generic',
      handle: 'vpn',
      issuer: 'Corp VPN',
      authenticator: {
        source: 'manual',
        secret: 'JBSWY3DPEHPK3PXP',
        type: 'hotp',
        algorithm: 'SHA256',
        digits: 8,
        period: 30,
        counter: 7,
      },
    })
    target.editing.add({
      platform: 'tiktok',
      handle: 'nordic.outdoors',
      clientName: 'Nordic Outdoors',
      sms: '+447911123456',
    })
  }

  beforeEach(async () => {
    folder = tempHome()
    keys = memoryKeychain()
    timers = manualTimers()
    ;({ backend, recoveryKey } = await newVault(join(folder.home, 'vault'), 'a long vault password'))
    seed(backend)
  })
  afterEach(async () => {
    backend.close()
    await keys.cleanup()
    folder.remove()
  })

  it('writes an Aegis vault that our Aegis reader opens with its password, losslessly', async () => {
    const { entries } = backend.transfer.exportEntries()
    const file = await exportAegisWithPassword(entries, 'export password 123')
    const parsed = JSON.parse(file) as {
      version: number
      header: { slots: { type: number; n: number; r: number; p: number }[] }
      db: string
    }
    expect(parsed.version).toBe(1)
    expect(parsed.header.slots).toMatchObject([{ type: 1, n: 32768, r: 8, p: 1 }])
    expect(file).not.toContain(RFC_SECRET)
    const read = await readImport(Buffer.from(file), { password: 'export password 123' })
    expect(read.format).toBe('aegis')
    expect(read.failed).toEqual([])
    const summary = read.entries.map((entry) => ({
      issuer: entry.issuer,
      name: entry.accountName,
      secret: entry.secret ? encodeBase32Secret(entry.secret) : null,
      params: entry.params,
      counter: entry.counter,
      group: entry.group ?? null,
    }))
    expect(summary).toEqual([
      {
        issuer: 'Instagram',
        name: 'acme.bakery',
        secret: RFC_SECRET,
        params: { type: 'totp', algorithm: 'SHA1', digits: 6, period: 30 },
        counter: undefined,
        group: 'Acme Bakery',
      },
      {
        issuer: 'Corp VPN',
        name: 'vpn',
        secret: 'JBSWY3DPEHPK3PXP',
        params: { type: 'hotp', algorithm: 'SHA256', digits: 8 },
        counter: 7,
        group: null,
      },
    ])
    try {
      await readImport(Buffer.from(file), { password: 'not the password' })
      throw new Error('expected a refusal')
    } catch (error) {
      expect(isTwofoldError(error)).toBe(true)
    }
  })

  it('writes otpauth links every authenticator can read back', async () => {
    const { entries } = backend.transfer.exportEntries()
    const read = await readImport(Buffer.from(otpauthList(entries)), {})
    expect(read.entries.map((entry) => `${entry.issuer}:${entry.accountName}`)).toEqual([
      'Instagram:acme.bakery',
      'Corp VPN:vpn',
    ])
  })

  it('backs up after a change, and a new machine restores everything with the recovery key alone', async () => {
    backend.editing.add({ platform: 'x', handle: 'late.addition' })
    await backend.dispatch('accounts:update', {
      id: backend.queries.list().accounts[0]?.id,
      patch: { notes: 'changed' },
    })
    expect(backend.backups.list(backend.autoBackup.folder())).toEqual([])
    timers.advance(BACKUP_DELAY_MS)
    const [backup] = backend.backups.list(backend.autoBackup.folder())
    expect(backup).toBeDefined()
    const bytes = readFileSync(backup?.file ?? '')
    expect(bytes.includes(Buffer.from(RFC_SECRET))).toBe(false)
    expect(bytes.includes(Buffer.from('11112222'))).toBe(false)

    // A new machine: a fresh vault (its own keychain item), the old keychain item long gone.
    const other = await newVault(join(folder.home, 'new-machine'))
    try {
      const result = await restoreBackup(bytes, recoveryKey.toLowerCase(), other.backend.transfer)
      expect(result).toEqual({ imported: 4, duplicates: 0 })
      const restored = Object.fromEntries(
        other.backend.queries.list().accounts.map((account) => [account.handle, account]),
      )
      expect(restored['acme.bakery']).toMatchObject({
        clientName: 'Acme Bakery',
        tags: ['vip'],
        methods: { sms: { phone: '+14155550123' }, backupCodes: { total: 2, unused: 1 } },
      })
      expect(other.backend.codes.codes([restored['acme.bakery']?.id ?? ''], 59_000)[0]?.code).toBe('287082')
      expect(restored['nordic.outdoors']).toMatchObject({
        platform: 'tiktok',
        methods: { sms: { phone: '+447911123456' } },
      })
      expect(other.backend.backupCodes.useNextBackupCode(restored['acme.bakery']?.id ?? '').code).toBe(
        '33334444',
      )
      // Restoring again changes nothing: everything is already there.
      expect(await restoreBackup(bytes, 'a long vault password', other.backend.transfer)).toEqual({
        imported: 0,
        duplicates: 4,
      })
    } finally {
      other.backend.close()
    }
  })

  it('refuses a backup with the wrong secret, and keeps only the newest N', async () => {
    const dir = join(folder.home, 'backups')
    const written = backend.backups.backupNow(dir, 3)
    await expect(
      restoreBackup(readFileSync(written.file), 'wrong secret', backend.transfer),
    ).rejects.toSatisfy(isTwofoldError)
    for (let n = 0; n < 5; n++) backend.backups.backupNow(dir, 3)
    expect(backend.backups.list(dir)).toHaveLength(3)
    expect(existsSync(written.file)).toBe(false)
    writeFileSync(join(dir, 'notes.txt'), 'not a backup')
    expect(backend.backups.list(dir)).toHaveLength(3)
  })
})
