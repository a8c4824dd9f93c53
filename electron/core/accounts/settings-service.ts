import type { VaultSettings } from '../../../shared/domain/views.ts'
import { SettingsStore } from '../settings/settings-store.ts'
import type { Vault } from '../vault/vault.ts'

/** The settings stored in the unlocked vault (phone region, backup-code threshold, …). */
export class SettingsService {
  readonly #vault: Vault

  constructor(vault: Vault) {
    this.#vault = vault
  }

  read(): VaultSettings {
    return new SettingsStore(this.#vault.requireUnlockedDatabase()).read()
  }

  update(patch: Partial<VaultSettings>): VaultSettings {
    return new SettingsStore(this.#vault.requireUnlockedDatabase()).update(patch)
  }
}
