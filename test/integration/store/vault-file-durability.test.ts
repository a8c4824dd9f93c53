import { statSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../electron/core/store/open-database.ts'
import type { Vault } from '../../../electron/core/vault/vault.ts'
import { createVaultIn, vaultFolder, type VaultFolder } from '../../support/vault-workspace.ts'

/** SQLite's number for `synchronous = FULL`. */
const FULL = 2

describe('the vault file on disk', () => {
  let vaults: VaultFolder
  beforeEach(() => {
    vaults = vaultFolder()
  })
  afterEach(() => vaults.dispose())

  async function created(): Promise<Vault> {
    const vault = vaults.open()
    await createVaultIn(vault, 'a long enough password')
    return vault
  }

  it('syncs every commit (synchronous=FULL), so a "backup code used" survives a power cut', async () => {
    const vault = await created()
    expect(vault.database().pragma('synchronous', { simple: true })).toBe(FULL)
    const other = openDatabase(vault.file, { mustExist: true })
    try {
      expect(other.pragma('synchronous', { simple: true })).toBe(FULL)
    } finally {
      other.close()
    }
  })

  it('is readable by its owner alone, with its -wal and -shm, even in a folder that already existed', async () => {
    const previous = process.umask(0o022)
    try {
      const vault = await created()
      vault.database().prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run()
      for (const suffix of ['', '-wal', '-shm']) {
        expect((statSync(vault.file + suffix).mode & 0o777).toString(8), suffix || 'vault file').toBe('600')
      }
    } finally {
      process.umask(previous)
    }
  })
})
