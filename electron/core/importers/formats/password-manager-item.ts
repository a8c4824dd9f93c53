import type { PlatformId } from '../../../../shared/domain/platforms.ts'
import type { ImportedEntry } from '../imported-entry.ts'
import { entryFromBitwardenTotp } from './bitwarden-totp.ts'

// What every password manager's item gives Twofold: a title, a login username, a web address, the
// folder/vault/group it sits in and a note, around one TOTP field. The TOTP field follows Bitwarden's
// rules (an otpauth:// link, `steam://SECRET`, or a bare Base32 secret taken as TOTP SHA1/6/30), which
// 1Password, Proton Pass, Dashlane and LastPass all share. Passwords are never read: the readers do
// not even look at the password field.

export interface PasswordManagerItem {
  title: string | undefined
  username: string | undefined
  url: string | undefined
  group: string | undefined
  note: string | undefined
}

/** Web hosts of the platforms Twofold knows, so a login for instagram.com lands on Instagram. */
const PLATFORM_HOSTS: readonly [RegExp, PlatformId][] = [
  [/(^|\.)instagram\.com$/, 'instagram'],
  [/(^|\.)(facebook\.com|fb\.com|messenger\.com)$/, 'facebook'],
  [/(^|\.)tiktok\.com$/, 'tiktok'],
  [/(^|\.)(x\.com|twitter\.com)$/, 'x'],
  [/(^|\.)google\.com$/, 'google'],
]

/** The host of a login's web address, without `www.`; undefined when it is not a web address. */
export function hostOf(url: string | undefined): string | undefined {
  const text = url?.trim()
  if (text === undefined || text === '' || text.length > 2048) return undefined
  try {
    // Password managers store bare hosts too ("instagram.com"): give those a scheme to parse.
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined
    const host = parsed.hostname.toLowerCase().replace(/^www\./, '')
    return host === '' ? undefined : host
  } catch {
    return undefined
  }
}

export function platformOfUrl(url: string | undefined): PlatformId | undefined {
  const host = hostOf(url)
  if (host === undefined) return undefined
  return PLATFORM_HOSTS.find(([pattern]) => pattern.test(host))?.[1]
}

/**
 * The entry for one TOTP field of an item. The title is the issuer when the field names none (the
 * login's host when the item has no title), the username the account name, the web address picks the
 * platform when it is one Twofold knows.
 */
export function entryFromPasswordManagerTotp(totp: string, item: PasswordManagerItem): ImportedEntry {
  const title = item.title?.trim()
  const entry = entryFromBitwardenTotp(totp, {
    name: title === undefined || title === '' ? hostOf(item.url) : title,
    username: item.username,
    folder: item.group,
    notes: item.note,
  })
  const platform = platformOfUrl(item.url)
  return platform === undefined ? entry : { ...entry, platform }
}

/** A string field of parsed JSON, or undefined for anything else. */
export function stringField(record: unknown, key: string): string | undefined {
  if (typeof record !== 'object' || record === null || !Object.hasOwn(record, key)) return undefined
  const value = (record as Record<string, unknown>)[key]
  return typeof value === 'string' ? value : undefined
}

/** An array field of parsed JSON, or an empty array. */
export function arrayField(record: unknown, key: string): unknown[] {
  if (typeof record !== 'object' || record === null || !Object.hasOwn(record, key)) return []
  const value = (record as Record<string, unknown>)[key]
  return Array.isArray(value) ? value : []
}

/** An object field of parsed JSON, or undefined. */
export function objectField(record: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof record !== 'object' || record === null || !Object.hasOwn(record, key)) return undefined
  const value = (record as Record<string, unknown>)[key]
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** The first of these that is non-empty after trimming. */
export function firstText(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '')
}
