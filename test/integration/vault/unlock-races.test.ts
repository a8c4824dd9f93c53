import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { Vault } from '../../../electron/core/vault/vault.ts'
import {
  keychainIsReachable,
  throwawayKeychain,
  type ThrowawayKeychain,
} from '../../support/real-keychain.ts'
import { manualClock, tempHome } from '../../support/temp-home.ts'

const reachable = await keychainIsReachable()
const PASSWORD = 'correct horse battery staple'
const HOUR = 60 * 60_000

/** The error code each attempt ended with ('ok' for an unlock that worked). */
async function outcomes(attempts: Promise<unknown>[]): Promise<string[]> {
  const settled = await Promise.allSettled(attempts)
  return settled.map((result) =>
    result.status === 'fulfilled'
      ? 'ok'
      : isTwofoldError(result.reason)
        ? result.reason.code
        : String(result.reason),
  )
}

function count(codes: string[], code: string): number {
  return codes.filter((candidate) => candidate === code).length
}

describe.skipIf(!reachable)('unlock attempts that arrive together', () => {
  let folder: ReturnType<typeof tempHome>
  let keys: ThrowawayKeychain
  let clock: ReturnType<typeof manualClock>
  const open: Vault[] = []
  const vaultAt = () => {
    const vault = new Vault({ home: folder.home, keychain: keys.keychain, now: clock.now })
    open.push(vault)
    return vault
  }
  async function createLocked(vault: Vault) {
    const { creationId, recoveryKey } = await vault.prepareCreate()
    await vault.create({ creationId, recoveryKeyConfirmation: recoveryKey, password: PASSWORD })
    await vault.lock()
  }

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

  it('tries at most five of thirty wrong passwords sent at once; the rest are told to wait', async () => {
    const vault = vaultAt()
    await createLocked(vault)
    const codes = await outcomes(
      Array.from({ length: 30 }, (_, i) =>
        vault.unlock({ method: 'password', password: `guess number ${i}` }),
      ),
    )
    expect(count(codes, 'wrong-password')).toBeLessThanOrEqual(5)
    expect(count(codes, 'throttled')).toBe(30 - count(codes, 'wrong-password'))
    expect((await vault.status()).state).toBe('locked')
  })

  it('shares one count between two openers of the same file (the app and the CLI)', async () => {
    const app = vaultAt()
    await createLocked(app)
    const cli = vaultAt()
    const codes = await outcomes(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? app : cli).unlock({ method: 'password', password: `guess number ${i}` }),
      ),
    )
    expect(count(codes, 'wrong-password')).toBeLessThanOrEqual(5)
    expect(count(codes, 'throttled')).toBeGreaterThanOrEqual(15)
    expect((await cli.status()).failedAttempts).toBe((await app.status()).failedAttempts)
  })

  it('never makes the owner wait longer than an hour when the clock jumps back', async () => {
    const vault = vaultAt()
    await createLocked(vault)
    for (let i = 0; i < 5; i++) {
      await vault.unlock({ method: 'password', password: `guess number ${i}` }).catch(() => undefined)
    }
    clock.advance(-10 * 24 * HOUR)
    expect((await vault.status()).retryAfterMs).toBeLessThanOrEqual(HOUR)
    const refusal = await vault
      .unlock({ method: 'password', password: PASSWORD })
      .catch((error: unknown) => error)
    expect(isTwofoldError(refusal, 'throttled')).toBe(true)
    clock.advance(HOUR)
    expect((await vault.unlock({ method: 'password', password: PASSWORD })).state).toBe('unlocked')
  })

  it('stays locked when a lock arrives while an unlock is still deriving its key', async () => {
    const vault = vaultAt()
    await createLocked(vault)
    const unlocking = vault.unlock({ method: 'password', password: PASSWORD })
    await vault.lock()
    await unlocking.catch(() => undefined)
    expect(vault.isUnlocked).toBe(false)
    expect((await vault.status()).state).toBe('locked')
  })
})
