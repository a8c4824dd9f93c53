import { randomBytes } from 'node:crypto'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PlatformId } from '../../../shared/domain/platforms.ts'
import type { Channel, RequestOf, ResponseOf } from '../../../shared/ipc/contract.ts'
import type { Backend } from '../../../electron/core/app-backend.ts'
import type { Timers } from '../../../electron/core/clipboard/clipboard-guard.ts'
import { encodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import { wipe } from '../../../electron/core/crypto/secret-bytes.ts'
import type { Keychain } from '../../../electron/core/vault/keychain.ts'
import { OsKeychain } from '../../../electron/core/vault/os-keychain.ts'
import { createVaultBackend, type CreatedVault } from '../../support/vault-workspace.ts'
import type { SeededRandom } from './seeded-random.ts'

export const VAULT_PASSWORD = 'reliability vault password'

/** Every "the same codes as before" comparison asks for the codes at this moment, not at "now". */
export const CODE_TIME_MS = Date.UTC(2026, 10, 24, 12, 0, 0)

/** The real keychain under a service name no other test (or engineer's run) uses. */
export function reliabilityKeychain(): OsKeychain {
  return new OsKeychain(`Twofold-reliability-${randomBytes(6).toString('hex')}`)
}

export type { CreatedVault }

/** A vault made the way the window makes one: prepare, show the recovery key, type it back. */
export function createVault(
  home: string,
  options: { keychain: Keychain; password?: string; now?: () => number; timers?: Timers },
): Promise<CreatedVault> {
  return createVaultBackend({
    home,
    keychain: options.keychain,
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.now ? { now: options.now } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  })
}

/**
 * The vault every kill starts from: created with VAULT_PASSWORD at `<base>/pristine`, seeded with
 * `count` accounts, then closed (and so checkpointed) for `pristineCopy` to copy.
 */
export async function pristineVault(
  base: string,
  options: { keychain: Keychain; count: number; random: SeededRandom },
): Promise<{ recoveryKey: string; before: VaultSnapshot }> {
  const { backend, recoveryKey } = await createVault(join(base, 'pristine'), {
    keychain: options.keychain,
    password: VAULT_PASSWORD,
  })
  try {
    await seedAccounts(backend, options.count, options.random)
    return { recoveryKey, before: snapshot(backend) }
  } finally {
    backend.close()
  }
}

/** A fresh copy of `<base>/pristine` at `<base>/<name>`, for one kill. */
export function pristineCopy(base: string, name: string): string {
  const home = join(base, name)
  cpSync(join(base, 'pristine'), home, { recursive: true })
  return home
}

/** Sends one request through the real dispatcher and hands back its value, failing on an error. */
export async function call<C extends Channel>(
  backend: Backend,
  channel: C,
  payload: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const result = await backend.dispatch(channel, payload)
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`)
  return result.value as ResponseOf<C>
}

const PLATFORMS: PlatformId[] = ['instagram', 'facebook', 'tiktok', 'x', 'google', 'generic']

/**
 * Accounts of every kind a person keeps — TOTP with each algorithm, HOTP with a counter, Steam,
 * phones, tags, clients and backup codes — added through the same requests the window sends.
 */
export async function seedAccounts(backend: Backend, count: number, random: SeededRandom): Promise<string[]> {
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    const platform = PLATFORMS[index % PLATFORMS.length] ?? 'generic'
    const secret = encodeBase32Secret(random.bytes(20))
    const kind = index % 5
    const authenticator =
      kind === 3 && platform === 'generic'
        ? { source: 'manual' as const, secret, type: 'hotp' as const, counter: index }
        : kind === 4 && platform === 'generic'
          ? { source: 'manual' as const, secret, type: 'steam' as const }
          : {
              source: 'manual' as const,
              secret,
              algorithm: (['SHA1', 'SHA256', 'SHA512'] as const)[index % 3],
              digits: 6 + (index % 3),
              period: index % 7 === 0 ? 60 : 30,
            }
    const added = await call(backend, 'accounts:add', {
      platform,
      handle: `existing.${String(index).padStart(4, '0')}`,
      clientName: `Client ${index % 7}`,
      tags: index % 2 === 0 ? ['vip'] : [],
      notes: `seeded account ${index}`,
      ...(index % 3 === 0 ? { sms: `+4479111${String(10_000 + index).slice(-5)}` } : {}),
      authenticator,
    })
    ids.push(added.account.id)
    if (index % 4 === 0) {
      const length = platform === 'x' ? 12 : 8
      const codes = Array.from({ length: 5 }, (_, n) =>
        String(10 ** (length - 1) + index * 10 + n).slice(0, length),
      ).join('\n')
      await call(backend, 'backup-codes:set', { accountId: added.account.id, text: codes })
    }
  }
  return ids
}

export interface VaultSnapshot {
  accounts: AccountSummary[]
  /** Each account's code at CODE_TIME_MS, by account id. */
  codes: Record<string, string>
  /** Each account's current backup codes (used or not), by account id. */
  backupCodes: Record<string, unknown>
}

/** What a person would call "my accounts": read without writing anything (no audit entry, no counter). */
export function snapshot(backend: Backend, ids?: readonly string[]): VaultSnapshot {
  const all = backend.queries.list().accounts
  const accounts = ids ? all.filter((account) => ids.includes(account.id)) : all
  const codes = Object.fromEntries(
    backend.codes
      .codes(
        accounts.map((account) => account.id),
        CODE_TIME_MS,
      )
      .map((view) => [view.accountId, view.code]),
  )
  const { entries } = backend.transfer.exportEntries({ complete: true })
  const byName = new Map(
    entries.map((entry) => [`${entry.twofold?.platform}:${entry.twofold?.handle}`, entry]),
  )
  const backupCodes = Object.fromEntries(
    accounts.map((account) => [
      account.id,
      byName.get(`${account.platform}:${account.handle}`)?.twofold?.backupCodes ?? null,
    ]),
  )
  for (const entry of entries) wipe(entry.secret)
  return { accounts, codes, backupCodes }
}

/** The earlier accounts are all there, unchanged, with the same codes and backup codes. */
export function expectIntact(before: VaultSnapshot, after: VaultSnapshot): void {
  const ids = before.accounts.map((account) => account.id)
  const kept = after.accounts.filter((account) => ids.includes(account.id))
  expect(kept).toEqual(before.accounts)
  expect(Object.fromEntries(ids.map((id) => [id, after.codes[id]]))).toEqual(before.codes)
  expect(Object.fromEntries(ids.map((id) => [id, after.backupCodes[id]]))).toEqual(before.backupCodes)
}
