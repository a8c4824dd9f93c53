import type { Keychain } from '../../electron/core/vault/keychain.ts'

/**
 * A keychain a test owns, in memory or on the real OS keychain under a throwaway service: the vault
 * helpers take either, and a test that looks at what the vault stored does not care which.
 */
export interface TestKeychain<K extends Keychain = Keychain> {
  keychain: K
  service: string
  /** Accounts currently stored under the service. */
  accounts(): string[]
  /** Leaves nothing behind under the service. */
  cleanup(): Promise<void>
}
