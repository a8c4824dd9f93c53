import Database from 'better-sqlite3'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../shared/domain/errors.ts'
import type { RequestOf } from '../../shared/ipc/contract.ts'
import { createAccountServices } from '../../electron/core/accounts/account-services.ts'
import type { CodeService } from '../../electron/core/accounts/code-service.ts'
import { createBackend, type Backend } from '../../electron/core/app-backend.ts'
import { headlessDesktop } from '../../electron/core/ipc/desktop-handlers.ts'
import { isTwofoldError } from '../../electron/core/errors.ts'
import { openAegisDatabase } from '../../electron/core/importers/formats/aegis.ts'
import { backupPasswordFor } from '../../electron/core/crypto/backup-password.ts'
import { manualClock } from '../support/temp-home.ts'
import { reliabilitySeed, seededRandom } from './support/seeded-random.ts'
import {
  call,
  CODE_TIME_MS,
  createVault,
  reliabilityKeychain,
  snapshot,
  VAULT_PASSWORD,
  type VaultSnapshot,
} from './support/vault-fixture.ts'

// Bytes changed in the vault file — by a failing disk, a bad sync tool or someone with the file —
// must be refused with a clear typed error, never used, and must not take the rest of the vault down
// with them. Every sealed column comes from the migrations: authenticators.secret,
// backup_codes.code, key_slots (wrapped_key, salt, kdf_params), vault_meta.key_check and
// backup_slots.slot. Each sealed value is version | nonce | ciphertext | tag, so a sweep over every
// byte covers the nonce, the body and the tag alike.

const TAMPERED = /damaged or altered|failed its integrity check|altered/

interface Seeded {
  alpha: string
  bravo: string
  charlie: string
  delta: string
  echo: string
}

