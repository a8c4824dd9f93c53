import { createHmac, hkdfSync } from 'node:crypto'
import { expect, it } from 'vitest'
import { InboxService } from '../../../electron/server/inbox/inbox-service.ts'
import { receiveMessage } from '../../../electron/server/inbox/receive-message.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import { addMember, createTeam, shareClient } from '../api/team-harness.ts'
import {
  enableInbox,
  pathOf,
  PROVIDERS,
  postJson,
  storedMessages,
  useInboxServer,
  type InboxServer,
} from './inbox-harness.ts'

// Rotating the json forwarder's URL: the old URL (a removed admin saw it, a forwarder phone was lost)
// is refused from the rotation on, the new one stores — on a real server and database.

const BAKERY = '+14155550123'

const jsonPathOf = (answer: { webhooks: { provider: string; url: string }[] }) =>
  pathOf(answer.webhooks.find((hook) => hook.provider === 'json')?.url ?? '')

/** The json token as the server derived it before rotation existed: secret and team id only. */
function tokenBeforeRotation(server: InboxServer, teamId: string): string {
  const key = Buffer.from(
    hkdfSync('sha256', server.inboxSecret, Buffer.alloc(0), 'twofold-inbox-json-token-v1', 32),
  )
  return createHmac('sha256', key).update(teamId).digest('base64url')
}

const message = (id: string, text: string) => ({ id, from: 'Instagram', to: BAKERY, text })

await describeOnEachPostgres('code inbox: rotating the json forwarder token', (postgres) => {
  const server = useInboxServer(postgres)

  it('before a rotation the URL is the one given before rotation existed; after it, the old URL is refused and the new one stores', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const { answer } = await enableInbox(server.app, owner, bakery, [BAKERY])
    const old = jsonPathOf(answer)
    // Forwarders set up before this change keep working: generation 0 is the old token.
    expect(old).toBe(`/v1/inbox/${teamId}/json/${tokenBeforeRotation(server, teamId)}`)
    expect((await postJson(server.app, old, message('m1', 'code 111'))).status).toBe(200)
    expect(await storedMessages(server.ownerUrl, teamId)).toBe(1)

    const rotated = await owner.call(server.app, 'team:inbox-rotate-token', { body: {} })
    expect(rotated.status).toBe(200)
    const fresh = jsonPathOf(rotated.body)
    expect(fresh).toMatch(new RegExp(`^/v1/inbox/${teamId}/json/[A-Za-z0-9_-]{43}$`))
    expect(fresh).not.toBe(old)

    const refused = await postJson(server.app, old, message('m2', 'code 222'))
    expect(refused.status).toBe(403)
    expect(await storedMessages(server.ownerUrl, teamId)).toBe(1)
    expect((await postJson(server.app, fresh, message('m3', 'code 333'))).status).toBe(200)
    expect(await storedMessages(server.ownerUrl, teamId)).toBe(2)

    // Enabling again (another number, say) names the current URL, not the old one.
    const again = await enableInbox(server.app, owner, bakery, [BAKERY])
    expect(jsonPathOf(again.answer)).toBe(fresh)

    // A second rotation ends the first rotation's URL too.
    const second = await owner.call(server.app, 'team:inbox-rotate-token', { body: {} })
    expect(second.status).toBe(200)
    expect((await postJson(server.app, fresh, message('m4', 'code 444'))).status).toBe(403)
    expect((await postJson(server.app, jsonPathOf(second.body), message('m5', 'code 555'))).status).toBe(200)
    expect(await storedMessages(server.ownerUrl, teamId)).toBe(3)
  })

  it('only an admin rotates; the audit log records who did, without the token', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const ben = await addMember(server, owner, { clients: [bakery] })
    const { answer } = await enableInbox(server.app, owner, bakery, [BAKERY])
    const current = jsonPathOf(answer)

    const refused = await ben.call(server.app, 'team:inbox-rotate-token', { body: {} })
    expect(refused.status).toBe(403)
    // Refused means nothing changed: the URL still works.
    expect((await postJson(server.app, current, message('m1', 'code 111'))).status).toBe(200)

    const rotated = await owner.call(server.app, 'team:inbox-rotate-token', { body: {} })
    expect(rotated.status).toBe(200)
    const token = jsonPathOf(rotated.body).split('/').at(-1) ?? ''
    const audit = await owner.call(server.app, 'team:audit', { query: { limit: 100 } })
    const entries = audit.body.entries.filter((entry) => entry.kind === 'inbox-token-rotated')
    expect(entries.map((entry) => [entry.memberId, entry.subject])).toEqual([
      [owner.memberId, { generation: 1 }],
    ])
    const log = await withClient(server.ownerUrl, async (client) => {
      const rows = await client.query<{ text: string }>(
        'SELECT subject::text AS text FROM audit WHERE team_id = $1',
        [teamId],
      )
      return rows.rows.map((row) => row.text).join('\n')
    })
    expect(token).toHaveLength(43)
    expect(log).not.toContain(token)
    expect(log).not.toContain(current.split('/').at(-1))
  })

  it('a post whose token was checked just before a rotation committed is not stored after it', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    await enableInbox(server.app, owner, bakery, [BAKERY])
    // The webhook checked the token at generation 0; the rotation commits before the message is stored.
    expect((await owner.call(server.app, 'team:inbox-rotate-token', { body: {} })).status).toBe(200)
    const inbox = new InboxService({ secret: server.inboxSecret, providers: PROVIDERS }, undefined)
    const received = {
      provider: 'json' as const,
      channel: 'sms' as const,
      providerMessageId: 'late-1',
      receiver: { number: BAKERY },
      from: 'Instagram',
      body: 'code 111',
    }
    expect(await receiveMessage(server.database.pool, inbox, teamId, received, new Date(), 0)).toBe('rotated')
    expect(await storedMessages(server.ownerUrl, teamId)).toBe(0)
    expect(await receiveMessage(server.database.pool, inbox, teamId, received, new Date(), 1)).toBe('stored')
    expect(await storedMessages(server.ownerUrl, teamId)).toBe(1)
  })
})
