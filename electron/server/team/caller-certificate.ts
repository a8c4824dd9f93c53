import { verifyDeviceCertificate, type DeviceRole } from '../../core/team/crypto/device-certificate.ts'
import { bytesOf } from './bytes.ts'
import { teamError } from './team-error.ts'
import type { TeamTx } from './team-tx.ts'

interface StoredDevice {
  memberId: string
  deviceId: string
  role: DeviceRole
  agreementKey: Buffer
  signingKey: Buffer
}

/** The calling device's signing key: the one its certificates of other devices verify under. */
export async function callerSigningKey(tx: TeamTx): Promise<Buffer | undefined> {
  const rows = await tx.query<{ signing_key: Buffer }>(
    'SELECT signing_key FROM devices WHERE team_id = $1 AND id = $2',
    [tx.teamId, tx.caller.deviceId],
  )
  return rows[0]?.signing_key
}

/**
 * Whether `certificate` certifies this device — its team, member, id, role and the keys the server
 * stored for it, at `issuedAt` — under the caller's signing key. The server keeps only certificates
 * every device would accept, so a device's trust check and the server's never disagree.
 */
export function certifiedByCaller(
  tx: TeamTx,
  signer: Buffer | undefined,
  device: StoredDevice,
  issuedAt: string,
  certificate: Buffer,
): boolean {
  return (
    signer !== undefined &&
    verifyDeviceCertificate(signer, { teamId: tx.teamId, ...device, issuedAt }, certificate)
  )
}

/** The certificate a confirmation or re-certification hands in, as bytes, or the request refused. */
export async function requireCallerCertificate(
  tx: TeamTx,
  device: StoredDevice,
  given: { certificate: string; issuedAt: string },
): Promise<Buffer> {
  const certificate = bytesOf(given.certificate, 'certificate', 64)
  if (!certifiedByCaller(tx, await callerSigningKey(tx), device, given.issuedAt, certificate))
    throw teamError(
      'invalid-request',
      'certificate: it is not this device’s certificate signed by your device.',
    )
  return certificate
}
