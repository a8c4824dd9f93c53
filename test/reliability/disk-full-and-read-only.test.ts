import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../shared/domain/errors.ts'
import type { Channel } from '../../shared/ipc/contract.ts'
import { createBackend, type Backend } from '../../electron/core/app-backend.ts'
import { encodeBase32Secret } from '../../electron/core/engine/secret-text.ts'
import { isTwofoldError } from '../../electron/core/errors.ts'
import { openAegisDatabase } from '../../electron/core/importers/formats/aegis.ts'
import { readImport } from '../../electron/core/importers/read-import.ts'
import { AppPreferencesStore, PREFERENCES_FILE } from '../../electron/core/preferences/app-preferences.ts'
import { runCli } from './support/cli-process.ts'
import { mountingAllowed, mountTmpfs, type TmpfsMount } from './support/mounts.ts'
import { reliabilitySeed, seededRandom } from './support/seeded-random.ts'
import {
  call,
  createVault,
  expectIntact,
  reliabilityKeychain,
  seedAccounts,
  snapshot,
  VAULT_PASSWORD,
} from './support/vault-fixture.ts'

// A full disk (a small tmpfs filled up, or SQLite's own page limit) and a read-only vault folder (a
// tmpfs remounted read-only): every write must be refused with `disk-full` or `read-only` in words —
// never "something went wrong" — and leave nothing half-written: the vault passes its integrity check
// and holds exactly what it held, backups and preferences keep their last good file, no temporary
// file stays behind. Reading codes must keep working on a full disk, and locking must always work.

const allowed = mountingAllowed()
const random = seededRandom(reliabilitySeed('disk-full-and-read-only'))
const keychain = reliabilityKeychain()
const mounts: TmpfsMount[] = []
const backends: Backend[] = []
const folders: string[] = []

afterAll(() => {
  for (const backend of backends.splice(0)) backend.close()
  for (const mount of mounts.splice(0)) mount.unmount()
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function mount(sizeBytes: number): TmpfsMount {
  const created = mountTmpfs(sizeBytes)
  mounts.push(created)
  return created
}

function scratchFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'twofold-reliability-disk-'))
  folders.push(folder)
  return folder
}

async function vaultAt(home: string, accounts: number) {
  const created = await createVault(home, { keychain, password: VAULT_PASSWORD })
  backends.push(created.backend)
  const ids = await seedAccounts(created.backend, accounts, random)
  return { ...created, ids }
}

function integrity(home: string): string {
  const db = new Database(join(home, 'vault.sqlite3'), { fileMustExist: true })
  try {
    return db.pragma('integrity_check', { simple: true }) as string
  } finally {
    db.close()
  }
}

function expectTyped(work: () => unknown, code: ErrorCode): void {
  let caught: unknown
  try {
    work()
  } catch (error) {
    caught = error
  }
  expect(isTwofoldError(caught) ? caught.code : caught).toBe(code)
  if (isTwofoldError(caught)) expect(caught.message).toMatch(code === 'disk-full' ? /full/ : /read-only/)
}

async function parsedBatch(size: number) {
  const links = Array.from(
    { length: size },
    (_, index) =>
      `otpauth://totp/Batch:batch-${index}?secret=${encodeBase32Secret(random.bytes(20))}&issuer=Batch`,
  )
  return readImport(Buffer.from(links.join('\n')))
}

function hashes(folder: string): Record<string, string> {
  const found: Record<string, string> = {}
  const visit = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) visit(path, `${prefix}${entry.name}/`)
      else found[`${prefix}${entry.name}`] = createHash('sha256').update(readFileSync(path)).digest('hex')
    }
  }
  visit(folder, '')
  return found
}

