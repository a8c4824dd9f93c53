import type Database from 'better-sqlite3'
import { parseRecoveryKey } from '../crypto/recovery-key.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { bestEffort } from './best-effort.ts'
import { keyMatchesVault } from './key-check.ts'
import { readWrappedSlot, unwrapWrappedSlot } from './key-slots.ts'
import { FREE_ATTEMPTS, UnlockThrottle, type AttemptDecision, type ThrottleState } from './unlock-throttle.ts'

/** How often an attempt waiting for others' outcomes looks again: a derivation takes about a second. */
const WAIT_FOR_OTHERS_MS = 100

export type SecretKind = 'password' | 'recovery'

export type SecretUnlockRequest =
  { method: 'password'; password: string } | { method: 'recovery'; recoveryKey: string }

/**
 * Opening the vault key with the password or the recovery key. Each attempt is recorded in the vault
 * file before its key is derived and counted as failed if it opens nothing (UnlockThrottle); this
 * process derives one at a time.
 */
export class SecretUnlock {
  readonly #db: Database.Database
  readonly #vaultId: string
  readonly #now: () => number
  /** Password and recovery attempts wait here for the one before them. */
  #queue: Promise<void> = Promise.resolve()

  constructor(db: Database.Database, vaultId: string, now: () => number) {
    this.#db = db
    this.#vaultId = vaultId
    this.#now = now
  }

  throttleState(): ThrottleState {
    return this.#throttle().state()
  }

  /** The vault key the secret opens, checked against the vault; throws when it opens nothing. */
  async keyFrom(kind: SecretKind, secretText: string): Promise<Buffer> {
    // One derivation at a time per vault in this process; the count in the file covers other processes.
    const turn = this.#queue.then(() => this.#attempt(kind, secretText))
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    )
    return turn
  }

  /** The current password, counted like an unlock: a wrong one throws, and nothing is kept. */
  async verifyPassword(password: string | undefined): Promise<void> {
    if (password === undefined) {
      throw new TwofoldError('wrong-password', 'Enter the current password to change it.')
    }
    const key = await this.keyFrom('password', password)
    wipe(key)
  }

  async #attempt(kind: SecretKind, secretText: string): Promise<Buffer> {
    const slot = readWrappedSlot(this.#db, kind)
    // A recovery key that is not even well-formed is a typo, not a guess: it does not count.
    const secret = kind === 'recovery' ? parseRecoveryKey(secretText) : Buffer.from(secretText, 'utf8')
    let key: Buffer | null
    try {
      const throttle = this.#throttle()
      const decision = await this.#turn(throttle)
      if (!decision.allowed) throw throttled(decision.retryAfterMs)
      const { attemptId } = decision
      try {
        key = await unwrapWrappedSlot(slot, secret)
      } catch (error) {
        if (attemptId !== undefined) bestEffort(() => throttle.failed(attemptId))
        throw error
      }
      if (!key) {
        const after =
          (attemptId !== undefined ? bestEffort(() => throttle.failed(attemptId)) : undefined) ??
          throttle.state()
        throw wrongSecret(kind, after.failedAttempts, after.retryAfterMs)
      }
      // A reset that cannot be written only keeps the count stricter.
      bestEffort(() => throttle.succeeded(attemptId))
    } finally {
      wipe(secret)
    }
    if (!keyMatchesVault(this.#db, this.#vaultId, key)) {
      wipe(key)
      throw new TwofoldError(
        'vault-tampered',
        "The vault's key check failed: the file was altered. Nothing was unlocked.",
      )
    }
    return key
  }

  /**
   * This attempt's turn: at once, or after attempts other processes have in flight end (they end in
   * about a second, or count as failed after IN_FLIGHT_LIMIT_MS), or a refusal when a delay is due.
   */
  async #turn(throttle: UnlockThrottle): Promise<AttemptDecision> {
    for (;;) {
      // A full or read-only disk cannot take the count; it must still not keep people from their
      // codes. The check alone then holds, and the queue above keeps this process to one guess at a time.
      const decision = bestEffort(() => throttle.beginAttempt()) ?? checkOnly(throttle.state())
      if (!decision.waitForOthers) return decision
      await new Promise((resolve) => setTimeout(resolve, WAIT_FOR_OTHERS_MS))
    }
  }

  #throttle(): UnlockThrottle {
    return new UnlockThrottle(this.#db, this.#now)
  }
}

function checkOnly(state: ThrottleState): AttemptDecision {
  return { ...state, allowed: state.retryAfterMs === 0 }
}

function throttled(retryAfterMs: number): TwofoldError {
  const seconds = Math.ceil(retryAfterMs / 1000)
  return new TwofoldError('throttled', `Too many failed attempts. Try again in ${seconds} s.`, {
    retryAfterMs,
  })
}

function wrongSecret(kind: SecretKind, failedAttempts: number, retryAfterMs: number): TwofoldError {
  const what = kind === 'password' ? 'That password is wrong.' : 'That recovery key is wrong.'
  const left = FREE_ATTEMPTS - failedAttempts
  const tail =
    retryAfterMs > 0
      ? ` Too many failed attempts: wait ${Math.ceil(retryAfterMs / 1000)} s before trying again.`
      : left <= 2
        ? ` ${left} more ${left === 1 ? 'try' : 'tries'} before Twofold makes you wait.`
        : ''
  return new TwofoldError(kind === 'password' ? 'wrong-password' : 'wrong-recovery-key', what + tail, {
    ...(retryAfterMs > 0 ? { retryAfterMs } : {}),
  })
}
