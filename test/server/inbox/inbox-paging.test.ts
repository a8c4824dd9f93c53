import { randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'
import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import { createTeam, shareClient } from '../api/team-harness.ts'
import { enableInbox, postTwilio, twilioParams, useInboxServer, type InboxServer } from './inbox-harness.ts'

// A team whose inbox holds more messages than one answer carries (a device that was away while a busy
// number kept receiving): the answer says so and where to go on from, so no message is skipped.

const NUMBER = '+14155550123'
const PAGE = 10_000

/** `count` stored messages for the client, as the receiver stores them, each taking a team seq. */
async function storeMany(server: InboxServer, teamId: string, clientId: string, count: number) {
  await withClient(server.ownerUrl, async (db) => {
    const team = await db.query<{ seq: string }>('SELECT seq FROM teams WHERE id = $1', [teamId])
    const from = Number(team.rows[0]?.seq)
    await db.query(
      `INSERT INTO inbox_messages (team_id, id, client_id, provider, channel, provider_message_hash,
         public_key, sealed, received_at, expires_at, seq)
       SELECT $1, gen_random_uuid(), $2, 'json', 'sms', sha256(('filler-' || i)::bytea), $3, '\\x01',
              now(), now() + interval '1 hour', $4::bigint + i
       FROM generate_series(1, $5::int) AS i`,
      [teamId, clientId, randomBytes(32), from, count],
    )
    await db.query('UPDATE teams SET seq = $2 WHERE id = $1', [teamId, from + count])
  })
}

await describeOnEachPostgres('code inbox: more messages than one answer holds', (postgres) => {
  const server = useInboxServer(postgres)

  it('answers a full page with the last message’s seq and more, and the rest from there', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    await enableInbox(server.app, owner, bakery, [NUMBER])
    await storeMany(server, teamId, bakery.clientId, PAGE)
    expect(
      (await postTwilio(server.app, teamId, twilioParams(NUMBER, 'Instagram', 'newest 123'))).status,
    ).toBe(200)

    const first = await owner.call(server.app, 'team:inbox', { query: { since: 0 } })
    const page = first.body as TeamResponse<'team:inbox'>
    expect(page.messages).toHaveLength(PAGE)
    expect(page.more).toBe(true)
    expect(page.seq).toBe(page.messages.at(-1)?.seq)

    const rest = (await owner.call(server.app, 'team:inbox', { query: { since: page.seq } }))
      .body as TeamResponse<'team:inbox'>
    expect(rest.messages).toHaveLength(1)
    expect(rest.messages[0]?.provider).toBe('twilio')
    expect(rest.more).toBeUndefined()
    expect(rest.seq).toBe(rest.messages[0]?.seq)
    expect(rest.seq).toBeGreaterThan(page.seq)
  }, 60_000)
})
