import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { newClientKey } from '../../../electron/core/team/crypto/client-key.ts'
import { signDeviceCertificate } from '../../../electron/core/team/crypto/device-certificate.ts'
import { generateDeviceKeys } from '../../../electron/core/team/crypto/device-keys.ts'
import { wrapClientKey } from '../../../electron/core/team/crypto/key-wrap.ts'
import { signWrappedKey } from '../../../electron/core/team/crypto/wrap-signature.ts'
import { codeOf, formTeam, postgresAvailable, startTeamLab, type TeamLab } from './team-lab.ts'

// HPKE alone does not say who wrapped a client key: whoever runs the database can wrap a key of its
// own choosing to a member's device. A device takes a key only when a device it trusts with that client
// signed it; these tests are that database's owner trying anyway.

interface Place {
  teamId: string
  clientId: string
  deviceId: string
  keyVersion: number
}

describe.skipIf(!postgresAvailable)('a client key wrapped by someone the device does not trust', () => {
  let lab: TeamLab
  let ana: Backend
  let ben: Backend
  let ids: Record<string, string>
  let db: pg.Client
  const team = { teamId: '', anaDevice: '', benDevice: '', benAgreementKey: Buffer.alloc(0), acme: '' }

  beforeAll(async () => {
    lab = await startTeamLab()
    const formed = await formTeam(lab, {
      owner: {
        name: 'Ana',
        accounts: [
          { handle: 'acme', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ' },
          { handle: 'lumen', client: 'Lumen', secret: 'MFRGGZDFMZTWQ2LK' },
        ],
      },
      members: [{ name: 'Ben', clients: ['Acme'] }],
    })
    ;[ana, ben] = [formed.owner, ...formed.members] as [Backend, Backend]
    ids = formed.ids
    // The database's owner, not the server's role: no row-level security, no column limits.
    db = new pg.Client({ connectionString: lab.databaseUrl })
    await db.connect()
    const device = async (name: string) =>
      (
        await db.query<{ team_id: string; id: string; agreement_key: Buffer }>(
          `SELECT d.team_id, d.id, d.agreement_key FROM devices d
           JOIN members m ON m.team_id = d.team_id AND m.id = d.member_id WHERE m.name = $1`,
          [name],
        )
      ).rows[0]!
    const anaDevice = await device('Ana')
    const benDevice = await device('Ben')
    const benKeys = await db.query<{ client_id: string }>(
      'SELECT client_id FROM wrapped_keys WHERE device_id = $1',
      [benDevice.id],
    )
    Object.assign(team, {
      teamId: anaDevice.team_id,
      anaDevice: anaDevice.id,
      benDevice: benDevice.id,
      benAgreementKey: benDevice.agreement_key,
      acme: benKeys.rows[0]!.client_id,
    })
  }, 180_000)
  afterAll(async () => {
    await db?.end()
    await lab?.close()
  }, 60_000)

  /** A key only the attacker knows, wrapped to Ben's real agreement key so it opens on his device. */
  /** A key only the attacker knows, wrapped to Ben's real agreement key so it opens on his device. */
  function attackerWrap(place: Place): Promise<Buffer> {
    return wrapClientKey(team.benAgreementKey, newClientKey(), place)
  }

  async function refusedSync(device: Backend): Promise<unknown> {
    return device.team.sync().then(
      () => 'synced',
      (error: unknown) => error,
    )
  }

  function expectUntrusted(outcome: unknown, message: RegExp) {
    expect(isTwofoldError(outcome, 'team-untrusted'), String(outcome)).toBe(true)
    expect((outcome as Error).message).toMatch(message)
  }

  it("refuses a granted client's key replaced by one the attacker wrapped and signed in the owner's name", async () => {
    await ana.team.grant('Ben', 'Lumen')
    const lumen = (
      await db.query<{ client_id: string }>(
        'SELECT client_id FROM wrapped_keys WHERE device_id = $1 AND client_id <> $2',
        [team.benDevice, team.acme],
      )
    ).rows[0]!.client_id
    const place = { teamId: team.teamId, clientId: lumen, deviceId: team.benDevice, keyVersion: 1 }
    const wrapped = await attackerWrap(place)
    // The attacker has no private key of Ana's: it signs with one of its own and names her device.
    const signature = signWrappedKey(generateDeviceKeys().signing.privateKey, {
      ...place,
      signerDeviceId: team.anaDevice,
      wrapped,
    })
    await db.query(
      `UPDATE wrapped_keys SET wrapped = $3, signed_by = $4, signature = $5 WHERE device_id = $1 AND client_id = $2`,
      [team.benDevice, lumen, wrapped, team.anaDevice, signature],
    )

    expectUntrusted(await refusedSync(ben), /not signed by a device this one trusts with that client/)
    expect(codeOf(ben, ids.acme ?? '')).toBe(codeOf(ana, ids.acme ?? ''))
    expect(codeOf(ben, ids.lumen ?? '')).toBeUndefined()

    // The database's owner puts the honest key back (as Ana's Twofold wrapped it): Ben syncs again.
    await db.query('DELETE FROM wrapped_keys WHERE device_id = $1 AND client_id = $2', [
      team.benDevice,
      lumen,
    ])
    await ana.team.grant('Ben', 'Lumen')
    await ben.team.sync()
    expect(codeOf(ben, ids.lumen ?? '')).toBe(codeOf(ana, ids.lumen ?? ''))
    expect(codeOf(ben, ids.acme ?? '')).toBe(codeOf(ana, ids.acme ?? ''))
  })

  it('refuses a forged rotation signed by a device the database owner slipped in as an admin', async () => {
    // A whole admin of its own: member, device, a certificate it signed itself, and a valid signature.
    const mallory = generateDeviceKeys()
    const malloryMember = randomUUID()
    const malloryDevice = randomUUID()
    const issuedAt = new Date().toISOString()
    const certificate = signDeviceCertificate(mallory.signing.privateKey, {
      teamId: team.teamId,
      memberId: malloryMember,
      deviceId: malloryDevice,
      role: 'admin',
      agreementKey: mallory.agreement.publicKey,
      signingKey: mallory.signing.publicKey,
      issuedAt,
    })
    await db.query(
      `INSERT INTO members (team_id, id, name, role, status, seq) VALUES ($1, $2, 'Mallory', 'admin', 'active', 1)`,
      [team.teamId, malloryMember],
    )
    await db.query(
      `INSERT INTO devices (team_id, id, member_id, agreement_key, signing_key, certificate, issued_at,
                            certified_by, status, seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $2, 'active', 1)`,
      [
        team.teamId,
        malloryDevice,
        malloryMember,
        Buffer.from(mallory.agreement.publicKey),
        Buffer.from(mallory.signing.publicKey),
        certificate,
        issuedAt,
      ],
    )
    // Acme "rotated" to version 2 under the attacker's key, so Ben would seal his next edits with it.
    const place = { teamId: team.teamId, clientId: team.acme, deviceId: team.benDevice, keyVersion: 2 }
    const wrapped = await attackerWrap(place)
    const signature = signWrappedKey(mallory.signing.privateKey, {
      ...place,
      signerDeviceId: malloryDevice,
      wrapped,
    })
    await db.query('UPDATE clients SET key_version = 2 WHERE id = $1', [team.acme])
    await db.query(
      `INSERT INTO wrapped_keys (team_id, client_id, device_id, key_version, wrapped, seq, signed_by, signature)
       VALUES ($1, $2, $3, 2, $4, 1, $5, $6)`,
      [team.teamId, team.acme, team.benDevice, wrapped, malloryDevice, signature],
    )

    expectUntrusted(await refusedSync(ben), /not signed by a device this one trusts with that client/)
    expect(codeOf(ben, ids.acme ?? '')).toBe(codeOf(ana, ids.acme ?? ''))

    // Unsigned, as a row from before signatures or one the attacker did not bother to sign.
    await db.query(
      'UPDATE wrapped_keys SET signed_by = NULL, signature = NULL WHERE device_id = $1 AND key_version = 2',
      [team.benDevice],
    )
    expectUntrusted(await refusedSync(ben), /carries no signature/)
    expect(codeOf(ben, ids.acme ?? '')).toBe(codeOf(ana, ids.acme ?? ''))

    // Nothing of it reached Ben's vault: with the forgery gone, he syncs and edits under the real key.
    await db.query('DELETE FROM wrapped_keys WHERE device_id = $1 AND key_version = 2', [team.benDevice])
    await db.query('UPDATE clients SET key_version = 1 WHERE id = $1', [team.acme])
    await db.query('DELETE FROM devices WHERE id = $1', [malloryDevice])
    await db.query('DELETE FROM members WHERE id = $1', [malloryMember])
    ben.editing.update(ids.acme ?? '', { label: 'Acme after the forgery' })
    expect((await ben.team.sync()).pushed).toBe(1)
    await ana.team.sync()
    expect(ana.queries.list().accounts.find((account) => account.id === ids.acme)?.label).toBe(
      'Acme after the forgery',
    )
  })
})
