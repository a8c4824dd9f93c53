import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto'
import { argon2Sync } from 'node:crypto'
import { PNG } from 'pngjs'
import protobuf from 'protobufjs'
import QRCode from 'qrcode'
import sodium from 'libsodium-wrappers-sumo'

// Test-only writers for the formats Twofold imports, written from each format's description rather
// than from the readers, so a round trip checks the reader against the format and not against itself.
// Key-derivation settings are deliberately cheap: these files exist only to keep the tests fast.

function sealGcm(key: Uint8Array, plaintext: Uint8Array, nonce = randomBytes(12)) {
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { nonce, ciphertext, tag: cipher.getAuthTag() }
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8')

// ── Aegis ──────────────────────────────────────────────────────────────────────────────────────────

export interface AegisEntryInput {
  type: string
  name: string
  issuer: string
  secret: string
  algo?: string
  digits?: number
  period?: number
  counter?: number
  group?: string
  groups?: string[]
  note?: string
}

export function aegisEntry(input: AegisEntryInput): Record<string, unknown> {
  return {
    type: input.type,
    uuid: randomBytes(16).toString('hex'),
    name: input.name,
    issuer: input.issuer,
    note: input.note ?? '',
    icon: null,
    ...(input.group === undefined ? {} : { group: input.group }),
    ...(input.groups === undefined ? {} : { groups: input.groups }),
    info: {
      secret: input.secret,
      algo: input.algo ?? 'SHA1',
      digits: input.digits ?? 6,
      ...(input.type === 'hotp' ? { counter: input.counter ?? 0 } : { period: input.period ?? 30 }),
    },
  }
}

export function aegisVault(
  db: Record<string, unknown>,
  options: { password?: string; n?: number; r?: number; p?: number; extraSlots?: unknown[] } = {},
): Buffer {
  if (options.password === undefined) {
    return json({ version: 1, header: { slots: null, params: null }, db })
  }
  const masterKey = randomBytes(32)
  const salt = randomBytes(32)
  const { n = 2 ** 10, r = 8, p = 1 } = options
  const slotKey = scryptSync(options.password, salt, 32, { N: n, r, p })
  const wrapped = sealGcm(slotKey, masterKey)
  const sealedDb = sealGcm(masterKey, json(db))
  return json({
    version: 1,
    header: {
      slots: [
        ...(options.extraSlots ?? []),
        {
          type: 1,
          uuid: randomBytes(16).toString('hex'),
          key: wrapped.ciphertext.toString('hex'),
          key_params: { nonce: wrapped.nonce.toString('hex'), tag: wrapped.tag.toString('hex') },
          n,
          r,
          p,
          salt: salt.toString('hex'),
          repaired: true,
        },
      ],
      params: { nonce: sealedDb.nonce.toString('hex'), tag: sealedDb.tag.toString('hex') },
    },
    db: sealedDb.ciphertext.toString('base64'),
  })
}

// ── 2FAS ───────────────────────────────────────────────────────────────────────────────────────────

export function twofasBackup(
  services: unknown[],
  options: { password?: string; groups?: unknown[]; schemaVersion?: number; reference?: boolean } = {},
): Buffer {
  const base = {
    updatedAt: 1,
    schemaVersion: options.schemaVersion ?? 4,
    appVersionCode: 5000009,
    appOrigin: 'android',
    groups: options.groups ?? [],
  }
  if (options.password === undefined) return json({ ...base, services })
  const salt = randomBytes(256)
  const key = pbkdf2Sync(options.password, salt, 10_000, 32, 'sha256')
  const seal = (plaintext: Buffer) => {
    const { nonce, ciphertext, tag } = sealGcm(key, plaintext)
    return [Buffer.concat([ciphertext, tag]), salt, nonce].map((part) => part.toString('base64')).join(':')
  }
  return json({
    ...base,
    services: [],
    servicesEncrypted: seal(json(services)),
    ...(options.reference === false ? {} : { reference: seal(Buffer.from('2FAS reference text', 'utf8')) }),
  })
}

// ── Ente Auth ──────────────────────────────────────────────────────────────────────────────────────

/** libsodium's own crypto_pwhash and secretstream, so the reader's Node Argon2 is checked against them. */
export async function enteExport(
  lines: string[],
  password: string,
  kdf: { memLimit: number; opsLimit: number } = { memLimit: 64 * 1024, opsLimit: 1 },
  /** The secretstream tag of the one message; FINAL unless given (Ente Auth also writes MESSAGE, 0). */
  tag?: number,
): Promise<Buffer> {
  await sodium.ready
  const salt = sodium.randombytes_buf(16)
  const key = sodium.crypto_pwhash(
    32,
    password,
    salt,
    kdf.opsLimit,
    kdf.memLimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  )
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key)
  const encrypted = sodium.crypto_secretstream_xchacha20poly1305_push(
    state,
    Buffer.from(lines.join('\n'), 'utf8'),
    null,
    tag ?? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
  )
  return json({
    version: 1,
    kdfParams: { memLimit: kdf.memLimit, opsLimit: kdf.opsLimit, salt: Buffer.from(salt).toString('base64') },
    encryptedData: Buffer.from(encrypted).toString('base64'),
    encryptionNonce: Buffer.from(header).toString('base64'),
  })
}

// ── Bitwarden ──────────────────────────────────────────────────────────────────────────────────────

export type BitwardenKdf =
  | { kdfType: 0; kdfIterations: number }
  | { kdfType: 1; kdfIterations: number; kdfMemory: number; kdfParallelism: number }

