import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountService } from '../../../electron/core/accounts/account-service.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { Vault } from '../../../electron/core/vault/vault.ts'
import {
  keychainIsReachable,
  throwawayKeychain,
  type ThrowawayKeychain,
} from '../../support/real-keychain.ts'
import { manualClock, tempHome } from '../../support/temp-home.ts'

const reachable = await keychainIsReachable()
const SECRET = 'JBSWY3DPEHPK3PXP' // "Hello!\xde\xad\xbe\xef"
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' // "12345678901234567890"

function expectCode(work: () => unknown, code: string): Error {
  try {
    work()
  } catch (error) {
    expect(isTwofoldError(error) ? error.code : error).toBe(code)
    return error as Error
  }
  throw new Error(`expected ${code}`)
}

describe.skipIf(!reachable)('accounts in the vault', () => {
  let folder: ReturnType<typeof tempHome>
  let keys: ThrowawayKeychain
  let clock: ReturnType<typeof manualClock>
  let vault: Vault
  let accounts: AccountService

  beforeEach(async () => {
    folder = tempHome()
    keys = throwawayKeychain()
    clock = manualClock(59_000)
    vault = new Vault({ home: folder.home, keychain: keys.keychain, now: clock.now })
    accounts = new AccountService(vault, { now: clock.now, actor: 'tester' })
    const { creationId, recoveryKey } = await vault.prepareCreate()
    await vault.create({ creationId, recoveryKeyConfirmation: recoveryKey })
  })
  afterEach(async () => {
    vault.close()
    await keys.cleanup()
    folder.remove()
  })

  it('shows RFC 6238 codes with their validity window, and nothing once locked', async () => {
    const { account } = accounts.add({
      platform: 'instagram',
      handle: 'alice',
      authenticator: { source: 'uri', uri: `otpauth://totp/Instagram:alice?secret=${RFC_SECRET}` },
    })
    expect(accounts.codes([account.id], 59_000)).toEqual([
      { accountId: account.id, code: '287082', validFrom: 30_000, validUntil: 60_000, period: 30 },
    ])
    expect(accounts.codes([account.id], 1_111_111_109_000)[0]?.code).toBe('081804')
    await vault.lock()
    expectCode(() => accounts.codes([account.id]), 'vault-locked')
  })

  it('moves an HOTP counter on each time its code is used', () => {
    const { account } = accounts.add({
      platform: 'generic',
      handle: 'vpn',
      authenticator: {
        source: 'manual',
        secret: RFC_SECRET,
        type: 'hotp',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    })
    // RFC 4226 Appendix D: counters 0, 1, 2.
    expect(accounts.codes([account.id])[0]?.code).toBe('755224')
    accounts.recordCodeUse(account.id)
    expect(accounts.codes([account.id])[0]?.code).toBe('287082')
    accounts.recordCodeUse(account.id)
    expect(accounts.codes([account.id])[0]).toMatchObject({ code: '359152', validUntil: null })
  })

  it('records verification when the typed code matches, and refuses one that does not', () => {
    const verified = accounts.add({
      platform: 'instagram',
      handle: 'verified',
      authenticator: {
        source: 'manual',
        secret: RFC_SECRET,
        type: 'totp',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
      verificationCode: '287082',
    })
    expect(verified.account.methods.authenticator?.verifiedAt).toBe(new Date(59_000).toISOString())
    const error = expectCode(
      () =>
        accounts.add({
          platform: 'instagram',
          handle: 'typo',
          authenticator: {
            source: 'manual',
            secret: SECRET,
            type: 'totp',
            algorithm: 'SHA1',
            digits: 6,
            period: 30,
          },
          verificationCode: '123456',
        }),
      'invalid-code',
    )
    expect(error.message).toMatch(/does not match/)
    expect(accounts.list().accounts.map((account) => account.handle)).toEqual(['verified'])
    const unverified = accounts.add({
      platform: 'instagram',
      handle: 'later',
      authenticator: { source: 'uri', uri: `otpauth://totp/x?secret=${SECRET}` },
    })
    expect(unverified.flags.map((flag) => flag.kind)).toContain('secret-unverified')
  })

  it('warns before saving a number another Instagram account already uses', () => {
    accounts.add({ platform: 'instagram', handle: 'first', sms: '+44 7911 123456' })
    const warnings = accounts.previewAdd({ platform: 'instagram', handle: 'second', sms: '+447911123456' })
    expect(warnings.map((flag) => flag.kind)).toEqual(['shared-phone', 'sms-only'])
    expect(accounts.list().accounts).toHaveLength(1)
  })

  it('refuses a method the platform does not offer and an invalid phone number, saying why', () => {
    expectCode(
      () => accounts.add({ platform: 'tiktok', handle: 't', whatsapp: '+14155550123' }),
      'method-not-allowed',
    )
    const error = expectCode(
      () => accounts.add({ platform: 'instagram', handle: 'p', sms: '555' }),
      'invalid-phone',
    )
    expect(error.message.length).toBeGreaterThan(10)
    expect(accounts.list().accounts).toEqual([])
  })

  it('hands out backup codes one at a time in order, with undo, and replaces a set keeping history', () => {
    const { account } = accounts.add({ platform: 'instagram', handle: 'codes', sms: '+14155550123' })
    accounts.setBackupCodes(account.id, '1111 2222\n3333-4444\n55556666')
    expect(accounts.get(account.id).methods.backupCodes).toMatchObject({
      total: 3,
      unused: 3,
      replacedAt: null,
    })
    expect(accounts.useNextBackupCode(account.id)).toMatchObject({
      code: '11112222',
      remaining: 2,
      position: 0,
    })
    expect(accounts.useNextBackupCode(account.id)).toMatchObject({ code: '33334444', remaining: 1 })
    accounts.undoBackupCodeUse(account.id, 1)
    expect(accounts.useNextBackupCode(account.id)).toMatchObject({ code: '33334444', remaining: 1 })
    expect(accounts.useNextBackupCode(account.id)).toMatchObject({ code: '55556666', remaining: 0 })
    expectCode(() => accounts.useNextBackupCode(account.id), 'no-backup-codes')
    expect(accounts.flags().map((flag) => flag.kind)).toContain('backup-codes-exhausted')

    clock.advance(60_000)
    accounts.setBackupCodes(account.id, '9999 8888')
    expect(accounts.get(account.id).methods.backupCodes).toMatchObject({
      total: 1,
      unused: 1,
      replacedAt: new Date(119_000).toISOString(),
    })
    const db = vault.database()
    expect(db.prepare('SELECT count(*) AS sets FROM backup_code_sets').get()).toEqual({ sets: 2 })
    const used = db.prepare('SELECT used_by FROM backup_codes WHERE used_at IS NOT NULL').all()
    expect(used).toEqual([{ used_by: 'tester' }, { used_by: 'tester' }, { used_by: 'tester' }])
  })

  it('keeps the audit log append-only, enforced by the database', () => {
    const { account } = accounts.add({ platform: 'instagram', handle: 'audited' })
    accounts.update(account.id, { notes: 'moved to the new phone' })
    const entries = accounts.auditLog({ accountId: account.id })
    expect(entries.map((entry) => entry.action)).toEqual(['account.changed', 'account.added'])
    expect(entries[0]).toMatchObject({ actor: 'tester', detail: 'notes' })
    const db = vault.database()
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
  })

  it('moves deleted accounts to the trash and restores them', () => {
    const { account } = accounts.add({
      platform: 'instagram',
      handle: 'trashme',
      authenticator: { source: 'uri', uri: `otpauth://totp/x?secret=${SECRET}` },
    })
    accounts.trash([account.id])
    expect(accounts.list().accounts).toEqual([])
    accounts.restore([account.id])
    expect(accounts.list().accounts.map((entry) => entry.handle)).toEqual(['trashme'])
    expect(accounts.codes([account.id])).toHaveLength(1)
  })

  it('never writes a seed or a backup code in plain, and refuses swapped ciphertexts', async () => {
    const a = accounts.add({
      platform: 'instagram',
      handle: 'a',
      authenticator: { source: 'uri', uri: `otpauth://totp/x?secret=${RFC_SECRET}` },
    }).account
    const b = accounts.add({
      platform: 'instagram',
      handle: 'b',
      authenticator: { source: 'uri', uri: `otpauth://totp/y?secret=${SECRET}` },
    }).account
    const c = accounts.add({
      platform: 'instagram',
      handle: 'c',
      authenticator: { source: 'uri', uri: 'otpauth://totp/z?secret=KRSXG5CTMVRXEZLU' },
    }).account
    accounts.setBackupCodes(a.id, '8765 4321')
    vault.close()
    const bytes = Buffer.concat(
      ['', '-wal'].filter((s) => existsSync(vault.file + s)).map((s) => readFileSync(vault.file + s)),
    )
    for (const secret of ['12345678901234567890', RFC_SECRET, SECRET, '87654321'])
      expect(bytes.includes(Buffer.from(secret))).toBe(false)
    expect(bytes.includes(Buffer.from('48656c6c6f21deadbeef', 'hex'))).toBe(false)

    const db = new Database(vault.file)
    const secretOf = (id: string) =>
      (db.prepare('SELECT secret FROM authenticators WHERE account_id = ?').get(id) as { secret: Buffer })
        .secret
    const [secretA, secretB] = [secretOf(a.id), secretOf(b.id)]
    db.prepare('UPDATE authenticators SET secret = ? WHERE account_id = ?').run(secretB, a.id)
    db.prepare('UPDATE authenticators SET secret = ? WHERE account_id = ?').run(secretA, b.id)
    db.close()

    const reopened = new Vault({ home: folder.home, keychain: keys.keychain, now: clock.now })
    const service = new AccountService(reopened, { now: clock.now })
    await reopened.unlock({ method: 'keychain' })
    expectCode(() => service.codes([a.id]), 'vault-tampered')
    expectCode(() => service.codes([b.id]), 'vault-tampered')
    expect(service.codes([c.id])).toHaveLength(1)
    reopened.close()
  })
})
