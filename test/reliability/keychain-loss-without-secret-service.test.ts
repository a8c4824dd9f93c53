import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createBackend } from '../../electron/core/app-backend.ts'
import { OsKeychain } from '../../electron/core/vault/os-keychain.ts'
import { runCli } from './support/cli-process.ts'
import { call, CODE_TIME_MS } from './support/vault-fixture.ts'

// Runs in the `reliability-no-secret-service` project (see support/without-secret-service.ts): this
// process has no Secret Service, while child processes given the real D-Bus address play yesterday's
// run, when there was one. The vault made yesterday with the keychain must say today that the keychain
// cannot be reached, open with the recovery key with every code intact, and still open from the
// keychain once it is back.

const withKeychain = {
  DBUS_SESSION_BUS_ADDRESS: process.env.TWOFOLD_TEST_REAL_DBUS_SESSION_BUS_ADDRESS ?? '',
}
const service = `Twofold-reliability-${process.pid}-${Date.now().toString(36)}`
const base = mkdtempSync(join(tmpdir(), 'twofold-reliability-no-secret-service-'))
const home = join(base, 'vault')
const accounts = [
  { handle: 'acme.bakery', platform: 'instagram', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  { handle: 'nordic.outdoors', platform: 'tiktok', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' },
  { handle: 'corp-vpn', platform: 'generic', secret: 'KRUGS4ZANFZSAYJAKRUGS4ZA' },
]

const created = await runCli(['init', '--json'], { home, service, env: withKeychain })
const keychainYesterday = created.status === 0
if (!keychainYesterday) {
  rmSync(base, { recursive: true, force: true })
  if (!/No system keychain/.test(created.stderr))
    throw new Error(`twofold init failed for another reason: ${created.stderr}`)
  const why = 'no Secret Service is reachable even on the real D-Bus session'
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${why}: run inside .ci/run (dbus + gnome-keyring).`)
  console.warn(`skipping the no-Secret-Service keychain-loss tests: ${why}`)
}
const { recoveryKey } = keychainYesterday
  ? (JSON.parse(created.stdout) as { recoveryKey: string })
  : { recoveryKey: '' }

/** Each account's code at CODE_TIME_MS as yesterday's CLI printed it, by handle. */
async function codesFromCli(env: NodeJS.ProcessEnv) {
  const codes: Record<string, string> = {}
  for (const account of accounts) {
    const result = await runCli(['code', account.handle, '--at', String(CODE_TIME_MS / 1000), '--json'], {
      home,
      service,
      env,
    })
    expect(result.stderr).toBe('')
    codes[account.handle] = (JSON.parse(result.stdout) as { code: string }).code
  }
  return codes
}

describe.skipIf(!keychainYesterday)('the Secret Service gone between runs', () => {
  afterAll(() => {
    // Yesterday's keychain item lives on the real session; only a process there can remove it.
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { AsyncEntry, findCredentials } from '@napi-rs/keyring'
         for (const { account } of findCredentials(${JSON.stringify(service)}))
           await new AsyncEntry(${JSON.stringify(service)}, account, { linux: { store: 'secret-service' } }).deleteCredential()`,
      ],
      { cwd: resolve(import.meta.dirname, '../..'), env: { ...process.env, ...withKeychain } },
    )
    rmSync(base, { recursive: true, force: true })
  })

  it('says the keychain cannot be reached, offers the recovery key, and loses nothing', async () => {
    for (const account of accounts) {
      const added = await runCli(
        ['add', '--platform', account.platform, '--handle', account.handle, '--secret-stdin'],
        { home, service, env: withKeychain, stdin: `${account.secret}\n` },
      )
      expect(added.stderr).toBe('')
    }
    const yesterdayCodes = await codesFromCli(withKeychain)

    const today = createBackend({ home, keychain: new OsKeychain(service) })
    try {
      expect(await call(today, 'vault:status', {})).toMatchObject({
        state: 'locked',
        keychain: 'unavailable',
        slots: { keychain: true, password: false, recovery: true },
      })
      const refused = await today.dispatch('vault:unlock', { method: 'keychain' })
      expect(refused).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } })
      if (!refused.ok) expect(refused.error.message).toMatch(/cannot be reached.*recovery key/)

      expect((await call(today, 'vault:unlock', { method: 'recovery', recoveryKey })).state).toBe('unlocked')
      const listed = today.queries.list().accounts
      expect(listed.map((account) => account.handle).sort()).toEqual(
        accounts.map((account) => account.handle).sort(),
      )
      const handleOf = new Map(listed.map((account) => [account.id, account.handle]))
      const todayCodes: Record<string, string> = {}
      for (const view of today.codes.codes([...handleOf.keys()], CODE_TIME_MS))
        todayCodes[handleOf.get(view.accountId) ?? view.accountId] = view.code
      expect(todayCodes).toEqual(yesterdayCodes)
    } finally {
      today.close()
    }
  })

  it('tells a person at the command line in one line, and the keychain still opens the vault once it is back', async () => {
    const listed = await runCli(['list'], { home, service })
    expect(listed.status).toBe(1)
    expect(listed.stderr.trim().split('\n')).toHaveLength(1)
    expect(listed.stderr).toMatch(/keychain cannot be reached/)
    const back = await runCli(['list', '--json'], { home, service, env: withKeychain })
    expect(back.status).toBe(0)
    expect(JSON.parse(back.stdout)).toHaveLength(accounts.length)
  })
})
