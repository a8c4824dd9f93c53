import { randomBytes } from 'node:crypto'
import type { Keychain } from '../../electron/core/vault/keychain.ts'
import type { TestKeychain } from './test-keychain.ts'

/**
 * The OS keychain as the vault sees it, kept in this process's memory: suites whose subject is not the
 * keychain run on any machine, with or without a Secret Service, and always meet the same keychain.
 * The tests of OsKeychain itself, and anything that hands the vault to another process (the CLI),
 * stay on the real one (real-keychain.ts). Test-only: production code has no way to reach it.
 * A keychain that fails (a removal refused, say) is a wrapper around this one, as key-rotation's is.
 */
export class MemoryKeychain implements Keychain {
  readonly service: string
  readonly #items = new Map<string, Buffer>()

  constructor(service: string = `Twofold-memory-${randomBytes(6).toString('hex')}`) {
    this.service = service
  }

  isAvailable(): Promise<boolean> {
    return Promise.resolve(true)
  }

  isReadable(): Promise<boolean> {
    return Promise.resolve(true)
  }

  read(account: string): Promise<Buffer | null> {
    const stored = this.#items.get(account)
    // A copy, as the OS hands out: the vault wipes what it reads, and that must not wipe the item.
    return Promise.resolve(stored === undefined ? null : Buffer.from(stored))
  }

  write(account: string, secret: Uint8Array): Promise<void> {
    // A copy, as the OS keeps: the vault wipes its key after handing it over.
    this.#items.set(account, Buffer.from(secret))
    return Promise.resolve()
  }

  remove(account: string): Promise<boolean> {
    const stored = this.#items.get(account)
    if (stored === undefined) return Promise.resolve(false)
    stored.fill(0)
    this.#items.delete(account)
    return Promise.resolve(true)
  }

  /** The accounts stored now. */
  accounts(): string[] {
    return [...this.#items.keys()]
  }
}

/** A fresh in-memory keychain, in the shape the vault helpers take. */
export function memoryKeychain(): TestKeychain<MemoryKeychain> {
  const keychain = new MemoryKeychain()
  return {
    keychain,
    service: keychain.service,
    accounts: () => keychain.accounts(),
    async cleanup() {
      for (const account of keychain.accounts()) await keychain.remove(account)
    },
  }
}
