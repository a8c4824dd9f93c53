import { randomUUID } from 'node:crypto'
import type pg from 'pg'

/**
 * What the code inbox migrations' tests share: a team with an admin (Ana) and a member (Ben) who holds
 * one client of two, written as the database's owner, and statements run the way the server runs
 * them: as its runtime role, in one team, as one member or as the webhook receiver.
 */
export interface InboxAgency {
  team: string
  ana: string
  ben: string
  /** The client Ben holds. */
  held: string
  other: string
}

export async function seedInboxAgency(client: pg.Client): Promise<InboxAgency> {
  const team = randomUUID()
  const [ana, ben] = [randomUUID(), randomUUID()]
  const [held, other] = [randomUUID(), randomUUID()]
  await client.query(`INSERT INTO teams (id, name, seq) VALUES ($1, 'Agency', 1)`, [team])
  for (const [id, role] of [
    [ana, 'admin'],
    [ben, 'member'],
  ] as const) {
    await client.query(
      `INSERT INTO members (team_id, id, name, role, status, seq) VALUES ($1, $2, 'P', $3, 'active', 1)`,
      [team, id, role],
    )
  }
  for (const id of [held, other]) {
    await client.query(
      `INSERT INTO clients (team_id, id, sealed_name, key_version, seq) VALUES ($1, $2, '\\x00', 1, 1)`,
      [team, id],
    )
  }
  await client.query('INSERT INTO grants (team_id, member_id, client_id, seq) VALUES ($1, $2, $3, 1)', [
    team,
    ben,
    held,
  ])
  return { team, ana, ben, held, other }
}

/** Runs `sql` as the server's runtime role in `team`, as `member` (or as the webhook receiver): its rows. */
export async function asServer(
  client: pg.Client,
  context: { team: string; member?: string; receiver?: boolean },
  sql: string,
  values: unknown[] = [],
): Promise<unknown[]> {
  await client.query('BEGIN')
  try {
    await client.query('SET LOCAL ROLE twofold_server')
    await client.query(
      `SELECT set_config('twofold.team_id', $1, true), set_config('twofold.member_id', $2, true),
              set_config('twofold.inbox_receiver', $3, true)`,
      [context.team, context.member ?? '', context.receiver ? 'on' : ''],
    )
    const result = await client.query<Record<string, unknown>>(sql, values)
    await client.query('COMMIT')
    return result.rows
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}
