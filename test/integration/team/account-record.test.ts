import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readLocalRecord, writeLocalRecord } from '../../../electron/core/team/account-record.ts'
import { TeamStore } from '../../../electron/core/team/team-store.ts'
import { vaultWorkspace, type VaultWorkspace } from '../../support/vault-workspace.ts'

// A team account travels as a record and lands on another device as an account of the same id whose
// codes, numbers and notes are the ones sent; what the device keeps of the team is sealed like the rest.

describe('team account records on a real vault', () => {
  let workspace: VaultWorkspace
  beforeEach(() => {
    workspace = vaultWorkspace()
  })
  afterEach(() => workspace.dispose())

  it('writes a record into another vault as the same account, with the same codes', async () => {
    const { backend: ana } = await workspace.createVault('ana')
    const { backend: ben } = await workspace.createVault('ben')
    const { account } = ana.editing.add({
      platform: 'instagram',
      handle: 'acme',
      clientName: 'Acme',
      sms: '+14155550123',
      notes: 'agency login',
      authenticator: {
        source: 'manual',
        secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
        type: 'totp',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    })
    const record = readLocalRecord(ana.vault.requireUnlockedDatabase(), ana.vault.keyAccess(), account.id)
    expect(record).toMatchObject({ handle: 'acme', notes: 'agency login', sms: { number: '+14155550123' } })

    const db = ben.vault.requireUnlockedDatabase()
    const clientId = randomUUID()
    db.prepare('INSERT INTO clients (id, name, created_at) VALUES (?, ?, ?)').run(clientId, 'Acme', 'now')
    db.transaction(() => {
      ben.vault.keyAccess().forSealing()
      writeLocalRecord(
        db,
        ben.vault.keyAccess(),
        ben.audit.log(),
        { accountId: account.id, clientId, deleted: false, at: new Date().toISOString() },
        record,
      )
    })()
    const at = Date.UTC(2026, 0, 1)
    expect(ben.codes.codes([account.id], at)[0]?.code).toBe(ana.codes.codes([account.id], at)[0]?.code)
    const [copy] = ben.queries.list().accounts
    expect(copy).toMatchObject({ id: account.id, handle: 'acme', clientName: 'Acme', notes: 'agency login' })
    expect(readLocalRecord(db, ben.vault.keyAccess(), account.id)).toEqual(record)
  })

  it('keeps the device keys sealed, and readable again after the vault password changes', async () => {
    const { backend } = await workspace.createVault('ana')
    const db = backend.vault.requireUnlockedDatabase()
    const store = new TeamStore(db, backend.vault.keyAccess())
    const agreement = Buffer.alloc(32, 7)
    const signing = Buffer.alloc(32, 9)
    store.saveMembership(
      {
        deviceId: randomUUID(),
        serverUrl: 'https://team.example',
        teamId: randomUUID(),
        teamName: 'Agency',
        memberId: randomUUID(),
        memberName: 'Ana',
        role: 'owner',
        deviceStatus: 'active',
        agreementPublicKey: 'a',
        signingPublicKey: 's',
        ownerSigningKey: 's',
        inviterSigningKey: null,
      },
      { agreement, signing },
      new Date().toISOString(),
    )
    const stored = db
      .prepare('SELECT agreement_private_key, signing_private_key FROM team_membership')
      .get() as {
      agreement_private_key: Buffer
      signing_private_key: Buffer
    }
    expect(stored.agreement_private_key.includes(agreement)).toBe(false)
    expect(stored.signing_private_key.includes(signing)).toBe(false)

    await backend.vault.setPassword({ newPassword: 'correct horse battery staple' })
    const again = new TeamStore(backend.vault.requireUnlockedDatabase(), backend.vault.keyAccess())
    expect(again.privateKeys()).toEqual({ agreement, signing })
  })
})
