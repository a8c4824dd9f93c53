import { AsyncEntry, findCredentials } from '@napi-rs/keyring'
import { randomBytes } from 'node:crypto'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBackend, type Backend } from '../electron/core/app-backend.ts'
import { OsKeychain } from '../electron/core/vault/os-keychain.ts'
import { vaultFile } from '../electron/core/vault/vault-home.ts'

/** Used only when no Secret Service is reachable: the vault then needs a password slot. */
const FALLBACK_PASSWORD = 'bench: no keychain on this machine'

/**
 * The benchmark's vault: a throwaway folder and, where the Secret Service answers, a throwaway
 * keychain service, so the real keychain is exercised without touching anyone's items. Without a
 * keychain the vault gets a password instead; the figures that need the keychain say so.
 */
export class BenchVault {
  readonly home: string
  readonly keychainService: string
  readonly keychain: OsKeychain
  /** Null when the keychain holds the vault key; the password otherwise. */
  readonly password: string | null
  readonly #copies: string[] = []

  private constructor(home: string, keychainService: string, password: string | null) {
    this.home = home
    this.keychainService = keychainService
    this.keychain = new OsKeychain(keychainService)
    this.password = password
  }

  static async create(): Promise<BenchVault> {
    const service = `Twofold-bench-${randomBytes(6).toString('hex')}`
    const usesKeychain = await new OsKeychain(service).isAvailable()
    const vault = new BenchVault(
      mkdtempSync(join(tmpdir(), 'twofold-bench-')),
      service,
      usesKeychain ? null : FALLBACK_PASSWORD,
    )
    const backend = vault.open()
    try {
      const { creationId, recoveryKey } = await backend.vault.prepareCreate()
      await backend.vault.create({
        creationId,
        recoveryKeyConfirmation: recoveryKey,
        ...(vault.password === null ? {} : { password: vault.password }),
      })
    } finally {
      backend.close()
    }
    return vault
  }

  get usesKeychain(): boolean {
    return this.password === null
  }

  /** A backend on this vault (or on a copy's folder), locked, as the app has right after starting. */
  open(home = this.home): Backend {
    return createBackend({ home, keychain: this.keychain })
  }

  async unlock(backend: Backend): Promise<void> {
    await backend.vault.unlock(
      this.password === null ? { method: 'keychain' } : { method: 'password', password: this.password },
    )
  }

  async openUnlocked(home = this.home): Promise<Backend> {
    const backend = this.open(home)
    await this.unlock(backend)
    return backend
  }

  /**
   * A copy of the vault file in a folder of its own (same vault id, so the same keychain item opens
   * it), for work that changes the vault and must start from the same state each run. Every backend
   * on the original must be closed first, so the file holds everything (no pending WAL).
   */
  copy(): string {
    const home = mkdtempSync(join(tmpdir(), 'twofold-bench-copy-'))
    cpSync(vaultFile(this.home), vaultFile(home))
    this.#copies.push(home)
    return home
  }

  removeCopy(home: string): void {
    rmSync(home, { recursive: true, force: true })
  }

  async cleanup(): Promise<void> {
    for (const home of [this.home, ...this.#copies]) rmSync(home, { recursive: true, force: true })
    if (!this.usesKeychain) return
    for (const credential of findCredentials(this.keychainService)) {
      await new AsyncEntry(this.keychainService, credential.account, { linux: { store: 'secret-service' } })
        .deleteCredential()
        .catch(() => false)
    }
  }
}

/** A call through the backend's dispatcher, as a window makes it; a refusal stops the bench. */
export async function answerOf(backend: Backend, channel: string, request: unknown): Promise<unknown> {
  const answer = await backend.dispatch(channel, request)
  if (!answer.ok) throw new Error(`${channel}: the core refused: ${answer.error.code}`)
  return answer.value
}
