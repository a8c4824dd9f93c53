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
    hint: "Scan the export QR codes into text, or import the QR images themselves.",
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
  'authenticator-pro': {
    label: 'Authenticator Pro (Stratum)',
    family: 'authenticator',
    encryption: 'optional',
    reads: 'TOTP, HOTP and Steam authenticators with their categories (first = client, others = tags)',
    drops: 'Icons, ranking and copy counts; mOTP and Yandex entries are listed as unsupported',
  },
  'bitwarden-json': {
    label: 'Bitwarden (JSON)',
    family: 'password-manager',
    encryption: 'optional',
    reads: 'Items with a TOTP field: item name, username, folder (client) and notes',
    drops: "Items without TOTP (ordinary logins) and passwords: Twofold holds 2FA, not passwords. Account-restricted exports can only be opened by Bitwarden",
  },
  'bitwarden-csv': {
    label: 'Bitwarden (CSV)',
    family: 'password-manager',
    encryption: 'none',
    reads: 'Rows with login_totp: name, username, folder (client) and notes',
    drops: 'Rows without TOTP and passwords, as for the JSON export',
  },
  'agency-csv': {
    label: 'Accounts spreadsheet (CSV)',
    family: 'twofold',
    encryption: 'none',
    hint: 'platform, handle, client, sms phone, whatsapp phone, notes, otpauth uri',
    reads: 'Every row: platform, handle, client, SMS and WhatsApp numbers, notes and the authenticator link when there is one',
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
