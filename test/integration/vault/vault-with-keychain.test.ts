import Database from 'better-sqlite3'
import { readFileSync, existsSync } from 'node:fs'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseRecoveryKey } from '../../../electron/core/crypto/recovery-key.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { keychainAccountForVault } from '../../../electron/core/vault/keychain.ts'
import { Vault } from '../../../electron/core/vault/vault.ts'
import {
  keychainIsReachable,
  throwawayKeychain,
  type ThrowawayKeychain,
} from '../../support/real-keychain.ts'
import { manualClock, tempHome } from '../../support/temp-home.ts'

const reachable = await keychainIsReachable()
const PASSWORD = 'correct horse battery staple'

async function expectCode(promise: Promise<unknown>, code: string): Promise<Error> {
  try {
    await promise
  } catch (error) {
    expect(isTwofoldError(error) ? error.code : error).toBe(code)
    return error as Error
  }
  throw new Error(`expected ${code}`)
}

describe.skipIf(!reachable)('a vault keyed by the real OS keychain', () => {
  let folder: ReturnType<typeof tempHome>
  let keys: ThrowawayKeychain
  let clock: ReturnType<typeof manualClock>
  const open: Vault[] = []
  const vaultAt = () => {
    const vault = new Vault({ home: folder.home, keychain: keys.keychain, now: clock.now })
    open.push(vault)
    return vault
  }
  async function createVault(vault: Vault, password?: string) {
    const { creationId, recoveryKey, passwordRequired } = await vault.prepareCreate()
    expect(passwordRequired).toBe(false)
    await vault.create({
      creationId,
      recoveryKeyConfirmation: recoveryKey,
      ...(password ? { password } : {}),
    })
    return recoveryKey
  }

  beforeAll(() => undefined)
  beforeEach(() => {
    folder = tempHome()
    keys = throwawayKeychain()
    clock = manualClock()
  })
  afterEach(async () => {
    for (const vault of open.splice(0)) vault.close()
    await keys.cleanup()
    folder.remove()
  })

  it('is absent on first run and writes nothing until created', async () => {
    const vault = vaultAt()
    const status = await vault.status()
    expect(status.state).toBe('absent')
    expect(status.keychain).toBe('available')
    await vault.prepareCreate()
    expect(existsSync(vault.file)).toBe(false)
    expect(keys.accounts()).toEqual([])
  })

  it('creates a vault only once the recovery key is typed back', async () => {
    const vault = vaultAt()
    const { creationId, recoveryKey } = await vault.prepareCreate()
    const wrong = recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))
    const error = await expectCode(
      vault.create({ creationId, recoveryKeyConfirmation: wrong }),
      'recovery-key-mismatch',
    )
    expect(error.message).not.toContain(recoveryKey)
    expect(existsSync(vault.file)).toBe(false)

    const status = await vault.create({ creationId, recoveryKeyConfirmation: recoveryKey.toLowerCase() })
    expect(status).toMatchObject({
      state: 'unlocked',
      slots: { keychain: true, password: false, recovery: true },
    })
    await expectCode(vault.create({ creationId, recoveryKeyConfirmation: recoveryKey }), 'vault-exists')
  })

  it('keeps exactly one keychain item per vault, named after the vault', async () => {
    const vault = vaultAt()
    await createVault(vault)
    const accounts = keys.accounts()
    expect(accounts).toHaveLength(1)
    expect(accounts[0]).toMatch(/^vault:[0-9a-f-]{36}$/)
  })

  it('overwrites the key bytes in memory on lock', async () => {
    const vault = vaultAt()
    await createVault(vault)
    const key = vault.requireKey()
    expect(key.some((byte) => byte !== 0)).toBe(true)
    const status = await vault.lock()
    expect(status.state).toBe('locked')
    expect(key.every((byte) => byte === 0)).toBe(true)
    await expectCode(
      Promise.resolve().then(() => vault.requireKey()),
      'vault-locked',
    )
  })

  it('unlocks from the keychain after a restart', async () => {
    await createVault(vaultAt())
    open[0]?.close()
    const restarted = vaultAt()
    expect((await restarted.status()).state).toBe('locked')
    const status = await restarted.unlock({ method: 'keychain' })
    expect(status.state).toBe('unlocked')
  })

  it('unlocks with the password, and refuses a wrong one in words', async () => {
    const vault = vaultAt()
    await createVault(vault, PASSWORD)
    await vault.lock()
    const error = await expectCode(
      vault.unlock({ method: 'password', password: 'wrong password!' }),
      'wrong-password',
    )
    expect(error.message).toBe('That password is wrong.')
    expect((await vault.status()).failedAttempts).toBe(1)
    expect((await vault.unlock({ method: 'password', password: PASSWORD })).state).toBe('unlocked')
    expect((await vault.status()).failedAttempts).toBe(0)
  })

  it('makes people wait after five failures, and the wait survives a restart', async () => {
    const vault = vaultAt()
    await createVault(vault, PASSWORD)
    await vault.lock()
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expectCode(
        vault.unlock({ method: 'password', password: `guess number ${attempt}` }),
        'wrong-password',
      )
    }
    vault.close()
    const restarted = vaultAt()
    const status = await restarted.status()
    expect(status.failedAttempts).toBe(5)
    expect(status.retryAfterMs).toBe(30_000)
    const refused = await expectCode(
      restarted.unlock({ method: 'password', password: PASSWORD }),
      'throttled',
    )
    expect(refused.message).toMatch(/Try again in 30 s/)
    clock.advance(30_000)
    expect((await restarted.unlock({ method: 'password', password: PASSWORD })).state).toBe('unlocked')
  })

  it('opens with the recovery key when the keychain item is gone, and puts the item back', async () => {
    const vault = vaultAt()
    const recoveryKey = await createVault(vault)
    await vault.lock()
    const [account] = keys.accounts()
    await keys.keychain.remove(account ?? '')
    const missing = await expectCode(vault.unlock({ method: 'keychain' }), 'keychain-item-missing')
    expect(missing.message).toMatch(/recovery key/)
    expect(
      (await vault.unlock({ method: 'recovery', recoveryKey: recoveryKey.replaceAll('-', ' ') })).state,
    ).toBe('unlocked')
    expect(keys.accounts()).toEqual([account])
    await vault.lock()
    expect((await vault.unlock({ method: 'keychain' })).state).toBe('unlocked')
  })

  it('refuses a keychain item that belongs to another vault', async () => {
    const vault = vaultAt()
    await createVault(vault)
    await vault.lock()
    const [account] = keys.accounts()
    await keys.keychain.write(account ?? '', Buffer.alloc(32, 7))
    await expectCode(vault.unlock({ method: 'keychain' }), 'keychain-key-mismatch')
  })

  it('keeps a password vault out of the keychain, so nobody at the computer can skip the password', async () => {
    const vault = vaultAt()
    await createVault(vault, PASSWORD)
    expect((await vault.status()).slots).toEqual({ keychain: false, password: true, recovery: true })
    expect(keys.accounts()).toEqual([])
    await vault.lock()
    await expectCode(vault.unlock({ method: 'keychain' }), 'slot-missing')
  })

  it('adds, changes and removes a password, moving the key out of and back into the keychain', async () => {
    const vault = vaultAt()
    await createVault(vault)
    await expectCode(vault.setPassword({ newPassword: 'short' }), 'weak-password')
    expect((await vault.setPassword({ newPassword: PASSWORD })).slots).toEqual({
      keychain: false,
      password: true,
      recovery: true,
    })
    expect(keys.accounts()).toEqual([])
    await expectCode(vault.setPassword({ newPassword: 'another long password' }), 'wrong-password')
    await vault.setPassword({ currentPassword: PASSWORD, newPassword: 'another long password' })
    await vault.lock()
    await expectCode(vault.unlock({ method: 'password', password: PASSWORD }), 'wrong-password')
    await vault.unlock({ method: 'password', password: 'another long password' })
    const status = await vault.removePassword({ currentPassword: 'another long password' })
    expect(status.slots).toEqual({ keychain: true, password: false, recovery: true })
    expect(keys.accounts()).toHaveLength(1)
    await vault.lock()
    expect((await vault.unlock({ method: 'keychain' })).state).toBe('unlocked')
  })

  it('never writes the key, the password or the recovery key in plain to the vault file', async () => {
    const vault = vaultAt()
    const recoveryKey = await createVault(vault, PASSWORD)
    const key = Buffer.from(vault.requireKey())
    vault.close()
    const bytes = Buffer.concat(
      ['', '-wal', '-shm']
        .filter((suffix) => existsSync(vault.file + suffix))
        .map((suffix) => readFileSync(vault.file + suffix)),
    )
    for (const secret of [
      key,
      Buffer.from(key.toString('hex')),
      Buffer.from(key.toString('base64')),
      Buffer.from(PASSWORD),
      Buffer.from(recoveryKey),
      Buffer.from(recoveryKey.replaceAll('-', '')),
      parseRecoveryKey(recoveryKey),
    ]) {
      expect(bytes.includes(secret)).toBe(false)
    }
  })

  it('refuses slots whose ciphertexts were swapped, and a flipped byte in a slot', async () => {
    const vault = vaultAt()
    const recoveryKey = await createVault(vault, PASSWORD)
    vault.close()
    const db = new Database(vault.file)
    const rows = db.prepare("SELECT kind, wrapped_key FROM key_slots WHERE kind != 'keychain'").all() as {
      kind: string
      wrapped_key: Buffer
    }[]
    const byKind = Object.fromEntries(rows.map((row) => [row.kind, row.wrapped_key]))
    const update = db.prepare('UPDATE key_slots SET wrapped_key = ? WHERE kind = ?')
    update.run(byKind.recovery, 'password')
    update.run(byKind.password, 'recovery')
    db.close()

    const reopened = vaultAt()
    await expectCode(reopened.unlock({ method: 'password', password: PASSWORD }), 'wrong-password')
    await expectCode(reopened.unlock({ method: 'recovery', recoveryKey }), 'wrong-recovery-key')
    reopened.close()

    // Swapped back, both open again: a refusal destroyed nothing.
    const repair = new Database(vault.file)
    const fix = repair.prepare('UPDATE key_slots SET wrapped_key = ? WHERE kind = ?')
    fix.run(byKind.password, 'password')
    fix.run(byKind.recovery, 'recovery')
    repair.close()
    clock.advance(60 * 60_000)
    const repaired = vaultAt()
    expect((await repaired.unlock({ method: 'recovery', recoveryKey })).state).toBe('unlocked')
  })

  it('files the key under the vault id', () => {
    expect(keychainAccountForVault('0b6c')).toBe('vault:0b6c')
  })
})
