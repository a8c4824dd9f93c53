import type { ServerResponse } from 'node:http'
import type pg from 'pg'
import type { Database } from '../database/open-database.ts'
import { withTeamTransaction } from '../database/team-transaction.ts'
import { TEAM_CHANNEL } from '../team/team-tx.ts'

const HEARTBEAT_MS = 15_000
const RECONNECT_DELAYS_MS = [250, 1_000, 2_000, 5_000, 10_000]

export interface TeamEventsLog {
  warn(message: string): void
}

/**
 * Live updates for this process's event streams. One dedicated connection LISTENs for every team's
 * NOTIFY (sent at commit by whichever server copy wrote) and fans it out to the streams of that team.
 * The stream carries sequence numbers only; the device asks `changes` for the rest, so a lost event
 * costs a little delay, never data. A dropped LISTEN connection is reopened, and every stream is then
 * told its team's current sequence, in case something happened while nobody listened.
 */
export class TeamEventHub {
  readonly #database: Database
  readonly #log: TeamEventsLog
  readonly #streams = new Map<string, Set<ServerResponse>>()
  readonly #deviceOf = new WeakMap<ServerResponse, string>()
  #listener: Promise<pg.Client> | undefined
  #heartbeat: NodeJS.Timeout | undefined
  #reconnectAttempt = 0
  #closed = false

  constructor(database: Database, log: TeamEventsLog) {
    this.#database = database
    this.#log = log
  }

  /** Starts listening if this is the first stream; resolves once a NOTIFY would reach it. */
  async ready(): Promise<void> {
    this.#listener ??= this.#listen()
    await this.#listener
  }

  add(teamId: string, deviceId: string, stream: ServerResponse): void {
    if (this.#closed) {
      stream.end()
      return
    }
    let streams = this.#streams.get(teamId)
    if (!streams) {
      streams = new Set()
      this.#streams.set(teamId, streams)
    }
    streams.add(stream)
    this.#deviceOf.set(stream, deviceId)
    stream.once('close', () => this.#remove(teamId, stream))
    this.#heartbeat ??= setInterval(() => this.#beat(), HEARTBEAT_MS).unref()
  }

  send(teamId: string, seq: number): void {
    const streams = this.#streams.get(teamId)
    if (!streams) return
    for (const stream of streams) stream.write(`event: changed\ndata: ${JSON.stringify({ seq })}\n\n`)
    void this.#endRemoved(teamId).catch((error: unknown) =>
      this.#log.warn(
        `could not check the devices of live streams: ${error instanceof Error ? error.message : ''}`,
      ),
    )
  }

  /** A removal is a change like any other: the streams of devices it removed end with it. */
  async #endRemoved(teamId: string): Promise<void> {
    const streams = [...(this.#streams.get(teamId) ?? [])]
    const deviceIds = streams.map((stream) => this.#deviceOf.get(stream))
    const removed = await withTeamTransaction(
      this.#database.pool,
      { teamId, memberId: null },
      async (client) => {
        const rows = await client.query<{ id: string }>(
          `SELECT d.id FROM devices d JOIN members m ON m.team_id = d.team_id AND m.id = d.member_id
         WHERE d.team_id = $1 AND d.id = ANY($2::uuid[]) AND (d.status = 'removed' OR m.status = 'removed')`,
          [teamId, deviceIds],
        )
        return new Set(rows.rows.map((row) => row.id))
      },
    )
    for (const stream of streams) {
      if (removed.has(this.#deviceOf.get(stream) ?? '')) stream.end()
    }
  }

  /** Ends every stream (the devices reconnect to another copy or after the restart) and stops listening. */
  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#heartbeat)
    for (const streams of this.#streams.values()) for (const stream of streams) stream.end()
    this.#streams.clear()
    const listener = this.#listener
    this.#listener = undefined
    const client = await listener?.catch(() => undefined)
    await client?.end().catch(() => undefined)
  }

  #remove(teamId: string, stream: ServerResponse): void {
    const streams = this.#streams.get(teamId)
    streams?.delete(stream)
    if (streams?.size === 0) this.#streams.delete(teamId)
  }

  #beat(): void {
    for (const streams of this.#streams.values())
      for (const stream of streams) stream.write(': keep-alive\n\n')
  }

  async #listen(): Promise<pg.Client> {
    const client = await this.#database.connectDedicated()
    client.on('notification', (message) => {
      if (message.channel !== TEAM_CHANNEL || message.payload === undefined) return
      const [teamId, seq] = message.payload.split(':')
      if (teamId !== undefined && seq !== undefined && /^\d+$/.test(seq)) this.send(teamId, Number(seq))
    })
    let dropped = false
    const drop = (reason: string) => {
      if (dropped) return
      dropped = true
      void client.end().catch(() => undefined)
      this.#reconnect(reason)
    }
    client.on('error', (error) => drop(error.message))
    client.on('end', () => drop('the connection ended'))
    await client.query(`LISTEN ${TEAM_CHANNEL}`)
    this.#reconnectAttempt = 0
    return client
  }

  #reconnect(reason: string): void {
    if (this.#closed) return
    const delay =
      RECONNECT_DELAYS_MS[Math.min(this.#reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)] ?? 10_000
    this.#reconnectAttempt += 1
    this.#log.warn(`live updates lost their database connection (${reason}); reconnecting in ${delay} ms`)
    this.#listener = undefined
    setTimeout(() => {
      if (this.#closed) return
      const listener = this.#listen()
      this.#listener = listener
      listener.then(
        () => this.#catchUp(),
        (error: unknown) => {
          this.#listener = undefined
          this.#reconnect(error instanceof Error ? error.message : String(error))
        },
      )
    }, delay).unref()
  }

  async #catchUp(): Promise<void> {
    for (const teamId of this.#streams.keys()) {
      const seq = await currentSeq(this.#database.pool, teamId).catch(() => undefined)
      if (seq !== undefined) this.send(teamId, seq)
    }
  }
}

export async function currentSeq(pool: pg.Pool, teamId: string): Promise<number | undefined> {
  return withTeamTransaction(pool, { teamId, memberId: null }, async (client) => {
    const rows = await client.query<{ seq: string }>('SELECT seq FROM teams WHERE id = $1', [teamId])
    return rows.rows[0] === undefined ? undefined : Number(rows.rows[0].seq)
  })
}
