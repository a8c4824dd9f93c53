import { STEAM_PARAMETERS } from '../../engine/index.ts'
import { entryFromOtpAuthUri } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { isTwofoldError } from '../../errors.ts'
import { noOtp, unreadable, wrongPassword } from '../import-errors.ts'
import type { ImportedEntry } from '../imported-entry.ts'
import { contentLines, requireText, type TextLine } from '../import-text.ts'
import { looksLikeZip, readZipFile, zipFiles, zipNamesOfSample } from '../import-zip.ts'
import type { ImportSample } from '../import-sample.ts'
import type { FormatReader } from '../format-reader.ts'

// WinAuth (Windows desktop authenticator) "Export": one otpauth:// link per line, written by
// WinAuthAuthenticator.ToUrl as
//
//   otpauth://totp/Issuer:Label+With+Spaces?secret=BASE32&digits=6[&issuer=…][&counter=…]
//        [&serial=US123412341234]  (Battle.net)   [&deviceid=…&data={Steam JSON}]  (Steam)   [&icon=…]
//
// saved as a .txt file, or inside a .zip (one `<name>.txt`, password-protected with ZipCrypto when a
// password was given). Three things keep it from being a plain link list:
// * Steam accounts are written as `totp` links with digits=5; WinAuth itself recognises them by the
//   issuer "Steam" on import. Read as TOTP they would give numeric codes Steam never accepts, so the
//   same rule makes them Steam entries here.
// * The label is form-encoded: a space is "+", which the otpauth rules leave as a literal "+" in a path.
// * `icon` (a whole PNG, Base32) and `data` (Steam's session JSON, which holds the identity secret and
//   the revocation code) make lines too long for the link parser and carry nothing a code needs: they
//   are dropped before parsing; `serial` (Battle.net's restore serial) is kept as the note.
// A link list without any of WinAuth's own parameters reads the same as an `otpauth-list`, so that
// format keeps those files; this one claims only text (or a zip) that carries WinAuth's markers.

const KIND = 'WinAuth export'
const WINAUTH_LINE = /^otpauth:\/\/(?:totp|hotp)\/[^?#]*\?secret=[^&#]*&digits=\d+/i
const WINAUTH_ONLY = /[?&](?:serial|deviceid|data|icon)=/i
const DROPPED = new Set(['icon', 'data', 'deviceid', 'serial'])

/** Every line is a link in WinAuth's parameter order, and one carries a parameter only WinAuth writes. */
export function looksLikeWinAuthText(lines: readonly TextLine[] | null): boolean {
  if (lines === null || lines.length === 0) return false
  return (
    lines.every((line) => WINAUTH_LINE.test(line.text)) && lines.some((line) => WINAUTH_ONLY.test(line.text))
  )
}

/** WinAuth zips hold one text file named after the export; Authenticator Plus's holds Accounts.txt. */
function isWinAuthZipNames(names: readonly string[] | null): boolean {
  if (names === null || names.length !== 1) return false
  const name = (names[0] ?? '').toLowerCase()
  return name.endsWith('.txt') && !name.includes('/') && name !== 'accounts.txt'
}

export async function readWinAuth(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<CollectedEntries> {
  if (looksLikeZip(bytes)) {
    const files = await zipFiles(bytes, KIND)
    const textName = files.map((file) => file.name).find((name) => name.toLowerCase().endsWith('.txt'))
    if (textName === undefined) throw unreadable(`This ${KIND} zip holds no .txt file of links.`)
    const encrypted = files.find((file) => file.name === textName)?.encrypted === true
    let inner: Uint8Array
    try {
      inner = await readZipFile(bytes, textName, KIND, { password })
    } catch (error) {
      // ZipCrypto checks a password against one byte: 1 wrong password in 256 passes that check and
      // fails later as "damaged". With a password given, say what is likelier.
      if (
        encrypted &&
        password !== undefined &&
        password !== '' &&
        isTwofoldError(error, 'import-unreadable')
      ) {
        throw wrongPassword(KIND, true)
      }
      throw error
    }
    try {
      return readWinAuthText(inner)
    } finally {
      inner.fill(0)
    }
  }
  return readWinAuthText(bytes)
}

function readWinAuthText(bytes: Uint8Array): CollectedEntries {
  const lines = contentLines(requireText(bytes, KIND))
  if (!lines.some((line) => /^otpauth:/i.test(line.text))) {
    throw noOtp(`This ${KIND} holds no otpauth:// links.`)
  }
  return collectEntries((collector) => {
    for (const { number, text } of lines) {
      if (!/^otpauth:/i.test(text)) {
        collector.fail(`line ${number}`, 'this line is not an otpauth:// link', number)
        continue
      }
      collector.add(labelOf(text), () => entryOfLine(text), number)
    }
  })
}

function entryOfLine(line: string): ImportedEntry {
  const match = /^(otpauth:\/\/)([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?/i.exec(line)
  if (match === null) throw unreadable('this line is not an otpauth:// link')
  const [, scheme = '', type = '', rawPath = '', query = ''] = match
  // Split by hand: URLSearchParams would re-encode every other parameter on the way back out.
  const kept: string[] = []
  let serial: string | undefined
  let issuerParameter = ''
  for (const part of query.split('&')) {
    const name = decodePart(part.split('=', 1)[0] ?? '').toLowerCase()
    const value = decodePart(part.slice(part.indexOf('=') + 1))
    if (name === 'serial') serial = value
    if (name === 'issuer') issuerParameter = value
    if (!DROPPED.has(name)) kept.push(part)
  }
  // WinAuth form-encodes the label ("+" for a space); a real "+" is written %2B.
  const path = rawPath.replace(/\+/g, '%20')
  const labelIssuer = /^\/([^:]*):/.exec(decodePart(path))?.[1] ?? ''
  const issuer = (issuerParameter || labelIssuer).trim()
  // WinAuth's own rule for its Steam authenticators.
  const isSteam = issuer.toLowerCase() === 'steam' && type.toLowerCase() === 'totp'
  const uri = `${scheme}${isSteam ? 'steam' : type}${path}?${kept.join('&')}`
  const isBattleNet = serial !== undefined || issuer.toLowerCase() === 'battlenet'
  const entry = entryFromOtpAuthUri(uri, {
    ...(serial !== undefined && serial !== '' ? { note: `Battle.net serial: ${formatSerial(serial)}` } : {}),
  })
  if (isSteam) return { ...entry, params: STEAM_PARAMETERS }
  if (isBattleNet && (entry.issuer === '' || entry.issuer.toLowerCase() === 'battlenet')) {
    return { ...entry, issuer: 'Battle.net' }
  }
  return entry
}

/** "US123412341234" as Blizzard shows it: "US-1234-1234-1234". */
function formatSerial(serial: string): string {
  const compact = serial.replace(/-/g, '').toUpperCase()
  const parts = /^([A-Z]{2})(\d{4})(\d{4})(\d{4})$/.exec(compact)
  return parts === null ? serial.trim() : parts.slice(1).join('-')
}

function decodePart(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** The label of a link, for the failure list: it names the account, never its key. */
function labelOf(uri: string): string {
  return decodePart(/^otpauth:\/\/[^/?#]*\/([^?#]*)/i.exec(uri)?.[1] ?? '')
}

export const winAuthFormat: FormatReader = {
  detect: async (sample: ImportSample) => {
    if (looksLikeZip(sample.bytes)) return isWinAuthZipNames(await zipNamesOfSample(sample))
    return looksLikeWinAuthText(sample.lines)
  },
  read: (bytes, { password }) => readWinAuth(bytes, password),
}
