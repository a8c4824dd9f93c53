import { expect, it } from 'vitest'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  addMember,
  createTeam,
  shareClient,
  signedWrap,
  type TestDevice,
  useTestServer,
} from './team-harness.ts'

// Every wrapped client key a device sends is signed by that device; the server stores who signed it,
// and refuses a key whose signature is not the caller's (the desktops check it again themselves).

await describeOnEachPostgres('team API: signed wrapped keys', (postgres) => {
  const server = useTestServer(postgres)

  it('stores the signing device with each wrapped key and hands both to the device it is for', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-handle'])
    const member = await addMember(server, owner, { clients: [acme] })
    const view = await member.call(server.app, 'team:changes', { query: { since: 0 } })
    expect(view.body.wrappedKeys).toEqual([
      expect.objectContaining({
        clientId: acme.clientId,
        deviceId: member.deviceId,
        keyVersion: 1,
        signedBy: owner.deviceId,
      }),
    ])
    expect(view.body.wrappedKeys[0]?.signature).toMatch(/^[A-Za-z0-9_-]{86}$/)
  })

  it('refuses a grant whose key is signed by another device than the caller, and stores nothing', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-handle'])
    const lumen = await shareClient(server, owner, 'Lumen', ['lumen-handle'])
    const member = await addMember(server, owner, { clients: [acme] })
    // A key the member's own device signed, sent by the owner: the signature names the wrong signer.
    const foreign = await signedWrap(member, member, lumen.key, lumen.clientId, 1)
    const refused = await owner.call(server.app, 'team:grant', {
      body: {
        memberId: member.memberId,
        clientId: lumen.clientId,
        wrappedKeys: [{ deviceId: member.deviceId, keyVersion: 1, ...foreign }],
      },
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('invalid-request')
    expect(refused.body.error.message).toMatch(/not signed by your device/)

    // A signature over other bytes (another key version) is refused the same way.
    const otherPlace = await signedWrap(owner, member, lumen.key, lumen.clientId, 2)
    const moved = await owner.call(server.app, 'team:grant', {
      body: {
        memberId: member.memberId,
        clientId: lumen.clientId,
        wrappedKeys: [{ deviceId: member.deviceId, keyVersion: 1, ...otherPlace }],
      },
    })
    expect(moved.status).toBe(400)

    await withClient(server.ownerUrl, async (db) => {
      const stored = await db.query('SELECT 1 FROM wrapped_keys WHERE device_id = $1 AND client_id = $2', [
        member.deviceId,
        lumen.clientId,
      ])
      expect(stored.rows).toEqual([])
    })
  })

  it('replaces a key stored unsigned (before signatures) when an admin wraps it again', async () => {
    const { owner } = await createTeam(server)
    const acme = await shareClient(server, owner, 'Acme', ['acme-handle'])
    const lumen = await shareClient(server, owner, 'Lumen', ['lumen-handle'])
    const member: TestDevice = await addMember(server, owner, { clients: [acme] })
    const first = await owner.call(server.app, 'team:grant', {
      body: {
        memberId: member.memberId,
        clientId: lumen.clientId,
        wrappedKeys: [
          {
            deviceId: member.deviceId,
            keyVersion: 1,
            ...(await signedWrap(owner, member, lumen.key, lumen.clientId, 1)),
          },
        ],
      },
    })
    expect(first.status).toBe(200)
    await withClient(server.ownerUrl, (db) =>
      db.query('UPDATE wrapped_keys SET signed_by = NULL, signature = NULL WHERE device_id = $1', [
        member.deviceId,
      ]),
    )
    const again = await owner.call(server.app, 'team:grant', {
      body: {
        memberId: member.memberId,
        clientId: lumen.clientId,
        wrappedKeys: [
          {
            deviceId: member.deviceId,
            keyVersion: 1,
            ...(await signedWrap(owner, member, lumen.key, lumen.clientId, 1)),
          },
        ],
      },
    })
    expect(again.status).toBe(200)
    const view = await member.call(server.app, 'team:changes', { query: { since: 0 } })
    const lumenKey = view.body.wrappedKeys.find((key) => key.clientId === lumen.clientId)
    expect(lumenKey?.signedBy).toBe(owner.deviceId)
  })
})