describe.skipIf(!allowed)('a full disk', () => {
  it('refuses every kind of vault write in words, changes nothing, still shows codes, and recovers once space is freed', async () => {
    const disk = mount(8 * 1024 * 1024)
    const home = join(disk.dir, 'vault')
    const { backend, ids } = await vaultAt(home, 20)
    const [first = '', second = '', third = ''] = ids
    const before = snapshot(backend)
    // An empty WAL, so every write has to find new space.
    backend.vault.database().pragma('wal_checkpoint(TRUNCATE)')
    disk.fill()

    const writes: [Channel, unknown][] = [
      ['accounts:add', { platform: 'instagram', handle: 'new.on.full.disk', sms: '+447911123450' }],
      ['accounts:update', { id: first, patch: { notes: 'changed on a full disk' } }],
      ['accounts:delete', { ids: [second] }],
      ['accounts:bulk-update', { ids, addTags: ['full'] }],
      ['backup-codes:set', { accountId: first, text: '1234 5678\n8765 4321' }],
      ['backup-codes:use-next', { accountId: first }],
      ['codes:copy', { accountId: third }],
      ['settings:update', { lowBackupCodeThreshold: 5 }],
      ['vault:set-password', { currentPassword: VAULT_PASSWORD, newPassword: 'another long password' }],
    ]
    for (const [channel, payload] of writes) {
      const result = await backend.dispatch(channel, payload)
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'disk-full' } })
      if (!result.ok) expect(result.error.message).toMatch(/full.*Nothing was changed/)
    }
    const plan = backend.transfer.planImport(await parsedBatch(2_000))
    expectTyped(() => backend.transfer.commitImport(plan), 'disk-full')
    expect(snapshot(backend)).toEqual(before)

    // Locking always works; unlocking to read codes works on a full disk too.
    expect((await call(backend, 'vault:lock', {})).state).toBe('locked')
    const wrong = await backend.dispatch('vault:unlock', { method: 'password', password: 'not the password' })
    expect(wrong.ok).toBe(false)
    if (!wrong.ok) expect(['wrong-password', 'disk-full']).toContain(wrong.error.code)
    expect(
      (await call(backend, 'vault:unlock', { method: 'password', password: VAULT_PASSWORD })).state,
    ).toBe('unlocked')
    expect(snapshot(backend)).toEqual(before)
    expect(integrity(home)).toBe('ok')

    disk.free()
    await call(backend, 'accounts:add', { platform: 'instagram', handle: 'after.space.freed' })
    expect(backend.transfer.commitImport(plan).imported).toBe(2_000)
    expect(integrity(home)).toBe('ok')
  })

  it('refuses a backup on a full backup drive, leaves no half-written file and keeps the earlier backup', async () => {
    const { backend } = await vaultAt(join(scratchFolder(), 'vault'), 40)
    const drive = mount(2 * 1024 * 1024)
    const folder = join(drive.dir, 'backups')
    const earlier = backend.backups.backupNow(folder, 10)
    // Room for the start of a backup, not all of it.
    expect(earlier.bytes).toBeGreaterThan(16 * 1024)
    drive.fill(8 * 1024)
    expectTyped(() => backend.backups.backupNow(folder, 10), 'disk-full')
    expect(readdirSync(folder)).toEqual([earlier.name])
    const opened = await openAegisDatabase(readFileSync(earlier.file), VAULT_PASSWORD)
    expect((opened as { entries: unknown[] }).entries).toHaveLength(40)
    drive.free()
    expect(backend.backups.backupNow(folder, 10).name).not.toBe(earlier.name)
  })

  it('refuses to save a preference on a full disk, keeps the old file whole and leaves no temporary file', async () => {
    const disk = mount(256 * 1024)
    const home = join(disk.dir, 'vault')
    const backend = createBackend({ home, keychain })
    backends.push(backend)
    await call(backend, 'preferences:update', { clipboardClearSeconds: 45 })
    const saved = readFileSync(join(home, PREFERENCES_FILE))
    disk.fill()
    const result = await backend.dispatch('preferences:update', { clipboardClearSeconds: 90 })
    expect(result).toMatchObject({ ok: false, error: { code: 'disk-full' } })
    expect(readFileSync(join(home, PREFERENCES_FILE))).toEqual(saved)
    expect(readdirSync(home)).toEqual([PREFERENCES_FILE])
    expect((await call(backend, 'preferences:get', {})).preferences.clipboardClearSeconds).toBe(45)
  })
})

describe("SQLite's own page limit (no mount needed)", () => {
  it('refuses an import and a new account in words when the file may not grow, all or nothing', async () => {
    const home = join(scratchFolder(), 'vault')
    const { backend } = await vaultAt(home, 10)
    const before = snapshot(backend)
    const db = backend.vault.database()
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true })) + 2}`)
    const plan = backend.transfer.planImport(await parsedBatch(2_000))
    expectTyped(() => backend.transfer.commitImport(plan), 'disk-full')
    // Free pages inside the file take a few accounts; then one is refused, and only that one is missing.
    const added: string[] = []
    let refused: Awaited<ReturnType<Backend['dispatch']>> | null = null
    for (let index = 0; index < 200 && refused === null; index++) {
      const result = await backend.dispatch('accounts:add', {
        platform: 'generic',
        handle: `filler ${index}`,
        notes: 'x'.repeat(9_000),
      })
      if (result.ok) added.push(`filler ${index}`)
      else refused = result
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'disk-full' } })
    const handles = backend.queries.list().accounts.map((account) => account.handle)
    expect(handles.filter((handle) => handle.startsWith('filler')).sort()).toEqual([...added].sort())
    expectIntact(before, snapshot(backend))
    expect((await call(backend, 'vault:lock', {})).state).toBe('locked')
    expect(integrity(home)).toBe('ok')
  })
})

describe.skipIf(!allowed)('a read-only vault folder', () => {
  it('refuses to open the vault in words — in the app and the CLI — and changes no file', async () => {
    const disk = mount(8 * 1024 * 1024)
    const home = join(disk.dir, 'vault')
    const { backend, recoveryKey } = await vaultAt(home, 15)
    await call(backend, 'preferences:update', { clipboardClearSeconds: 45 })
    backend.backups.backupNow(join(home, 'backups'), 10)
    const before = snapshot(backend)
    backend.close()
    const files = hashes(home)
    disk.readOnly()

    expectTyped(() => createBackend({ home, keychain }), 'read-only')
    const listed = await runCli(['list'], { home, service: keychain.service, stdin: `${VAULT_PASSWORD}\n` })
    expect(listed.status).toBe(1)
    expect(listed.stderr.trim().split('\n')).toHaveLength(1)
    expect(listed.stderr).toMatch(/read-only or not yours/)
    const preferences = new AppPreferencesStore(home)
    expect(preferences.read().clipboardClearSeconds).toBe(45)
    expectTyped(() => preferences.update({ clipboardClearSeconds: 90 }), 'read-only')
    expect(hashes(home)).toEqual(files)

    disk.writable()
    const reopened = createBackend({ home, keychain })
    backends.push(reopened)
    await call(reopened, 'vault:unlock', { method: 'recovery', recoveryKey })
    expect(snapshot(reopened)).toEqual(before)
    expect(integrity(home)).toBe('ok')
  })

  it('refuses a backup into a read-only folder in words, and writes nothing there', async () => {
    const { backend } = await vaultAt(join(scratchFolder(), 'vault'), 5)
    const drive = mount(1024 * 1024)
    const folder = join(drive.dir, 'backups')
    const earlier = backend.backups.backupNow(folder, 10)
    drive.readOnly()
    expectTyped(() => backend.backups.backupNow(folder, 10), 'read-only')
    expect(readdirSync(folder)).toEqual([earlier.name])
    expect(existsSync(`${earlier.file}.partial`)).toBe(false)
  })
})
