import { createCipheriv, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto'

// Test-only writers for FreeOTP's files, written from the formats' descriptions (FreeOTP's Token
// class as Gson writes it, Android's SharedPreferences XML, Java's ObjectOutputStream for a
// HashMap<String, String>, FreeOTP 2's EncryptedKey/MasterKey JSON), not from Twofold's readers.

export interface FreeOtpTokenInput {
  type?: string
  issuerExt?: string
  issuerInt?: string
  issuerAlt?: string
  label?: string
  labelAlt?: string
  algo?: string | null
  digits?: number | null
  period?: number | null
  counter?: number
  /** Raw key bytes; written as Java's signed bytes. */
  secret: Uint8Array
  image?: string
  color?: string
  lock?: boolean
}

/** Java's byte[] as Gson writes it: signed. */
export const signedBytes = (bytes: Uint8Array): number[] => [...bytes].map((byte) => (byte << 24) >> 24)

/** The token's JSON without its secret (FreeOTP 2 keeps the secret apart). */
export function freeOtpTokenSettings(input: FreeOtpTokenInput): Record<string, unknown> {
  const { secret: _secret, ...rest } = input
  const settings: Record<string, unknown> = { type: 'TOTP', ...rest }
  for (const key of Object.keys(settings)) if (settings[key] === null) delete settings[key]
  return settings
}

/** FreeOTP 1.x / FreeOTP+ token JSON, secret included. */
export function freeOtpToken(input: FreeOtpTokenInput): Record<string, unknown> {
  return { ...freeOtpTokenSettings(input), secret: signedBytes(input.secret) }
}

export const freeOtpTokenName = (input: FreeOtpTokenInput): string =>
  input.issuerExt ? `${input.issuerExt}:${input.label ?? ''}` : (input.label ?? '')

// ── Android SharedPreferences XML ─────────────────────────────────────────────────────────────────

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export type SharedPrefInput =
  { name: string; string: string } | { name: string; int: number } | { name: string; boolean: boolean }

/** What Android's XmlUtils.writeMapXml writes. */
export function sharedPrefsXml(entries: SharedPrefInput[]): Buffer {
  const lines = entries.map((entry) => {
    const name = escapeXml(entry.name)
    if ('string' in entry) return `    <string name="${name}">${escapeXml(entry.string)}</string>`
    if ('int' in entry) return `    <int name="${name}" value="${entry.int}" />`
    return `    <boolean name="${name}" value="${entry.boolean}" />`
  })
  return Buffer.from(
    `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n${lines.join('\n')}\n</map>\n`,
    'utf8',
  )
}

/** FreeOTP 1.x's (and FreeOTP+'s) shared_prefs/tokens.xml. */
export function freeOtpTokensXml(tokens: FreeOtpTokenInput[], order = tokens.map(freeOtpTokenName)): Buffer {
  return sharedPrefsXml([
    ...tokens.map((token) => ({
      name: freeOtpTokenName(token),
      string: JSON.stringify(freeOtpToken(token)),
    })),
    { name: 'tokenOrder', string: JSON.stringify(order) },
  ])
}

/** FreeOTP+'s JSON export. */
export function freeOtpPlusJson(tokens: FreeOtpTokenInput[]): Buffer {
  return Buffer.from(
    JSON.stringify({ tokenOrder: tokens.map(freeOtpTokenName), tokens: tokens.map(freeOtpToken) }),
    'utf8',
  )
}

// ── Java serialisation of a HashMap<String, String> ───────────────────────────────────────────────

/** Java's modified UTF-8: UTF-16 units, NUL as C0 80, each surrogate on its own 3 bytes. */
export function modifiedUtf8(text: string): Buffer {
  const bytes: number[] = []
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index)
    if (unit >= 0x01 && unit <= 0x7f) bytes.push(unit)
    else if (unit <= 0x7ff) bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f))
    else bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f))
  }
  return Buffer.from(bytes)
}

export interface JavaMapOptions {
  /** Write repeated strings as back-references (TC_REFERENCE), as ObjectOutputStream does. */
  references?: boolean
  /** Use TC_LONGSTRING for every string. */
  longStrings?: boolean
  /** The JVM writes threshold and loadFactor; Android's HashMap only loadFactor. */
  jvmFields?: boolean
  className?: string
}

