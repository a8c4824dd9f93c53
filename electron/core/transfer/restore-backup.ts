import { z } from 'zod'
import type { AccountTransfer } from '../accounts/account-transfer.ts'
import { platformIds } from '../../../shared/domain/platforms.ts'
import { checkCounter, checkOtpParameters, type OtpParameters } from '../engine/otp-parameters.ts'
import { decodeBase32Secret } from '../engine/secret-text.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { isTwofoldError, TwofoldError } from '../errors.ts'
import { openAegisDatabase } from '../importers/formats/aegis.ts'
import { openAesGcm } from '../importers/import-crypto.ts'
import { unreadable } from '../importers/import-errors.ts'
import {
  field,
  isJsonObject,
  parseJson,
  readJsonObjectFile,
  requiredString,
} from '../importers/import-json.ts'
import { decodeBase64, decodeHex } from '../importers/import-text.ts'
import type { NewAccount } from '../accounts/account-store.ts'
import { backupPasswordFor, normaliseBackupSecret } from '../crypto/backup-password.ts'
import { openRecoveryBox } from './backup-recovery-box.ts'

/**
 * Restores a Twofold backup (an encrypted Aegis vault with Twofold's own record on each entry) into
 * the open vault: every account with its phones, tags, client and backup codes. Accounts already in
 * the vault (by the one identity rule, account-identity.ts) are left alone. One transaction.
 */
const recordSchema = z.object({
  // Backups from before the account identity rule carry no id.
  id: z.string().max(64).optional(),
  platform: z.enum(platformIds),
  handle: z.string().max(500),
  displayName: z.string().max(500),
  issuer: z.string().max(500),
  label: z.string().max(500),
  client: z.string().max(500).nullable(),
  notes: z.string().max(10_000),
  tags: z.array(z.string().max(60)).max(50),
  sms: z.string().max(40).nullable(),
  whatsapp: z.string().max(40).nullable(),
  verifiedAt: z.string().nullable(),
  backupCodes: z
    .array(
      z.object({ code: z.string().max(64), usedAt: z.string().nullable(), usedBy: z.string().nullable() }),
    )
    .max(100)
    .nullable(),
})
type Record = z.infer<typeof recordSchema>

const entrySchema = z.object({
  type: z.enum(['totp', 'hotp', 'steam']),
  name: z.string(),
  issuer: z.string(),
  info: z.object({
    secret: z.string(),
    algo: z.enum(['SHA1', 'SHA256', 'SHA512']),
    digits: z.number().int(),
    period: z.number().int().optional(),
    counter: z.number().int().optional(),
  }),
  twofold: recordSchema.optional(),
})

