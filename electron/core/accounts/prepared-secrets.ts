import { PreparedSecret } from '../engine/prepared-secret.ts'
import type { AccountStore } from './account-store.ts'

/**
 * Each secret is decrypted and decoded once per unlock and kept as bytes, since codes are recomputed
 * every second for every visible account. Everything here is wiped when the vault locks and when an
 * account's authenticator changes.
 */
export class PreparedSecrets {
  readonly #store: () => AccountStore
  readonly #secrets = new Map<string, PreparedSecret | null>()

  constructor(store: () => AccountStore) {
    this.#store = store
  }

  get(accountId: string): PreparedSecret | null {
    if (this.#secrets.has(accountId)) return this.#secrets.get(accountId) ?? null
    const stored = this.#store().readAuthenticator(accountId)
    if (!stored) {
      this.#secrets.set(accountId, null)
      return null
    }
    try {
      const prepared = PreparedSecret.fromBytes(stored.params, stored.secret)
      this.#secrets.set(accountId, prepared)
      return prepared
    } finally {
      stored.secret.fill(0)
    }
  }

  forget(accountId: string): void {
    this.#secrets.get(accountId)?.wipe()
    this.#secrets.delete(accountId)
  }

  wipeAll(): void {
    for (const secret of this.#secrets.values()) secret?.wipe()
    this.#secrets.clear()
  }
}
