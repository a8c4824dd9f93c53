import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import {
  channels,
  contract,
  mutatingChannels,
  type Channel,
  type ChannelSpec,
} from '../../../shared/ipc/contract.ts'
import { ScriptedDesktop } from '../../harness/scripted-desktop.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { dispatchValue, vaultWorkspace, type VaultWorkspace } from '../../support/vault-workspace.ts'
import { qrPng } from '../../unit/importers/export-builders.ts'
import { startTeamLab } from '../team/team-lab.ts'

const PASSWORD = 'a long vault password'
const OTHER_PASSWORD = 'another long vault password'
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const link = (handle: string, secret = 'JBSWY3DPEHPK3PXP') =>
  `otpauth://totp/Instagram:${handle}?secret=${secret}&issuer=Instagram`

/**
 * What "the vault's data" means for `mutates`: the rows of the data tables, what their sealed columns
 * hold (not the bytes, which a new vault key re-seals without changing a thing), and the code copies
 * that order the popup and show "last used". Audit entries of other kinds, the key slots and this
 * computer's preferences are left out.
 */
function vaultData(backend: Backend): string | null {
  if (!backend.vault.isUnlocked) return null
  const db = backend.vault.requireUnlockedDatabase()
  const tables = [
    'clients',
    'accounts',
    'authenticators',
    'phone_methods',
    'backup_code_sets',
    'backup_codes',
    'settings',
  ]
  const rows: unknown[] = tables.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all())
  rows.push(
    db.prepare("SELECT account_id, at FROM audit_log WHERE action = 'code.copied' ORDER BY rowid").all(),
  )
  const { entries, withoutAuthenticator } = backend.transfer.exportEntries({ complete: true })
  rows.push(entries.map((entry) => ({ ...entry, secret: Buffer.from(entry.secret).toString('hex') })))
  rows.push(withoutAuthenticator)
  for (const entry of entries) entry.secret.fill(0)
  return JSON.stringify(rows, (_key, value: unknown) =>
    value instanceof Uint8Array || isBufferJson(value) ? 'sealed' : value,
  )
}

/** What a backup carries: the accounts as the backup exports them, without "last used". */
function backupData(backend: Backend): string | null {
  if (!backend.vault.isUnlocked) return null
  const { entries, withoutAuthenticator } = backend.transfer.exportEntries({ complete: true })
  const data = JSON.stringify([
    entries.map((entry) => ({ ...entry, secret: Buffer.from(entry.secret).toString('hex') })),
    withoutAuthenticator,
  ])
  for (const entry of entries) entry.secret.fill(0)
  return data
}

function isBufferJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer'
}

interface Observed {
  channel: Channel
  /** Whether the call changed what a backup carries (a TOTP code's copy changes only "last used"). */
  backupChanged: boolean | null
  /** Null when the vault was not open before or after, so its data could not be compared. */
  dataChanged: boolean | null
  notified: boolean
}

/**
 * Every channel, called successfully through the backend's dispatcher on a real vault: whether the
 * call changed the vault's data, and whether it told the automatic backup so. Both must be what the
 * contract's `mutates` says.
 */
