import { Aes256Gcm, CipherSuite, HkdfSha256 } from '@hpke/core'
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519'
import { z } from 'zod'
import { inboxChannelSchema, inboxProviderSchema } from '../../../../shared/team/team-api.ts'
import { MAX_INBOX_TEXT_CHARS, type InboxPlaintext } from '../../../../shared/team/inbox-webhooks.ts'
import { TwofoldError } from '../../errors.ts'
import { openWithAad, sealWithAad } from './aes-gcm-box.ts'
import { canonicalEncoding } from './canonical-encoding.ts'
import { generateDeviceKeys, DEVICE_KEY_BYTES, type DeviceKeyPair } from './device-keys.ts'
import { hpkeOpenSingleShot, hpkeSealSingleShot } from './hpke-single-shot.ts'

/**
 * A client's code inbox: an X25519 key pair whose public half the server seals each received SMS or
 * WhatsApp message to (HPKE, RFC 9180 base mode), and whose private half travels sealed under the
 * client key, so exactly the devices that hold the client can read its messages. The server, which
 * receives the message in plaintext from the provider, keeps only the sealed copy.
 */

/** Same suite as the client-key wrap: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. */
const inboxSuite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Aes256Gcm(),
})
const MESSAGE_INFO = Buffer.from('twofold-inbox-message-v1', 'utf8')

/** Which client and key version an inbox private key belongs to: moved elsewhere, it fails to open. */
export interface InboxKeyPlace {
  teamId: string
  clientId: string
  keyVersion: number
  publicKey: Uint8Array
}

/** Which message of which client: a sealed message copied under another id or client fails to open. */
export interface InboxMessagePlace {
  teamId: string
  clientId: string
  messageId: string
}

export function generateInboxKeyPair(): DeviceKeyPair {
  // X25519 exactly as a device's agreement key; the signing half is not needed and is dropped.
  const { agreement, signing } = generateDeviceKeys()
  signing.privateKey.fill(0)
  return agreement
}

function keyAssociatedData(place: InboxKeyPlace): Buffer {
  return canonicalEncoding([
    'twofold-inbox-key-v1',
    place.teamId,
    place.clientId,
    place.keyVersion,
    Buffer.from(place.publicKey).toString('base64url'),
  ])
}

function messageAssociatedData(place: InboxMessagePlace): Buffer {
  return canonicalEncoding(['twofold-inbox-message-v1', place.teamId, place.clientId, place.messageId])
}

export function sealInboxPrivateKey(
  clientKey: Uint8Array,
  place: InboxKeyPlace,
  privateKey: Uint8Array,
): Buffer {
  if (privateKey.length !== DEVICE_KEY_BYTES)
    throw new TwofoldError('internal', 'An inbox key has the wrong length.')
  return sealWithAad(clientKey, keyAssociatedData(place), privateKey)
}

/** The private key (wipe it after use), or `vault-tampered` when it was altered or moved. */
export function openInboxPrivateKey(clientKey: Uint8Array, place: InboxKeyPlace, sealed: Uint8Array): Buffer {
  const opened = openWithAad(clientKey, keyAssociatedData(place), sealed)
  if (opened?.length !== DEVICE_KEY_BYTES) {
    opened?.fill(0)
    throw new TwofoldError('vault-tampered', `The inbox key of client ${place.clientId} does not open.`)
  }
  return opened
}

const plaintextSchema = z.strictObject({
  from: z.string().max(200),
  to: z.string().max(20),
  body: z.string().max(MAX_INBOX_TEXT_CHARS),
  receivedAt: z.iso.datetime({ offset: true }),
  provider: inboxProviderSchema,
  channel: inboxChannelSchema,
})

/** Seals one message to a client's inbox public key (the server does this; it holds no private key). */
export async function sealInboxMessage(
  publicKey: Uint8Array,
  place: InboxMessagePlace,
  message: InboxPlaintext,
): Promise<Buffer> {
  const plaintext = Buffer.from(JSON.stringify(plaintextSchema.parse(message)), 'utf8')
  return await hpkeSealSingleShot(
    inboxSuite,
    publicKey,
    plaintext,
    MESSAGE_INFO,
    messageAssociatedData(place),
  )
}

/** The message, or `vault-tampered` when it was altered, moved, or sealed to another key. */
export async function openInboxMessage(
  privateKey: Uint8Array,
  place: InboxMessagePlace,
  sealed: Uint8Array,
): Promise<InboxPlaintext> {
  const opened = await hpkeOpenSingleShot(
    inboxSuite,
    privateKey,
    sealed,
    MESSAGE_INFO,
    messageAssociatedData(place),
  )
  const tampered = () =>
    new TwofoldError(
      'vault-tampered',
      `Inbox message ${place.messageId} does not open with this client's inbox key.`,
    )
  if (!opened) throw tampered()
  try {
    const parsed = plaintextSchema.safeParse(JSON.parse(opened.toString('utf8')))
    if (!parsed.success) throw tampered()
    return parsed.data
  } catch {
    throw tampered()
  } finally {
    opened.fill(0)
  }
}
