import type { VaultStatus } from '../../../shared/domain/vault.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'

/**
 * Whether the vault is unlocked: the key while it is (nowhere in memory otherwise, and wiped in place
 * on lock), and who hears when that changes. Every lock starts a new generation, so work that read
 * the generation before a slow step (deriving a key from a password) can tell a lock came meanwhile.
 */
export class VaultSession {
  #key: Buffer | null = null
  #generation = 0
  /** The file's `data_version` when the key was last found to still be the vault's (see Vault.requireSealingKey). */
  #keyCheckedAt: number | null = null
  readonly #listeners = new Set<(status: VaultStatus) => void>()

  get key(): Buffer | null {
    return this.#key
  }

  get generation(): number {
    return this.#generation
  }

  requireKey(): Buffer {
    if (!this.#key) throw new TwofoldError('vault-locked', 'The vault is locked. Unlock it first.')
    return this.#key
  }

  /** A lock came after `generation` was read: what was derived since must be wiped, not kept. */
  lockedSince(generation: number): boolean {
    return generation !== this.#generation
  }

  /** `key` is still the live key: neither wiped by a lock nor replaced by a password change. */
  holds(key: Buffer): boolean {
    return this.#key === key
  }

  hold(key: Buffer): void {
    this.#key = key
  }

  /** The password changed: the new vault key takes over and the old one is wiped. */
  replace(newKey: Buffer): void {
    const oldKey = this.#key
    this.#key = newKey
    wipe(oldKey)
  }

  /** Wipes the key and starts a new generation; true when there was a key to wipe. */
  lock(): boolean {
    const wasUnlocked = this.#key !== null
    this.#generation++
    this.#keyCheckedAt = null
    wipe(this.#key)
    this.#key = null
    return wasUnlocked
  }

  isKeyCheckedAt(dataVersion: number): boolean {
    return this.#keyCheckedAt === dataVersion
  }

  markKeyCheckedAt(dataVersion: number): void {
    this.#keyCheckedAt = dataVersion
  }

  onStateChanged(listener: (status: VaultStatus) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Tells every listener, even when one fails (a window must hear that the vault locked even if the
   * audit log could not record it), then throws the first failure.
   */
  tell(status: VaultStatus): void {
    const failures: unknown[] = []
    for (const listener of this.#listeners) {
      try {
        listener(status)
      } catch (error) {
        failures.push(error)
      }
    }
    if (failures.length > 0) throw failures[0]
  }
}
