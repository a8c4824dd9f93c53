import type pg from 'pg'

export interface TeamContext {
  teamId: string
  /** The calling member, or null before one exists (a team being created, a join). */
  memberId: string | null
}

/** Deadlocks can happen between READ COMMITTED transactions that lock rows in different orders. */
const RETRYABLE = new Set(['40001', '40P01'])
const ATTEMPTS = 3

function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code))
  )
}

/**
 * Runs fn in one READ COMMITTED transaction on a pooled connection; commits if it resolves, rolls back
 * if it throws. A serialization failure or deadlock runs fn again (up to 3 times): fn must do all its
 * work through `client` and have no other effects until it returns.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // A connection that cannot roll back is not given back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
      })
      if (attempt < ATTEMPTS && isRetryable(error)) continue
      throw error
    } finally {
      client.release(broken)
    }
  }
}

/**
 * withTransaction with the team and member set for this transaction only (set_config's `is_local`):
 * the row-level security policies read them through current_setting('twofold.team_id') and
 * current_setting('twofold.member_id'), so a pooled connection never carries one request's team into
 * the next.
 */
export function withTeamTransaction<T>(
  pool: pg.Pool,
  context: TeamContext,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query(
      "SELECT set_config('twofold.team_id', $1, true), set_config('twofold.member_id', $2, true)",
      [context.teamId, context.memberId ?? ''],
    )
    return fn(client)
  })
}
