import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { unreadable } from '../import-errors.ts'
import { entryArray, field, isJsonObject, readJsonObjectFile } from '../import-json.ts'
import type { FormatReader } from '../format-reader.ts'
import { describeFreeOtpToken, freeOtpEntry } from './freeotp-token.ts'

// FreeOTP+'s export (Settings → Export → JSON, `freeotp-backup.json`): unencrypted,
//   {"tokenOrder": ["issuer:label", …], "tokens": [ <FreeOTP token JSON>, … ]}
// with each token exactly as FreeOTP stores it (see freeotp-token.ts), secret included as signed
// bytes. The tokens array is already in the app's order, so it is read in that order.

const KIND = 'FreeOTP+ export'

export function looksLikeFreeOtpPlus(json: unknown): boolean {
  if (!isJsonObject(json)) return false
  const tokens = field(json, 'tokens')
  if (!Array.isArray(tokens)) return false
  const first: unknown = tokens[0]
  return first === undefined
    ? Array.isArray(field(json, 'tokenOrder'))
    : isJsonObject(first) && Array.isArray(field(first, 'secret')) && field(first, 'type') !== undefined
}

export function readFreeOtpPlus(bytes: Uint8Array): CollectedEntries {
  const json = readJsonObjectFile(bytes, KIND)
  if (!Array.isArray(field(json, 'tokens'))) throw unreadable(`This ${KIND} has no list of tokens.`)
  const tokens = entryArray(field(json, 'tokens'), `The ${KIND}'s token list`)
  return collectEntries((collector) => {
    for (const token of tokens) collector.add(describeFreeOtpToken(token), () => freeOtpEntry(token))
  })
}

export const freeOtpPlusFormat: FormatReader = {
  detect: (sample) =>
    looksLikeFreeOtpPlus(sample.json) ||
    (sample.isBrokenJson && /^\s*\{\s*"(?:tokenOrder|tokens)"\s*:/.test(sample.text ?? '')),
  read: (bytes) => readFreeOtpPlus(bytes),
}
