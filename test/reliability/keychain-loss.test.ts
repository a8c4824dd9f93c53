import { AsyncEntry, findCredentials } from '@napi-rs/keyring'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../electron/core/app-backend.ts'
import { keychainIsReachable } from '../support/real-keychain.ts'
import { runCli } from './support/cli-process.ts'
import { reliabilitySeed, seededRandom } from './support/seeded-random.ts'
import {
  call,
  createVault,
  reliabilityKeychain,
  seedAccounts,
  snapshot,
  VAULT_PASSWORD,
  type VaultSnapshot,
} from './support/vault-fixture.ts'

// The keychain item that holds a vault's key disappears between two runs — a new computer, a reset
// keyring, someone tidying "Passwords and Keys" — or is replaced by another key. The app must say so
// in words (a typed error and the vault's status), offer the recovery key or the password, and lose
// nothing when unlocked that way. The item is removed with @napi-rs/keyring directly, as any other
// program would. The no-Secret-Service case lives in keychain-loss-without-secret-service.test.ts.

const reachable = await keychainIsReachable()
const ENTRY = { linux: { store: 'secret-service' as const } }

describe.skipIf(!reachable)('the keychain item gone or replaced between runs', () => {
  const random = seededRandom(reliabilitySeed('keychain-loss'))
  let base: string
  let keychain: ReturnType<typeof reliabilityKeychain>
  const open: Backend[] = []

  const items = () =>
    findCredentials(keychain.service)
      .map((credential) => credential.account)
      .filter((account) => account !== '__availability-probe__')
  const backendAt = (home: string) => {
    const backend = createBackend({ home, keychain })
    open.push(backend)
    return backend
  }

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'twofold-reliability-keychain-'))
    keychain = reliabilityKeychain()
  })
  afterEach(async () => {
    for (const backend of open.splice(0)) backend.close()
    for (const account of items()) await new AsyncEntry(keychain.service, account, ENTRY).deleteCredential()
    rmSync(base, { recursive: true, force: true })
  })

  /** A keychain vault with accounts, closed: "yesterday's run". */
  async function yesterday(
    password?: string,
  ): Promise<{ home: string; recoveryKey: string; before: VaultSnapshot }> {
    const home = join(base, 'vault')
    const { backend, recoveryKey } = await createVault(home, { keychain, ...(password ? { password } : {}) })
    await seedAccounts(backend, 12, random)
    const before = snapshot(backend)
    backend.close()
    return { home, recoveryKey, before }
  }

  it('says the item is missing, offers the recovery key, loses nothing, and puts the item back', async () => {
    const { home, recoveryKey, before } = await yesterday()
    const [item] = items()
    expect(item).toMatch(/^vault:/)
    expect(await new AsyncEntry(keychain.service, item ?? '', ENTRY).deleteCredential()).toBe(true)

    const today = backendAt(home)
    expect(await call(today, 'vault:status', {})).toMatchObject({
      state: 'locked',
      keychain: 'available',
      slots: { keychain: true, password: false, recovery: true },
    })
    const refused = await today.dispatch('vault:unlock', { method: 'keychain' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'keychain-item-missing' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/no longer holds.*recovery key/)
    expect((await call(today, 'vault:status', {})).state).toBe('locked')

    const typedByHand = recoveryKey.toLowerCase().replaceAll('-', ' ')
    expect((await call(today, 'vault:unlock', { method: 'recovery', recoveryKey: typedByHand })).state).toBe(
      'unlocked',
    )
    expect(snapshot(today)).toEqual(before)
    expect(items()).toEqual([item])

    const tomorrow = backendAt(home)
    expect((await call(tomorrow, 'vault:unlock', { method: 'keychain' })).state).toBe('unlocked')
    expect(snapshot(tomorrow)).toEqual(before)
  })

  it('refuses an item holding another key, and the recovery key replaces it without losing anything', async () => {
    const { home, recoveryKey, before } = await yesterday()
    const [item] = items()
    await new AsyncEntry(keychain.service, item ?? '', ENTRY).setSecret(random.bytes(32))

    const today = backendAt(home)
    const refused = await today.dispatch('vault:unlock', { method: 'keychain' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'keychain-key-mismatch' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/recovery key/)
    await call(today, 'vault:unlock', { method: 'recovery', recoveryKey })
    expect(snapshot(today)).toEqual(before)

    const tomorrow = backendAt(home)
    expect((await call(tomorrow, 'vault:unlock', { method: 'keychain' })).state).toBe('unlocked')
  })

  it('keeps a password vault out of the keychain, so a wiped keyring changes nothing: the password opens it', async () => {
    const { home, before } = await yesterday(VAULT_PASSWORD)
    expect(items()).toEqual([])
    const today = backendAt(home)
    expect(await call(today, 'vault:status', {})).toMatchObject({
      state: 'locked',
      slots: { keychain: false, password: true, recovery: true },
    })
    await call(today, 'vault:unlock', { method: 'password', password: VAULT_PASSWORD })
    expect(snapshot(today)).toEqual(before)
  })

  it('tells a person at the command line in one line, exits non-zero, and changes nothing', async () => {
    const { home, recoveryKey, before } = await yesterday()
    for (const account of items()) await new AsyncEntry(keychain.service, account, ENTRY).deleteCredential()
    const listed = await runCli(['list', '--json'], { home, service: keychain.service })
    expect(listed.status).toBe(1)
    expect(listed.stdout).toBe('')
    expect(listed.stderr.trim().split('\n')).toHaveLength(1)
    expect(listed.stderr).toMatch(/no longer holds this vault's key/)
    const today = backendAt(home)
    await call(today, 'vault:unlock', { method: 'recovery', recoveryKey })
    expect(snapshot(today)).toEqual(before)
  })
})
