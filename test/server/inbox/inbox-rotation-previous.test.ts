import { expect, it } from 'vitest'
import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { openInboxPrivateKey, sealInboxPrivateKey } from '../../../electron/core/team/crypto/inbox-seal.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  addMember,
  clientRotation,
  createTeam,
  shareClient,
  type TestClient,
  type TestDevice,
} from '../api/team-harness.ts'
import {
  enableInbox,
  makeInboxKey,
  openMessages,
  postTwilio,
  twilioParams,
  useInboxServer,
  type InboxServer,
  type TestInbox,
} from './inbox-harness.ts'

// A member leaves a client with a code inbox: the client gets a new inbox key, and the messages that
// arrived just before stay readable for those who keep the client — also on a device that restarts
// and so holds no opened key any more — because the old key comes along, sealed under the new client key.

const NUMBER = '+14155550123'
const MINUTE = 60_000

type InboxAnswer = TeamResponse<'team:inbox'>

/** Requests signed at the server's (moved) clock, as a device whose clock agrees would sign them. */
const signedNow = (server: InboxServer) => (server.clockAt ? { signedAt: server.clockAt } : {})

async function inboxOf(server: InboxServer, device: TestDevice): Promise<InboxAnswer> {
  const answer = await device.call(server.app, 'team:inbox', { query: { since: 0 }, ...signedNow(server) })
  expect(answer.status).toBe(200)
  return answer.body
}

/** An earlier inbox key as the rotating device re-seals it: under the new client key and version. */
function resealed(teamId: string, rotated: TestClient, inbox: TestInbox) {
  return {
    keyVersion: rotated.keyVersion,
    publicKey: Buffer.from(inbox.publicKey).toString('base64url'),
    sealedPrivateKey: sealInboxPrivateKey(
      rotated.key,
      { teamId, clientId: rotated.clientId, keyVersion: rotated.keyVersion, publicKey: inbox.publicKey },
      inbox.privateKey,
    ).toString('base64url'),
  }
}

/** `leaving` loses the client; `keepers` get the new key, the inbox key pair is new, `earlier` re-sealed. */
async function revoke(
  server: InboxServer,
  owner: TestDevice,
  leaving: TestDevice,
  client: TestClient,
  keepers: TestDevice[],
  earlier: TestInbox[],
) {
  const { rotation, key, keyVersion } = await clientRotation(owner, client, keepers)
  const rotated = { ...client, key, keyVersion }
  const inbox = makeInboxKey(owner.teamId, rotated, keyVersion)
  const previous = earlier.map((old) => resealed(owner.teamId, rotated, old))
  const answer = await owner.call(server.app, 'team:revoke', {
    body: {
      memberId: leaving.memberId,
      clientId: client.clientId,
      rotation: { ...rotation, inboxKey: { ...inbox.body, previous } },
    },
    ...signedNow(server),
  })
  return { answer, rotated, inbox }
}

/** What a device that just started does: opens each listed key with the client key it holds now. */
function openListed(answer: InboxAnswer, teamId: string, client: TestClient): Map<string, Buffer> {
  return new Map(
    answer.keys.map((key) => [
      key.publicKey,
      openInboxPrivateKey(
        client.key,
        {
          teamId,
          clientId: key.clientId,
          keyVersion: key.keyVersion,
          publicKey: Buffer.from(key.publicKey, 'base64url'),
        },
        Buffer.from(key.sealedPrivateKey, 'base64url'),
      ),
    ]),
  )
}

async function bodiesOf(answer: InboxAnswer, teamId: string, keys: Map<string, Buffer>) {
  const bodies = []
  for (const message of answer.messages) {
    const key = keys.get(message.publicKey)
    if (!key) throw new Error(`no listed key opens message ${message.messageId}`)
    const [opened] = await openMessages({ ...answer, messages: [message] }, teamId, key)
    bodies.push(opened?.body)
  }
  return bodies
}

async function keptEarlierKeys(server: InboxServer, clientId: string): Promise<number> {
  return withClient(server.ownerUrl, async (db) => {
    const rows = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox_previous_keys WHERE client_id = $1',
      [clientId],
    )
    return rows.rows[0]?.n ?? -1
  })
}

