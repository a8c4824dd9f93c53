import type { FastifyRequest } from 'fastify'
import type pg from 'pg'
import { RequestTokenError, verifyRequestToken } from '../../core/team/crypto/request-token.ts'
import { withTeamTransaction } from '../database/team-transaction.ts'
import { teamError } from '../team/team-error.ts'
import type { Caller } from '../team/team-tx.ts'

const AUTHORIZATION = /^Twofold ([A-Za-z0-9_.-]+)$/
const PURGE_EVERY = 16
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

interface DeviceAuthRow {
  signing_key: Buffer
  device_status: 'pending' | 'active' | 'removed'
  member_id: string
  role: Caller['role']
  member_status: 'invited' | 'joined' | 'active' | 'removed'
}

/** The token of `Authorization: Twofold <token>`, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  return typeof header === 'string' ? AUTHORIZATION.exec(header)?.[1] : undefined
}

export interface AuthenticateOptions {
  pool: pg.Pool
  teamId: string
  /** The path with its query as the device sent it (behind a proxy, with the public URL's prefix). */
  path: string
  body: Buffer
  now: Date
}

/**
 * Checks the device token against the device's signing key as the database has it now, then records
 * its id so a second use is refused. Runs in a transaction of its own, committed before the request's:
 * a request that fails afterwards has still used its token. A removed device or member is refused here,
 * on every request, from the moment the removal committed — but only once the signature proves the
 * caller is that device, so the answer tells a stranger nothing.
 */
export async function authenticate(request: FastifyRequest, options: AuthenticateOptions): Promise<Caller> {
  const token = bearerToken(request)
  if (token === undefined) {
    throw teamError('unauthenticated', 'This request needs a device token (Authorization: Twofold <token>).')
  }
  return withTeamTransaction(options.pool, { teamId: options.teamId, memberId: null }, async (client) => {
    let device: DeviceAuthRow | undefined
    let verified
    try {
      verified = await verifyRequestToken(token, {
        teamId: options.teamId,
        method: request.method,
        path: options.path,
        body: options.body,
        now: options.now,
        keyFor: async (deviceId) => {
          if (!UUID.test(deviceId)) return undefined
          const { rows } = await client.query<DeviceAuthRow>(
            `SELECT d.signing_key, d.status AS device_status, d.member_id, m.role, m.status AS member_status
             FROM devices d JOIN members m ON m.team_id = d.team_id AND m.id = d.member_id
             WHERE d.team_id = $1 AND d.id = $2`,
            [options.teamId, deviceId],
          )
          device = rows[0]
          return device?.signing_key
        },
      })
    } catch (error) {
      if (error instanceof RequestTokenError) throw teamError(error.code, error.message)
      throw error
    }
    if (!device) throw teamError('unauthenticated', 'The device token names no device of this team.')
    if (device.member_status === 'removed') {
      throw teamError('member-removed', 'You were removed from this team.')
    }
    if (device.device_status === 'removed') {
      throw teamError('device-removed', 'This device was removed from the team.')
    }
    const used = await client.query(
      `INSERT INTO token_uses (team_id, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (team_id, jti) DO NOTHING RETURNING 1`,
      [options.teamId, verified.jti, verified.expiresAt],
    )
    if (used.rowCount !== 1) {
      throw teamError('token-replayed', 'This device token was used already: each request needs a new one.')
    }
    // The ids of tokens that would be refused as expired anyway are no longer needed. One request in
    // PURGE_EVERY clears them, so concurrent requests of a team rarely queue on the same old rows.
    if (Math.random() * PURGE_EVERY < 1) {
      await client.query('DELETE FROM token_uses WHERE team_id = $1 AND expires_at < $2', [
        options.teamId,
        options.now,
      ])
    }
    return {
      memberId: device.member_id,
      deviceId: verified.deviceId,
      role: device.role,
      deviceStatus: device.device_status,
    }
  })
}
