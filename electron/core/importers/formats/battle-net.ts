import { otpEntry } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { unreadable, unsupportedFormat } from '../import-errors.ts'
import {
  prefString,
  readSharedPrefs,
  sharedPrefsOfSample,
  type SharedPrefs,
} from '../android-shared-prefs.ts'
import type { FormatReader } from '../format-reader.ts'

// The Battle.net app's authenticator on a rooted phone: Android SharedPreferences at
// /data/data/com.blizzard.messenger/shared_prefs/com.blizzard.messenger.authenticator_preferences.xml.
// AUTHENTICATOR_DEVICE_SECRET and AUTHENTICATOR_SERIAL are hex, "encrypted" with
// AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE = MASK: XOR with a fixed 56-byte key that every copy of the
// app (and its old Battle.net Mobile Authenticator, and WinAuth) uses. Unmasked, the secret is itself
// hex text of the 20-byte TOTP key, and the serial reads like "US-1234-5678-9012". The codes are
// TOTP SHA1, 8 digits, 30 s. The serial becomes the account name, as the app shows it. Any other
// encryption type (a key in the phone's keystore) cannot be read off the phone: refused, saying so.

const KIND = 'Battle.net authenticator settings file'
const PREFIX = 'com.blizzard.messenger.'
const SECRET_KEY = `${PREFIX}AUTHENTICATOR_DEVICE_SECRET`
const SERIAL_KEY = `${PREFIX}AUTHENTICATOR_SERIAL`
const ENCRYPTION_KEY = `${PREFIX}AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE`

const MASK = Buffer.from(
  '398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a',
  'hex',
)

function unmask(hex: string, what: string): string {
  const text = hex.trim()
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(text) || text.length / 2 > MASK.length) {
    throw unreadable(`${what} is not the masked hexadecimal the Battle.net app writes`)
  }
  const bytes = Buffer.from(text, 'hex')
  for (let index = 0; index < bytes.length; index++) bytes[index] = (bytes[index] ?? 0) ^ (MASK[index] ?? 0)
  const plain = bytes.toString('latin1')
  bytes.fill(0)
  return plain
}

export function readBattleNet(bytes: Uint8Array): CollectedEntries {
  const prefs = readSharedPrefs(bytes, KIND)
  const masked = prefString(prefs, SECRET_KEY)
  if (masked === undefined) throw unreadable(`This settings file has no Battle.net authenticator secret.`)
  checkEncryption(prefs)
  const serialText = prefString(prefs, SERIAL_KEY)
  return collectEntries((collector) => {
    collector.add('Battle.net', () => {
      const serial =
        serialText === undefined || serialText.trim() === '' ? '' : unmask(serialText, 'The serial')
      const secretHex = unmask(masked, 'The secret')
      if (!/^(?:[0-9a-fA-F]{2})+$/.test(secretHex)) throw unreadable('the unmasked secret is not hexadecimal')
      const secret = Buffer.from(secretHex, 'hex')
      try {
        return otpEntry(
          { issuer: 'Battle.net', accountName: /^[\x20-\x7e]*$/.test(serial) ? serial : '' },
          { kind: 'totp', digits: 8 },
          { bytes: secret },
        )
      } finally {
        secret.fill(0)
      }
    })
  })
}

function checkEncryption(prefs: SharedPrefs): void {
  const type = prefString(prefs, ENCRYPTION_KEY)
  if (type !== undefined && type.trim() !== '' && type.trim().toUpperCase() !== 'MASK') {
    throw unsupportedFormat(
      'This Battle.net authenticator is encrypted with a key kept in the phone’s secure hardware, which cannot be read from the file. Move it with Blizzard’s own transfer instead.',
    )
  }
}

export const battleNetFormat: FormatReader = {
  detect: (sample) => {
    const prefs = sharedPrefsOfSample(sample)
    return prefs !== null && prefString(prefs, SECRET_KEY) !== undefined
  },
  read: (bytes) => readBattleNet(bytes),
}
