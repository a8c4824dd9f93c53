import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import type { Channel } from '../../../shared/ipc/contract.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { manualClock } from '../../support/temp-home.ts'
import {
  dispatch,
  dispatchValue,
  vaultWorkspace,
  type VaultWorkspace,
} from '../../support/vault-workspace.ts'
import { aegisEntry, aegisVault } from '../../unit/importers/export-builders.ts'

/**
 * Each open import preview holds another app's secrets, and reading an encrypted export may derive a
 * key with up to 1 GiB of memory. Through the backend's one dispatcher, on a real vault file: a page
 * cannot keep opening previews, nor run those derivations side by side.
 */
describe('limits on import previews', () => {
  let workspace: VaultWorkspace
  let backend: Backend

  const call = <C extends Channel>(channel: C, request: unknown) => dispatch(backend, channel, request)
  const value = <C extends Channel>(channel: C, request: unknown) => dispatchValue(backend, channel, request)
  const pasted = (handle: string) => ({
    source: { kind: 'text', text: `otpauth://totp/X:${handle}?secret=JBSWY3DPEHPK3PXP&issuer=X\n` },
  })

  beforeEach(async () => {
    workspace = vaultWorkspace()
    ;({ backend } = await workspace.createVault('vault', {
      now: manualClock().now,
      timers: manualTimers().timers,
    }))
  })
  afterEach(() => workspace.dispose())

  it('keeps at most three previews open: a fourth closes the oldest, which can no longer be imported', async () => {
    const previews = []
    for (const handle of ['first', 'second', 'third', 'fourth'])
      previews.push(await value('import:preview', pasted(handle)))
    const [oldest, second, , newest] = previews
    const stale = await call('import:commit', { importId: oldest?.importId, positions: [1] })
    expect(stale.ok || stale.error.code).toBe('import-expired')
    expect(await value('import:commit', { importId: newest?.importId, positions: [1] })).toMatchObject({
      imported: 1,
    })
    expect(await value('import:commit', { importId: second?.importId, positions: [1] })).toMatchObject({
      imported: 1,
    })
    const handles = (await value('accounts:list', {})).accounts.map((account) => account.handle).sort()
    expect(handles).toEqual(['fourth', 'second'])
  })

  it('derives one file key at a time: a second encrypted file waits for the first one’s key', async () => {
    const exportWith = (name: string, p: number) =>
      aegisVault(
        {
          version: 2,
          entries: [aegisEntry({ type: 'totp', name, issuer: 'X', secret: 'JBSWY3DPEHPK3PXP' })],
        },
        { password: 'file password', n: 2 ** 14, p },
      ).toString('utf8')
    // Scrypt with 16 times the work of the other: run side by side, the cheap one would finish first.
    const costly = exportWith('costly', 16)
    const cheap = exportWith('cheap', 1)
    const finished: string[] = []
    const preview = (name: string, text: string) =>
      value('import:preview', { source: { kind: 'text', text }, password: 'file password' }).then(
        (result) => {
          finished.push(name)
          return result
        },
      )
    const results = await Promise.all([preview('costly', costly), preview('cheap', cheap)])
    expect(results.map((result) => result.items[0]?.accountName)).toEqual(['costly', 'cheap'])
    expect(finished).toEqual(['costly', 'cheap'])
  })
})
