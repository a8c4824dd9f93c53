import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { teamApi, teamRoutePath, type TeamResponse } from '../../../shared/team/team-api.ts'
import { newClientKey } from '../../../electron/core/team/crypto/client-key.ts'
import { InboxService } from '../../../electron/server/inbox/inbox-service.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  addMember,
  createTeam,
  openEvents,
  shareClient,
  useTestServer,
  type TestDevice,
} from '../api/team-harness.ts'
import {
  dropped,
  enableInbox,
  makeInboxKey,
  openMessages,
  pathOf,
  postJson,
  postTwilio,
  PROVIDERS,
  PUBLIC_URL,
  revokeWithRotation,
  twilioParams,
  useInboxServer,
  type InboxServer,
} from './inbox-harness.ts'

const NUMBER = '+14155550123'
const SECOND = '+14155550188'

async function inboxOf(server: InboxServer, device: TestDevice, since = 0) {
  const answer = await device.call(server.app, 'team:inbox', { query: { since } })
  return answer as { status: number; body: TeamResponse<'team:inbox'> & { error: { code: string } } }
}

await describeOnEachPostgres('code inbox: enabling, reading, rotating', (postgres) => {
  const server = useInboxServer(postgres)

  it('enable answers the webhook URLs under the public URL, audits ids and a count only, and is repeatable', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const { inbox, answer } = await enableInbox(server.app, owner, bakery, [NUMBER, SECOND, NUMBER], 48)
    expect(answer.numbers).toBe(2)
    expect(answer.retentionHours).toBe(48)
    const byProvider = answer.webhooks.map((hook) => [hook.provider, hook.url])
    expect(byProvider.map(([provider]) => provider)).toEqual([
      'twilio',
      'meta-whatsapp',
      'android-sms-gateway',
      'android-sms-gateway',
      'json',
    ])
    expect(answer.webhooks[0]?.url).toBe(`${PUBLIC_URL}/v1/inbox/${teamId}/twilio`)
    expect(answer.webhooks[1]?.url).toBe(`${PUBLIC_URL}/v1/inbox/${teamId}/meta-whatsapp`)
    const json = answer.webhooks[4]?.url ?? ''
    expect(json).toMatch(new RegExp(`^${PUBLIC_URL}/v1/inbox/${teamId}/json/[A-Za-z0-9_-]{43}$`))
    for (const hook of answer.webhooks) expect(hook.url).not.toMatch(/4155550/)

    // The same key again keeps the same URLs (the token and lines are derived, not random per call).
    const again = await owner.call(server.app, 'team:inbox-enable', {
      params: { client: bakery.clientId },
      body: { inboxKey: inbox.body, numbers: [NUMBER, SECOND] },
    })
    expect(again.status).toBe(200)
    expect(again.body.webhooks).toEqual(answer.webhooks)
    expect(again.body.retentionHours).toBe(48)

    const audit = await owner.call(server.app, 'team:audit', { query: { limit: 100 } })
    const enabled = audit.body.entries.filter((entry) => entry.kind === 'inbox-enabled')
    expect(enabled.map((entry) => entry.subject)).toEqual([
      { clientId: bakery.clientId, numbers: 2, retentionHours: 48 },
      { clientId: bakery.clientId, numbers: 2, retentionHours: 48 },
    ])
  })

  it('a new key replaces the old; a new number list replaces the old (a number taken off is unknown again)', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    await enableInbox(server.app, owner, bakery, [NUMBER])
    const { inbox: second } = await enableInbox(server.app, owner, bakery, [SECOND])
    const read = await inboxOf(server, owner)
    expect(read.body.keys).toEqual([{ clientId: bakery.clientId, ...second.body }])
    expect((await postTwilio(server.app, teamId, twilioParams(NUMBER, 'Instagram', 'code 1'))).status).toBe(
      200,
    )
    expect((await postTwilio(server.app, teamId, twilioParams(SECOND, 'Instagram', 'code 2'))).status).toBe(
      200,
    )
    expect(await dropped(server.ownerUrl, teamId)).toEqual({ twilio: 1 })
    const opened = await openMessages((await inboxOf(server, owner)).body, teamId, second.privateKey)
    expect(opened.map((message) => message.body)).toEqual(['code 2'])
  })

  it('refuses a number another client has, naming no number; members may not enable; wrong key version', async () => {
    const { owner } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const florist = await shareClient(server, owner, 'Florist', ['tiktok'])
    await enableInbox(server.app, owner, bakery, [NUMBER])
    const taken = await owner.call(server.app, 'team:inbox-enable', {
      params: { client: florist.clientId },
      body: { inboxKey: makeInboxKey(owner.teamId, florist).body, numbers: [SECOND, NUMBER] },
    })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('conflict')
    expect(taken.body.error.message).not.toMatch(/\d{4}/)
    expect((await inboxOf(server, owner)).body.keys.map((key) => key.clientId)).toEqual([bakery.clientId])

    const ben = await addMember(server, owner, { clients: [florist] })
    const byMember = await ben.call(server.app, 'team:inbox-enable', {
      params: { client: florist.clientId },
      body: { inboxKey: makeInboxKey(owner.teamId, florist).body, numbers: [SECOND] },
    })
    expect(byMember.status).toBe(403)

    const stale = await owner.call(server.app, 'team:inbox-enable', {
      params: { client: florist.clientId },
      body: { inboxKey: makeInboxKey(owner.teamId, florist, 2).body, numbers: [SECOND] },
    })
    expect(stale.status).toBe(409)
    const unknownClient = await owner.call(server.app, 'team:inbox-enable', {
      params: { client: randomUUID() },
      body: { inboxKey: makeInboxKey(owner.teamId, florist).body, numbers: [SECOND] },
    })
    expect(unknownClient.status).toBe(404)
  })

  it('a device waiting for confirmation gets nothing; a connected device hears a new message at once', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const { urls } = await enableInbox(server.app, owner, bakery, [NUMBER]).then(({ answer }) => ({
      urls: answer.webhooks.filter((hook) => hook.provider === 'json').map((hook) => pathOf(hook.url)),
    }))
    const pending = await addMember(server, owner, { clients: [bakery], confirm: false })
    expect((await inboxOf(server, pending)).status).toBe(403)

    const baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 })
    const events = await openEvents(baseUrl, owner)
    try {
      const before = (await inboxOf(server, owner)).body.seq
      await events.until(before)
      expect(
        (await postJson(server.app, urls[0] ?? '', { id: 'e1', from: 'a', to: NUMBER, text: 'code 5' }))
          .status,
      ).toBe(200)
      const heard = await events.until(before + 1)
      const after = await inboxOf(server, owner, before)
      expect(after.body.messages.map((message) => message.seq)).toEqual([heard])
      expect(after.body.seq).toBe(heard)
      // Asking again from there: nothing new.
      expect((await inboxOf(server, owner, heard)).body.messages).toEqual([])
      expect(teamId).toBe(owner.teamId)
    } finally {
      events.close()
    }
  })

  describe('rotation of a client with an inbox', () => {
    it('is refused without a new inbox key (or with the old one) and leaves everything as it was', async () => {
      const { owner } = await createTeam(server)
      const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
      const ben = await addMember(server, owner, { clients: [bakery] })
      const { inbox } = await enableInbox(server.app, owner, bakery, [NUMBER])
      const without = await revokeWithRotation(server, owner, ben, bakery, undefined)
      expect(without.answer.status).toBe(400)
      expect(without.answer.body.error.code).toBe('invalid-request')
      expect(without.answer.body.error.message).toMatch(/inboxKey/)
      const oldKey = { ...inbox.body, keyVersion: 2 }
      const same = await revokeWithRotation(server, owner, ben, bakery, oldKey)
      expect(same.answer.status).toBe(400)
      // Ben still holds the client: nothing of the refused revocation stayed.
      expect((await inboxOf(server, ben)).body.keys).toEqual([{ clientId: bakery.clientId, ...inbox.body }])
    })

    it('with a new inbox key replaces it: new messages are sealed to it, earlier ones stay sealed to the old', async () => {
      const { owner, teamId } = await createTeam(server)
      const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
      const ben = await addMember(server, owner, { clients: [bakery] })
      const { inbox } = await enableInbox(server.app, owner, bakery, [NUMBER])
      expect(
        (await postTwilio(server.app, teamId, twilioParams(NUMBER, 'Instagram', 'before 111'))).status,
      ).toBe(200)

      const key = newClientKey()
      const rotatedClient = { ...bakery, key, keyVersion: 2 }
      const next = makeInboxKey(teamId, rotatedClient, 2)
      const rotated = await revokeWithRotation(server, owner, ben, bakery, next.body)
      expect(rotated.answer.status).toBe(200)
      expect(
        (await postTwilio(server.app, teamId, twilioParams(NUMBER, 'Instagram', 'after 222'))).status,
      ).toBe(200)

      const read = (await inboxOf(server, owner)).body
      expect(read.keys).toEqual([{ clientId: bakery.clientId, ...next.body }])
      const [before, after] = read.messages
      expect(before?.publicKey).toBe(inbox.body.publicKey)
      expect(after?.publicKey).toBe(next.body.publicKey)
      const [openedBefore] = await openMessages({ ...read, messages: [before!] }, teamId, inbox.privateKey)
      const [openedAfter] = await openMessages({ ...read, messages: [after!] }, teamId, next.privateKey)
      expect([openedBefore?.body, openedAfter?.body]).toEqual(['before 111', 'after 222'])
      // Ben, who left the client, gets neither.
      expect((await inboxOf(server, ben)).body).toMatchObject({ keys: [], messages: [] })
    })
  })
})

