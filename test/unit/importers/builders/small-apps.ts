import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { configure, TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js'

// Files of the "small apps" formats, built the way each app writes them (TOTP Authenticator, WinAuth,
// Steam Desktop Authenticator, the Steam app, Duo Mobile, Battle.net), so the tests control every
// field and can damage any byte.

configure({ useWebWorkers: false })

/** A failure reason matching this pattern, typed for the objects the tests compare with toEqual. */
export function reason(pattern: RegExp): string {
  return expect.stringMatching(pattern) as string
}

// ---- TOTP Authenticator --------------------------------------------------------------------------

export interface TotpAuthenticatorAccount {
  issuer?: string
  name?: string
  key: string
  base?: number
  digits?: string
  period?: string
}

function totpAuthenticatorJson(account: TotpAuthenticatorAccount): Record<string, unknown> {
  return {
    accountHeaderLabel: '',
    base: account.base ?? 16,
    digits: account.digits ?? '6',
    isFavorite: false,
    issuer: account.issuer ?? '',
    key: account.key,
    name: account.name ?? '',
    period: account.period ?? '30',
    source: 0,
  }
}

/** The plaintext the app encrypts: an object whose one key is the account list as JSON text. */
export function totpAuthenticatorPlaintext(accounts: TotpAuthenticatorAccount[]): string {
  return JSON.stringify({ [JSON.stringify(accounts.map(totpAuthenticatorJson))]: '1608293023' })
}

/** AES-256-CBC, key SHA-256(password), zero IV, Base64: the backup file's text. */
export function totpAuthenticatorBackup(plaintext: string, password: string): Buffer {
  const key = createHash('sha256').update(password, 'utf8').digest()
  const cipher = createCipheriv('aes-256-cbc', key, Buffer.alloc(16))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.from(ciphertext.toString('base64'), 'utf8')
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Android SharedPreferences with the given string settings (and one unrelated int, as apps have). */
export function sharedPrefs(strings: Record<string, string>): Buffer {
  const body = Object.entries(strings)
    .map(([name, value]) => `    <string name="${escapeXml(name)}">${escapeXml(value)}</string>`)
    .join('\n')
  return Buffer.from(
    `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <int name="RATE_US_COUNTER" value="3" />\n${body}\n</map>\n`,
    'utf8',
  )
}

export function totpAuthenticatorPrefs(accounts: TotpAuthenticatorAccount[]): Buffer {
  return sharedPrefs({
    STATIC_TOTP_CODES_LIST: JSON.stringify(accounts.map(totpAuthenticatorJson)),
    DEFAULT_ENCRYPTION_KEY: 'whatever',
  })
}

// ---- WinAuth -------------------------------------------------------------------------------------

/** A zip holding one text file, as WinAuth's export writes it (ZipCrypto when given a password). */
export async function zipOf(
  files: Record<string, string | Uint8Array>,
  options: { password?: string; zipCrypto?: boolean } = {},
): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), {
    ...(options.password === undefined
      ? {}
      : { password: options.password, zipCrypto: options.zipCrypto ?? false }),
  })
  for (const [name, content] of Object.entries(files)) {
    await writer.add(
      name,
      typeof content === 'string' ? new TextReader(content) : new Uint8ArrayReader(content),
    )
  }
  return writer.close()
}

// ---- Steam ---------------------------------------------------------------------------------------

export interface SteamAccount {
  account_name: string
  shared_secret: string
  steamid?: string
}

export function maFileJson(account: SteamAccount): Record<string, unknown> {
  return {
    shared_secret: account.shared_secret,
    serial_number: '12345678901234567890',
    revocation_code: 'R12345',
    uri: `otpauth://totp/Steam:${account.account_name}?secret=X&issuer=Steam`,
    server_time: 1700000000,
    account_name: account.account_name,
    token_gid: 'abc',
    identity_secret: 'aWRlbnRpdHk=',
    secret_1: 'c2VjcmV0',
    status: 1,
    device_id: 'android:0000',
    fully_enrolled: true,
    Session: { SteamID: Number(account.steamid ?? '76561198000000000'), AccessToken: 'token' },
  }
}

/**
 * SDA's maFiles folder, zipped: manifest.json plus one `<steamid>.maFile` per account, each encrypted
 * like SDA's FileEncryptor when a passkey is given (PBKDF2-SHA1, 8-byte salt, AES-256-CBC).
 */
export async function sdaFolderZip(
  accounts: SteamAccount[],
  passkey?: string,
  options: { iterations?: number; folder?: string; extra?: Record<string, string> } = {},
): Promise<Uint8Array> {
  const folder = options.folder ?? 'maFiles/'
  const files: Record<string, string> = {}
  const entries = accounts.map((account, index) => {
    const steamid = account.steamid ?? `7656119800000000${index}`
    const filename = `${steamid}.maFile`
    const json = JSON.stringify(maFileJson({ ...account, steamid }))
    if (passkey === undefined) {
      files[folder + filename] = json
      return { encryption_iv: null, encryption_salt: null, filename, steamid: Number(steamid) }
    }
    const salt = randomBytes(8)
    const iv = randomBytes(16)
    const key = pbkdf2Sync(passkey, salt, options.iterations ?? 50_000, 32, 'sha1')
    const cipher = createCipheriv('aes-256-cbc', key, iv)
    files[folder + filename] = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]).toString('base64')
    return {
      encryption_iv: iv.toString('base64'),
      encryption_salt: salt.toString('base64'),
      filename,
      steamid: Number(steamid),
    }
  })
  Object.assign(files, options.extra)
  files[`${folder}manifest.json`] = JSON.stringify({
    encrypted: passkey !== undefined,
    first_run: false,
    entries,
    periodic_checking: false,
  })
  return zipOf(files)
}

// ---- Duo and Battle.net --------------------------------------------------------------------------

export function duoAccount(name: string, otpSecret: string, counter?: number): Record<string, unknown> {
  return {
    version: 1.0,
    accountType: 'OtpAccount',
    name,
    otpGenerator: counter === undefined ? { otpSecret } : { otpSecret, counter },
    logoUri: 'file:///data/user/0/com.duosecurity.duomobile/files/logo.png',
    pkey: 'a6f1c2d4-0000-4000-8000-000000000000',
    serviceTypeLabelIsCustom: true,
  }
}

/** The fixed XOR mask the Battle.net app (and WinAuth, and Aegis) use for MASK-type credentials. */
const BATTLE_NET_MASK = Buffer.from(
  '398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a',
  'hex',
)

export function battleNetMask(text: string): string {
  const bytes = Buffer.from(text, 'latin1')
  return Buffer.from(bytes.map((byte, index) => byte ^ (BATTLE_NET_MASK[index] ?? 0))).toString('hex')
}

export function battleNetPrefs(secretHex: string, serial: string, encryptionType = 'MASK'): Buffer {
  return sharedPrefs({
    'com.blizzard.messenger.AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE': encryptionType,
    'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': battleNetMask(secretHex),
    'com.blizzard.messenger.AUTHENTICATOR_BGS_REGION_CODE': 'EU',
    'com.blizzard.messenger.AUTHENTICATOR_SERIAL': battleNetMask(serial),
  })
}
