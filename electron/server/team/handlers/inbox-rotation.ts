import type { z } from 'zod'
import type { rotationSchema } from '../../../../shared/team/team-api.ts'
import { bytesOf } from '../bytes.ts'
import { teamError } from '../team-error.ts'
import type { TeamTx } from '../team-tx.ts'

type Rotation = z.infer<typeof rotationSchema>

/**
 * A client with a code inbox gets a new inbox key pair with its new client key: whoever left could
 * open the old private key, and so every message sealed to it. Checked before the rotation writes
 * anything; the returned step replaces the key. Messages already sealed to the old key stay as they
 * are (they expire with the retention). The rotation carries the old private key (and older ones still
 * in use) re-sealed under the new client key, and the server keeps each while a stored message is
 * sealed to it: devices keep opened keys in memory only, so without it those messages would open on
 * no device after a restart, in a CLI run or on one that was offline during the rotation.
 */
export async function replaceInboxKeyOnRotation(
  tx: TeamTx,
  rotation: Rotation,
): Promise<(seq: number) => Promise<void>> {
  const rows = await tx.query<{ public_key: Buffer }>(
    'SELECT public_key FROM inbox_keys WHERE team_id = $1 AND client_id = $2 FOR UPDATE',
    [tx.teamId, rotation.clientId],
  )
  const current = rows[0]
  const next = rotation.inboxKey
  if (!current) {
    if (next) {
      throw teamError(
        'invalid-request',
        `rotation.inboxKey: client ${rotation.clientId} has no code inbox; enable it with team:inbox-enable.`,
      )
    }
    return () => Promise.resolve()
  }
  if (!next) {
    throw teamError(
      'invalid-request',
      `rotation.inboxKey: client ${rotation.clientId} has a code inbox, so its new key needs a new inbox key pair too (sealed under the new client key).`,
    )
  }
  if (next.keyVersion !== rotation.newKeyVersion) {
    throw teamError(
      'invalid-request',
      `rotation.inboxKey: its private key must be sealed under the new key version ${rotation.newKeyVersion}.`,
    )
  }
  const publicKey = bytesOf(next.publicKey, 'inbox public key', 32)
  if (publicKey.equals(current.public_key)) {
    throw teamError(
      'invalid-request',
      'rotation.inboxKey: the inbox key pair must be a new one: whoever left knew the old private key.',
    )
  }
  const sealedPrivateKey = bytesOf(next.sealedPrivateKey, 'sealed inbox private key')
  const previous = await checkPreviousKeys(tx, rotation, current.public_key, publicKey)
  return async (seq) => {
    await tx.query('DELETE FROM inbox_previous_keys WHERE team_id = $1 AND client_id = $2', [
      tx.teamId,
      rotation.clientId,
    ])
    // Only the ones a stored message still needs: the others would only be more sealed bytes to keep.
    await tx.query(
      `INSERT INTO inbox_previous_keys (team_id, client_id, public_key, key_version, sealed_private_key)
       SELECT $1, $2, v.public_key, $3, v.sealed_private_key
       FROM unnest($4::bytea[], $5::bytea[]) AS v(public_key, sealed_private_key)
       WHERE EXISTS (SELECT 1 FROM inbox_messages m WHERE m.team_id = $1 AND m.client_id = $2
                       AND m.public_key = v.public_key AND m.expires_at > $6)`,
      [
        tx.teamId,
        rotation.clientId,
        next.keyVersion,
        previous.map((key) => key.publicKey),
        previous.map((key) => key.sealedPrivateKey),
        tx.now,
      ],
    )
    await tx.query(
      `UPDATE inbox_keys SET key_version = $3, public_key = $4, sealed_private_key = $5, seq = $6
       WHERE team_id = $1 AND client_id = $2`,
      [tx.teamId, rotation.clientId, next.keyVersion, publicKey, sealedPrivateKey, seq],
    )
  }
}

/**
 * The earlier keys a rotation re-sealed: each one the client's current key or an earlier one the
 * server still keeps (never a key it has not seen, which no stored message could need), sealed under
 * the new key version. One the device left out (it could not open it) is dropped with its messages.
 */
async function checkPreviousKeys(
  tx: TeamTx,
  rotation: Rotation,
  currentKey: Buffer,
  newKey: Buffer,
): Promise<{ publicKey: Buffer; sealedPrivateKey: Buffer }[]> {
  const given = rotation.inboxKey?.previous ?? []
  if (given.length === 0) return []
  const kept = await tx.query<{ public_key: Buffer }>(
    'SELECT public_key FROM inbox_previous_keys WHERE team_id = $1 AND client_id = $2',
    [tx.teamId, rotation.clientId],
  )
  const known = new Set([currentKey, ...kept.map((row) => row.public_key)].map((key) => key.toString('hex')))
  const seen = new Set<string>()
  return given.map((key) => {
    if (key.keyVersion !== rotation.newKeyVersion) {
      throw teamError(
        'invalid-request',
        `rotation.inboxKey.previous: each earlier private key must be sealed under the new key version ${rotation.newKeyVersion}.`,
      )
    }
    const publicKey = bytesOf(key.publicKey, 'inbox public key', 32)
    const hex = publicKey.toString('hex')
    if (publicKey.equals(newKey) || !known.has(hex) || seen.has(hex)) {
      throw teamError(
        'invalid-request',
        `rotation.inboxKey.previous: ${key.publicKey} is not an earlier inbox key of client ${rotation.clientId}, or is listed twice.`,
      )
    }
    seen.add(hex)
    return { publicKey, sealedPrivateKey: bytesOf(key.sealedPrivateKey, 'sealed inbox private key') }
  })
}
