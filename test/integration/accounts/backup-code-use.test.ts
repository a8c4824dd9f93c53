import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { ClipboardGuard } from '../../../electron/core/clipboard/clipboard-guard.ts'
import { headlessDesktop } from '../../../electron/core/ipc/desktop-handlers.ts'
import type { Channel } from '../../../shared/ipc/contract.ts'
import { RecordingClipboard } from '../../harness/recording-clipboard.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { manualClock } from '../../support/temp-home.ts'
import {
  createVaultIn,
  dispatch,
  dispatchValue,
  vaultWorkspace,
  type VaultWorkspace,
} from '../../support/vault-workspace.ts'

const VAULT_PASSWORD = 'a long vault password'
const SET = ['11112222', '33334444', '55556666', '77778888']

/** The guard clears asynchronously (it reads the clipboard first): let that finish. */
const settled = () => new Promise((resolve) => setImmediate(resolve))

/**
 * "Use next" shows one code and marks it used; Undo exists for the code taken by mistake. Through the
 * window's own dispatcher, on a real vault file: Undo must never become a way to read the whole set
 * without the vault password that "Reveal all" asks for.
 */
describe('undoing and copying a backup-code use', () => {
  let workspace: VaultWorkspace
  let clock: ReturnType<typeof manualClock>
  let backend: Backend
  let accountId: string
  let clipboard: RecordingClipboard
  let timers: ReturnType<typeof manualTimers>

  const call = <C extends Channel>(channel: C, request: unknown) => dispatch(backend, channel, request)
  const value = <C extends Channel>(channel: C, request: unknown) => dispatchValue(backend, channel, request)
  async function unused(): Promise<number> {
    return (await value('accounts:list', {})).accounts[0]?.methods.backupCodes?.unused ?? -1
  }

  beforeEach(async () => {
    workspace = vaultWorkspace()
    clock = manualClock()
    clipboard = new RecordingClipboard()
    timers = manualTimers()
    // Main's own clipboard: every code it copies is cleared after 30 s, and on lock (as main wires it).
    const guard = new ClipboardGuard(clipboard, { clearAfterSeconds: 30, timers: timers.timers })
    backend = workspace.openBackend('vault', {
      now: clock.now,
      clipboard: guard,
      // The person says yes in main's own dialog before the whole set is shown.
      desktop: { ...headlessDesktop, confirm: () => Promise.resolve(true) },
    })
    backend.vault.onStateChanged((status) => {
      if (status.state !== 'unlocked') void guard.clearIfOurs()
    })
    await createVaultIn(backend.vault, VAULT_PASSWORD)
    const { account } = backend.editing.add({ platform: 'instagram', handle: 'acme.bakery' })
    accountId = account.id
    await value('backup-codes:set', { accountId, text: SET.join('\n') })
  })
  afterEach(() => workspace.dispose())

  it('cannot read every code without the password: use next for each, then undo each', async () => {
    const seen: string[] = []
    for (let position = 0; position < SET.length; position++) {
      seen.push((await value('backup-codes:use-next', { accountId })).code)
    }
    for (let position = SET.length - 1; position >= 0; position--) {
      await call('backup-codes:undo-use', { accountId, position })
    }
    // The window saw every code; at most the last one may be unused again, never the whole set.
    expect(seen).toEqual(SET)
    expect(await unused()).toBeLessThanOrEqual(1)
  })

  it('puts back only the last code used, once, shortly after, and audits the undo', async () => {
    await value('backup-codes:use-next', { accountId })
    const second = await value('backup-codes:use-next', { accountId })
    expect(second.code).toBe(SET[1])

    const undone = await value('backup-codes:undo-use', { accountId })
    expect(undone.account.methods.backupCodes?.unused).toBe(SET.length - 1)
    // Nothing beyond what "use next" already showed comes back.
    // (Not a digit pattern: a random account id can hold eight digits in a row.)
    for (const code of SET) expect(JSON.stringify(undone)).not.toContain(code)

    // Once: the first code stays used.
    const again = await call('backup-codes:undo-use', { accountId })
    expect(again.ok ? 'undone' : again.error.code).toBe('undo-unavailable')
    expect(await unused()).toBe(SET.length - 1)

    // Shortly after: two minutes on, the code taken is spent.
    expect((await value('backup-codes:use-next', { accountId })).code).toBe(SET[1])
    clock.advance(2 * 60_000 + 1)
    const late = await call('backup-codes:undo-use', { accountId })
    expect(late.ok ? 'undone' : late.error.code).toBe('undo-unavailable')
    expect(await unused()).toBe(SET.length - 2)

    const history = backend.audit.list({ accountId, action: 'backup-code.used' })
    expect(history.map((entry) => entry.detail)).toEqual([
      'code 2',
      'code 2 put back (undo)',
      'code 2',
      'code 1',
    ])
  })

  it('refuses to undo a use once the vault was locked in between', async () => {
    await value('backup-codes:use-next', { accountId })
    await backend.vault.lock()
    await backend.vault.unlock({ method: 'password', password: VAULT_PASSWORD })
    const undo = await call('backup-codes:undo-use', { accountId })
    expect(undo.ok ? 'undone' : undo.error.code).toBe('undo-unavailable')
    expect(await unused()).toBe(SET.length - 1)
  })

  it('refuses to undo a use of another account, or of a set replaced since', async () => {
    await value('backup-codes:use-next', { accountId })
    const { account: other } = backend.editing.add({ platform: 'instagram', handle: 'other.shop' })
    await value('backup-codes:set', { accountId: other.id, text: '12121212' })
    const elsewhere = await call('backup-codes:undo-use', { accountId: other.id })
    expect(elsewhere.ok ? 'undone' : elsewhere.error.code).toBe('undo-unavailable')

    await value('backup-codes:set', { accountId, text: '99998888' })
    const replaced = await call('backup-codes:undo-use', { accountId })
    expect(replaced.ok ? 'undone' : replaced.error.code).toBe('undo-unavailable')
    expect(backend.queries.get(accountId).methods.backupCodes?.unused).toBe(1)
  })

  it('copies the code just shown from main, where the clipboard is cleared after 30 s and on lock', async () => {
    const shown = await value('backup-codes:use-next', { accountId })
    expect(await value('backup-codes:copy-shown', { accountId })).toEqual({ position: 0 })
    expect(clipboard.last).toBe(shown.code)
    timers.advance(30_000)
    await settled()
    expect(clipboard.last).toBe('')

    await value('backup-codes:copy-shown', { accountId })
    expect(clipboard.last).toBe(shown.code)
    await backend.vault.lock()
    await settled()
    expect(clipboard.last).toBe('')
    await backend.vault.unlock({ method: 'password', password: VAULT_PASSWORD })
    expect(
      backend.audit.list({ accountId, action: 'backup-code.copied' }).map((entry) => entry.detail),
    ).toEqual(['code 1', 'code 1'])
  })

  it('copies no code the window was not just shown', async () => {
    const never = await call('backup-codes:copy-shown', { accountId })
    expect(never.ok ? 'copied' : never.error.code).toBe('backup-code-not-shown')

    await value('backup-codes:use-next', { accountId })
    await value('backup-codes:undo-use', { accountId })
    const undone = await call('backup-codes:copy-shown', { accountId })
    expect(undone.ok ? 'copied' : undone.error.code).toBe('backup-code-not-shown')

    await value('backup-codes:use-next', { accountId })
    await backend.vault.lock()
    await backend.vault.unlock({ method: 'password', password: VAULT_PASSWORD })
    const afterLock = await call('backup-codes:copy-shown', { accountId })
    expect(afterLock.ok ? 'copied' : afterLock.error.code).toBe('backup-code-not-shown')
    expect(clipboard.texts).toEqual([])
  })

  it('copies a code of the set revealed with the password, from main, for five minutes after', async () => {
    const before = await call('backup-codes:copy-revealed', { accountId, position: 2 })
    expect(before.ok ? 'copied' : before.error.code).toBe('backup-code-not-shown')
    const wrong = await call('backup-codes:reveal', { accountId, password: 'not the password!!' })
    expect(wrong.ok ? 'shown' : wrong.error.code).toBe('wrong-password')
    const refused = await call('backup-codes:copy-revealed', { accountId, position: 2 })
    expect(refused.ok ? 'copied' : refused.error.code).toBe('backup-code-not-shown')

    await value('backup-codes:reveal', { accountId, password: VAULT_PASSWORD })
    expect(await value('backup-codes:copy-revealed', { accountId, position: 2 })).toEqual({ position: 2 })
    expect(clipboard.last).toBe(SET[2])
    timers.advance(30_000)
    await settled()
    expect(clipboard.last).toBe('')

    const { account: other } = backend.editing.add({ platform: 'instagram', handle: 'other.shop' })
    await value('backup-codes:set', { accountId: other.id, text: '12121212' })
    const elsewhere = await call('backup-codes:copy-revealed', { accountId: other.id, position: 0 })
    expect(elsewhere.ok ? 'copied' : elsewhere.error.code).toBe('backup-code-not-shown')

    clock.advance(5 * 60_000 + 1)
    const late = await call('backup-codes:copy-revealed', { accountId, position: 1 })
    expect(late.ok ? 'copied' : late.error.code).toBe('backup-code-not-shown')

    await value('backup-codes:reveal', { accountId, password: VAULT_PASSWORD })
    await backend.vault.lock()
    await backend.vault.unlock({ method: 'password', password: VAULT_PASSWORD })
    const afterLock = await call('backup-codes:copy-revealed', { accountId, position: 1 })
    expect(afterLock.ok ? 'copied' : afterLock.error.code).toBe('backup-code-not-shown')
    expect(clipboard.texts).toEqual([SET[2], ''])
    expect(
      backend.audit.list({ accountId, action: 'backup-code.copied' }).map((entry) => entry.detail),
    ).toEqual(['code 3 of the revealed set'])
  })
})
