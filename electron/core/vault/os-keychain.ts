import { AsyncEntry } from '@napi-rs/keyring'
import { copySecret, wipe } from '../crypto/secret-bytes.ts'
import { KEYCHAIN_SERVICE, KeychainUnavailableError, type Keychain } from './keychain.ts'

/**
 * The platform keychain through @napi-rs/keyring (keyring-rs): macOS Keychain, Windows Credential
 * Manager, and the Secret Service (GNOME Keyring, KWallet) on Linux. The async entry keeps D-Bus and
 * keychain prompts off the main thread.
 */
export class OsKeychain implements Keychain {
  readonly service: string

  constructor(service: string = KEYCHAIN_SERVICE) {
    this.service = service
  }

  async isAvailable(): Promise<boolean> {
    // Reading cannot tell: with no Secret Service a read returns "no item" instead of failing.
    // Writing and removing a probe item is the only honest check.
    const probe = new AsyncEntry(this.service, '__availability-probe__')
    try {
      await probe.setPassword('probe')
      await probe.deleteCredential()
      return true
    } catch {
      return false
    }
  }

  async read(account: string): Promise<Buffer | null> {
    let stored: number[] | null
    try {
      stored = await new AsyncEntry(this.service, account).getSecret()
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
      await new AsyncEntry(this.service, account).setSecret(secret)
    } catch (error) {
      throw unavailable(error)
    }
  }

  async remove(account: string): Promise<boolean> {
    try {
      return await new AsyncEntry(this.service, account).deleteCredential()
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
