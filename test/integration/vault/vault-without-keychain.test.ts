import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { OsKeychain } from '../../../electron/core/vault/os-keychain.ts'
import { Vault } from '../../../electron/core/vault/vault.ts'
import { tempHome } from '../../support/temp-home.ts'

/**
 * Runs in its own Vitest project whose setup points D-Bus at a socket that does not exist (see
 * test/support/without-secret-service.ts): the real keychain code meets a machine with no keychain.
 */
describe('a vault on a machine without a keychain', () => {
  let folder: ReturnType<typeof tempHome>
  let vault: Vault
  beforeEach(() => {
    folder = tempHome()
    vault = new Vault({ home: folder.home, keychain: new OsKeychain('Twofold-test-unreachable') })
  })
  afterEach(() => {
    vault.close()
    folder.remove()
  })

  it('asks for a password and says why, never falling back to plaintext', async () => {
    expect((await vault.status()).keychain).toBe('unavailable')
    const { creationId, recoveryKey, passwordRequired } = await vault.prepareCreate()
    expect(passwordRequired).toBe(true)
    try {
      await vault.create({ creationId, recoveryKeyConfirmation: recoveryKey })
      throw new Error('expected a refusal')
    } catch (error) {
      expect(isTwofoldError(error, 'password-required')).toBe(true)
      expect((error as Error).message).toMatch(/No system keychain is available/)
    }
    const status = await vault.create({
      creationId,
      recoveryKeyConfirmation: recoveryKey,
      password: 'a long enough password',
    })
    expect(status).toMatchObject({
      state: 'unlocked',
      keychain: 'unavailable',
      slots: { keychain: false, password: true, recovery: true },
    })
  })

  it('unlocks with the password, and will not drop the only everyday unlock', async () => {
    const { creationId, recoveryKey } = await vault.prepareCreate()
    await vault.create({
      creationId,
      recoveryKeyConfirmation: recoveryKey,
      password: 'a long enough password',
    })
    await vault.lock()
    try {
      await vault.unlock({ method: 'keychain' })
      throw new Error('expected a refusal')
    } catch (error) {
      expect(isTwofoldError(error, 'slot-missing')).toBe(true)
    }
    await vault.unlock({ method: 'password', password: 'a long enough password' })
    try {
      await vault.removePassword({ currentPassword: 'a long enough password' })
      throw new Error('expected a refusal')
    } catch (error) {
      expect(isTwofoldError(error, 'last-slot')).toBe(true)
    }
  })
})
