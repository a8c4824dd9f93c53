import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../../electron/core/app-backend.ts'
import { restoreBackup } from '../../../electron/core/transfer/restore-backup.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { memoryKeychain } from '../../support/memory-keychain.ts'
import { tempHome } from '../../support/temp-home.ts'
import type { TestKeychain } from '../../support/test-keychain.ts'

/**
 * A restore knows accounts by the one identity rule (account-identity.ts), as an import does. Before,
 * a restore matched any two accounts of one platform and handle, so a backup holding "alice" on two
 * services of the generic platform brought only the first back.
 */
describe('restoring a backup knows each account by the one identity rule', () => {
  let folder: ReturnType<typeof tempHome>
  let keys: TestKeychain
  let timers: ReturnType<typeof manualTimers>
  const opened: Backend[] = []

  async function newVault(home: string) {
    const backend = createBackend({ home, keychain: keys.keychain, timers: timers.timers })
    opened.push(backend)
    const prepared = await backend.vault.prepareCreate()
    await backend.vault.create({
      creationId: prepared.creationId,
      recoveryKeyConfirmation: prepared.recoveryKey,
    })
    return { backend, recoveryKey: prepared.recoveryKey }
  }

  beforeEach(() => {
    folder = tempHome()
    keys = memoryKeychain()
    timers = manualTimers()
  })
  afterEach(async () => {
    for (const backend of opened.splice(0)) backend.close()
    await keys.cleanup()
    folder.remove()
  })

  it('brings back one handle on two generic services, and nothing twice', async () => {
    const { backend, recoveryKey } = await newVault(join(folder.home, 'old'))
    for (const [issuer, secret] of [
      ['GitHub', 'JBSWY3DPEHPK3PXP'],
      ['GitLab', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'],
    ] as const)
      backend.editing.add({
        platform: 'generic',
        handle: 'alice',
        issuer,
        authenticator: { source: 'manual', secret, type: 'totp', algorithm: 'SHA1', digits: 6, period: 30 },
      })
    backend.editing.add({ platform: 'instagram', handle: 'acme.bakery', sms: '+14155550123' })
    const written = backend.backups.backupNow(join(folder.home, 'backups'), 5)
    const bytes = readFileSync(written.file)

    // The same vault already holds every account: by id, whatever else changed.
    expect(await restoreBackup(bytes, recoveryKey, backend.transfer)).toEqual({ imported: 0, duplicates: 3 })

    const { backend: other } = await newVault(join(folder.home, 'new'))
    expect(await restoreBackup(bytes, recoveryKey, other.transfer)).toEqual({ imported: 3, duplicates: 0 })
    expect(
      other.queries
        .list()
        .accounts.map((account) => [account.issuer, account.handle])
        .sort(),
    ).toEqual([
      ['GitHub', 'alice'],
      ['GitLab', 'alice'],
      ['Instagram', 'acme.bakery'],
    ])
    expect(await restoreBackup(bytes, recoveryKey, other.transfer)).toEqual({ imported: 0, duplicates: 3 })
  })
})
