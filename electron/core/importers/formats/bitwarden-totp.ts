import { entryFromOtpAuthUri, otpEntry, type EntryText } from '../build-entry.ts'
import type { ImportedEntry } from '../imported-entry.ts'

// Bitwarden's TOTP field, shared by its JSON and CSV exports. It holds one of three things: an
// otpauth:// link, `steam://` followed by a Base32 secret, or a bare Base32 secret (TOTP, SHA1, 6
// digits, 30 seconds, as Bitwarden itself assumes).

/** What the Bitwarden item says around its TOTP field. */
export interface BitwardenItem {
  name: string | undefined
  username: string | undefined
  folder: string | undefined
  notes: string | undefined
}

export function entryFromBitwardenTotp(totp: string, item: BitwardenItem): ImportedEntry {
  // The item's own name is what a person recognises, so it is the issuer when the link names none;
  // the login's username is the account name in the same way.
  const text: EntryText = {
    issuer: item.name,
    accountName: item.username,
    group: item.folder,
    note: item.notes,
  }
  const value = totp.trim()
  if (/^otpauth:/i.test(value)) return entryFromOtpAuthUri(value, text)
  if (/^steam:\/\//i.test(value))
    return otpEntry(text, { kind: 'steam' }, { base32: value.slice('steam://'.length) })
  return otpEntry(text, { kind: 'totp' }, { base32: value })
}
