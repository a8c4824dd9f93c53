import { findCredentials } from '@napi-rs/keyring'
import { randomBytes } from 'node:crypto'
import { OsKeychain } from '../../electron/core/vault/os-keychain.ts'
import type { TestKeychain } from './test-keychain.ts'

/**
 * The real OS keychain under a throwaway service name, so tests never touch a person's real items.
 * `.ci/run` provides one (GNOME Keyring in a private D-Bus session). Only for tests whose subject is
 * the OS keychain, or that hand the vault to another process (the CLI); the rest use memory-keychain.ts
 * and so run on machines without one.
 */
export type ThrowawayKeychain = TestKeychain<OsKeychain>

export function throwawayKeychain(): ThrowawayKeychain {
  const service = `Twofold-test-${randomBytes(6).toString('hex')}`
  const keychain = new OsKeychain(service)
  // The availability probe is the keychain's own item, never the vault's.
  const accounts = () =>
    findCredentials(service)
      .map((credential) => credential.account)
      .filter((account) => account !== '__availability-probe__')
  return {
    keychain,
    service,
    accounts,
    async cleanup() {
      for (const account of accounts()) await keychain.remove(account).catch(() => false)
    },
  }
}

/**
 * Whether the real keychain is here. On a developer machine without one the keychain tests skip with
 * one line; in CI a missing keychain is a broken setup, so it fails instead.
 */
export async function keychainIsReachable(): Promise<boolean> {
  const available = await new OsKeychain(`Twofold-test-probe-${randomBytes(4).toString('hex')}`).isAvailable()
  if (!available) {
    if (process.env.CI === 'true') {
      throw new Error(
        'CI=true but no Secret Service is reachable: run the tests inside .ci/run (dbus + gnome-keyring).',
      )
    }
    console.warn('skipping keychain tests: no OS keychain (Secret Service) is reachable on this machine')
  }
  return available
}
