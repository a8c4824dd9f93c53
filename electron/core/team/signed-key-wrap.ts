import { TwofoldError } from '../errors.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import { unwrapClientKey, wrapClientKey } from './crypto/key-wrap.ts'
import { signWrappedKey, verifyWrappedKeySignature } from './crypto/wrap-signature.ts'
import { notPinned, trustedDevices, type Changes, type DeviceView } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'

/** A client key wrapped to one device, with this device's signature saying it wrapped it. */
export interface SignedWrappedKey {
  wrapped: string
  signature: string
}

/** The client key, opened from the vault, wrapped to one device and signed. */
export async function wrapFor(
  session: TeamSession,
  device: Pick<DeviceView, 'deviceId' | 'agreementKey'>,
  clientId: string,
  keyVersion: number,
): Promise<SignedWrappedKey> {
  const key = session.store().clientKey(clientId, keyVersion)
  if (!key) throw new TwofoldError('team-untrusted', 'This device does not hold that client’s key.')
  try {
    return await wrapWith(session, device, clientId, keyVersion, key)
  } finally {
    key.fill(0)
  }
}

/**
 * `key` wrapped to one device and signed with this device's certified signing key: HPKE alone does not
 * say who wrapped a key, and the receiving device takes one only from a device it trusts with the client.
 */
export async function wrapWith(
  session: TeamSession,
  device: Pick<DeviceView, 'deviceId' | 'agreementKey'>,
  clientId: string,
  keyVersion: number,
  key: Uint8Array,
): Promise<SignedWrappedKey> {
  const membership = session.membership()
  const place = { teamId: membership.teamId, clientId, deviceId: device.deviceId, keyVersion }
  const wrapped = await wrapClientKey(fromBase64url(device.agreementKey, 'agreement key', 32), key, place)
  const signing = session.signingKey()
  try {
    const signature = signWrappedKey(signing, { ...place, signerDeviceId: membership.deviceId, wrapped })
    return { wrapped: toBase64url(wrapped), signature: toBase64url(signature) }
  } finally {
    signing.fill(0)
  }
}

type WrappedKeyView = Changes['wrappedKeys'][number]

/**
 * The client keys wrapped to this device that it does not hold yet, each opened only when a device
 * this one trusts with that client signed it: a device whose certificate chains to the pinned owner
 * key, of the owner or an admin, or of a member who holds the client. Any other key — unsigned, signed
 * by a device the server slipped in, or not signed over exactly this key and place — refuses the whole
 * set with `team-untrusted` before anything is written: using it would seal this device's edits under
 * a key someone else chose. Such a key of an older version than the client's current one is left out
 * instead (see below). The caller wipes the keys returned.
 */
export async function openSignedClientKeys(
  session: TeamSession,
  changes: Changes,
  missing: readonly WrappedKeyView[],
): Promise<{ clientId: string; keyVersion: number; key: Buffer }[]> {
  if (missing.length === 0) return []
  const membership = session.membership()
  if (!membership.ownerSigningKey) throw notPinned()
  const trusted = trustedDevices(membership.teamId, membership.ownerSigningKey, changes)
  const current = new Map(changes.clients.map((client) => [client.clientId, client.keyVersion]))
  const accepted = missing.filter((view) => {
    const refusal = wrapRefusal(membership.teamId, changes, trusted, view)
    if (!refusal) return true
    // An older version than the client's current one is only ever opened (backup codes a set still
    // keeps under it), never sealed with, so leaving it out cannot put this device's edits under a
    // chosen key. Such a key may honestly have been wrapped by a device removed since (a member who
    // was offline through the removal): refusing the whole sync would lock that member out.
    const newest = current.get(view.clientId)
    if (newest !== undefined && view.keyVersion < newest) return false
    throw refusal
  })

  const opened: { clientId: string; keyVersion: number; key: Buffer }[] = []
  const agreement = session.agreementKey()
  try {
    for (const view of accepted) {
      const key = await unwrapClientKey(agreement, fromBase64url(view.wrapped, 'wrapped client key'), {
        teamId: membership.teamId,
        clientId: view.clientId,
        deviceId: view.deviceId,
        keyVersion: view.keyVersion,
      })
      opened.push({ clientId: view.clientId, keyVersion: view.keyVersion, key })
    }
    return opened
  } catch (error) {
    for (const entry of opened) entry.key.fill(0)
    throw error
  } finally {
    agreement.fill(0)
  }
}

/** Why a wrapped key is not to be taken, or null when a device trusted with its client signed it. */
function wrapRefusal(
  teamId: string,
  changes: Changes,
  trusted: ReadonlySet<string>,
  view: WrappedKeyView,
): TwofoldError | null {
  const which = `The key of team client ${view.clientId} (version ${view.keyVersion}) offered to this device`
  if (view.signedBy === null || view.signature === null) {
    return new TwofoldError(
      'team-untrusted',
      `${which} carries no signature of the device that wrapped it, so Twofold refused it: anyone, the server included, could have made it. Nothing was synced. An admin's Twofold has to give this device the client again.`,
    )
  }
  const signer = changes.devices.find((device) => device.deviceId === view.signedBy)
  const member = changes.members.find((entry) => entry.memberId === signer?.memberId)
  const mayHold =
    member !== undefined && (member.role !== 'member' || member.clientIds.includes(view.clientId))
  const signed =
    signer !== undefined &&
    verifyWrappedKeySignature(
      fromBase64url(signer.signingKey, 'signing key', 32),
      {
        teamId,
        clientId: view.clientId,
        deviceId: view.deviceId,
        keyVersion: view.keyVersion,
        signerDeviceId: signer.deviceId,
        wrapped: fromBase64url(view.wrapped, 'wrapped client key'),
      },
      fromBase64url(view.signature, 'wrapped key signature', 64),
    )
  if (!signer || !trusted.has(signer.deviceId) || !mayHold || !signed) {
    return new TwofoldError(
      'team-untrusted',
      `${which} is not signed by a device this one trusts with that client, so Twofold refused it: the server may have made it up. Nothing was synced; tell your team's owner.`,
    )
  }
  return null
}
