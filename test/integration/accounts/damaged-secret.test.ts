import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../../electron/core/app-backend.ts'
import { MemoryKeychain } from '../../support/memory-keychain.ts'
import { tempHome } from '../../support/temp-home.ts'

// Regression: one authenticator secret damaged in the file made `codes:get` fail as a whole, so the
// manager showed no code at all for every account on the same page.

describe('a vault with one damaged authenticator secret', () => {
  let folder: ReturnType<typeof tempHome>
  let backend: Backend
  const ids: string[] = []

  beforeEach(async () => {
    folder = tempHome()
    ids.length = 0
    backend = createBackend({
      home: join(folder.home, 'vault'),
      keychain: new MemoryKeychain(),
    })
    const prepared = await backend.vault.prepareCreate()
    await backend.vault.create({
      creationId: prepared.creationId,
      recoveryKeyConfirmation: prepared.recoveryKey,
      password: 'a long enough password',
    })
    for (const [handle, secret] of [
      ['damaged', 'JBSWY3DPEHPK3PXP'],
      ['fine.one', 'GEZDGNBVGY3TQOJQ'],
      ['fine.two', 'KRUGS4ZANFZSAYJA'],
    ] as const) {
      ids.push(
        backend.editing.add({
          platform: 'instagram',
          handle,
          authenticator: { source: 'uri', uri: `otpauth://totp/Instagram:${handle}?secret=${secret}` },
        }).account.id,
      )
    }
    const raw = new Database(backend.vault.file)
    const secret = raw
      .prepare('SELECT secret FROM authenticators WHERE account_id = ?')
      .pluck()
      .get(ids[0]) as Buffer
    secret[20] = (secret[20] ?? 0) ^ 0x40
    raw.prepare('UPDATE authenticators SET secret = ? WHERE account_id = ?').run(secret, ids[0])
    raw.close()
  })
  afterEach(() => {
    backend.close()
    folder.remove()
  })

  it('still shows the codes of every other account on the page', async () => {
    const page = await backend.dispatch('codes:get', { accountIds: ids })
    expect(page.ok).toBe(true)
    const { codes } = page.ok ? (page.value as { codes: { accountId: string }[] }) : { codes: [] }
    expect(codes.map((view) => view.accountId)).toEqual(ids.slice(1))
  })

  it('refuses the damaged one in words when asked for it alone', async () => {
    const alone = await backend.dispatch('codes:get', { accountIds: ids.slice(0, 1) })
    expect(alone).toMatchObject({ ok: false, error: { code: 'vault-tampered' } })
    const copy = await backend.dispatch('codes:copy', { accountId: ids[0] ?? '' })
    expect(copy).toMatchObject({ ok: false, error: { code: 'vault-tampered' } })
    if (!copy.ok) expect(copy.error.message).toMatch(/damaged or altered/)
  })
})