await describeOnEachPostgres('code inbox: earlier keys after a rotation', (postgres) => {
  const server = useInboxServer(postgres)

  it('lists the replaced key beside the new one, opened from the new client key, until its last message expires', async () => {
    server.clockAt = undefined
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const ben = await addMember(server, owner, { clients: [bakery] })
    const cleo = await addMember(server, owner, { clients: [bakery] })
    const { inbox: first } = await enableInbox(server.app, owner, bakery, [NUMBER], 1)
    const start = Math.floor(Date.now() / 1000) * 1000
    server.clockAt = new Date(start)
    expect(
      (await postTwilio(server.app, teamId, twilioParams(NUMBER, 'Instagram', 'before 111'))).status,
    ).toBe(200)

    // Ben is removed from Bakery: a new key pair, the first one carried along.
    const one = await revoke(server, owner, ben, bakery, [owner, cleo], [first])
    expect(one.answer.status).toBe(200)
    server.clockAt = new Date(start + 40 * MINUTE)
    expect(
      (await postTwilio(server.app, teamId, twilioParams(NUMBER, 'Instagram', 'after 222'))).status,
    ).toBe(200)

    const read = await inboxOf(server, cleo)
    expect(read.keys).toEqual([
      { clientId: bakery.clientId, ...one.inbox.body },
      { clientId: bakery.clientId, ...resealedView(read, first), previous: true },
    ])
    // Cleo's device restarted: all it has is the client key of version 2, and both messages open.
    expect(await bodiesOf(read, teamId, openListed(read, teamId, one.rotated))).toEqual([
      'before 111',
      'after 222',
    ])
    expect(await inboxOf(server, ben)).toMatchObject({ keys: [], messages: [] })

    // 'before 111' expires (retention 1 h): the first key is no longer listed.
    server.clockAt = new Date(start + 70 * MINUTE)
    const later = await inboxOf(server, cleo)
    expect(later.keys).toEqual([{ clientId: bakery.clientId, ...one.inbox.body }])
    expect(await bodiesOf(later, teamId, openListed(later, teamId, one.rotated))).toEqual(['after 222'])

    // Cleo is removed too: the second key carries on (its message is alive), the first is dropped.
    const two = await revoke(server, owner, cleo, one.rotated, [owner], [first, one.inbox])
    expect(two.answer.status).toBe(200)
    expect(await keptEarlierKeys(server, bakery.clientId)).toBe(1)
    const afterTwo = await inboxOf(server, owner)
    expect(afterTwo.keys.map((key) => [key.publicKey, key.keyVersion, key.previous ?? false])).toEqual([
      [two.inbox.body.publicKey, 3, false],
      [one.inbox.body.publicKey, 3, true],
    ])
    expect(await bodiesOf(afterTwo, teamId, openListed(afterTwo, teamId, two.rotated))).toEqual(['after 222'])

    // Turning the inbox off deletes the earlier keys with the rest.
    const disabled = await owner.call(server.app, 'team:inbox-disable', {
      params: { client: bakery.clientId },
      body: {},
      ...signedNow(server),
    })
    expect(disabled.status).toBe(200)
    expect(await keptEarlierKeys(server, bakery.clientId)).toBe(0)
  })

  it('refuses an earlier key the client never had, or one sealed under another key version', async () => {
    server.clockAt = undefined
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const ben = await addMember(server, owner, { clients: [bakery] })
    const { inbox: first } = await enableInbox(server.app, owner, bakery, [NUMBER])
    const stranger = makeInboxKey(teamId, bakery)
    const unknown = await revoke(server, owner, ben, bakery, [owner], [stranger])
    expect(unknown.answer.status).toBe(400)
    expect(unknown.answer.body.error.message).toMatch(/inboxKey\.previous/)

    const { rotation, key, keyVersion } = await clientRotation(owner, bakery, [owner])
    const rotated = { ...bakery, key, keyVersion }
    const stale = { ...resealed(teamId, rotated, first), keyVersion: 1 }
    const answer = await owner.call(server.app, 'team:revoke', {
      body: {
        memberId: ben.memberId,
        clientId: bakery.clientId,
        rotation: { ...rotation, inboxKey: { ...makeInboxKey(teamId, rotated).body, previous: [stale] } },
      },
    })
    expect(answer.status).toBe(400)
    expect((await inboxOf(server, ben)).keys).toEqual([{ clientId: bakery.clientId, ...first.body }])
  })
})

/** The listed earlier key as the test can predict it: its public key, under version 2, sealed bytes as listed. */
function resealedView(answer: InboxAnswer, inbox: TestInbox) {
  const publicKey = Buffer.from(inbox.publicKey).toString('base64url')
  const listed = answer.keys.find((key) => key.publicKey === publicKey)
  return { keyVersion: 2, publicKey, sealedPrivateKey: listed?.sealedPrivateKey ?? 'not listed' }
}
