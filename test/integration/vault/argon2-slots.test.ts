import { randomBytes, randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seal } from '../../../electron/core/crypto/aead.ts'
import { DEFAULT_SCRYPT, deriveKeyFromPassword } from '../../../electron/core/crypto/password-kdf.ts'
import type { Vault } from '../../../electron/core/vault/vault.ts'
import { createVaultIn, vaultFolder, type VaultFolder } from '../../support/vault-workspace.ts'

const PASSWORD = 'correct horse battery staple'

describe('password slots on Argon2id', () => {
  let vaults: VaultFolder
  let vault: Vault
  beforeEach(() => {
    vaults = vaultFolder()
    vault = vaults.open()
  })
  afterEach(() => vaults.dispose())

  const slotSettings = (kind: string) =>
    JSON.parse(
      (
        vault.database().prepare('SELECT kdf_params FROM key_slots WHERE kind = ?').get(kind) as {
          kdf_params: string
        }
      ).kdf_params,
    ) as Record<string, unknown>

  it('makes new and changed password slots with Argon2id; the recovery slot keeps scrypt', async () => {
    await createVaultIn(vault, PASSWORD)
    expect(slotSettings('password')).toMatchObject({ algorithm: 'argon2id', memoryKiB: 65536, passes: 3 })
    expect(slotSettings('recovery')).toEqual(DEFAULT_SCRYPT)
    await vault.setPassword({ currentPassword: PASSWORD, newPassword: 'another long password' })
    expect(slotSettings('password')).toMatchObject({ algorithm: 'argon2id' })
  })

  it('still opens a scrypt password slot, and moves it to Argon2id on that unlock', async () => {
    await createVaultIn(vault, PASSWORD)
    // The slot as a Twofold from before Argon2 wrote it.
    const id = randomUUID()
    const salt = randomBytes(32)
    const wrapping = await deriveKeyFromPassword(Buffer.from(PASSWORD, 'utf8'), salt, DEFAULT_SCRYPT)
    const wrapped = seal(wrapping, { table: 'key_slots', row: id, column: 'wrapped_key' }, vault.requireKey())
    vault
      .database()
      .prepare(
        "UPDATE key_slots SET id = ?, kdf_params = ?, salt = ?, wrapped_key = ? WHERE kind = 'password'",
      )
      .run(id, JSON.stringify(DEFAULT_SCRYPT), salt, wrapped)
    await vault.lock()

    expect((await vault.unlock({ method: 'password', password: PASSWORD })).state).toBe('unlocked')
    expect(slotSettings('password')).toMatchObject({ algorithm: 'argon2id' })
    await vault.lock()
    expect((await vault.unlock({ method: 'password', password: PASSWORD })).state).toBe('unlocked')
  })
})