await describeOnEachPostgres('code inbox on a server without an inbox secret', (postgres) => {
  const server = useTestServer(postgres)

  it('enable answers unavailable and there are no webhook routes', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const answer = await owner.call(server.app, 'team:inbox-enable', {
      params: { client: bakery.clientId },
      body: { inboxKey: makeInboxKey(teamId, bakery).body, numbers: [NUMBER] },
    })
    expect(answer.status).toBe(503)
    const path = teamRoutePath(teamApi['team:inbox'].path, { team: teamId })
    expect(path).toBe(`/v1/teams/${teamId}/inbox`)
    const post = await server.app.inject({
      method: 'POST',
      url: `/v1/inbox/${teamId}/json/${'A'.repeat(43)}`,
    })
    expect(post.statusCode).toBe(404)
    await withClient(server.ownerUrl, async (client) => {
      const rows = await client.query('SELECT count(*)::int AS n FROM inbox_keys')
      expect(rows.rows).toEqual([{ n: 0 }])
    })
  })
})

await describeOnEachPostgres('code inbox behind a proxy that serves the server under a path', (postgres) => {
  const publicUrl = 'https://proxy.example.test/twofold/'
  const server = useInboxServer(postgres, { publicUrl })

  it('names webhook URLs under the path, and checks Twilio’s signature over the URL Twilio was given', async () => {
    const { teamId } = await createTeam(server)
    const service = new InboxService({ secret: server.inboxSecret, providers: PROVIDERS }, publicUrl)
    expect(service.webhooks(teamId, [], 0).map((hook) => hook.url)).toEqual([
      `https://proxy.example.test/twofold/v1/inbox/${teamId}/twilio`,
      `https://proxy.example.test/twofold/v1/inbox/${teamId}/meta-whatsapp`,
      `https://proxy.example.test/twofold/v1/inbox/${teamId}/json/${service.keys.jsonToken(teamId, 0)}`,
    ])
    const params = twilioParams(NUMBER, 'Instagram', 'code 1')
    // The proxy strips /twofold: the server sees /v1/inbox/…, Twilio signed the public URL.
    const signedPublic = await postTwilio(server.app, teamId, params, {
      publicUrl: 'https://proxy.example.test/twofold',
    })
    expect(signedPublic.status).toBe(200)
    const signedWithoutPath = await postTwilio(server.app, teamId, params, {
      publicUrl: 'https://proxy.example.test',
    })
    expect(signedWithoutPath.status).toBe(403)
  })
})
