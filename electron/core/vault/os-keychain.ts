import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring'
import { copySecret, wipe } from '../crypto/secret-bytes.ts'
import { KEYCHAIN_SERVICE, KeychainUnavailableError, type Keychain } from './keychain.ts'

/**
 * The platform keychain through @napi-rs/keyring (keyring-rs): macOS Keychain, Windows Credential
 * Manager, and the Secret Service (GNOME Keyring, KWallet) on Linux. The async entry keeps D-Bus and
 * keychain prompts off the main thread.
 */

/**
 * On Linux, keyring-rs silently falls back to the kernel keyring when the Secret Service is missing.
 * That store forgets everything at logout or reboot, so a vault would look keychain-backed and then
 * fail to unlock tomorrow. Pinning the Secret Service turns that case into an honest "unavailable".
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } }
export class OsKeychain implements Keychain {
  readonly service: string

  constructor(service: string = KEYCHAIN_SERVICE) {
    this.service = service
  }

  async isAvailable(): Promise<boolean> {
    // A read can succeed on a keyring that refuses writes (locked, read-only): writing and removing a
    // probe item is the honest check.
    try {
      // With the store pinned, even creating an entry fails when the Secret Service is missing.
      const probe = new AsyncEntry(this.service, '__availability-probe__', ENTRY_OPTIONS)
      await probe.setPassword('probe')
      await probe.deleteCredential()
      return true
    } catch {
      return false
    }
  }

  async isReadable(): Promise<boolean> {
    try {
      // The probe item does not exist: the Secret Service answers "no such item" when it is there.
      await new AsyncEntry(this.service, '__availability-probe__', ENTRY_OPTIONS).getSecret()
      return true
    } catch {
      return false
    }
  }

  async read(account: string): Promise<Buffer | null> {
    let stored: number[] | null
    try {
      stored = await new AsyncEntry(this.service, account, ENTRY_OPTIONS).getSecret()
    } catch (error) {
      throw unavailable(error)
    }
    if (stored === null) return null
    const secret = copySecret(stored)
    wipe(stored)
    return secret
  }

  async write(account: string, secret: Uint8Array): Promise<void> {
    try {
      await new AsyncEntry(this.service, account, ENTRY_OPTIONS).setSecret(secret)
    } catch (error) {
      throw unavailable(error)
    }
  }

  async remove(account: string): Promise<boolean> {
    try {
      return await new AsyncEntry(this.service, account, ENTRY_OPTIONS).deleteCredential()
    } catch (error) {
      throw unavailable(error)
    }
  }
}

function unavailable(cause: unknown): KeychainUnavailableError {
  // The platform's own words help on a support ticket; they never include the secret.
  const detail = cause instanceof Error ? cause.message : String(cause)
  return new KeychainUnavailableError(`The system keychain could not be reached (${detail}).`)
}
