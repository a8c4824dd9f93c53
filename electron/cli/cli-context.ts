import { readFileSync } from 'node:fs'
import type { AppPreferences } from '../../shared/domain/preferences.ts'
import type { AccountServices } from '../core/accounts/account-services.ts'
import { createBackend, type Backend } from '../core/app-backend.ts'
import { headlessDesktop } from '../core/ipc/desktop-handlers.ts'
import { TwofoldError } from '../core/errors.ts'
import { OsKeychain } from '../core/vault/os-keychain.ts'
import { defaultVaultHome } from '../core/vault/vault-home.ts'
import type { Vault } from '../core/vault/vault.ts'

export interface GlobalOptions {
  vault?: string
  json?: boolean
  passwordStdin?: boolean
  /** The first stdin line is the recovery key: the way in when the keychain item or password is lost. */
  recoveryKeyStdin?: boolean
}

/**
 * What every command needs: the vault folder (`--vault`, else TWOFOLD_HOME, else the app's folder),
 * stdin read once (a password on its first line when `--password-stdin` is given), and the vault
 * opened and unlocked the same way the app does it, through the app's own backend: the CLI's writes go
 * through the same guards and into the same change journal the app reads.
 */
export class CliContext {
  readonly options: GlobalOptions
  readonly backend: Backend
  readonly vault: Vault
  readonly services: AccountServices
  #stdin: string[] | null = null
  /** Lines of stdin already taken (the vault's password, when it asked for one). */
  #taken = 0

  constructor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
    this.options = options
    const home = options.vault ?? defaultVaultHome(env)
    this.backend = createBackend({
      home,
      keychain: new OsKeychain(env.TWOFOLD_KEYCHAIN_SERVICE || undefined),
      desktop: headlessDesktop,
    })
    this.vault = this.backend.vault
    this.services = this.backend
  }

  /** Lines of stdin not yet taken as a password: backup codes to store, say. */
  stdinLines(): string[] {
    this.#readStdin()
    return (this.#stdin ?? []).slice(this.#taken)
  }

  /**
   * A secret that is not the vault's — a file's password, a recovery key: the next line of stdin, so
   * the first line when the vault has no password and the second when it has one.
   */
  secondSecret(what: string): string {
    const secret = this.stdinLines()[0] ?? ''
    if (!secret)
      throw new TwofoldError(
        'invalid-request',
        `No ${what} arrived on stdin (one per line, with --password-stdin).`,
      )
    this.#taken++
    return secret
  }

  /**
   * A secret given with a `--…-stdin` flag rather than in argv, where `ps` and shell history see it:
   * the next line of stdin, after the vault's password or recovery key when one was read.
   */
  stdinSecret(what: string, flag: string): string {
    const secret = this.stdinLines()[0]?.trim() ?? ''
    if (!secret)
      throw new TwofoldError(
        'invalid-request',
        `No ${what} arrived on stdin for ${flag} (after the vault password, when --password-stdin is given).`,
      )
    this.#taken++
    return secret
  }

  /** The vault's password: the first line of stdin, taken once. */
  password(): string | undefined {
    if (!this.options.passwordStdin) return undefined
    this.#readStdin()
    const password = this.#stdin?.[0] ?? ''
    if (!password) throw new TwofoldError('wrong-password', 'No password arrived on stdin.')
    this.#taken = Math.max(this.#taken, 1)
    return password
  }

  /**
   * Unlocks as the app would: the recovery key when asked to, the password when the vault has one,
   * else the keychain.
   */
  async unlock(): Promise<void> {
    const status = await this.vault.status()
    if (status.state === 'absent') {
      throw new TwofoldError(
        'vault-absent',
        `There is no vault in ${this.vault.home}. Create one with: twofold init`,
      )
    }
    if (this.options.recoveryKeyStdin) {
      this.#readStdin()
      const recoveryKey = this.#stdin?.[0] ?? ''
      if (!recoveryKey) throw new TwofoldError('wrong-recovery-key', 'No recovery key arrived on stdin.')
      this.#taken = Math.max(this.#taken, 1)
      await this.vault.unlock({ method: 'recovery', recoveryKey })
      return
    }
    if (status.slots.password) {
      const password = this.password()
      if (password === undefined) {
        throw new TwofoldError(
          'password-required',
          'This vault has a password: pass it on stdin with --password-stdin.',
        )
      }
      await this.vault.unlock({ method: 'password', password })
      return
    }
    await this.vault.unlock({ method: 'keychain' })
  }

  /** The id of the client a person named (any case), or undefined when they named none. */
  clientId(name: string | undefined): string | undefined {
    if (!name) return undefined
    const client = this.services.queries
      .clients()
      .find((entry) => entry.name.toLowerCase() === name.toLowerCase())
    if (!client) throw new TwofoldError('client-not-found', `There is no client named "${name}".`)
    return client.id
  }

  preferences(): AppPreferences {
    return this.backend.preferences.read()
  }

  close(): void {
    this.backend.close()
  }

  #readStdin(): void {
    if (this.#stdin !== null) return
    let text: string
    try {
      text = readFileSync(0, 'utf8')
    } catch {
      // No stdin at all (closed or a terminal that refuses reads): the same as empty.
      text = ''
    }
    this.#stdin = text.split(/\r?\n/)
    while (this.#stdin.length > 0 && this.#stdin.at(-1) === '') this.#stdin.pop()
  }
}
