import type { ImportFormat } from '../../../shared/domain/import-formats.ts'
import type { FormatReader } from './format-reader.ts'
import { aegisFormat } from './formats/aegis.ts'
import { authenticatorPlusFormat } from './formats/authenticator-plus.ts'
import { authenticatorProDbFormat } from './formats/authenticator-pro-db.ts'
import { authyFormat } from './formats/authy.ts'
import { googleAuthenticatorDbFormat } from './formats/google-authenticator-db.ts'
import { lastPassAuthenticatorFormat } from './formats/lastpass-authenticator.ts'
import { microsoftAuthenticatorDbFormat } from './formats/microsoft-authenticator-db.ts'
import { agencyCsvFormat } from './formats/agency-csv.ts'
import { andOtpFormat } from './formats/andotp.ts'
import { authenticatorProFormat } from './formats/authenticator-pro.ts'
import { battleNetFormat } from './formats/battle-net.ts'
import { bitwardenCsvFormat } from './formats/bitwarden-csv.ts'
import { bitwardenJsonFormat } from './formats/bitwarden-json.ts'
import { dashlaneCsvFormat } from './formats/dashlane-csv.ts'
import { keePassFormat } from './formats/keepass-kdbx.ts'
import { lastPassCsvFormat } from './formats/lastpass-csv.ts'
import { onePassword1puxFormat } from './formats/onepassword-1pux.ts'
import { protonPassFormat } from './formats/proton-pass.ts'
import { duoFormat } from './formats/duo.ts'
import { enteFormat } from './formats/ente.ts'
import { freeOtpBackupFormat } from './formats/freeotp-backup.ts'
import { freeOtpPlusFormat } from './formats/freeotp-plus.ts'
import { freeOtpRootedFormat } from './formats/freeotp-rooted.ts'
import { googleMigrationFormat } from './formats/google-migration.ts'
import { otpAuthListFormat } from './formats/otpauth-list.ts'
import { protonAuthenticatorFormat } from './formats/proton-authenticator.ts'
import { qrImageFormat } from './formats/qr-image.ts'
import { steamAppFormat, steamDesktopAuthenticatorFormat } from './formats/steam.ts'
import { totpAuthenticatorFormat, totpAuthenticatorRootedFormat } from './formats/totp-authenticator.ts'
import { twoFasFormat } from './formats/twofas.ts'
import { winAuthFormat } from './formats/winauth.ts'

// Every format's reader, keyed by the shared format list (a format without a reader does not
// compile). The order of this object is the order detection asks in: binary magic numbers first,
// then JSON with the most specific keys, then CSV headers, then lines of links. A new format goes
// where its detector is specific enough not to shadow the ones after it.

export const formatReaders = {
  'qr-image': qrImageFormat,
  // KeePass's magic number; 1Password's and Proton Pass's zips by their file names (Proton Pass also
  // claims its armoured PGP export and its data.json, by their own markers).
  keepass: keePassFormat,
  '1password-1pux': onePassword1puxFormat,
  'proton-pass': protonPassFormat,
  // SQLite app databases, each claimed by its own tables (app-database.ts opens the file once).
  'google-authenticator-db': googleAuthenticatorDbFormat,
  'microsoft-authenticator-db': microsoftAuthenticatorDbFormat,
  'authenticator-pro-db': authenticatorProDbFormat,
  // A zip holding Accounts.txt or authplus.db, or its decrypted database; the SQLCipher file by name.
  'authenticator-plus': authenticatorPlusFormat,
  // Zips: WinAuth's holds one .txt of links, SDA's folder holds .maFile files.
  winauth: winAuthFormat,
  'steam-desktop-authenticator': steamDesktopAuthenticatorFormat,
  'steam-app': steamAppFormat,
  // Java serialisation (AC ED 00 05) of a HashMap naming FreeOTP's keys.
  'freeotp-backup': freeOtpBackupFormat,
  // Android settings XML, each claimed by its own keys.
  'freeotp-rooted': freeOtpRootedFormat,
  'totp-authenticator-rooted': totpAuthenticatorRootedFormat,
  'battle-net': battleNetFormat,
  authy: authyFormat,
  duo: duoFormat,
  aegis: aegisFormat,
  twofas: twoFasFormat,
  ente: enteFormat,
  'authenticator-pro': authenticatorProFormat,
  'lastpass-authenticator': lastPassAuthenticatorFormat,
  'proton-authenticator': protonAuthenticatorFormat,
  'bitwarden-json': bitwardenJsonFormat,
  'freeotp-plus': freeOtpPlusFormat,
  // andOTP's JSON is a bare array of entries, and its encrypted files are nearly headerless: last
  // among JSON and binary formats.
  andotp: andOtpFormat,
  // CSV before link lists: a spreadsheet's link column puts otpauth:// at the start of some lines.
  'bitwarden-csv': bitwardenCsvFormat,
  // Before the agency spreadsheet: their headers name neither a handle nor a link column, but order
  // keeps it so if that detector ever widens.
  'lastpass-csv': lastPassCsvFormat,
  'dashlane-csv': dashlaneCsvFormat,
  'agency-csv': agencyCsvFormat,
  // A lone Base64 blob (not a maFile by name): nothing before claims plain Base64 text.
  'totp-authenticator': totpAuthenticatorFormat,
  'google-migration': googleMigrationFormat,
  'otpauth-list': otpAuthListFormat,
} as const satisfies Record<ImportFormat, FormatReader>

/** The formats in detection order. */
export const detectionOrder = Object.entries(formatReaders) as [ImportFormat, FormatReader][]
