import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createAccountServices,
  type AccountServices,
} from '../../../electron/core/accounts/account-services.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { Vault } from '../../../electron/core/vault/vault.ts'
import { memoryKeychain } from '../../support/memory-keychain.ts'
import { manualClock, tempHome } from '../../support/temp-home.ts'
import type { TestKeychain } from '../../support/test-keychain.ts'

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

describe('accounts in the vault', () => {
  let folder: ReturnType<typeof tempHome>
  let keys: TestKeychain
  let clock: ReturnType<typeof manualClock>
  let vault: Vault
  let services: AccountServices
  let copied: string[]

  beforeEach(async () => {
    folder = tempHome()
    keys = memoryKeychain()
    clock = manualClock(59_000)
    vault = new Vault({ home: folder.home, keychain: keys.keychain, now: clock.now })
    copied = []
    const clipboard = {
      writeText: (text: string) => {
        copied.push(text)
        return Promise.resolve()
      },
      readText: () => Promise.resolve(copied.at(-1) ?? ''),
    }
    // The person says yes in main's dialog; refusals are proven in test/integration/transfer.
    services = createAccountServices(vault, {
      now: clock.now,
      actor: 'tester',
      clipboard,
      confirm: () => Promise.resolve(true),
    })
    const { creationId, recoveryKey } = await vault.prepareCreate()
    await vault.create({ creationId, recoveryKeyConfirmation: recoveryKey })
  })
  afterEach(async () => {
    vault.close()
    await keys.cleanup()
    folder.remove()
  })

  it('shows RFC 6238 codes with their validity window, and nothing once locked', async () => {
    const { account } = services.editing.add({
      platform: 'instagram',
      handle: 'alice',
      authenticator: { source: 'uri', uri: `otpauth://totp/Instagram:alice?secret=${RFC_SECRET}` },
    })
    expect(services.codes.codes([account.id], 59_000)).toEqual([
      { accountId: account.id, code: '287082', validFrom: 30_000, validUntil: 60_000, period: 30 },
    ])
    expect(services.codes.codes([account.id], 1_111_111_109_000)[0]?.code).toBe('081804')
    await vault.lock()
    expectCode(() => services.codes.codes([account.id]), 'vault-locked')
  })

  it('moves an HOTP counter on each time its code is used', () => {
    const { account } = services.editing.add({
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
    expect(services.codes.codes([account.id])[0]?.code).toBe('755224')
    services.codes.recordCodeUse(account.id)
    expect(services.codes.codes([account.id])[0]?.code).toBe('287082')
    services.codes.recordCodeUse(account.id)
    expect(services.codes.codes([account.id])[0]).toMatchObject({ code: '359152', validUntil: null })
  })

  it('records verification when the typed code matches, and refuses one that does not', () => {
    const verified = services.editing.add({
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
        services.editing.add({
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
    expect(services.queries.list().accounts.map((account) => account.handle)).toEqual(['verified'])
    const unverified = services.editing.add({
      platform: 'instagram',
      handle: 'later',
      authenticator: { source: 'uri', uri: `otpauth://totp/x?secret=${SECRET}` },
    })
    expect(unverified.flags.map((flag) => flag.kind)).toContain('secret-unverified')
  })

  it('warns before saving a number another Instagram account already uses', () => {
    services.editing.add({ platform: 'instagram', handle: 'first', sms: '+44 7911 123456' })
    const warnings = services.editing.previewAdd({
      platform: 'instagram',
      handle: 'second',
      sms: '+447911123456',
    })
    expect(warnings.map((flag) => flag.kind)).toEqual(['shared-phone', 'sms-only'])
    expect(services.queries.list().accounts).toHaveLength(1)
  })

  it('refuses a method the platform does not offer and an invalid phone number, saying why', () => {
    expectCode(
      () => services.editing.add({ platform: 'tiktok', handle: 't', whatsapp: '+14155550123' }),
      'method-not-allowed',
    )
    const error = expectCode(
      () => services.editing.add({ platform: 'instagram', handle: 'p', sms: '555' }),
      'invalid-phone',
    )
    expect(error.message.length).toBeGreaterThan(10)
    expect(services.queries.list().accounts).toEqual([])
  })

  it('hands out backup codes one at a time in order, with undo, and replaces a set keeping history', () => {
    const { account } = services.editing.add({ platform: 'instagram', handle: 'codes', sms: '+14155550123' })
    services.backupCodes.setBackupCodes(account.id, '1111 2222\n3333-4444\n55556666')
    expect(services.queries.get(account.id).methods.backupCodes).toMatchObject({
      total: 3,
      unused: 3,
      replacedAt: null,
    })
    expect(services.backupCodes.useNextBackupCode(account.id)).toMatchObject({
      code: '11112222',
      remaining: 2,
      position: 0,
    })
    expect(services.backupCodes.useNextBackupCode(account.id)).toMatchObject({
      code: '33334444',
      remaining: 1,
    })
    services.backupCodes.undoBackupCodeUse(account.id)
    expect(services.backupCodes.useNextBackupCode(account.id)).toMatchObject({
      code: '33334444',
      remaining: 1,
    })
    expect(services.backupCodes.useNextBackupCode(account.id)).toMatchObject({
      code: '55556666',
      remaining: 0,
    })
    expectCode(() => services.backupCodes.useNextBackupCode(account.id), 'no-backup-codes')
    expect(services.queries.flags().map((flag) => flag.kind)).toContain('backup-codes-exhausted')

    clock.advance(60_000)
    services.backupCodes.setBackupCodes(account.id, '9999 8888')
    expect(services.queries.get(account.id).methods.backupCodes).toMatchObject({
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
    const { account } = services.editing.add({ platform: 'instagram', handle: 'audited' })
    services.editing.update(account.id, { notes: 'moved to the new phone' })
    const entries = services.audit.list({ accountId: account.id })
    expect(entries.map((entry) => entry.action)).toEqual(['account.changed', 'account.added'])
    expect(entries[0]).toMatchObject({ actor: 'tester', detail: 'notes' })
    const db = vault.database()
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
  })

  it('moves deleted accounts to the trash and restores them', () => {
    const { account } = services.editing.add({
      platform: 'instagram',
      handle: 'trashme',
      authenticator: { source: 'uri', uri: `otpauth://totp/x?secret=${SECRET}` },
    })
    services.editing.trash([account.id])
    expect(services.queries.list().accounts).toEqual([])
    services.editing.restore([account.id])
    expect(services.queries.list().accounts.map((entry) => entry.handle)).toEqual(['trashme'])
    expect(services.codes.codes([account.id])).toHaveLength(1)
  })

  it('never writes a seed or a backup code in plain, and refuses swapped ciphertexts', async () => {
    const a = services.editing.add({
      platform: 'instagram',
      handle: 'a',
      authenticator: { source: 'uri', uri: `otpauth://totp/x?secret=${RFC_SECRET}` },
    }).account
    const b = services.editing.add({
      platform: 'instagram',
      handle: 'b',
      authenticator: { source: 'uri', uri: `otpauth://totp/y?secret=${SECRET}` },
    }).account
    const c = services.editing.add({
      platform: 'instagram',
      handle: 'c',
      authenticator: { source: 'uri', uri: 'otpauth://totp/z?secret=KRSXG5CTMVRXEZLU' },
    }).account
    services.backupCodes.setBackupCodes(a.id, '8765 4321')
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
    const codes = createAccountServices(reopened, { now: clock.now }).codes
    await reopened.unlock({ method: 'keychain' })
    expectCode(() => codes.codes([a.id]), 'vault-tampered')
    expectCode(() => codes.codes([b.id]), 'vault-tampered')
    expect(codes.codes([c.id])).toHaveLength(1)
    reopened.close()
  })

  it('copies the current code, or the next one when it would expire while being pasted', async () => {
    const { account } = services.editing.add({
      platform: 'instagram',
      handle: 'copy',
      authenticator: { source: 'uri', uri: `otpauth://totp/x?secret=${RFC_SECRET}` },
    })
    clock.advance(-59_000 + 40_000) // t = 40 s: 20 s left in the period
    expect(await services.codes.copyCode(account.id)).toEqual({
      code: services.codes.codes([account.id])[0]?.code,
      next: false,
      validUntil: 60_000,
    })
    clock.advance(17_000) // t = 57 s: 3 s left
    const next = await services.codes.copyCode(account.id)
    expect(next).toMatchObject({ next: true, validUntil: 90_000 })
    expect(next.code).toBe(services.codes.codes([account.id], 60_000)[0]?.code)
    expect(copied).toHaveLength(2)
    expect(copied[1]).toBe(next.code)
    expect(services.audit.list({ action: 'code.copied' })).toHaveLength(2)
  })

  it('shows the whole backup-code set only after the password, and audits it', async () => {
    const { account } = services.editing.add({ platform: 'instagram', handle: 'reveal', sms: '+14155550123' })
    services.backupCodes.setBackupCodes(account.id, '1111 2222\n3333 4444')
    // No password on this vault: the person's yes in main's dialog is what it takes.
    expect(
      (await services.backupCodes.revealBackupCodes(account.id, undefined)).map((entry) => entry.code),
    ).toEqual(['11112222', '33334444'])
    await vault.setPassword({ newPassword: 'a long vault password' })
    try {
      await services.backupCodes.revealBackupCodes(account.id, 'wrong password!!')
      throw new Error('expected a refusal')
    } catch (error) {
      expect(isTwofoldError(error, 'wrong-password')).toBe(true)
    }
    expect(await services.backupCodes.revealBackupCodes(account.id, 'a long vault password')).toHaveLength(2)
    expect(services.audit.list({ action: 'backup-codes.revealed' })).toHaveLength(2)
  })

  it('assigns a client and tags to many accounts in one step', () => {
    const ids = ['one', 'two', 'three'].map(
      (handle) => services.editing.add({ platform: 'tiktok', handle, tags: ['old'] }).account.id,
    )
    expect(
      services.editing.bulkUpdate(ids.slice(0, 2), {
        clientName: 'Nordic Outdoors',
        addTags: ['q4'],
        removeTags: ['old'],
      }),
    ).toBe(2)
    const byHandle = Object.fromEntries(
      services.queries.list().accounts.map((account) => [account.handle, account]),
    )
    expect(byHandle.one).toMatchObject({ clientName: 'Nordic Outdoors', tags: ['q4'] })
    expect(byHandle.three).toMatchObject({ clientName: null, tags: ['old'] })
  })

  it('keeps trashed accounts for 30 days, then empties them', () => {
    const { account } = services.editing.add({ platform: 'x', handle: 'gone' })
    services.editing.trash([account.id])
    expect(services.editing.listTrash()).toMatchObject([
      { handle: 'gone', purgeAt: new Date(59_000 + 30 * 86_400_000).toISOString() },
    ])
    clock.advance(31 * 86_400_000)
    expect(services.editing.listTrash()).toEqual([])
    expectCode(() => services.editing.restore([account.id]), 'account-not-found')
  })

  it("writes a client's posture report as CSV without secrets, defusing spreadsheet formulas", () => {
    services.editing.add({
      platform: 'instagram',
      handle: '=HYPERLINK("x")',
      clientName: 'Acme Bakery',
      sms: '+14155550123',
      authenticator: { source: 'uri', uri: `otpauth://totp/x?secret=${RFC_SECRET}` },
    })
    const clientId = services.queries.clients()[0]?.id ?? ''
    const { fileName, csv } = services.queries.clientReport(clientId)
    expect(fileName).toMatch(/^twofold-acme-bakery-posture-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe(
      'Client,Platform,Handle,Display name,2FA methods,SMS number,WhatsApp number,Backup codes left,Flags,Worst severity',
    )
    expect(lines[1]).toContain(`Acme Bakery,Instagram,"'=HYPERLINK(""x"")"`)
    expect(lines[1]).toContain('App + SMS')
    expect(csv).not.toMatch(/4155550123|GEZDGNBV|12345678901234567890/)
  })
})
