import {
  looksLikeSharedPrefs,
  prefString,
  readSharedPrefs,
  sharedPrefsOfSample,
  type SharedPrefs,
} from '../android-shared-prefs.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { unreadable, unsupportedFormat } from '../import-errors.ts'
import { field, isJsonObject, parseJson } from '../import-json.ts'
import type { ImportSample } from '../import-sample.ts'
import type { FormatReader } from '../format-reader.ts'
import { describeFreeOtpToken, freeOtpEntry } from './freeotp-token.ts'

// FreeOTP 1.x's token store, copied off a rooted phone:
// /data/data/org.fedorahosted.freeotp/shared_prefs/tokens.xml. FreeOTP+ keeps the very same file
// (same keys, same token JSON) under /data/data/org.liberty.android.freeotpplus/, so this one
// format reads both. It is Android SharedPreferences XML: one <string> per token, named
// "issuer:label", holding the token's JSON (secret in the clear, as signed bytes), and a
// "tokenOrder" string holding the JSON list of those names in the order the app shows them. Tokens
// are read in that order, then any the list forgot in file order.

const KIND = 'FreeOTP token file'
const ORDER_KEY = 'tokenOrder'
/** Enough of the file to recognise; a FreeOTP file says what it is within its first tokens. */
const DETECT_ENTRIES = 50

export function looksLikeFreeOtpTokens(prefs: SharedPrefs | null): boolean {
  if (prefs === null) return false
  if (isStringList(parseJson(prefString(prefs, ORDER_KEY) ?? ''))) return true
  let checked = 0
  for (const [name, entry] of prefs) {
    if (name === ORDER_KEY || entry.type !== 'string') continue
    if (isFreeOtpToken(parseJson(entry.value))) return true
    if ((checked += 1) >= DETECT_ENTRIES) break
  }
  return false
}

export function readFreeOtpTokens(bytes: Uint8Array): CollectedEntries {
  const prefs = readSharedPrefs(bytes, KIND)
  const order = parseJson(prefString(prefs, ORDER_KEY) ?? '[]')
  if (!isStringList(order)) throw unreadable(`This ${KIND} is damaged: its token order is not a list.`)
  const names = [...new Set([...order.filter((name) => prefs.has(name)), ...prefs.keys()])].filter(
    (name) => name !== ORDER_KEY,
  )
  return collectEntries((collector) => {
    for (const name of names) {
      const entry = prefs.get(name)
      if (entry?.type !== 'string') {
        collector.fail(name, 'this setting is not a FreeOTP token')
        continue
      }
      const token = parseJson(entry.value)
      collector.add(describeFreeOtpToken(token) || name, () => {
        if (token === undefined) throw unreadable('this token is not valid JSON')
        // FreeOTP 2 writes the same file without secrets: they live in the phone's keystore.
        if (isJsonObject(token) && field(token, 'secret') === undefined) throw secretInKeystore()
        return freeOtpEntry(token)
      })
    }
  })
}

function secretInKeystore(): Error {
  return unsupportedFormat(
    "this token's secret is not in the file (FreeOTP 2 keeps it in the phone's keystore): import FreeOTP's backup instead",
  )
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function isFreeOtpToken(value: unknown): boolean {
  return (
    isJsonObject(value) && Array.isArray(field(value, 'secret')) && typeof field(value, 'type') === 'string'
  )
}

/**
 * A settings file that does not parse but names FreeOTP's keys is a damaged token file: claimed, so
 * reading it says "damaged" rather than "unknown format".
 */
function looksLikeDamagedFreeOtpTokens(sample: ImportSample): boolean {
  return looksLikeSharedPrefs(sample) && /name="tokenOrder"|&quot;issuerExt&quot;/.test(sample.text ?? '')
}

export const freeOtpRootedFormat: FormatReader = {
  detect: (sample) =>
    looksLikeFreeOtpTokens(sharedPrefsOfSample(sample)) ||
    (sharedPrefsOfSample(sample) === null && looksLikeDamagedFreeOtpTokens(sample)),
  read: (bytes) => readFreeOtpTokens(bytes),
}
