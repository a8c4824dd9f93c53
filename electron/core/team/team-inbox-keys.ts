import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import { agreementPublicKeyFor } from './crypto/device-keys.ts'
import {
  generateInboxKeyPair,
  openInboxPrivateKey,
  sealInboxPrivateKey,
  type InboxKeyPlace,
} from './crypto/inbox-seal.ts'
import type { TeamSession } from './team-session.ts'

export type InboxKeyView = TeamResponse<'team:inbox'>['keys'][number]
export interface InboxKeyWrite {
  keyVersion: number
  publicKey: string
  sealedPrivateKey: string
}

/** The inbox keys of the clients this device holds, as the server keeps them (no messages). */
export async function serverInboxKeys(session: TeamSession): Promise<InboxKeyView[]> {
  const answer = await session.call('team:inbox', { query: { since: Number.MAX_SAFE_INTEGER } })
  return answer.keys
}

/**
 * A client's inbox private key opened with the client key of the version it is sealed under, or null
 * when this device lacks that key or the sealed key does not open or does not pair with its public
 * half (a server that swapped the public key would read what is sealed to it). Wipe it after use.
 */
export function openInboxKey(session: TeamSession, key: InboxKeyView): Buffer | null {
  const clientKey = session.store().clientKey(key.clientId, key.keyVersion)
  if (!clientKey) return null
  try {
    const publicKey = fromBase64url(key.publicKey, 'inbox public key', 32)
    const privateKey = openInboxPrivateKey(
      clientKey,
      { teamId: session.teamId, clientId: key.clientId, keyVersion: key.keyVersion, publicKey },
      fromBase64url(key.sealedPrivateKey, 'sealed inbox key'),
    )
    if (agreementPublicKeyFor(privateKey).equals(publicKey)) return privateKey
    privateKey.fill(0)
    return null
  } catch {
    return null
  } finally {
    clientKey.fill(0)
  }
}

/** A private key sealed under `clientKey` at `keyVersion`, ready for the server. */
export function sealedInboxKey(
  session: TeamSession,
  clientId: string,
  keyVersion: number,
  clientKey: Uint8Array,
  pair: { publicKey: Uint8Array; privateKey: Uint8Array },
): InboxKeyWrite {
  const place: InboxKeyPlace = { teamId: session.teamId, clientId, keyVersion, publicKey: pair.publicKey }
  return {
    keyVersion,
    publicKey: toBase64url(pair.publicKey),
    sealedPrivateKey: toBase64url(sealInboxPrivateKey(clientKey, place, pair.privateKey)),
  }
}

/**
 * A fresh inbox key pair for a client whose key is rotated, sealed under the new client key: whoever
 * leaves knew the old private key, so messages from now on are sealed to one they never had. The
 * client's keys listed now (`earlier`: the current one and earlier ones still in use) go along,
 * re-sealed under the new client key, so the messages sealed to them keep opening on every device
 * that keeps the client, after a restart too. That reveals nothing to whoever leaves: they had those
 * keys already. A key this device cannot open is left out (its messages then open nowhere).
 */
export function rotatedInboxKey(
  session: TeamSession,
  clientId: string,
  newKeyVersion: number,
  newClientKey: Uint8Array,
  earlier: readonly InboxKeyView[],
): InboxKeyWrite & { previous: InboxKeyWrite[] } {
  const pair = generateInboxKeyPair()
  try {
    const previous: InboxKeyWrite[] = []
    for (const key of earlier) {
      const privateKey = openInboxKey(session, key)
      if (!privateKey) continue
      try {
        const publicKey = fromBase64url(key.publicKey, 'inbox public key', 32)
        previous.push(
          sealedInboxKey(session, clientId, newKeyVersion, newClientKey, { publicKey, privateKey }),
        )
      } finally {
        privateKey.fill(0)
      }
    }
    return { ...sealedInboxKey(session, clientId, newKeyVersion, newClientKey, pair), previous }
  } finally {
    pair.privateKey.fill(0)
  }
}
