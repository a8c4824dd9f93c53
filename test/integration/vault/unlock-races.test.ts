import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { IN_FLIGHT_LIMIT_MS } from '../../../electron/core/vault/unlock-throttle.ts'
import type { Vault } from '../../../electron/core/vault/vault.ts'
import { manualClock } from '../../support/temp-home.ts'
import { createVaultIn, vaultFolder, type VaultFolder } from '../../support/vault-workspace.ts'

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

describe('unlock attempts that arrive together', () => {
  let vaults: VaultFolder
  let clock: ReturnType<typeof manualClock>
  const vaultAt = () => vaults.open({ now: clock.now })
  async function createLocked(vault: Vault) {
    await createVaultIn(vault, PASSWORD)
    await vault.lock()
  }

  beforeEach(() => {
    vaults = vaultFolder()
    clock = manualClock()
  })
  afterEach(() => vaults.dispose())

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

  it('counts attempts a killed process left in flight as failed once they are a minute old', async () => {
    const vault = vaultAt()
    await createLocked(vault)
    // Five guessing processes killed mid-derivation leave their attempts behind.
    const raw = new Database(join(vaults.folder.home, 'vault.sqlite3'))
    const insert = raw.prepare('INSERT INTO unlock_attempts (id, started_at) VALUES (?, ?)')
    for (let i = 0; i < 5; i++) insert.run(`killed ${i}`, clock.now())
    raw.close()
    const unlocking = vault
      .unlock({ method: 'password', password: PASSWORD })
      .catch((error: unknown) => error)
    clock.advance(IN_FLIGHT_LIMIT_MS)
    expect(isTwofoldError(await unlocking, 'throttled')).toBe(true)
    expect((await vault.status()).failedAttempts).toBe(5)
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
