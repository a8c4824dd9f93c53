import type Database from 'better-sqlite3'
import { vaultSettingsSchema, type VaultSettings } from '../../../shared/domain/views.ts'
import { TwofoldError } from '../errors.ts'

/** Settings kept in the vault, so the app and the CLI agree. */
export const defaultVaultSettings: VaultSettings = {
  defaultPhoneRegion: null,
  lowBackupCodeThreshold: 2,
  theme: 'system',
}

export class SettingsStore {
  readonly #db: Database.Database

  constructor(db: Database.Database) {
    this.#db = db
  }

  read(): VaultSettings {
    const rows = this.#db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]
    const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]))
    const merged = vaultSettingsSchema.safeParse({ ...defaultVaultSettings, ...stored })
    return merged.success ? merged.data : defaultVaultSettings
  }

  update(patch: Partial<VaultSettings>): VaultSettings {
    const next = vaultSettingsSchema.safeParse({ ...this.read(), ...patch })
    if (!next.success)
      throw new TwofoldError('invalid-request', 'That setting has a value Twofold cannot use.')
    const upsert = this.#db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    this.#db.transaction(() => {
      for (const [key, value] of Object.entries(next.data)) upsert.run(key, JSON.stringify(value))
    })()
    return next.data
  }
}