describe('the channels the contract marks as mutating', () => {
  let workspace: VaultWorkspace
  let desktop: ScriptedDesktop
  let backend: Backend
  let changed: MockInstance<() => void>
  const observed: Observed[] = []

  function file(name: string, content: string | Uint8Array): string {
    const path = join(workspace.folder.home, name)
    writeFileSync(path, content)
    return path
  }

  /** Calls `channel` on `device` (this test's vault unless said otherwise) and notes what it changed. */
  async function call<C extends Channel>(channel: C, request: unknown, device = backend) {
    const notices = device === backend ? changed : vi.spyOn(device.autoBackup, 'changed')
    const before = vaultData(device)
    const backupBefore = backupData(device)
    const notifiedBefore = notices.mock.calls.length
    const value = await dispatchValue(device, channel, request)
    const after = vaultData(device)
    const backupAfter = backupData(device)
    observed.push({
      channel,
      backupChanged: backupBefore === null || backupAfter === null ? null : backupBefore !== backupAfter,
      dataChanged: before === null || after === null ? null : before !== after,
      notified: notices.mock.calls.length > notifiedBefore,
    })
    return value
  }

  beforeEach(() => {
    workspace = vaultWorkspace()
    desktop = new ScriptedDesktop()
    backend = workspace.openBackend('vault', {
      desktop: desktop.asDesktopPort(),
      timers: manualTimers().timers,
    })
    changed = vi.spyOn(backend.autoBackup, 'changed')
    observed.length = 0
  })
  afterEach(() => workspace.dispose())

  it('are exactly the ones whose successful calls change the vault and schedule a backup', async () => {
    await call('vault:status', {})
    const { creationId, recoveryKey } = await call('vault:prepare-create', {})
    await call('vault:create', { creationId, recoveryKeyConfirmation: recoveryKey, password: PASSWORD })

    // Accounts, their methods and clients.
    const { account } = await call('accounts:add', {
      platform: 'instagram',
      handle: 'acme.bakery',
      clientName: 'Acme Bakery',
      sms: '+14155550123',
      authenticator: { source: 'uri', uri: link('acme.bakery', SECRET) },
    })
    const id = account.id
    await call('accounts:list', {})
    await call('accounts:quick-search', { query: 'acme', limit: 5 })
    await call('accounts:preview-add', { platform: 'x', handle: 'someone' })
    await call('accounts:update', { id, patch: { notes: 'front desk phone' } })
    await call('accounts:replace-authenticator', {
      id,
      authenticator: { source: 'uri', uri: link('acme.bakery') },
    })
    await call('accounts:set-phone-verified', { id, kind: 'sms', verified: true })
    await call('accounts:bulk-update', { ids: [id], addTags: ['vip'] })
    await call('accounts:delete', { ids: [id] })
    await call('accounts:list-trash', {})
    await call('accounts:restore', { ids: [id] })
    const { clients } = await call('clients:list', {})
    await call('clients:report-csv', { clientId: clients[0]?.id })
    await call('phone:normalize', { text: '+44 7911 123456' })

    // Codes and backup codes.
    await call('codes:get', { accountIds: [id] })
    await call('codes:copy', { accountId: id })
    // An HOTP code's copy moves its counter, which a backup carries; a TOTP copy is only "last used".
    const { account: hotp } = await call('accounts:add', {
      platform: 'generic',
      handle: 'vpn',
      authenticator: {
        source: 'manual',
        secret: SECRET,
        type: 'hotp',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    })
    await call('codes:copy', { accountId: hotp.id })
    await call('backup-codes:set', { accountId: id, text: '1111 2222\n3333 4444\n5555 6666\n7777 8888' })
    await call('backup-codes:use-next', { accountId: id })
    await call('backup-codes:copy-shown', { accountId: id })
    await call('backup-codes:undo-use', { accountId: id })
    await call('backup-codes:copy-next', { accountId: id })
    await call('backup-codes:reveal', { accountId: id, password: PASSWORD })
    await call('backup-codes:copy-revealed', { accountId: id, position: 2 })

    // Settings, the audit log, and this computer's preferences.
    await call('audit:list', {})
    await call('settings:get', {})
    await call('settings:update', { lowBackupCodeThreshold: 3 })
    await call('preferences:get', {})
    await call('preferences:update', { autoBackup: true })
    await call('popup:hide', {})

    // Imports.
    const preview = await call('import:preview', {
      source: { kind: 'text', text: link('nordic.outdoors') },
    })
    await call('import:commit', { importId: preview.importId, positions: [1] })
    desktop.openFile = file('codes.txt', link('old.copy'))
    const chosen = await call('import:choose-file', { purpose: 'import' })
    const filePreview = await call('import:preview', {
      source: { kind: 'file', fileId: chosen.file?.fileId },
    })
    await call('import:discard', { importId: filePreview.importId })
    desktop.screens = [qrPng([link('on.screen')])]
    const picture = await call('import:capture-screen', {})
    await call('import:drop-capture', { captureId: picture.captureId })
    desktop.keyFile = file('database.key', 'a key file')
    await call('import:choose-key-file', {})

    // Exports and backups.
    desktop.saveFile = join(workspace.folder.home, 'export.txt')
    await call('export:file', { format: 'otpauth', vaultPassword: PASSWORD })
    await call('export:qr', { accountId: id, password: PASSWORD })
    desktop.folder = join(workspace.folder.home, 'backups')
    await call('backups:choose-folder', {})
    await call('backups:now', {})
    await call('backups:status', {})
    // Another vault's backup in the folder: restoring it brings an account this vault lacks.
    const other = await workspace.createVault('other', { password: OTHER_PASSWORD })
    other.backend.editing.add({
      platform: 'instagram',
      handle: 'from.the.other.vault',
      authenticator: { source: 'uri', uri: link('from.the.other.vault', 'KRUGS4ZANFZSAYJAORSXG5BA') },
    })
    const otherBackup = other.backend.backups.backupNow(desktop.folder, 10)
    await call('backups:restore', {
      source: { kind: 'listed', name: otherBackup.name },
      secret: OTHER_PASSWORD,
    })

    // The team, on a real team server: creating one (another vault here becomes its owner) and joining
    // it touch no account; this vault's first sync brings the shared client's account in.
    await call('team:status', {})
    const lab = await startTeamLab()
    try {
      const { backend: owner } = await workspace.createVault('team-owner')
      // Through the dispatcher, which reads the journal at once: the journal's next tick would
      // otherwise report these writes in the middle of the calls under test.
      for (const [handle, clientName] of [
        ['shared.account', 'Shared client'],
        ['other.account', 'Other client'],
      ] as const)
        await dispatchValue(owner, 'accounts:add', {
          platform: 'instagram',
          handle,
          clientName,
          authenticator: { source: 'uri', uri: link(handle) },
        })
      await call(
        'team:create',
        { server: lab.serverUrl, setupCode: await lab.setupCode(), teamName: 'Agency', memberName: 'Ana' },
        owner,
      )
      await owner.team.share('Shared client')
      await call('team:share', { client: 'Other client' }, owner)
      const { code } = await owner.team.invite({ name: 'Ben', clientNames: ['Shared client'] })
      await call('team:join', { code, memberName: 'Ben' })
      await owner.team.sync()
      await call('team:sync', {})
      // Both change the shared account's notes before either syncs: this vault, second, holds both.
      const sharedId =
        backend.queries.list().accounts.find((entry) => entry.handle === 'shared.account')?.id ?? ''
      await dispatchValue(owner, 'accounts:update', { id: sharedId, patch: { notes: 'by Ana' } })
      await dispatchValue(backend, 'accounts:update', { id: sharedId, patch: { notes: 'by Ben' } })
      await owner.team.sync()
      await backend.team.sync()
      await call('team:conflict', { accountId: sharedId })
      await call('team:resolve-conflict', { accountId: sharedId, choice: { keep: 'mine' } })
      // The code inbox: Ana enables the shared client's inbox and a forwarder app posts a code to the
      // number of its new account; this vault lists it, copies it (that account's code copy, as for an
      // app code) and reads its text.
      await dispatchValue(owner, 'accounts:add', {
        platform: 'instagram',
        handle: 'inbox.account',
        clientName: 'Shared client',
        sms: '+447911123456',
      })
      await owner.team.sync()
      await backend.team.sync()
      // Ana sets the inbox up from her window: what it would register, enabling, copying a URL. She
      // syncs first: enabling syncs too, and would otherwise pull this vault's pushed resolution.
      await owner.team.sync()
      const sharedClientId = owner.queries.clients().find((client) => client.name === 'Shared client')?.id
      await call('inbox:setup-preview', { clientId: sharedClientId }, owner)
      const enabled = await call('inbox:enable', { clientId: sharedClientId }, owner)
      await call('inbox:copy-webhook', { clientId: sharedClientId, url: enabled.webhooks[0]?.url }, owner)
      const { webhooks } = await owner.team.enableInbox('Shared client')
      const forwarded = await fetch(webhooks.find((each) => each.provider === 'json')?.url ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'sms-1',
          from: '32665',
          to: '+447911123456',
          text: '123456 is your Instagram code.',
        }),
      })
      expect(forwarded.ok).toBe(true)
      const { entries } = await call('inbox:list', {})
      await call('inbox:copy', { messageId: entries[0]?.messageId })
      await call('inbox:text', { messageId: entries[0]?.messageId })
      // The owner's Members view: who is in, an invite, a grant and its revocation, a removal.
      await call('team:members', {}, owner)
      await call('team:grant', { member: 'Ben', client: 'Other client' }, owner)
      await call('team:revoke', { member: 'Ben', client: 'Other client' }, owner)
      await call('team:make-admin', { member: 'Ben' }, owner)
      await call('team:make-member', { member: 'Ben', keepClients: ['Shared client'] }, owner)
      await call('team:invite', { name: 'Cleo', clientNames: ['Shared client'], admin: false }, owner)
      await call('team:remove', { member: 'Cleo' }, owner)
      await call('team:audit', { verify: true }, owner)
      await call('team:last-changes', {}, owner)
    } finally {
      await lab.close()
    }

    // The vault's own keys and its lock.
    await call('vault:set-password', { currentPassword: PASSWORD, newPassword: OTHER_PASSWORD })
    await call('vault:remove-password', { currentPassword: OTHER_PASSWORD })
    await call('vault:lock', {})
    await call('vault:unlock', { method: 'keychain' })

    expect([...new Set(observed.map((entry) => entry.channel))].sort()).toEqual([...channels].sort())
    for (const { channel, dataChanged, backupChanged, notified } of observed) {
      const mutates = mutatingChannels.has(channel)
      const spec: ChannelSpec = contract[channel]
      // Settings are the vault's data but not a backup's: saving one writes no backup. The backup
      // follows the change journal, so a TOTP code's copy (an audit entry alone) writes none either,
      // nor does an inbox code's.
      const copyOfTotp = (channel === 'codes:copy' || channel === 'inbox:copy') && backupChanged === false
      // A new password re-seals every secret under a new vault key: a write the journal sees, so the
      // next backup opens with the new password.
      const rekeys = channel === 'vault:set-password'
      expect(notified, `${channel} told the automatic backup`).toBe(
        (mutates && spec.backedUp !== false && !copyOfTotp) || rekeys,
      )
      if (dataChanged !== null) expect(dataChanged, `${channel} changed the vault's data`).toBe(mutates)
    }
  })
})
