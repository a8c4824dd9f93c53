// The one list of formats Twofold imports. The core's reader registry is keyed by it (a format listed
// here without a reader is a compile error there), the IPC contract and the CLI take their choices
// from it, the import wizard shows its labels and hints, and docs/import-formats.md's table is
// generated from it (a test keeps the two equal). Adding a format is one entry here plus its module.
// Free of zod and of Node, so the window can list the formats without bundling either.

/** How the wizard groups the formats. */
export type ImportFormatFamily = 'authenticator' | 'password-manager' | 'rooted-phone' | 'twofold'

export interface ImportFormatInfo {
  /** What people call it, in the wizard and the docs. */
  label: string
  family: ImportFormatFamily
  /** Whether the file can be (or always is) password-protected, so the wizard can say so up front. */
  encryption: 'none' | 'optional' | 'always'
  /** KeePass: a key file can stand in for, or join, the password. */
  keyFile?: boolean
  /** Where the file comes from, shown beside the choice (how to export it, or what it needs). */
  hint?: string
  /** For the docs table: what is read into Twofold. */
  reads: string
  /** For the docs table: what is not read, and why. */
  drops: string
}

const catalog = {
  'otpauth-list': {
    label: 'otpauth:// links, one per line',
    family: 'authenticator',
    encryption: 'none',
    hint: "Aegis's and Ente Auth's plain text exports, or a list kept by hand.",
    reads: 'Every otpauth:// link (and otpauth-migration:// link) with its issuer, name and settings',
    drops: "Ente's codeDisplay state (pinned, tap counts, trashed): it is Ente's own, not the account's",
  },
  'google-migration': {
    label: 'Google Authenticator export',
    family: 'authenticator',
    encryption: 'none',
    hint: 'Scan the export QR codes into text, or import the QR images themselves.',
    reads: 'Every account in every otpauth-migration:// batch',
    drops: 'Nothing Google carries; MD5 accounts are listed as unsupported',
  },
  aegis: {
    label: 'Aegis vault',
    family: 'authenticator',
    encryption: 'optional',
    reads: 'TOTP, HOTP and Steam entries with groups (first group = client, others = tags) and notes',
    drops: 'Icons, favourites and usage counts; mOTP and Yandex entries are listed as unsupported',
  },
  twofas: {
    label: '2FAS',
    family: 'authenticator',
    encryption: 'optional',
    reads: 'Services (schema 1–4) with issuer, account, settings and group',
    drops: 'Icons, badge colours and order',
  },
  ente: {
    label: 'Ente Auth',
    family: 'authenticator',
    encryption: 'always',
    hint: "Ente's plain export is an otpauth link list; this is its encrypted export.",
    reads: 'The encrypted export: every link in it, as in the link list',
    drops: "Ente's codeDisplay state, as in the link list",
  },
  andotp: {
    label: 'andOTP',
    family: 'authenticator',
    encryption: 'optional',
    reads: 'TOTP, HOTP and Steam entries with their tags',
    drops: 'Thumbnails and usage counts; mOTP entries are listed as unsupported',
  },
  'freeotp-backup': {
    label: 'FreeOTP 2 backup',
    family: 'authenticator',
    encryption: 'always',
    hint: 'The externalBackup.xml file FreeOTP 2 backs up to, with the password you set in FreeOTP.',
    reads: 'Every token: issuer, name (renamed ones as renamed), TOTP, HOTP with its counter, and Steam',
    drops: "Token images, colours and FreeOTP's lock setting; SHA224/SHA384 tokens are listed as unsupported",
  },
  'freeotp-plus': {
    label: 'FreeOTP+ export (JSON)',
    family: 'authenticator',
    encryption: 'none',
    hint: "FreeOTP+'s Export to JSON (freeotp-backup.json).",
    reads: 'Every token: issuer, name (renamed ones as renamed), TOTP, HOTP with its counter, and Steam',
    drops: 'Token images and the token order list (tokens come in that order anyway)',
  },
  'authenticator-pro': {
    label: 'Authenticator Pro (Stratum)',
    family: 'authenticator',
    encryption: 'optional',
    hint: 'Its backup file (.authpro), with or without a password, current or legacy encryption.',
    reads:
      'TOTP, HOTP and Steam authenticators with their categories (first = client, others = tags), from plain and password-protected backups (current and legacy encryption)',
    drops: 'Icons, ranking and copy counts; mOTP and Yandex entries are listed as unsupported',
  },
  'proton-authenticator': {
    label: 'Proton Authenticator',
    family: 'authenticator',
    encryption: 'optional',
    hint: 'Its JSON export, with or without a password.',
    reads: 'TOTP and Steam entries with their names and notes, from plain and password-protected exports',
    drops: "Proton's entry ids: they are Proton's own bookkeeping",
  },
  'totp-authenticator': {
    label: 'TOTP Authenticator (Binary Formats)',
    family: 'authenticator',
    encryption: 'always',
    hint: "Its backup file. If you never set a backup password, leave the password empty: Twofold tries the app's built-in one.",
    reads: 'Every account with issuer, name, digits and period',
    drops: 'Icons, favourites and widget settings; account names come lower-cased, as the app saved them',
  },
  winauth: {
    label: 'WinAuth',
    family: 'authenticator',
    encryption: 'optional',
    hint: "WinAuth's Export: the text file, or the zip file (with or without its password).",
    reads: 'Every account, including Steam (as Steam) and Battle.net (its serial as the note)',
    drops:
      "Icons, and Steam's session data (identity secret, revocation code): Twofold does not confirm trades",
  },
  'steam-desktop-authenticator': {
    label: 'Steam Desktop Authenticator (maFile)',
    family: 'authenticator',
    encryption: 'optional',
    hint: 'A .maFile, or the whole maFiles folder zipped (needed when SDA has a passkey: manifest.json holds the salts).',
    reads: 'The Steam Guard secret and account name of every maFile',
    drops:
      'Identity secret, session and revocation code: Twofold makes codes, it does not confirm trades; keep the maFiles for recovery',
  },
  'authenticator-plus': {
    label: 'Authenticator Plus',
    family: 'authenticator',
    encryption: 'always',
    hint: 'Its export zip (Accounts.txt inside) or its authplus.db backup, with the password you set in the app.',
    reads:
      'Every account with issuer, name and settings; from the backup database also its category (the client)',
    drops:
      "The app's catch-all category All Accounts (it is no client); from the export zip, categories (it has none)",
  },
  'lastpass-authenticator': {
    label: 'LastPass Authenticator',
    family: 'authenticator',
    encryption: 'none',
    hint: 'The JSON file from Settings → Transfer accounts → Export accounts to file.',
    reads: 'Every TOTP account with issuer, user name, settings and folder (the client)',
    drops: "Favourites, order and LastPass's device and push-login data: they are LastPass's own",
  },
  'freeotp-rooted': {
    label: 'FreeOTP or FreeOTP+ token file (rooted phone)',
    family: 'rooted-phone',
    encryption: 'none',
    hint: 'Needs a rooted phone: /data/data/org.fedorahosted.freeotp/shared_prefs/tokens.xml (FreeOTP 1.x), or the same file under org.liberty.android.freeotpplus (FreeOTP+)',
    reads:
      "Every token in the app's order: issuer, name (renamed ones as renamed), TOTP, HOTP with its counter, and Steam",
    drops: "Token images; FreeOTP 2 keeps its secrets in the phone's keystore, so use its backup instead",
  },
  'totp-authenticator-rooted': {
    label: 'TOTP Authenticator (rooted phone)',
    family: 'rooted-phone',
    encryption: 'none',
    hint: 'Needs a rooted phone: /data/data/com.authenticator.authservice2/shared_prefs/TOTP_Authenticator_Preferences.xml',
    reads: 'Every account in STATIC_TOTP_CODES_LIST, as in the backup',
    drops: "The app's other settings (including its stored backup password)",
  },
  'steam-app': {
    label: 'Steam mobile app (rooted phone)',
    family: 'rooted-phone',
    encryption: 'none',
    hint: 'Needs a rooted phone: /data/data/com.valvesoftware.android.steam.community/files/Steamguard-<steamid>',
    reads: 'The Steam Guard secret and account name of every account in the file',
    drops: 'Identity secret, session and revocation code, as for Steam Desktop Authenticator',
  },
  duo: {
    label: 'Duo Mobile (rooted phone)',
    family: 'rooted-phone',
    encryption: 'none',
    hint: 'Needs a rooted phone: /data/data/com.duosecurity.duomobile/files/duokit/accounts.json',
    reads: 'Third-party TOTP and HOTP accounts with their names and counters',
    drops: 'Logos; Duo Push accounts are listed as failed: their secret works only inside Duo Mobile',
  },
  'battle-net': {
    label: 'Battle.net authenticator (rooted phone)',
    family: 'rooted-phone',
    encryption: 'none',
    hint: 'Needs a rooted phone: /data/data/com.blizzard.messenger/shared_prefs/com.blizzard.messenger.authenticator_preferences.xml',
    reads: 'The authenticator (8-digit TOTP) with its serial as the account name',
    drops: "Region and server-time offset; authenticators encrypted with the phone's keystore cannot be read",
  },
  'google-authenticator-db': {
    label: 'Google Authenticator database (rooted phone)',
    family: 'rooted-phone',
    encryption: 'none',
    hint: 'Needs a rooted phone: /data/data/com.google.android.apps.authenticator2/databases/databases',
    reads: 'TOTP and HOTP accounts with issuer, name and counter (the app fixes SHA1, 6 digits, 30 s)',
    drops: 'Nothing the database holds; changes still in the databases-wal file beside it are not seen',
  },
  'microsoft-authenticator-db': {
    label: 'Microsoft Authenticator database (rooted phone)',
    family: 'rooted-phone',
    encryption: 'none',
    hint: 'Needs a rooted phone: /data/data/com.azure.authenticator/databases/PhoneFactor',
    reads: 'TOTP accounts and personal Microsoft accounts (8-digit codes) with issuer and user name',
    drops:
      'Work or school accounts that sign in by notification are listed as failed: they have no code secret',
  },
  'authenticator-pro-db': {
    label: 'Authenticator Pro (Stratum) database (rooted phone)',
    family: 'rooted-phone',
    encryption: 'none',
    hint: 'Needs a rooted phone: /data/data/com.stratumauth.app/databases/authenticator.db3',
    reads: 'TOTP, HOTP and Steam authenticators with their categories (first = client, others = tags)',
    drops:
      'Icons and ranking; mOTP and Yandex entries are listed as unsupported; changes still in the -wal file are not seen',
  },
  authy: {
    label: 'Authy (rooted phone)',
    family: 'rooted-phone',
    encryption: 'optional',
    hint: 'Needs a rooted phone: /data/data/com.authy.authy/shared_prefs/com.authy.storage.tokens.authenticator.xml (encrypted tokens need your Authy backup password)',
    reads: "Authenticator tokens (issuer, name, digits) and Authy's own tokens (10 s codes)",
    drops:
      'Logos and upload state; Authy stores no period, so authenticator tokens get 30 s (what Authy uses)',
  },
  'bitwarden-json': {
    label: 'Bitwarden (JSON)',
    family: 'password-manager',
    encryption: 'optional',
    reads: 'Items with a TOTP field: item name, username, folder (client) and notes',
    drops:
      'Items without TOTP (ordinary logins) and passwords: Twofold holds 2FA, not passwords. Account-restricted exports can only be opened by Bitwarden',
  },
  'bitwarden-csv': {
    label: 'Bitwarden (CSV)',
    family: 'password-manager',
    encryption: 'none',
    reads: 'Rows with login_totp: name, username, folder (client) and notes',
    drops: 'Rows without TOTP and passwords, as for the JSON export',
  },
  '1password-1pux': {
    label: '1Password (.1pux)',
    family: 'password-manager',
    encryption: 'none',
    hint: '1Password 8: File → Export, choose the 1PUX format.',
    reads: 'Items with a one-time password field: title, username, web address, vault (client) and notes',
    drops:
      'Items without one (ordinary logins), trashed items and passwords: Twofold holds 2FA, not passwords',
  },
  keepass: {
    label: 'KeePass / KeePassXC (.kdbx)',
    family: 'password-manager',
    encryption: 'always',
    keyFile: true,
    hint: 'The database file itself (KDBX 3.1 or 4), with its password, key file, or both.',
    reads:
      "Entries with a TOTP or HOTP (KeePassXC's otp, KeePass's TimeOtp/HmacOtp, KeeTrayTOTP): title, username, web address, group path (client) and notes",
    drops: 'Entries without one, the recycle bin, entry history and passwords',
  },
  'proton-pass': {
    label: 'Proton Pass',
    family: 'password-manager',
    encryption: 'optional',
    hint: 'Settings → Export: the zip (or CSV), or the PGP-encrypted export with its passphrase.',
    reads:
      'Logins with a TOTP (and TOTP extra fields): name, username or e-mail, web address, vault (client) and note',
    drops:
      "Items without one, trashed items, attachments and passwords; the old export sealed with the Proton account's keys is refused with advice",
  },
  'lastpass-csv': {
    label: 'LastPass (CSV)',
    family: 'password-manager',
    encryption: 'none',
    hint: 'Account options → Advanced → Export: the CSV file.',
    reads: 'Rows with a totp: name, username, web address, folder (client) and notes',
    drops: 'Rows without one (ordinary logins, secure notes) and passwords',
  },
  'dashlane-csv': {
    label: 'Dashlane (CSV)',
    family: 'password-manager',
    encryption: 'none',
    hint: "The credentials.csv file from Dashlane's CSV export.",
    reads: 'Rows with an otpSecret or otpUrl: title, first username, web address, category (client) and note',
    drops: 'Rows without one and passwords',
  },
  'agency-csv': {
    label: 'Accounts spreadsheet (CSV)',
    family: 'twofold',
    encryption: 'none',
    hint: 'platform, handle, client, sms phone, whatsapp phone, notes, otpauth uri',
    reads:
      'Every row: platform, handle, client, SMS and WhatsApp numbers, notes and the authenticator link when there is one',
    drops: 'Columns it does not name',
  },
  'qr-image': {
    label: 'QR code image',
    family: 'twofold',
    encryption: 'none',
    hint: 'A PNG or JPEG screenshot or photo of one or more QR codes.',
    reads: 'Every otpauth:// and otpauth-migration:// QR code in the image',
    drops: 'QR codes that hold anything else',
  },
} as const satisfies Record<string, ImportFormatInfo>

export type ImportFormat = keyof typeof catalog

/** Every format, in the order the import wizard offers them (the apps people most often leave first). */
export const importFormats = Object.keys(catalog) as [ImportFormat, ...ImportFormat[]]

export const importFormatInfo: Readonly<Record<ImportFormat, ImportFormatInfo>> = catalog

export function isImportFormat(value: unknown): value is ImportFormat {
  return typeof value === 'string' && Object.hasOwn(catalog, value)
}
