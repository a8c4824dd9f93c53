import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createAccountServices,
  type AccountServices,
} from '../../../electron/core/accounts/account-services.ts'
import type { Vault } from '../../../electron/core/vault/vault.ts'
import { vaultFile } from '../../../electron/core/vault/vault-home.ts'
import { keychainIsReachable, throwawayKeychain } from '../../support/real-keychain.ts'
import { manualClock } from '../../support/temp-home.ts'
import { createVaultIn, vaultFolder, type VaultFolder } from '../../support/vault-workspace.ts'
import { runCli } from '../cli/run-cli.ts'

const reachable = await keychainIsReachable()

/**
 * The audit log's triggers stop Twofold's own code from changing history, not someone with the file:
 * a raw SQLite connection drops the trigger and edits away. The chain must notice.
 */
describe('the audit log chain', () => {
  let vaults: VaultFolder
  let folder: VaultFolder['folder']
  let vault: Vault
  let services: AccountServices

  function open(): void {
    const clock = manualClock()
    vault = vaults.open({ now: clock.now })
    services = createAccountServices(vault, { now: clock.now, actor: 'tester' })
  }
  /** Closes the app's connection, tampers as an outsider would, and opens the vault again. */
  async function tamper(sql: string): Promise<void> {
    vault.close()
    const raw = new Database(vaultFile(folder.home))
    raw.exec(`DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ${sql}`)
    raw.close()
    open()
    await vault.unlock({ method: 'keychain' })
  }
  function ids(): number[] {
    return services.audit
      .list({ limit: 1000 })
      .map((entry) => entry.id)
      .reverse()
  }

  beforeEach(async () => {
    vaults = vaultFolder()
    folder = vaults.folder
    open()
    await createVaultIn(vault)
    for (const handle of ['acme.bakery', 'nordic.outdoors', 'harbour.coffee'])
      services.editing.add({ platform: 'instagram', handle })
    await vault.lock()
    await vault.unlock({ method: 'keychain' })
  })
  afterEach(() => vaults.dispose())

  it('reports an untouched log as whole, the lock and unlock entries included', () => {
    const entries = services.audit.list({ limit: 1000 })
    expect(entries.map((entry) => entry.action)).toContain('vault.locked')
    expect(services.audit.verify()).toEqual({ ok: true, entries: entries.length })
  })

  it('stays whole across a password change, which replaces the vault key', async () => {
    await vault.setPassword({ newPassword: 'a long vault password' })
    services.editing.add({ platform: 'instagram', handle: 'after.rotation' })
    await vault.lock()
    await vault.unlock({ method: 'password', password: 'a long vault password' })
    expect(services.audit.verify()).toMatchObject({ ok: true })
  })

  it('names the entry after a row removed from the middle', async () => {
    const [, second] = ids()
    await tamper(`DELETE FROM audit_log WHERE id = ${second}`)
    expect(services.audit.verify()).toMatchObject({ ok: false, brokenAt: second })
  })

  it('names an edited row', async () => {
    const [, , third] = ids()
    await tamper(`UPDATE audit_log SET detail = 'nothing to see' WHERE id = ${third}`)
    expect(services.audit.verify()).toMatchObject({ ok: false, brokenAt: third })
  })

  it('notices the newest rows cut off, even after Twofold wrote more', async () => {
    const newest = ids().at(-1) ?? 0
    await tamper(`DELETE FROM audit_log WHERE id = ${newest}`)
    // The unlock just now added an entry after the gap.
    expect(services.audit.verify()).toMatchObject({ ok: false, brokenAt: newest })
  })

  it('notices a row slipped in with a forged mark', async () => {
    await tamper(
      "INSERT INTO audit_log (at, actor, action, detail, chain_mac) VALUES ('2026-01-01T00:00:00.000Z', 'someone', 'export', '', zeroblob(32))",
    )
    expect(services.audit.verify().ok).toBe(false)
  })

  it('says so for good when the chain record itself is removed, while Twofold keeps working', async () => {
    await tamper("DELETE FROM audit_chain; UPDATE audit_log SET detail = 'rewritten' WHERE id = 2")
    services.editing.add({ platform: 'instagram', handle: 'after.tampering' })
    const result = services.audit.verify()
    expect(result.ok).toBe(false)
    expect(!result.ok && result.problem).toMatch(/record was removed/)
  })
})

/** The CLI is a process of its own: it reaches the vault's key only through the real keychain. */
describe.skipIf(!reachable)('the audit log chain through the CLI', () => {
  let vaults: VaultFolder
  beforeEach(() => {
    vaults = vaultFolder({ keys: throwawayKeychain() })
  })
  afterEach(() => vaults.dispose())

  it('twofold audit --verify prints OK with the count, or names the broken entry and fails', async () => {
    const { folder, keys } = vaults
    const clock = manualClock()
    const vault = vaults.open({ now: clock.now })
    const services = createAccountServices(vault, { now: clock.now, actor: 'tester' })
    await createVaultIn(vault)
    for (const handle of ['acme.bakery', 'nordic.outdoors', 'harbour.coffee'])
      services.editing.add({ platform: 'instagram', handle })
    await vault.lock()
    await vault.unlock({ method: 'keychain' })
    const count = services.audit.list({ limit: 1000 }).length
    vault.close()
    const cli = (args: string[]) => runCli(args, { home: folder.home, service: keys.service })
    const whole = cli(['audit', '--verify'])
    expect(whole.stderr).toBe('')
    expect(whole.status).toBe(0)
    // The CLI's own unlock is an entry too.
    expect(whole.stdout).toContain(`Audit log OK: ${count + 1} entries`)

    const raw = new Database(vaultFile(folder.home))
    raw.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2')
    raw.close()
    const broken = cli(['audit', '--verify'])
    expect(broken.status).toBe(1)
    expect(broken.stderr).toMatch(/broken at entry 2\b/)
  })
})
