import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../../electron/core/app-backend.ts'
import { encodeBase32Secret } from '../../../electron/core/engine/secret-text.ts'
import type { Channel, ResponseOf } from '../../../shared/ipc/contract.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { memoryKeychain } from '../../support/memory-keychain.ts'
import { manualClock, tempHome } from '../../support/temp-home.ts'
import type { TestKeychain } from '../../support/test-keychain.ts'

const ACCOUNTS = 240
const CLIENTS = ['Acme Bakery', 'Nordic Outdoors', 'client 2', 'client 10', 'Zebra Studio']

/**
 * The two ways a window gets its first rows without the whole vault's list: the manager's first page
 * of `accounts:list` and the quick popup's `accounts:quick-search`, through the backend's dispatcher
 * on a real vault with shared numbers, a reused secret and backup codes.
 */
describe('first pages and the quick popup search', () => {
  let folder: ReturnType<typeof tempHome>
  let keys: TestKeychain
  let clock: ReturnType<typeof manualClock>
  let backend: Backend

  async function value<C extends Channel>(channel: C, request: unknown): Promise<ResponseOf<C>> {
    const result = await backend.dispatch(channel, request)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as ResponseOf<C>
  }
  const flagKey = (flag: PostureFlag) => JSON.stringify(flag)

  beforeEach(async () => {
    folder = tempHome()
    keys = memoryKeychain()
    clock = manualClock(Date.UTC(2026, 10, 24, 12))
    backend = createBackend({
      home: join(folder.home, 'vault'),
      keychain: keys.keychain,
      now: clock.now,
      timers: manualTimers().timers,
    })
    const prepared = await backend.vault.prepareCreate()
    await backend.vault.create({
      creationId: prepared.creationId,
      recoveryKeyConfirmation: prepared.recoveryKey,
    })
    for (let n = 0; n < ACCOUNTS; n++) {
      const secret = new Uint8Array(20).fill(n % 97 === 5 ? 5 : n % 251)
      const added = backend.editing.add({
        platform: n % 3 === 0 ? 'tiktok' : 'instagram',
        handle: `Shop.${String((n * 37) % ACCOUNTS)}`,
        clientName: n % 7 === 6 ? null : (CLIENTS[n % CLIENTS.length] ?? null),
        tags: n % 4 === 0 ? ['vip'] : [],
        ...(n % 5 === 0
          ? {}
          : {
              authenticator: {
                source: 'uri',
                uri: `otpauth://totp/Shop:${n}?secret=${encodeBase32Secret(secret)}`,
              } as const,
            }),
        // Every third account on a number two others also use; the rest on their own or none.
        ...(n % 3 === 0
          ? { sms: `+1415555${String(1000 + Math.floor(n / 9)).padStart(4, '0')}` }
          : n % 2 === 0
            ? { sms: `+4420794${String(60000 + n).slice(-5)}` }
            : {}),
      })
      if (n % 2 === 0) backend.backupCodes.setBackupCodes(added.account.id, 'aaaa-1111\nbbbb-2222\ncccc-3333')
    }
  })
  afterEach(async () => {
    backend.close()
    await keys.cleanup()
    folder.remove()
  })

  it("answers a first page that is the whole list's first rows, with every flag that names them", async () => {
    const whole = await value('accounts:list', {})
    expect(whole.total).toBe(ACCOUNTS)
    expect(whole.flags.some((flag) => flag.kind === 'shared-phone')).toBe(true)
    expect(whole.flags.some((flag) => flag.kind === 'duplicate-secret')).toBe(true)
    // The manager's order: clients by name with numbers in number order, no client last, then handle.
    const clientOrder = [...new Set(whole.accounts.map((account) => account.clientName))]
    expect(clientOrder).toEqual([
      'Acme Bakery',
      'client 2',
      'client 10',
      'Nordic Outdoors',
      'Zebra Studio',
      null,
    ])
    expect(whole.accounts.slice(0, 3).map((account) => account.handle)).toEqual([
      'Shop.0',
      'Shop.5',
      'Shop.10',
    ])

    for (const scope of [{}, { clientId: whole.accounts[0]?.clientId }, { clientId: null }]) {
      const all = await value('accounts:list', scope)
      for (const first of [1, 25, 100, 1000]) {
        const page = await value('accounts:list', { ...scope, first })
        expect(page.total).toBe(all.total)
        expect(page.accounts).toEqual(all.accounts.slice(0, first))
        const onPage = new Set(page.accounts.map((account) => account.id))
        const naming = all.flags.filter((flag) => flag.accountIds.some((id) => onPage.has(id)))
        expect(page.flags.map(flagKey).sort()).toEqual(naming.map(flagKey).sort())
      }
    }
    // A flag filter pages the filtered list.
    const shared = await value('accounts:list', { flag: 'shared-phone' })
    const sharedPage = await value('accounts:list', { flag: 'shared-phone', first: 10 })
    expect(sharedPage.accounts).toEqual(shared.accounts.slice(0, 10))
    expect(sharedPage.total).toBe(shared.accounts.length)
  })

  it('finds accounts for the popup in the order last used, then handle, and follows changes', async () => {
    const whole = (await value('accounts:list', {})).accounts
    const opened = await value('accounts:quick-search', { query: '', limit: 8 })
    expect(opened.total).toBe(ACCOUNTS)
    const byHandle = [...whole].sort((a, b) =>
      a.handle.localeCompare(b.handle, undefined, { numeric: true, sensitivity: 'base' }),
    )
    expect(opened.accounts.map((account) => account.handle)).toEqual(
      byHandle.slice(0, 8).map((account) => account.handle),
    )
    // The popup learns only what it lists: no notes, phones, tags or timestamps.
    expect(Object.keys(opened.accounts[0] ?? {}).sort()).toEqual(
      [
        'clientName',
        'handle',
        'hasAuthenticator',
        'hasWarnings',
        'id',
        'issuer',
        'platform',
        'unusedBackupCodes',
      ].sort(),
    )

    // Words in any order, a client's name, a tag, a phone number typed with spaces.
    const words = await value('accounts:quick-search', { query: 'nordic shop.1', limit: 50 })
    expect(words.accounts.length).toBeGreaterThan(0)
    for (const account of words.accounts) {
      expect(account.clientName).toBe('Nordic Outdoors')
      expect(account.handle.toLowerCase()).toContain('shop.1')
    }
    const phone = await value('accounts:quick-search', { query: '415 555 1000', limit: 50 })
    expect(phone.accounts.map((account) => account.handle).sort()).toEqual(
      whole
        .filter((account) => account.methods.sms?.phone === '+14155551000')
        .map((account) => account.handle)
        .sort(),
    )
    expect(phone.accounts.every((account) => account.hasWarnings)).toBe(true)
    expect((await value('accounts:quick-search', { query: 'no such account', limit: 50 })).accounts).toEqual(
      [],
    )

    // Copying a code puts its account first, whether or not anything was typed.
    const target = byHandle.findLast((account) => account.methods.authenticator)
    if (!target) throw new Error('seed has no account with an authenticator')
    clock.advance(60_000)
    await value('codes:copy', { accountId: target.id })
    expect((await value('accounts:quick-search', { query: 'shop', limit: 3 })).accounts[0]?.id).toBe(
      target.id,
    )
    expect((await value('accounts:quick-search', { query: '', limit: 3 })).accounts[0]?.id).toBe(target.id)

    // A rename is found under its new name at once.
    await value('accounts:update', { id: target.id, patch: { handle: 'renamed.bakery' } })
    const renamed = await value('accounts:quick-search', { query: 'renamed', limit: 50 })
    expect(renamed.accounts.map((account) => [account.id, account.handle])).toEqual([
      [target.id, 'renamed.bakery'],
    ])

    // Backup codes only: the popup offers the next backup code and says how many are left.
    const backupOnly = whole.find((account) => !account.methods.authenticator && account.methods.backupCodes)
    if (!backupOnly) throw new Error('seed has no account with only backup codes')
    const found = await value('accounts:quick-search', { query: backupOnly.handle, limit: 50 })
    expect(found.accounts.find((account) => account.id === backupOnly.id)).toMatchObject({
      hasAuthenticator: false,
      unusedBackupCodes: 3,
    })

    // Locked, the popup gets nothing.
    await value('vault:lock', {})
    const locked = await backend.dispatch('accounts:quick-search', { query: 'shop', limit: 8 })
    expect(locked).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
  })

  it('refuses a first page or a search outside the contract', async () => {
    for (const [channel, request] of [
      ['accounts:list', { first: 0 }],
      ['accounts:list', { first: 1001 }],
      ['accounts:quick-search', { query: 'x'.repeat(201), limit: 8 }],
      ['accounts:quick-search', { query: 'shop', limit: 51 }],
      ['accounts:quick-search', { query: 'shop' }],
    ] as const) {
      expect(await backend.dispatch(channel, request)).toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      })
    }
  })
})
