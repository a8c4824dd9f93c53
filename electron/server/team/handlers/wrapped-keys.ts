import { verifyWrappedKeySignature } from '../../../core/team/crypto/wrap-signature.ts'
import { bytesOf } from '../bytes.ts'
import { teamError } from '../team-error.ts'
import type { TeamTx } from '../team-tx.ts'

/** One wrapped client key as a device sends it, signed by the calling device. */
export interface SignedWrappedKey {
  clientId: string
  deviceId: string
  keyVersion: number
  wrapped: string
  signature: string
}

export interface CheckedWrappedKey {
  clientId: string
  deviceId: string
  keyVersion: number
  wrapped: Buffer
  signature: Buffer
}

/**
 * The caller's check of its own wraps: each signature must verify under the calling device's signing
 * key, so the stored signer is always the device that sent it. The devices check it again themselves
 * (the server is not trusted for this); refusing here finds a broken desktop at once, not at its
 * colleagues' next sync.
 */
export async function wrapChecker(tx: TeamTx): Promise<(key: SignedWrappedKey) => CheckedWrappedKey> {
  const rows = await tx.query<{ signing_key: Buffer }>(
    'SELECT signing_key FROM devices WHERE team_id = $1 AND id = $2',
    [tx.teamId, tx.caller.deviceId],
  )
  const signingKey = rows[0]?.signing_key
  return (key) => {
    const wrapped = bytesOf(key.wrapped, 'wrapped key')
    const signature = bytesOf(key.signature, 'wrapped key signature', 64)
    const verified =
      signingKey !== undefined &&
      verifyWrappedKeySignature(
        signingKey,
        {
          teamId: tx.teamId,
          clientId: key.clientId,
          deviceId: key.deviceId,
          keyVersion: key.keyVersion,
          signerDeviceId: tx.caller.deviceId,
          wrapped,
        },
        signature,
      )
    if (!verified) {
      throw teamError(
        'invalid-request',
        `wrappedKeys: the key of client ${key.clientId} for device ${key.deviceId} is not signed by your device.`,
      )
    }
    return { clientId: key.clientId, deviceId: key.deviceId, keyVersion: key.keyVersion, wrapped, signature }
  }
}

/**
 * Stores one checked wrapped key with its signer. A key stored unsigned (before migration 3) at the
 * same place is replaced: devices refuse it, so wrapping again (e.g. granting again) is the repair.
 */
export async function insertWrappedKey(tx: TeamTx, key: CheckedWrappedKey, seq: number): Promise<void> {
  await tx.query(
    `DELETE FROM wrapped_keys WHERE team_id = $1 AND client_id = $2 AND device_id = $3 AND key_version = $4
       AND signature IS NULL`,
    [tx.teamId, key.clientId, key.deviceId, key.keyVersion],
  )
  await tx.query(
    `INSERT INTO wrapped_keys (team_id, client_id, device_id, key_version, wrapped, seq, signed_by, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (team_id, client_id, device_id, key_version) DO NOTHING`,
    [
      tx.teamId,
      key.clientId,
      key.deviceId,
      key.keyVersion,
      key.wrapped,
      seq,
      tx.caller.deviceId,
      key.signature,
    ],
  )
}
