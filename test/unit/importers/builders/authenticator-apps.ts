import { argon2Sync, createCipheriv, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto'

// Test-only writers for the authenticator apps this group reads, written from each app's own
// description of its format (Stratum's StrongBackupEncryption.cs / LegacyBackupEncryption.cs,
// Proton Authenticator's export) rather than from Twofold's readers.

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8')

// ── Authenticator Pro / Stratum ────────────────────────────────────────────────────────────────────

export interface StratumAuthenticator {
  Type: number
  Issuer: string
  Username?: string | null
  Secret: string
  Algorithm?: number
  Digits?: number
  Period?: number
  Counter?: number
  Ranking?: number
  Icon?: string | null
}

export function stratumBackup(
  authenticators: StratumAuthenticator[],
  categories: { Id: string; Name: string }[] = [],
  links: { CategoryId: string; AuthenticatorSecret: string }[] = [],
): Record<string, unknown> {
  return {
    Authenticators: authenticators,
    Categories: categories,
    AuthenticatorCategories: links,
    CustomIcons: [],
  }
}

/**
 * Stratum's "strong" encryption: `AUTHENTICATORPRO` ‖ salt (16) ‖ IV (12) ‖ AES-256-GCM ciphertext ‖
 * tag (16); key Argon2id (64 MiB, 3 passes, 4 lanes — fixed by the format) over the UTF-8 password.
 * `plaintext` overrides the JSON, to seal something that is not a backup.
 */
export function stratumStrongEncrypted(
  backup: unknown,
  password: string,
  plaintext: Buffer = json(backup),
): Buffer {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const key = argon2Sync('argon2id', {
    message: Buffer.from(password, 'utf8'),
    nonce: salt,
    parallelism: 4,
    tagLength: 32,
    memory: 64 * 1024,
    passes: 3,
  })
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.from('AUTHENTICATORPRO', 'utf8'), salt, iv, ciphertext, cipher.getAuthTag()])
}

/**
 * Stratum's legacy encryption: `AuthenticatorPro` ‖ salt (20) ‖ IV (16) ‖ AES-256-CBC/PKCS#7
 * ciphertext; key PBKDF2-HMAC-SHA1, 64,000 iterations, over the UTF-8 password.
 */
export function stratumLegacyEncrypted(
  backup: unknown,
  password: string,
  plaintext: Buffer = json(backup),
): Buffer {
  const salt = randomBytes(20)
  const iv = randomBytes(16)
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 64_000, 32, 'sha1')
  const cipher = createCipheriv('aes-256-cbc', key, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.from('AuthenticatorPro', 'utf8'), salt, iv, ciphertext])
}

// ── Proton Authenticator ───────────────────────────────────────────────────────────────────────────

export interface ProtonEntryInput {
  uri: string
  entry_type?: string
  name?: string
  note?: string | null
}

/** The plain export, as proton-pass-common's exporter.rs writes it. */
export function protonExport(entries: ProtonEntryInput[], version = 1): Record<string, unknown> {
  return {
    version,
    entries: entries.map((entry) => ({
      id: randomUUID(),
      content: { uri: entry.uri, entry_type: entry.entry_type ?? 'Totp', name: entry.name ?? '' },
      note: entry.note ?? null,
    })),
  }
}

/**
 * The password-protected export, as password_exporter.rs writes it: `{version: 1, salt, content}`,
 * Argon2id (19 MiB, 2 passes, 1 lane — fixed by Proton) over the UTF-8 password, and `content` =
 * nonce (12) ‖ AES-256-GCM ciphertext ‖ tag with associated data `proton.authenticator.export.v1`.
 */
export function protonEncryptedExport(
  plain: unknown,
  password: string,
  options: { plaintext?: Buffer; aad?: string; version?: number } = {},
): Buffer {
  const salt = randomBytes(16)
  const nonce = randomBytes(12)
  const key = argon2Sync('argon2id', {
    message: Buffer.from(password, 'utf8'),
    nonce: salt,
    parallelism: 1,
    tagLength: 32,
    memory: 19 * 1024,
    passes: 2,
  })
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(options.aad ?? 'proton.authenticator.export.v1', 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(options.plaintext ?? json(plain)), cipher.final()])
  return json({
    version: options.version ?? 1,
    salt: salt.toString('base64'),
    content: Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64'),
  })
}
