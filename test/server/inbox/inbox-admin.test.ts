import { expect, it } from 'vitest'
import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { newClientKey } from '../../../electron/core/team/crypto/client-key.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import { addMember, createTeam, shareClient, type TestDevice } from '../api/team-harness.ts'
import {
  dropped,
  enableInbox,
  makeInboxKey,
  openMessages,
  pathOf,
  postJson,
  postTwilio,
  revokeWithRotation,
  twilioParams,
  useInboxServer,
  type InboxServer,
} from './inbox-harness.ts'

// The admin's side of the code inbox: whether it works (what each client has and got, what was dropped
// for want of a registered number), and turning one client's inbox off — on a real server and database.

const BAKERY = '+14155550123'
const BAKERY_WHATSAPP = '+14155550188'
const FLORIST = '+14155550177'
const NOBODYS = '+14155550999'

type Status = TeamResponse<'team:inbox-status'>

async function statusOf(server: InboxServer, device: TestDevice) {
  const answer = await device.call(server.app, 'team:inbox-status', {
    ...(server.clockAt ? { signedAt: server.clockAt } : {}),
  })
  return answer as { status: number; body: Status & { error: { code: string } } }
}

async function inboxOf(server: InboxServer, device: TestDevice) {
  const answer = await device.call(server.app, 'team:inbox', { query: { since: 0 } })
  return answer.body as TeamResponse<'team:inbox'>
}

function disable(server: InboxServer, device: TestDevice, clientId: string) {
  return device.call(server.app, 'team:inbox-disable', { params: { client: clientId }, body: {} })
}