/** What `new ObjectOutputStream(out).writeObject(hashMap)` writes. */
export function javaSerializedHashMap(entries: [string, string][], options: JavaMapOptions = {}): Buffer {
  const parts: Buffer[] = []
  const u8 = (value: number) => parts.push(Buffer.from([value]))
  const u16 = (value: number) => {
    const buffer = Buffer.alloc(2)
    buffer.writeUInt16BE(value)
    parts.push(buffer)
  }
  const u32 = (value: number) => {
    const buffer = Buffer.alloc(4)
    buffer.writeUInt32BE(value)
    parts.push(buffer)
  }
  const utf = (text: string) => {
    const bytes = modifiedUtf8(text)
    u16(bytes.length)
    parts.push(bytes)
  }
  u16(0xaced)
  u16(5)
  u8(0x73) // TC_OBJECT
  u8(0x72) // TC_CLASSDESC
  utf(options.className ?? 'java.util.HashMap')
  const uid = Buffer.alloc(8)
  uid.writeBigInt64BE(362498820763181265n)
  parts.push(uid)
  u8(0x03) // SC_SERIALIZABLE | SC_WRITE_METHOD
  const fields: [string, string][] = options.jvmFields
    ? [
        ['F', 'loadFactor'],
        ['I', 'threshold'],
      ]
    : [['F', 'loadFactor']]
  u16(fields.length)
  for (const [type, name] of fields) {
    u8(type.charCodeAt(0))
    utf(name)
  }
  u8(0x78) // TC_ENDBLOCKDATA: no class annotation
  u8(0x70) // TC_NULL: no serialisable superclass
  const loadFactor = Buffer.alloc(4)
  loadFactor.writeFloatBE(0.75)
  parts.push(loadFactor)
  if (options.jvmFields) u32(12)
  u8(0x77) // TC_BLOCKDATA
  u8(8)
  u32(16) // capacity
  u32(entries.length)
  const handles = new Map<string, number>()
  let nextHandle = 0x7e0002 // 0x7e0000 the class descriptor, 0x7e0001 the map
  const writeString = (text: string) => {
    const earlier = handles.get(text)
    if (options.references && earlier !== undefined) {
      u8(0x71) // TC_REFERENCE
      u32(earlier)
      return
    }
    const bytes = modifiedUtf8(text)
    if (options.longStrings || bytes.length > 0xffff) {
      u8(0x7c) // TC_LONGSTRING
      const length = Buffer.alloc(8)
      length.writeBigUInt64BE(BigInt(bytes.length))
      parts.push(length)
    } else {
      u8(0x74) // TC_STRING
      u16(bytes.length)
    }
    parts.push(bytes)
    handles.set(text, nextHandle)
    nextHandle += 1
  }
  for (const [key, value] of entries) {
    writeString(key)
    writeString(value)
  }
  u8(0x78) // TC_ENDBLOCKDATA
  return Buffer.concat(parts)
}

// ── FreeOTP 2 backup ──────────────────────────────────────────────────────────────────────────────

export interface FreeOtpBackupOptions {
  password: string
  iterations?: number
  /** FreeOTP writes PBKDF2withHmacSHA1 or PBKDF2withHmacSHA512; anything else tests refusal. */
  algorithm?: string
  /** Android 6 wrote the GCM parameters as a bare OCTET STRING; later versions as a SEQUENCE. */
  bareNonce?: boolean
  /** Extra map entries, written after the tokens. */
  extra?: [string, string][]
}

/** Java's DER-encoded GCMParameterSpec: SEQUENCE { OCTET STRING nonce, INTEGER 16 } (or bare). */
function gcmParameters(nonce: Buffer, bare: boolean): number[] {
  const octets = [0x04, nonce.length, ...nonce]
  return bare
    ? signedBytes(Buffer.from(octets))
    : signedBytes(Buffer.from([0x30, octets.length + 3, ...octets, 0x02, 0x01, 16]))
}

/** FreeOTP's EncryptedKey: AES-GCM, tag appended, the key's algorithm name as associated data. */
export function freeOtpEncryptedKey(
  key: Uint8Array,
  plaintext: Uint8Array,
  token: string,
  bareNonce = false,
): Record<string, unknown> {
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(token, 'utf8'))
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return {
    mCipher: 'AES/GCM/NoPadding',
    mCipherText: signedBytes(sealed),
    mParameters: gcmParameters(nonce, bareNonce),
    mToken: token,
  }
}

const hmacName = (algo: string | null | undefined): string => `Hmac${(algo ?? 'SHA1').toUpperCase()}`

/** FreeOTP 2's externalBackup.xml: master key wrapped by the password, each secret by the master key. */
export function freeOtpBackup(tokens: FreeOtpTokenInput[], options: FreeOtpBackupOptions): Buffer {
  const algorithm = options.algorithm ?? 'PBKDF2withHmacSHA512'
  const iterations = options.iterations ?? 1000
  const salt = randomBytes(32)
  const digest = /sha1$/i.test(algorithm) ? 'sha1' : 'sha512'
  // Hostile counts are only ever refused, never derived: any key will do for them.
  const derivable = Number.isSafeInteger(iterations) && iterations >= 1 && iterations <= 1_000_000
  const passwordKey = pbkdf2Sync(options.password, salt, derivable ? iterations : 1, 32, digest)
  const masterKey = randomBytes(32)
  const entries: [string, string][] = [
    [
      'masterKey',
      JSON.stringify({
        mAlgorithm: algorithm,
        mEncryptedKey: freeOtpEncryptedKey(passwordKey, masterKey, 'AES', options.bareNonce),
        mIterations: iterations,
        mSalt: signedBytes(salt),
      }),
    ],
  ]
  for (const token of tokens) {
    const uuid = randomUUID()
    const sealed = freeOtpEncryptedKey(masterKey, token.secret, hmacName(token.algo), options.bareNonce)
    entries.push([uuid, JSON.stringify({ key: JSON.stringify(sealed) })])
    entries.push([`${uuid}-token`, JSON.stringify(freeOtpTokenSettings(token))])
  }
  entries.push(...(options.extra ?? []))
  return javaSerializedHashMap(entries)
}
