import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  appPreferencesSchema,
  defaultAppPreferences,
  type AppPreferences,
} from '../../../shared/domain/preferences.ts'
import { TwofoldError } from '../errors.ts'
import { writeFileAtomically } from '../files/write-file-atomically.ts'
import { toStorageError } from '../store/storage-errors.ts'

export const PREFERENCES_FILE = 'preferences.json'

/**
 * How the app behaves on this computer — hotkey, clipboard clearing, idle lock, login item, screen
 * capture. Nothing here is secret, and all of it is needed before the vault is unlocked, so it lives
 * in a plain file beside the vault rather than inside it.
 */
export class AppPreferencesStore {
  readonly #file: string
  readonly #home: string

  constructor(home: string) {
    this.#home = home
    this.#file = join(home, PREFERENCES_FILE)
  }

  read(): AppPreferences {
    if (!existsSync(this.#file)) return defaultAppPreferences
    try {
      const stored: unknown = JSON.parse(readFileSync(this.#file, 'utf8'))
      // Field by field, so one bad value (hand-edited, from a newer version) loses only itself.
      const merged: Record<string, unknown> = { ...defaultAppPreferences }
      if (stored && typeof stored === 'object') {
        for (const [key, value] of Object.entries(stored)) {
          const field = appPreferencesSchema.shape[key as keyof AppPreferences]
          if (field?.safeParse(value).success) merged[key] = value
        }
      }
      return appPreferencesSchema.parse(merged)
    } catch {
      return defaultAppPreferences
    }
  }

  update(patch: Partial<AppPreferences>): AppPreferences {
    const next = appPreferencesSchema.safeParse({ ...this.read(), ...patch })
    if (!next.success)
      throw new TwofoldError('invalid-request', 'That preference has a value Twofold cannot use.')
    try {
      mkdirSync(this.#home, { recursive: true, mode: 0o700 })
      // A crash leaves the old file or the new one, never half of one.
      writeFileAtomically(this.#file, `${JSON.stringify(next.data, null, 2)}\n`)
    } catch (error) {
      throw toStorageError(error, this.#home)
    }
    return next.data
  }
}
