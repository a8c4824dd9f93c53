import { PreparedSecret } from '../engine/prepared-secret.ts'
import type { AccountStore } from './account-store.ts'
import type { SealedAuthenticator } from './authenticator-rows.ts'

/**
 * Each secret is decrypted and decoded once per unlock and kept as bytes, since codes are recomputed
 * every second for every visible account. Everything here is wiped when the vault locks and when an
 * account's authenticator changes.
 *
 * A window asks for the rows it shows, so the first secrets are read one query each. Past a few
 * pages' worth (the popup, the manager scrolled, a request for 1,000 codes) every sealed authenticator
 * is read in one query instead and each opened when its code is first wanted: one query per account
 * made the first codes of a 10,000-account vault take seconds, where reading them all takes 15 ms.
 * Sealed values are not secret, so holding them costs nothing but memory.
 */
const READ_ALL_AFTER = 100

export class PreparedSecrets {
  readonly #store: () => AccountStore
  readonly #secrets = new Map<string, PreparedSecret | null>()
  #sealed: Map<string, SealedAuthenticator> | null = null
  #readOneByOne = 0

  constructor(store: () => AccountStore) {
    this.#store = store
  }

  get(accountId: string): PreparedSecret | null {
    if (this.#secrets.has(accountId)) return this.#secrets.get(accountId) ?? null
    const store = this.#store()
    if (this.#sealed === null && ++this.#readOneByOne > READ_ALL_AFTER)
      this.#sealed = store.sealedAuthenticators()
    const sealed = this.#sealed?.get(accountId)
    // A row that fails to open is read afresh next time, in case it was put right since.
    this.#sealed?.delete(accountId)
    // An account added since the sealed values were read is looked up on its own.
    const stored = sealed ? store.openAuthenticator(sealed) : store.readAuthenticator(accountId)
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
    this.#sealed?.delete(accountId)
  }

  wipeAll(): void {
    for (const secret of this.#secrets.values()) secret?.wipe()
    this.#secrets.clear()
    this.#sealed = null
    this.#readOneByOne = 0
  }
}