describe('a vault with bytes flipped or swapped', () => {
  const seed = reliabilitySeed('tampering')
  const random = seededRandom(seed)
  const keychain = reliabilityKeychain()
  const clock = manualClock(CODE_TIME_MS)
  let base: string
  let ids: Seeded
  let recoveryKey: string
  let before: VaultSnapshot
  const figures = { authenticatorBytes: 0, backupCodeBytes: 0, slotCases: 0, swaps: 0 }

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'twofold-reliability-tamper-'))
    const created = await createVault(join(base, 'pristine'), {
      keychain,
      password: VAULT_PASSWORD,
      now: clock.now,
    })
    recoveryKey = created.recoveryKey
    const backend = created.backend
    const add = async (request: RequestOf<'accounts:add'>) =>
      (await call(backend, 'accounts:add', request)).account.id
    ids = {
      alpha: await add({
        platform: 'instagram',
        handle: 'alpha.shop',
        clientName: 'Alpha',
        authenticator: { source: 'manual', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
      }),
      bravo: await add({
        platform: 'instagram',
        handle: 'bravo.studio',
        clientName: 'Bravo',
        authenticator: { source: 'manual', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA256' },
      }),
      charlie: await add({
        platform: 'generic',
        handle: 'charlie-vpn',
        clientName: 'Charlie',
        authenticator: { source: 'manual', secret: 'KRUGS4ZANFZSAYJAKRUGS4ZA', type: 'hotp', counter: 3 },
      }),
      delta: await add({
        platform: 'generic',
        handle: 'delta-steam',
        authenticator: { source: 'manual', secret: 'MFRGGZDFMZTWQ2LKNNWG23TP', type: 'steam' },
      }),
      echo: await add({ platform: 'tiktok', handle: 'echo.outdoors', sms: '+447911123456' }),
    }
    await call(backend, 'backup-codes:set', { accountId: ids.alpha, text: '1111 2222\n3333 4444\n5555 6666' })
    await call(backend, 'backup-codes:set', { accountId: ids.bravo, text: '7777 8888\n9999 0000\n1212 3434' })
    before = snapshot(backend)
    backend.close()
  })

  afterAll(() => {
    rmSync(base, { recursive: true, force: true })
    console.log(
      `tampering: ${figures.authenticatorBytes} authenticator bytes, ${figures.backupCodeBytes} backup-code bytes, ${figures.slotCases} slot and key-check cases, ${figures.swaps} swaps refused`,
    )
  })

  let copies = 0
  function vaultCopy(): string {
    const home = join(base, `copy-${++copies}`)
    cpSync(join(base, 'pristine'), home, { recursive: true })
    return home
  }

  /** A second connection to the same file, as anyone with the file would have. */
  function rawDatabase(home: string): Database.Database {
    return new Database(join(home, 'vault.sqlite3'), { fileMustExist: true })
  }

  function blob(db: Database.Database, sql: string, ...params: unknown[]): Buffer {
    const row = db
      .prepare(sql)
      .pluck()
      .get(...params) as Buffer | undefined
    if (!row) throw new Error(`no row for ${sql}`)
    return row
  }

  function flipped(bytes: Buffer, index: number): Buffer {
    const copy = Buffer.from(bytes)
    copy[index] = (copy[index] ?? 0) ^ (1 + random.below(255))
    return copy
  }

  function expectRefused(work: () => unknown, codes: readonly ErrorCode[], context: string): void {
    let caught: unknown
    try {
      work()
    } catch (error) {
      caught = error
    }
    expect(isTwofoldError(caught), `${context}: expected a typed refusal, got ${String(caught)}`).toBe(true)
    if (isTwofoldError(caught)) {
      expect(codes, `${context}: ${caught.code}`).toContain(caught.code)
      expect(caught.message.length, context).toBeGreaterThan(20)
    }
  }

  async function unlockedCopy(): Promise<{ home: string; backend: Backend }> {
    const home = vaultCopy()
    // The person says yes to every reveal, so what stops one here is the tampering alone.
    const desktop = { ...headlessDesktop, confirm: () => Promise.resolve(true) }
    const backend = createBackend({ home, keychain, now: clock.now, desktop })
    await call(backend, 'vault:unlock', { method: 'password', password: VAULT_PASSWORD })
    return { home, backend }
  }

  const codesOf = (service: CodeService, accountIds: readonly string[]) =>
    Object.fromEntries(service.codes(accountIds, CODE_TIME_MS).map((view) => [view.accountId, view.code]))
  const all = () => [ids.alpha, ids.bravo, ids.charlie, ids.delta, ids.echo]

  it('refuses an authenticator secret with any byte flipped, and still shows every other code', async () => {
    const { home, backend } = await unlockedCopy()
    const raw = rawDatabase(home)
    const original = blob(raw, 'SELECT secret FROM authenticators WHERE account_id = ?', ids.alpha)
    const write = raw.prepare('UPDATE authenticators SET secret = ? WHERE account_id = ?')
    const others = {
      bravo: before.codes[ids.bravo],
      charlie: before.codes[ids.charlie],
      delta: before.codes[ids.delta],
    }
    for (let index = 0; index < original.length; index++) {
      write.run(flipped(original, index), ids.alpha)
      // A service of its own: the app's caches codes' secrets once per unlock.
      const service = createAccountServices(backend.vault, { now: clock.now }).codes
      expectRefused(() => service.codes([ids.alpha], CODE_TIME_MS), ['vault-tampered'], `byte ${index}`)
      expect(codesOf(service, all()), `byte ${index}`).toEqual({
        [ids.bravo]: others.bravo,
        [ids.charlie]: others.charlie,
        [ids.delta]: others.delta,
      })
      figures.authenticatorBytes++
    }

    // What the window sees, through the real dispatcher, with the last flip still in place.
    const fresh = createBackend({ home, keychain, now: clock.now })
    await call(fresh, 'vault:unlock', { method: 'password', password: VAULT_PASSWORD })
    const copied = await fresh.dispatch('codes:copy', { accountId: ids.alpha })
    expect(copied).toMatchObject({ ok: false, error: { code: 'vault-tampered' } })
    if (!copied.ok) expect(copied.error.message).toMatch(TAMPERED)
    const page = await call(fresh, 'codes:get', { accountIds: all() })
    expect(page.codes.map((view) => view.accountId).sort()).toEqual(
      [ids.bravo, ids.charlie, ids.delta].sort(),
    )
    expect((await call(fresh, 'accounts:list', {})).accounts).toHaveLength(5)
    fresh.close()
    raw.close()
    backend.close()
  })

  it('refuses a backup code with any byte flipped, leaves it unused, and leaves other accounts alone', async () => {
    const { home, backend } = await unlockedCopy()
    const raw = rawDatabase(home)
    const first = raw
      .prepare(
        `SELECT b.id, b.code FROM backup_codes b JOIN backup_code_sets s ON s.id = b.set_id
          WHERE s.account_id = ? AND b.position = 0`,
      )
      .get(ids.alpha) as { id: string; code: Buffer }
    const write = raw.prepare('UPDATE backup_codes SET code = ? WHERE id = ?')
    const bravoClient = before.accounts.find((account) => account.id === ids.bravo)?.clientId ?? null
    for (let index = 0; index < first.code.length; index++) {
      write.run(flipped(first.code, index), first.id)
      expectRefused(
        () => backend.backupCodes.useNextBackupCode(ids.alpha),
        ['vault-tampered'],
        `byte ${index}`,
      )
      expect(backend.backupCodes.backupCodeStatus(ids.alpha).unused, `byte ${index}`).toBe(3)
      const { entries } = backend.transfer.exportEntries({ clientId: bravoClient, complete: true })
      expect(entries.map((entry) => entry.twofold?.backupCodes)).toEqual([before.backupCodes[ids.bravo]])
      figures.backupCodeBytes++
    }
    const used = await backend.dispatch('backup-codes:use-next', { accountId: ids.alpha })
    expect(used).toMatchObject({ ok: false, error: { code: 'vault-tampered' } })
    raw.close()
    backend.close()
  })

  it('refuses both authenticator secrets when two rows swap their ciphertexts', async () => {
    const { home, backend } = await unlockedCopy()
    const raw = rawDatabase(home)
    const read = (id: string) => blob(raw, 'SELECT secret FROM authenticators WHERE account_id = ?', id)
    const [alpha, bravo] = [read(ids.alpha), read(ids.bravo)]
    const write = raw.prepare('UPDATE authenticators SET secret = ? WHERE account_id = ?')
    write.run(bravo, ids.alpha)
    write.run(alpha, ids.bravo)
    raw.close()
    for (const id of [ids.alpha, ids.bravo]) {
      const copied = await backend.dispatch('codes:copy', { accountId: id })
      expect(copied).toMatchObject({ ok: false, error: { code: 'vault-tampered' } })
      figures.swaps++
    }
    expect(codesOf(backend.codes, all())).toEqual({
      [ids.charlie]: before.codes[ids.charlie],
      [ids.delta]: before.codes[ids.delta],
    })
    backend.close()
  })

  it('refuses both backup codes when two rows swap their ciphertexts, within a set or across accounts', async () => {
    for (const across of [false, true]) {
      const { home, backend } = await unlockedCopy()
      const raw = rawDatabase(home)
      const code = (accountId: string, position: number) =>
        raw
          .prepare(
            `SELECT b.id, b.code FROM backup_codes b JOIN backup_code_sets s ON s.id = b.set_id
              WHERE s.account_id = ? AND b.position = ?`,
          )
          .get(accountId, position) as { id: string; code: Buffer }
      const one = code(ids.alpha, 0)
      const other = across ? code(ids.bravo, 0) : code(ids.alpha, 1)
      const write = raw.prepare('UPDATE backup_codes SET code = ? WHERE id = ?')
      write.run(other.code, one.id)
      write.run(one.code, other.id)
      raw.close()
      expectRefused(() => backend.backupCodes.useNextBackupCode(ids.alpha), ['vault-tampered'], 'first code')
      if (across)
        expectRefused(
          () => backend.backupCodes.useNextBackupCode(ids.bravo),
          ['vault-tampered'],
          'other account',
        )
      else
        await expect(backend.backupCodes.revealBackupCodes(ids.alpha, VAULT_PASSWORD)).rejects.toMatchObject({
          code: 'vault-tampered',
        })
      figures.swaps += 2
      backend.close()
    }
  })

  /** Copies the vault, changes it, and tries the two ways in: the damaged one refused, the other intact. */
  async function slotCase(
    name: string,
    change: (raw: Database.Database) => void,
    refused: { method: 'password' | 'recovery'; codes: readonly ErrorCode[] },
  ) {
    const home = vaultCopy()
    const raw = rawDatabase(home)
    change(raw)
    raw.close()
    const backend = createBackend({ home, keychain, now: clock.now })
    const attempt =
      refused.method === 'password'
        ? { method: 'password' as const, password: VAULT_PASSWORD }
        : { method: 'recovery' as const, recoveryKey }
    const result = await backend.dispatch('vault:unlock', attempt)
    expect(result.ok, name).toBe(false)
    if (!result.ok) {
      expect(refused.codes, `${name}: ${result.error.code}`).toContain(result.error.code)
      expect(result.error.message.length).toBeGreaterThan(20)
    }
    expect((await call(backend, 'vault:status', {})).state, name).toBe('locked')
    figures.slotCases++
    backend.close()
    return home
  }

  async function expectOpensWith(home: string, method: 'password' | 'recovery') {
    const backend = createBackend({ home, keychain, now: clock.now })
    await call(
      backend,
      'vault:unlock',
      method === 'password' ? { method, password: VAULT_PASSWORD } : { method, recoveryKey },
    )
    expect(snapshot(backend)).toEqual(before)
    backend.close()
  }

  it('refuses a password or recovery slot with a byte flipped in its key, nonce, tag, salt or settings, and the other slot still opens everything', async () => {
    const wrongSecret = { password: 'wrong-password', recovery: 'wrong-recovery-key' } as const
    for (const kind of ['password', 'recovery'] as const) {
      const other = kind === 'password' ? 'recovery' : 'password'
      const slot = (raw: Database.Database) =>
        raw.prepare('SELECT wrapped_key, salt, kdf_params FROM key_slots WHERE kind = ?').get(kind) as {
          wrapped_key: Buffer
          salt: Buffer
          kdf_params: string
        }
      // Version byte, both ends of the nonce, the start of the body, both ends of the tag.
      for (const index of [0, 1, 12, 13, 61 - 16, 60]) {
        const home = await slotCase(
          `${kind} slot, wrapped key byte ${index}`,
          (raw) =>
            raw
              .prepare('UPDATE key_slots SET wrapped_key = ? WHERE kind = ?')
              .run(flipped(slot(raw).wrapped_key, index), kind),
          { method: kind, codes: [wrongSecret[kind], 'vault-corrupt'] },
        )
        await expectOpensWith(home, other)
      }
      // Both ends of the salt: 32 bytes for scrypt (the recovery slot), 16 for Argon2id (the password).
      for (const end of ['first', 'last'] as const) {
        const home = await slotCase(
          `${kind} slot, ${end} salt byte`,
          (raw) => {
            const salt = slot(raw).salt
            raw
              .prepare('UPDATE key_slots SET salt = ? WHERE kind = ?')
              .run(flipped(salt, end === 'first' ? 0 : salt.length - 1), kind)
          },
          { method: kind, codes: [wrongSecret[kind], 'vault-corrupt'] },
        )
        await expectOpensWith(home, other)
      }
      for (const settings of [
        '{"n":32769,"r":8,"p":1}',
        '{"n":32768,"r":8,"p":1',
        '{"n":1073741824,"r":8,"p":1}',
      ]) {
        const home = await slotCase(
          `${kind} slot, settings ${settings}`,
          (raw) => raw.prepare('UPDATE key_slots SET kdf_params = ? WHERE kind = ?').run(settings, kind),
          { method: kind, codes: ['vault-corrupt'] },
        )
        await expectOpensWith(home, other)
      }
    }
  })

  it('refuses both slots when they swap their wrapped keys or salts', async () => {
    for (const column of ['wrapped_key', 'salt'] as const) {
      const swap = (raw: Database.Database) => {
        const read = (kind: string) => blob(raw, `SELECT ${column} FROM key_slots WHERE kind = ?`, kind)
        const [password, recovery] = [read('password'), read('recovery')]
        const write = raw.prepare(`UPDATE key_slots SET ${column} = ? WHERE kind = ?`)
        write.run(recovery, 'password')
        write.run(password, 'recovery')
      }
      // Swapped salts no longer fit (Argon2id's are 16 bytes, scrypt's 32): damage, seen without a guess.
      const home = await slotCase(`swapped ${column}`, swap, {
        method: 'password',
        codes: column === 'salt' ? ['vault-corrupt'] : ['wrong-password'],
      })
      const backend = createBackend({ home, keychain, now: clock.now })
      const result = await backend.dispatch('vault:unlock', { method: 'recovery', recoveryKey })
      expect(result).toMatchObject({
        ok: false,
        error: { code: column === 'salt' ? 'vault-corrupt' : 'wrong-recovery-key' },
      })
      backend.close()
      figures.swaps += 2
    }
  })

  it('refuses to unlock when the key check is altered, and says the file was altered', async () => {
    for (const index of [0, 1, 12, 13, 30, 40]) {
      const home = await slotCase(
        `key check byte ${index}`,
        (raw) =>
          raw
            .prepare('UPDATE vault_meta SET key_check = ? WHERE id = 1')
            .run(flipped(blob(raw, 'SELECT key_check FROM vault_meta WHERE id = 1'), index)),
        { method: 'password', codes: ['vault-tampered'] },
      )
      const backend = createBackend({ home, keychain, now: clock.now })
      const result = await backend.dispatch('vault:unlock', { method: 'recovery', recoveryKey })
      expect(result).toMatchObject({ ok: false, error: { code: 'vault-tampered' } })
      if (!result.ok) expect(result.error.message).toMatch(/altered/)
      backend.close()
    }
  })

  it('refuses to write a backup carrying an altered backup slot, and the unlock with that secret remakes it', async () => {
    for (const kind of ['recovery', 'password'] as const) {
      for (const index of [2, 40, 100]) {
        const { home, backend } = await unlockedCopy()
        const raw = rawDatabase(home)
        const slot = raw.prepare('SELECT slot FROM backup_slots WHERE kind = ?').pluck().get(kind) as string
        const changed = Buffer.from(slot, 'utf8')
        changed[index] = (changed[index] ?? 0) ^ 1
        raw.prepare('UPDATE backup_slots SET slot = ? WHERE kind = ?').run(changed.toString('utf8'), kind)
        raw.close()
        const folder = join(home, 'backups')
        expectRefused(
          () => backend.backups.backupNow(folder, 10),
          ['vault-tampered'],
          `${kind} byte ${index}`,
        )
        expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([])
        figures.slotCases++

        await call(backend, 'vault:lock', {})
        await call(
          backend,
          'vault:unlock',
          kind === 'password' ? { method: kind, password: VAULT_PASSWORD } : { method: kind, recoveryKey },
        )
        const written = backend.backups.backupNow(folder, 10)
        const opened = await openAegisDatabase(
          readFileSync(written.file),
          kind === 'password' ? VAULT_PASSWORD : backupPasswordFor(recoveryKey),
        )
        expect((opened as { entries: unknown[] }).entries).toHaveLength(4)
        backend.close()
      }
    }
  })
})
