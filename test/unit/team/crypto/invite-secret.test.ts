import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { toBase64url } from '../../../../electron/core/team/crypto/base64url.ts'
import { generateDeviceKeys } from '../../../../electron/core/team/crypto/device-keys.ts'
import {
  decodeInviteCode,
  encodeInviteCode,
  inviteAuth,
  inviteAuthHash,
  joinProof,
  newInviteSecret,
  verifyJoinProof,
  type JoinKeys,
} from '../../../../electron/core/team/crypto/invite-secret.ts'
import { expectNoSecretIn, refusal } from './refusals.ts'

const teamId = '6f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10'
const inviteId = '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1a3c5e7b'

function joiner(): JoinKeys {
  const keys = generateDeviceKeys()
  return { teamId, inviteId, agreementKey: keys.agreement.publicKey, signingKey: keys.signing.publicKey }
}

describe('invite secret: what the server may see and what it may not', () => {
  it('gives the server a hash of a MAC of the secret, which the joiner can match', () => {
    const secret = newInviteSecret()
    expect(secret.length).toBe(32)
    const auth = inviteAuth(secret)
    expect(auth).toEqual(createHmac('sha256', secret).update('twofold-invite-auth-v1').digest())
    expect(inviteAuthHash(auth)).toEqual(createHash('sha256').update(auth).digest())
    expect(inviteAuth(newInviteSecret()).equals(auth)).toBe(false)
  })

  it('accepts the proof over the joiner’s own keys', () => {
    const secret = newInviteSecret()
    const keys = joiner()
    const proof = joinProof(secret, keys)
    expect(proof.length).toBe(32)
    expect(verifyJoinProof(secret, keys, proof)).toBe(true)
    expect(proof.equals(inviteAuth(secret))).toBe(false)
  })

  it('refuses the proof when the server swapped a key, the invite or the team', () => {
    const secret = newInviteSecret()
    const keys = joiner()
    const proof = joinProof(secret, keys)
    const other = joiner()
    expect(verifyJoinProof(secret, { ...keys, agreementKey: other.agreementKey }, proof)).toBe(false)
    expect(verifyJoinProof(secret, { ...keys, signingKey: other.signingKey }, proof)).toBe(false)
    expect(
      verifyJoinProof(
        secret,
        { ...keys, agreementKey: keys.signingKey, signingKey: keys.agreementKey },
        proof,
      ),
    ).toBe(false)
    expect(verifyJoinProof(secret, { ...keys, inviteId: teamId }, proof)).toBe(false)
    expect(verifyJoinProof(secret, { ...keys, teamId: inviteId }, proof)).toBe(false)
  })

  it('refuses a proof made without the secret, or cut short', () => {
    const secret = newInviteSecret()
    const keys = joiner()
    expect(verifyJoinProof(secret, keys, joinProof(newInviteSecret(), keys))).toBe(false)
    // The server knows the auth value; it must not work as a proof.
    expect(verifyJoinProof(secret, keys, inviteAuth(secret))).toBe(false)
    expect(verifyJoinProof(secret, keys, joinProof(secret, keys).subarray(0, 16))).toBe(false)
    expect(verifyJoinProof(secret, keys, Buffer.alloc(0))).toBe(false)
  })
})

describe('invite code text', () => {
  const adminSigningKey = Buffer.from(generateDeviceKeys().signing.publicKey)
  const invite = {
    server: 'https://team.example.com:8443',
    teamId,
    inviteId,
    secret: newInviteSecret(),
    adminSigningKey,
  }

  it('is one pasteable line that reads back whole, even with spaces around it', () => {
    const text = encodeInviteCode(invite)
    expect(text).toMatch(/^twofold-invite:[A-Za-z0-9_-]+$/)
    expect(decodeInviteCode(text)).toEqual(invite)
    expect(decodeInviteCode(`  ${text}\n`)).toEqual(invite)
  })

  it('says when it adds a device to a member already in the team', () => {
    const text = encodeInviteCode({ ...invite, forDevice: true })
    expect(decodeInviteCode(text)).toEqual({ ...invite, forDevice: true })
    expect(decodeInviteCode(encodeInviteCode(invite)).forDevice).toBeUndefined()
  })

  it('refuses garbage with a clear message that never repeats the code or its secret', async () => {
    const text = encodeInviteCode(invite)
    const body = (json: unknown) =>
      `twofold-invite:${Buffer.from(JSON.stringify(json)).toString('base64url')}`
    const fields = {
      v: 1,
      server: invite.server,
      team: teamId,
      invite: inviteId,
      secret: toBase64url(invite.secret),
      admin: toBase64url(adminSigningKey),
    }
    const cases: [string, RegExp][] = [
      ['', /starts with "twofold-invite:"/],
      ['hello', /starts with "twofold-invite:"/],
      [text.slice('twofold-invite:'.length), /starts with "twofold-invite:"/],
      [text.slice(0, -7), /damaged or incomplete/],
      [`${text}!!`, /damaged or incomplete/],
      ['twofold-invite:', /damaged or incomplete/],
      [body('not an object'), /damaged or incomplete/],
      [body({ ...fields, secret: toBase64url(invite.secret.subarray(1)) }), /damaged or incomplete/],
      [body({ ...fields, admin: 'AAAA' }), /damaged or incomplete/],
      [body({ ...fields, server: 'ftp://team.example.com' }), /damaged or incomplete/],
      [body({ ...fields, team: 'not-a-uuid' }), /damaged or incomplete/],
      [body({ ...fields, extra: true }), /damaged or incomplete/],
      [body({ ...fields, v: 3 }), /newer version of Twofold/],
      // A device code is version 2 and says so; one without the other is not a code Twofold made.
      [body({ ...fields, v: 2 }), /damaged or incomplete/],
      [body({ ...fields, device: true }), /damaged or incomplete/],
      [`twofold-invite:${'A'.repeat(5_000)}`, /far longer/],
    ]
    for (const [garbage, why] of cases) {
      const error = await refusal(() => decodeInviteCode(garbage), 'invalid-request')
      expect(error.message).toMatch(/^That is not a usable Twofold invite code\./)
      expect(error.message).toMatch(why)
      expectNoSecretIn(error.message, invite.secret)
      if (garbage.length > 20) expect(error.message).not.toContain(garbage.slice(15, 35))
    }
  })
})