export function bitwardenItem(name: string, totp: string | null, extra: Record<string, unknown> = {}) {
  return {
    id: randomBytes(8).toString('hex'),
    organizationId: null,
    folderId: null,
    type: 1,
    name,
    notes: null,
    favorite: false,
    login: { uris: null, username: null, password: null, totp },
    collectionIds: null,
    ...extra,
  }
}

export function bitwardenExport(
  plain: Record<string, unknown>,
  password?: string,
  kdf: BitwardenKdf = { kdfType: 0, kdfIterations: 1000 },
): Buffer {
  if (password === undefined) return json(plain)
  const salt = randomBytes(16).toString('base64')
  const masterKey =
    kdf.kdfType === 0
      ? pbkdf2Sync(password, Buffer.from(salt, 'utf8'), kdf.kdfIterations, 32, 'sha256')
      : argon2Sync('argon2id', {
          message: Buffer.from(password, 'utf8'),
          nonce: createHash('sha256').update(salt, 'utf8').digest(),
          memory: kdf.kdfMemory * 1024,
          passes: kdf.kdfIterations,
          parallelism: kdf.kdfParallelism,
          tagLength: 32,
        })
  // HKDF-Expand (RFC 5869) for one block: T(1) = HMAC(PRK, info ‖ 0x01).
  const expand = (info: string) => createHmac('sha256', masterKey).update(info).update(Buffer.of(1)).digest()
  const encKey = expand('enc')
  const macKey = expand('mac')
  const encString = (plaintext: Buffer) => {
    const iv = randomBytes(16)
    const cipher = createCipheriv('aes-256-cbc', encKey, iv)
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
    const mac = createHmac('sha256', macKey).update(iv).update(ciphertext).digest()
    return `2.${iv.toString('base64')}|${ciphertext.toString('base64')}|${mac.toString('base64')}`
  }
  return json({
    encrypted: true,
    passwordProtected: true,
    salt,
    ...kdf,
    ...(kdf.kdfType === 0 ? { kdfMemory: null, kdfParallelism: null } : {}),
    encKeyValidation_DO_NOT_EDIT: encString(Buffer.from(randomBytes(16).toString('hex'), 'utf8')),
    data: encString(json(plain)),
  })
}

// ── andOTP ─────────────────────────────────────────────────────────────────────────────────────────

export function andOtpEncrypted(entries: unknown[], password: string, iterations = 1000): Buffer {
  const salt = randomBytes(12)
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha1')
  const { nonce, ciphertext, tag } = sealGcm(key, json(entries))
  const header = Buffer.alloc(4)
  header.writeUInt32BE(iterations)
  return Buffer.concat([header, salt, nonce, ciphertext, tag])
}

export function andOtpEncryptedOld(entries: unknown[], password: string): Buffer {
  const key = createHash('sha256').update(password, 'utf8').digest()
  const { nonce, ciphertext, tag } = sealGcm(key, json(entries))
  return Buffer.concat([nonce, ciphertext, tag])
}

// ── Google Authenticator export ────────────────────────────────────────────────────────────────────

export interface GoogleOtpInput {
  secret: Uint8Array
  name: string
  issuer?: string
  algorithm?: number
  digits?: number
  type?: number
  counter?: number
}

/** MigrationPayload written field by field with protobuf's wire format, independent of the reader's schema. */
export function googleMigrationUri(otps: GoogleOtpInput[], batch = { size: 1, index: 0 }): string {
  const writer = protobuf.Writer.create()
  for (const otp of otps) {
    const inner = protobuf.Writer.create()
    inner.uint32((1 << 3) | 2).bytes(otp.secret)
    inner.uint32((2 << 3) | 2).string(otp.name)
    if (otp.issuer !== undefined) inner.uint32((3 << 3) | 2).string(otp.issuer)
    inner.uint32(4 << 3).int32(otp.algorithm ?? 1)
    inner.uint32(5 << 3).int32(otp.digits ?? 1)
    inner.uint32(6 << 3).int32(otp.type ?? 2)
    if (otp.counter !== undefined) inner.uint32(7 << 3).int64(otp.counter)
    writer.uint32((1 << 3) | 2).bytes(inner.finish())
  }
  writer.uint32(2 << 3).int32(1)
  writer.uint32(3 << 3).int32(batch.size)
  writer.uint32(4 << 3).int32(batch.index)
  writer.uint32(5 << 3).int32(123)
  const data = Buffer.from(writer.finish()).toString('base64')
  return `otpauth-migration://offline?data=${encodeURIComponent(data)}`
}

// ── QR images ──────────────────────────────────────────────────────────────────────────────────────

/** A white PNG with each text drawn as a QR code, side by side, 4 px per module. */
export function qrPng(texts: string[], scale = 4): Buffer {
  const codes = texts.map((text) => QRCode.create(text, { errorCorrectionLevel: 'M' }).modules)
  const quiet = 4
  const widths = codes.map((code) => (code.size + 2 * quiet) * scale)
  const width = Math.max(
    1,
    widths.reduce((sum, value) => sum + value, 0),
  )
  const height = Math.max(1, ...widths)
  const png = new PNG({ width, height })
  png.data.fill(255)
  let left = 0
  codes.forEach((code, index) => {
    for (let row = 0; row < code.size; row++) {
      for (let col = 0; col < code.size; col++) {
        if (!code.get(row, col)) continue
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const x = left + (col + quiet) * scale + dx
            const y = (row + quiet) * scale + dy
            png.data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3)
          }
        }
      }
    }
    left += widths[index] ?? 0
  })
  return PNG.sync.write(png)
}
