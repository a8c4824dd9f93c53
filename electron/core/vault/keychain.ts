/**
 * The OS keychain, behind one small interface so the vault does not care which platform it runs on
 * and tests can point it at a throwaway service name. Keychain material never leaves the main process.
 */
export interface Keychain {
  /** Service name the items are filed under (`Twofold` in the app). */
  readonly service: string
  /** True when an item can be written here now; false on a headless Linux without a Secret Service. */
  isAvailable(): Promise<boolean>
  /**
   * True when items can be read here now: one lookup, nothing written. Enough to know whether a
   * keychain slot can unlock, and cheaper than `isAvailable`'s write and delete.
   */
  isReadable(): Promise<boolean>
  /** The stored bytes, or null when there is no such item. Throws KeychainUnavailableError. */
  read(account: string): Promise<Buffer | null>
  write(account: string, secret: Uint8Array): Promise<void>
  /** True when an item was removed. */
  remove(account: string): Promise<boolean>
}

export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError'
}

export const KEYCHAIN_SERVICE = 'Twofold'

export function keychainAccountForVault(vaultId: string): string {
  return `vault:${vaultId}`
}