export async function restoreBackup(
  bytes: Uint8Array,
  typedSecret: string,
  transfer: AccountTransfer,
): Promise<{ imported: number; duplicates: number }> {
  const db = await openWithEitherSecret(bytes, typedSecret)
  const listed = z
    .array(z.unknown())
    .max(100_000)
    .safeParse((db as { entries?: unknown }).entries ?? [])
  // Only a damaged or hand-made backup gets here (a real one is authenticated): refuse it in words.
  if (!listed.success)
    throw new TwofoldError(
      'import-unreadable',
      'This backup is damaged: its list of accounts cannot be read.',
    )
  const entries = listed.data
  const extra = z
    .object({ accountsWithoutAuthenticator: z.array(recordSchema).max(100_000) })
    .safeParse((db as { twofold?: unknown }).twofold)
  const restored: { account: NewAccount; backupCodes: Record['backupCodes'] }[] = []
  for (const raw of entries) {
    const entry = entrySchema.safeParse(raw)
    if (!entry.success) continue
    const { info } = entry.data
    const params: OtpParameters = checkOtpParameters(
      entry.data.type === 'hotp'
        ? { type: 'hotp', algorithm: info.algo, digits: info.digits }
        : entry.data.type === 'steam'
          ? { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
          : { type: 'totp', algorithm: info.algo, digits: info.digits, period: info.period ?? 30 },
    )
    const record = entry.data.twofold
    restored.push({
      ...(record?.id ? { accountId: record.id } : {}),
      account: {
        ...fromRecord(record, entry.data.issuer, entry.data.name),
        authenticator: {
          secret: decodeBase32Secret(info.secret),
          params,
          ...(info.counter !== undefined ? { counter: checkCounter(info.counter) } : {}),
          verifiedAt: record?.verifiedAt ?? null,
        },
      },
      backupCodes: record?.backupCodes ?? null,
    })
  }
  for (const record of extra.success ? extra.data.accountsWithoutAuthenticator : []) {
    restored.push({
      ...(record.id ? { accountId: record.id } : {}),
      account: fromRecord(record, record.issuer, record.label),
      backupCodes: record.backupCodes,
    })
  }
  return transfer.restoreAccounts(restored)
}

function fromRecord(record: Record | undefined, issuer: string, name: string): NewAccount {
  if (!record) return { platform: 'generic', handle: name || issuer, issuer, label: name }
  return {
    platform: record.platform,
    handle: record.handle,
    displayName: record.displayName,
    issuer: record.issuer || issuer,
    label: record.label || name,
    clientName: record.client,
    notes: record.notes,
    tags: record.tags,
    ...(record.sms ? { sms: storedPhone(record.sms) } : {}),
    ...(record.whatsapp ? { whatsapp: storedPhone(record.whatsapp) } : {}),
  }
}

/**
 * Backups hold phone numbers as stored (E.164). Checked by shape only, not against today's numbering
 * plans, so a number that was valid when saved is never refused on restore.
 */
function storedPhone(phone: string): string {
  if (!/^\+[1-9][0-9]{1,14}$/.test(phone))
    throw new TwofoldError(
      'import-unreadable',
      'This backup is damaged: one of its phone numbers cannot be read.',
    )
  return phone
}

/**
 * A backup opens with the vault password or the recovery key; people type either, any way. A recovery
 * key tries the Aegis slots first (a backup from before boxes, or made after the key was last typed),
 * then the recovery box, which follows the vault key through password changes.
 */
async function openWithEitherSecret(bytes: Uint8Array, typed: string): Promise<unknown> {
  const candidates = [...new Set([typed, normaliseBackupSecret(typed)])]
  let lastError: unknown
  for (const candidate of candidates) {
    try {
      return await openAegisDatabase(bytes, candidate)
    } catch (error) {
      lastError = error
    }
  }
  const recoveryShaped = normaliseBackupSecret(typed) === backupPasswordFor(typed)
  // A file that is not even a readable backup is said so; only a refused secret tries the box.
  const refused =
    isTwofoldError(lastError) &&
    (lastError.code === 'import-wrong-password' || lastError.code === 'import-unsupported-format')
  if (recoveryShaped && refused) {
    const opened = await openWithRecoveryBox(bytes, typed)
    if (opened !== null) return opened
  }
  if (lastError instanceof TwofoldError) throw lastError
  throw new TwofoldError('invalid-request', 'This backup could not be opened.')
}

async function openWithRecoveryBox(bytes: Uint8Array, recoveryKey: string): Promise<unknown> {
  const file = readJsonObjectFile(bytes, 'backup')
  const header = field(file, 'header')
  const params = isJsonObject(header) ? field(header, 'params') : undefined
  const db = field(file, 'db')
  if (!isJsonObject(params) || typeof db !== 'string') return null
  const nonceHex = requiredString(params, 'nonce', 'The backup nonce')
  const nonce = decodeHex(nonceHex, 'The backup nonce')
  const tag = decodeHex(requiredString(params, 'tag', 'The backup tag'), 'The backup tag')
  const masterKey = await openRecoveryBox(header, nonceHex, recoveryKey)
  if (masterKey === null) return null
  const plaintext = openAesGcm(masterKey, nonce, decodeBase64(db, 'The backup database'), tag)
  wipe(masterKey)
  // The box opened, so the key is the one it was given: a database that does not decrypt is damage.
  if (plaintext === null) throw unreadable('This backup is damaged: its database does not decrypt.')
  try {
    const json = parseJson(plaintext.toString('utf8'))
    if (!isJsonObject(json)) throw unreadable('This backup is damaged: its database is not valid JSON.')
    return json
  } finally {
    wipe(plaintext)
  }
}
