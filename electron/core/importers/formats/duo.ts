import { otpEntry } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { unreadable } from '../import-errors.ts'
import type { ImportedEntry } from '../imported-entry.ts'
import {
  entryArray,
  field,
  isJsonObject,
  optionalNumber,
  optionalString,
  readJsonFile,
  requiredObject,
  requiredString,
} from '../import-json.ts'
import type { FormatReader } from '../format-reader.ts'

// Duo Mobile's account store on a rooted phone: /data/data/com.duosecurity.duomobile/files/duokit/
// accounts.json, a JSON array of
//   {"accountType": "OtpAccount", "name", "otpGenerator": {"otpSecret": Base32, "counter"?}, "pkey", "logoUri", …}
// An `otpGenerator` with a counter is HOTP, without one TOTP; Duo uses SHA1, 6 digits and 30 s for
// both and stores no issuer (the name is all there is). The counter is read as stored, as Aegis does.
// Duo's own push accounts (Duo Security logins) have no otpGenerator secret that works elsewhere:
// they are listed as failed with that reason, never dropped.

const KIND = 'Duo Mobile account file'

/** A JSON array whose entries carry Duo's own `otpGenerator` (or its `accountType` and `pkey`). */
export function looksLikeDuo(json: unknown): boolean {
  if (!Array.isArray(json) || json.length === 0) return false
  const first: unknown = json[0]
  return (
    isJsonObject(first) &&
    typeof field(first, 'accountType') === 'string' &&
    (isJsonObject(field(first, 'otpGenerator')) || typeof field(first, 'pkey') === 'string')
  )
}

export function readDuo(bytes: Uint8Array): CollectedEntries {
  const items = entryArray(readJsonFile(bytes, KIND), `The ${KIND}`)
  return collectEntries((collector) => {
    for (const item of items) {
      const name = isJsonObject(item) ? field(item, 'name') : undefined
      collector.add(typeof name === 'string' ? name : '', () => entryOf(item))
    }
  })
}

function entryOf(item: unknown): ImportedEntry {
  if (!isJsonObject(item)) throw unreadable('this account is not an object')
  if (field(item, 'otpGenerator') === undefined || field(item, 'otpGenerator') === null) {
    throw unreadable('this is a Duo Push account: it has no code secret that works outside Duo Mobile')
  }
  const generator = requiredObject(item, 'otpGenerator', 'its code generator')
  const counter = optionalNumber(generator, 'counter', 'its counter')
  return otpEntry(
    { issuer: '', accountName: optionalString(item, 'name', 'its name') },
    counter === undefined ? { kind: 'totp' } : { kind: 'hotp', counter },
    { base32: requiredString(generator, 'otpSecret', 'its secret') },
  )
}

export const duoFormat: FormatReader = {
  detect: (sample) =>
    looksLikeDuo(sample.json) ||
    (sample.isBrokenJson && /^\s*\[\s*\{[^]{0,400}"otpGenerator"/.test(sample.text ?? '')),
  read: (bytes) => readDuo(bytes),
}
