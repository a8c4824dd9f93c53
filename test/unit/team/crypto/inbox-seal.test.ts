import { describe, expect, it } from 'vitest'
import type { InboxPlaintext } from '../../../../shared/team/inbox-webhooks.ts'
import { newClientKey } from '../../../../electron/core/team/crypto/client-key.ts'
import { agreementPublicKeyFor } from '../../../../electron/core/team/crypto/device-keys.ts'
import {
  generateInboxKeyPair,
  openInboxMessage,
  openInboxPrivateKey,
  sealInboxMessage,
  sealInboxPrivateKey,
  type InboxKeyPlace,
  type InboxMessagePlace,
} from '../../../../electron/core/team/crypto/inbox-seal.ts'
import { expectNoSecretIn, refusal } from './refusals.ts'

const teamId = '6f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10'
const clientId = '0b7f2d55-7d4e-4a39-8f0a-3a2f1d9c8e21'
const message: InboxPlaintext = {
  from: 'Instagram',
  to: '+14155550123',
  body: '123 456 is your Instagram code. Don’t share it.',
  receivedAt: '2026-12-06T23:40:00.000Z',
  provider: 'twilio',
  channel: 'sms',
}
const messagePlace: InboxMessagePlace = {
  teamId,
  clientId,
  messageId: '9a8b7c6d-5e4f-4a3b-9c1d-0e2f3a4b5c6d',
}

describe('a client inbox key pair', () => {
  it('is an X25519 pair whose private half travels sealed under the client key and opens only there', async () => {
    const pair = generateInboxKeyPair()
    expect(agreementPublicKeyFor(pair.privateKey).equals(Buffer.from(pair.publicKey))).toBe(true)
    const clientKey = newClientKey()
    const place: InboxKeyPlace = { teamId, clientId, keyVersion: 2, publicKey: pair.publicKey }
    const sealed = sealInboxPrivateKey(clientKey, place, pair.privateKey)
    // What the server stores is exactly the length the contract accepts.
    expect(sealed.toString('base64url')).toHaveLength(82)
    expect(openInboxPrivateKey(clientKey, place, sealed).equals(Buffer.from(pair.privateKey))).toBe(true)

    // Another client key, another version, another public key claimed for it: all refused, no key in the message.
    const moved = [
      () => openInboxPrivateKey(newClientKey(), place, sealed),
      () => openInboxPrivateKey(clientKey, { ...place, keyVersion: 3 }, sealed),
      () => openInboxPrivateKey(clientKey, { ...place, publicKey: generateInboxKeyPair().publicKey }, sealed),
    ]
    for (const attempt of moved) {
      const error = await refusal(attempt, 'vault-tampered')
      expectNoSecretIn(error.message, pair.privateKey, clientKey)
    }
  })
})

describe('a sealed inbox message', () => {
  it('opens with the inbox private key to exactly what was received', async () => {
    const pair = generateInboxKeyPair()
    const sealed = await sealInboxMessage(pair.publicKey, messagePlace, message)
    expect(sealed.toString('utf8')).not.toContain('123 456')
    expect(sealed.toString('utf8')).not.toContain('4155550123')
    expect(await openInboxMessage(pair.privateKey, messagePlace, sealed)).toEqual(message)
  })

  it('does not open with another inbox key, under another id or client, or altered', async () => {
    const pair = generateInboxKeyPair()
    const sealed = await sealInboxMessage(pair.publicKey, messagePlace, message)
    const altered = Buffer.from(sealed)
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1
    const attempts = [
      () => openInboxMessage(generateInboxKeyPair().privateKey, messagePlace, sealed),
      () => openInboxMessage(pair.privateKey, { ...messagePlace, messageId: clientId }, sealed),
      () => openInboxMessage(pair.privateKey, { ...messagePlace, clientId: teamId }, sealed),
      () => openInboxMessage(pair.privateKey, messagePlace, altered),
      () => openInboxMessage(pair.privateKey, messagePlace, sealed.subarray(0, 20)),
    ]
    for (const attempt of attempts) {
      const error = await refusal(attempt, 'vault-tampered')
      expect(error.message).not.toContain('123 456')
    }
  })

  it('refuses to seal a text longer than any real message', async () => {
    const pair = generateInboxKeyPair()
    await expect(
      sealInboxMessage(pair.publicKey, messagePlace, { ...message, body: '1'.repeat(4_097) }),
    ).rejects.toThrow()
  })
})
