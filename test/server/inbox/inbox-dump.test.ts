import { expect, it } from 'vitest'
import { withClient } from '../../support/postgres-client.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import { createTeam, shareClient } from '../api/team-harness.ts'
import {
  androidEvent,
  enableInbox,
  metaNotification,
  pathOf,
  postAndroid,
  postJson,
  postMeta,
  postTwilio,
  twilioParams,
  useInboxServer,
} from './inbox-harness.ts'

const NUMBER = '+14155550123'
const WHATSAPP = '+447700900123'
const SENDER = '+16505550199'
const CODE = '918273'
const TEXT = `${CODE} is your Instagram code. Don't share it.`

/** Every row of every table of the database as text (bytea in hex): what a dump would contain. */
async function everyRow(ownerUrl: string): Promise<string> {
  return withClient(ownerUrl, async (client) => {
    const tables = await client.query<{ name: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
       WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    )
    const parts: string[] = []
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`)
      parts.push(...rows.rows.map((row) => row.row))
    }
    return parts.join('\n')
  })
}

/** A value as it could appear: as text, and as the hex of its UTF-8 bytes (a bytea column). */
const spellings = (value: string) => [value, Buffer.from(value, 'utf8').toString('hex')]

await describeOnEachPostgres('code inbox: what the database keeps', (postgres) => {
  const server = useInboxServer(postgres)

  it('a dump of every table holds no receiving number in any format, no sender, no text and no code', async () => {
    const { owner, teamId } = await createTeam(server)
    const bakery = await shareClient(server, owner, 'Bakery', ['instagram'])
    const { answer } = await enableInbox(server.app, owner, bakery, [NUMBER, WHATSAPP])
    const url = (provider: string) =>
      pathOf(answer.webhooks.find((hook) => hook.provider === provider)?.url ?? '')
    expect((await postTwilio(server.app, teamId, twilioParams(NUMBER, SENDER, TEXT))).status).toBe(200)
    expect(
      (await postMeta(server.app, teamId, metaNotification('44 7700 900123', SENDER.slice(1), TEXT))).status,
    ).toBe(200)
    expect(
      (await postAndroid(server.app, url('android-sms-gateway'), androidEvent(SENDER, TEXT))).status,
    ).toBe(200)
    expect(
      (await postJson(server.app, url('json'), { id: 'j1', from: SENDER, to: NUMBER, text: TEXT })).status,
    ).toBe(200)
    // And one to a number nobody registered, which is counted only.
    expect(
      (await postJson(server.app, url('json'), { id: 'j2', from: SENDER, to: '+12025550111', text: TEXT }))
        .status,
    ).toBe(200)

    const dump = await everyRow(server.ownerUrl)
    expect(dump).toMatch(/inbox-enabled/)
    const forbidden = [
      ...[NUMBER, NUMBER.slice(1), '4155550123', '555-0123', '5550123'].flatMap(spellings),
      ...[WHATSAPP, WHATSAPP.slice(1), '7700900123', '7700 900123'].flatMap(spellings),
      ...[SENDER.slice(1), '2025550111'].flatMap(spellings),
      ...[CODE, 'Instagram code', TEXT].flatMap(spellings),
    ]
    for (const value of forbidden) expect(dump, value).not.toContain(value)
    await withClient(server.ownerUrl, async (client) => {
      const count = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox_messages')
      expect(count.rows).toEqual([{ n: 4 }])
    })
  })
})
