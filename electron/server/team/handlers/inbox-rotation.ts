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
 * are (they expire with the retention): a device that held the old private key can still open them,
 * one that joins later cannot.
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
  return async (seq) => {
    await tx.query(
      `UPDATE inbox_keys SET key_version = $3, public_key = $4, sealed_private_key = $5, seq = $6
       WHERE team_id = $1 AND client_id = $2`,
      [tx.teamId, rotation.clientId, next.keyVersion, publicKey, sealedPrivateKey, seq],
    )
  }
}