/** What the database holds of a client's inbox, looked at as its owner (no row-level security). */
async function storedFor(server: InboxServer, clientId: string) {
  return withClient(server.ownerUrl, async (client) => {
    const count = async (table: string) => {
      const rows = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE client_id = $1`,
        [clientId],
      )
      return rows.rows[0]?.n
    }
    return {
      numbers: await count('inbox_numbers'),
      keys: await count('inbox_keys'),
      messages: await count('inbox_messages'),
    }
  })
}

const jsonPathOf = (answer: { webhooks: { provider: string; url: string }[] }) =>
  pathOf(answer.webhooks.find((hook) => hook.provider === 'json')?.url ?? '')

await describeOnEachPostgres('code inbox: status and turning it off (admins)', (postgres) => {
  const server = useInboxServer(postgres)

  it('status counts each client’s numbers and kept messages, and the drops per provider; a member is refused', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const florist = await shareClient(server, owner, 'Florist', ['tiktok'])
    const { answer } = await enableInbox(server.app, owner, bakery, [BAKERY, BAKERY_WHATSAPP], 6)
    await enableInbox(server.app, owner, florist, [FLORIST])
    const json = jsonPathOf(answer)

    const first = await statusOf(server, owner)
    expect(first.status).toBe(200)
    expect(first.body.dropped).toEqual([])

    const at = new Date(Math.floor(Date.now() / 1000) * 1000)
    const later = new Date(at.getTime() + 60_000)
    try {
      server.clockAt = at
      for (const body of ['code 111', 'code 222'])
        expect((await postTwilio(server.app, teamId, twilioParams(BAKERY, 'Instagram', body))).status).toBe(
          200,
        )
      server.clockAt = later
      expect(
        (
          await postJson(server.app, json, {
            id: 'b3',
            from: 'Instagram',
            to: BAKERY_WHATSAPP,
            text: 'code 3',
          })
        ).status,
      ).toBe(200)
      // Three to a number nobody registered over Twilio, one over json: dropped, counted, not stored.
      for (const body of ['x 1', 'x 2', 'x 3'])
        expect((await postTwilio(server.app, teamId, twilioParams(NOBODYS, 'Instagram', body))).status).toBe(
          200,
        )
      expect(
        (await postJson(server.app, json, { id: 'n1', from: 'X', to: NOBODYS, text: 'x 4' })).status,
      ).toBe(200)

      const status = await statusOf(server, owner)
      expect(status.status).toBe(200)
      expect(status.body.retentionHours).toBe(6)
      const byClient = new Map(status.body.clients.map((client) => [client.clientId, client]))
      expect(byClient.get(bakery.clientId)).toEqual({
        clientId: bakery.clientId,
        numbers: 2,
        keyVersion: 1,
        messages: 3,
        lastReceivedAt: later.toISOString(),
      })
      expect(byClient.get(florist.clientId)).toEqual({
        clientId: florist.clientId,
        numbers: 1,
        keyVersion: 1,
        messages: 0,
        lastReceivedAt: null,
      })
      expect(status.body.dropped).toEqual([
        { provider: 'json', count: 1, lastAt: later.toISOString() },
        { provider: 'twilio', count: 3, lastAt: later.toISOString() },
      ])
      // Nothing in the answer is a number.
      expect(JSON.stringify(status.body)).not.toMatch(/415555/)

      // Past the retention, nothing is kept: the status says so even before a sweep deleted them.
      server.clockAt = new Date(later.getTime() + 6 * 3_600_000)
      const expired = await statusOf(server, owner)
      expect(expired.body.clients.find((client) => client.clientId === bakery.clientId)).toMatchObject({
        messages: 0,
        lastReceivedAt: null,
      })
    } finally {
      server.clockAt = undefined
    }

    const ben = await addMember(server, owner, { clients: [bakery] })
    const refused = await statusOf(server, ben)
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('forbidden')
    const notHis = await disable(server, ben, bakery.clientId)
    expect(notHis.status).toBe(403)
    expect(await storedFor(server, bakery.clientId)).toEqual({ numbers: 2, keys: 1, messages: 3 })
  })

  it('disable deletes the client’s numbers, key and messages; its webhooks are dropped; enabling again makes a new key', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const florist = await shareClient(server, owner, 'Florist', ['tiktok'])
    const ben = await addMember(server, owner, { clients: [bakery] })
    const { inbox: old } = await enableInbox(server.app, owner, bakery, [BAKERY, BAKERY_WHATSAPP])
    await enableInbox(server.app, owner, florist, [FLORIST])
    for (const body of ['code 111', 'code 222'])
      expect((await postTwilio(server.app, teamId, twilioParams(BAKERY, 'Instagram', body))).status).toBe(200)
    expect((await postTwilio(server.app, teamId, twilioParams(FLORIST, 'TikTok', 'code 9'))).status).toBe(200)
    const before = await inboxOf(server, ben)
    expect(before.keys.map((key) => key.clientId)).toEqual([bakery.clientId])
    expect(before.messages).toHaveLength(2)

    const off = await disable(server, owner, bakery.clientId)
    expect(off.status).toBe(200)
    expect(off.body).toEqual({ seq: before.seq + 1, numbers: 2, messages: 2 })
    expect(await storedFor(server, bakery.clientId)).toEqual({ numbers: 0, keys: 0, messages: 0 })
    // The other client's inbox is untouched.
    expect(await storedFor(server, florist.clientId)).toEqual({ numbers: 1, keys: 1, messages: 1 })

    // Ben's device is told by the new sequence, and finds neither the key nor the messages any more.
    const after = await inboxOf(server, ben)
    expect(after.seq).toBe(off.body.seq)
    expect(after).toMatchObject({ keys: [], messages: [] })
    const audit = await owner.call(server.app, 'team:audit', { query: { limit: 100 } })
    const disabled = audit.body.entries.filter((entry) => entry.kind === 'inbox-disabled')
    expect(disabled.map((entry) => [entry.memberId, entry.subject])).toEqual([
      [owner.memberId, { clientId: bakery.clientId, numbers: 2, messages: 2 }],
    ])

    // A message to its number now is one to an unknown number: dropped and counted.
    expect((await postTwilio(server.app, teamId, twilioParams(BAKERY, 'Instagram', 'code 333'))).status).toBe(
      200,
    )
    expect(await dropped(server.ownerUrl, teamId)).toEqual({ twilio: 1 })
    expect(await storedFor(server, bakery.clientId)).toEqual({ numbers: 0, keys: 0, messages: 0 })
    const status = await statusOf(server, owner)
    expect(status.body.clients.map((client) => client.clientId)).toEqual([florist.clientId])
    expect(status.body.dropped).toMatchObject([{ provider: 'twilio', count: 1 }])

    // Turning off what is off says so.
    const again = await disable(server, owner, bakery.clientId)
    expect(again.status).toBe(404)
    expect(again.body.error.message).toMatch(/no code inbox/)

    // On again: a new key pair, and what arrives is sealed to it.
    const { inbox: next } = await enableInbox(server.app, owner, bakery, [BAKERY])
    expect(next.body.publicKey).not.toBe(old.body.publicKey)
    expect((await postTwilio(server.app, teamId, twilioParams(BAKERY, 'Instagram', 'code 444'))).status).toBe(
      200,
    )
    const reopened = await inboxOf(server, ben)
    expect(reopened.keys).toEqual([{ clientId: bakery.clientId, ...next.body }])
    const opened = await openMessages(reopened, teamId, next.privateKey)
    expect(opened.map((message) => message.body)).toEqual(['code 444'])
  })

  it('a rotation no longer needs an inbox key once the client’s inbox is off, and refuses one', async () => {
    const { owner } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const ben = await addMember(server, owner, { clients: [bakery] })
    await enableInbox(server.app, owner, bakery, [BAKERY])
    expect((await disable(server, owner, bakery.clientId)).status).toBe(200)

    const rotated = { ...bakery, key: newClientKey(), keyVersion: 2 }
    const withKey = await revokeWithRotation(
      server,
      owner,
      ben,
      bakery,
      makeInboxKey(owner.teamId, rotated, 2).body,
    )
    expect(withKey.answer.status).toBe(400)
    const without = await revokeWithRotation(server, owner, ben, bakery, undefined)
    expect(without.answer.status).toBe(200)
  })
})
