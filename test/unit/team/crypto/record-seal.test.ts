import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newClientKey } from '../../../../electron/core/team/crypto/client-key.ts'
import {
  openBackupCode,
  openClientName,
  openRecord,
  sealBackupCode,
  sealClientName,
  sealRecord,
  type BackupCodePlace,
  type RecordPlace,
} from '../../../../electron/core/team/crypto/record-seal.ts'
import { expectNoSecretIn, refusal } from './refusals.ts'

const place: RecordPlace = {
  teamId: '6f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10',
  clientId: '0b7f2d55-7d4e-4a39-8f0a-3a2f1d9c8e21',
  accountId: 'c3d9a8e2-1f5b-4e67-a0c4-9b8d7e6f5a32',
  keyVersion: 2,
  revision: 5,
}
const codePlace: BackupCodePlace = {
  teamId: place.teamId,
  clientId: place.clientId,
  setId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  index: 3,
  keyVersion: 2,
}
const plaintext = Buffer.from('{"v":1,"secret":{"secret":"JBSWY3DPEHPK3PXP"}}')

describe('sealed team records (AES-256-GCM bound to team, client, account, key version, revision)', () => {
  it('opens what it sealed, for any content and place', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2_000 }),
        fc.record({
          teamId: fc.uuid(),
          clientId: fc.uuid(),
          accountId: fc.uuid(),
          keyVersion: fc.integer({ min: 1, max: 1_000_000 }),
          revision: fc.maxSafeNat(),
        }),
        (content, where) => {
          const key = newClientKey()
          expect(openRecord(key, sealRecord(key, content, where), where).equals(content)).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('uses a fresh nonce each time and never shows the plaintext', () => {
    const key = newClientKey()
    const first = sealRecord(key, plaintext, place)
    const second = sealRecord(key, plaintext, place)
    expect(first[0]).toBe(1)
    expect(first.length).toBe(1 + 12 + plaintext.length + 16)
    expect(first.equals(second)).toBe(false)
    expect(first.includes(Buffer.from('JBSWY3DP'))).toBe(false)
  })

  it('refuses a record moved to another team, client, account, key version or revision', async () => {
    const key = newClientKey()
    const sealed = sealRecord(key, plaintext, place)
    const elsewhere: RecordPlace[] = [
      { ...place, teamId: '7f1c1f4e-4bb0-4c43-9d0e-5d5a1c2b7a10' },
      { ...place, clientId: '1b7f2d55-7d4e-4a39-8f0a-3a2f1d9c8e21' },
      { ...place, accountId: 'd3d9a8e2-1f5b-4e67-a0c4-9b8d7e6f5a32' },
      { ...place, keyVersion: 3 },
      { ...place, revision: 4 },
    ]
    for (const where of elsewhere) {
      const error = await refusal(() => openRecord(key, sealed, where), 'vault-tampered')
      expect(error.message).toMatch(/failed its integrity check/)
      expectNoSecretIn(error.message, key, plaintext)
    }
  })

  it('refuses a flipped bit in the version, nonce, ciphertext or tag, a cut record and the wrong key', async () => {
    const key = newClientKey()
    const sealed = sealRecord(key, plaintext, place)
    for (let index = 0; index < sealed.length; index++) {
      const damaged = Buffer.from(sealed)
      damaged[index] = (damaged[index] ?? 0) ^ 0x80
      await refusal(() => openRecord(key, damaged, place), 'vault-tampered')
    }
    await refusal(() => openRecord(key, sealed.subarray(0, 28), place), 'vault-tampered')
    await refusal(() => openRecord(key, Buffer.alloc(0), place), 'vault-tampered')
    const error = await refusal(() => openRecord(newClientKey(), sealed, place), 'vault-tampered')
    expect(error.message).toContain(place.accountId)
    expectNoSecretIn(error.message, key, plaintext)
  })

  it("seals a client's name as the client's own record, apart from its accounts", async () => {
    const key = newClientKey()
    const namePlace = { teamId: place.teamId, clientId: place.clientId, keyVersion: 2 }
    const sealed = sealClientName(key, 'Acme Ltd — Zoë', namePlace)
    expect(openClientName(key, sealed, namePlace)).toBe('Acme Ltd — Zoë')
    expect(openRecord(key, sealed, { ...namePlace, accountId: 'client-name', revision: 0 }).toString()).toBe(
      'Acme Ltd — Zoë',
    )
    await refusal(() => openClientName(key, sealed, { ...namePlace, keyVersion: 1 }), 'vault-tampered')
    await refusal(
      () => openClientName(key, sealRecord(key, Buffer.from('x'), place), namePlace),
      'vault-tampered',
    )
  })
})

describe('sealed backup codes (one per code, bound to its set and position)', () => {
  const code = Buffer.from('8317-2046')

  it('opens what it sealed', () => {
    const key = newClientKey()
    expect(openBackupCode(key, sealBackupCode(key, code, codePlace), codePlace).toString()).toBe('8317-2046')
  })

  it('refuses a code moved to another team, client, set, position or key version, or opened as a record', async () => {
    const key = newClientKey()
    const sealed = sealBackupCode(key, code, codePlace)
    const elsewhere: BackupCodePlace[] = [
      { ...codePlace, teamId: place.clientId },
      { ...codePlace, clientId: place.teamId },
      { ...codePlace, setId: place.accountId },
      { ...codePlace, index: 4 },
      { ...codePlace, keyVersion: 1 },
    ]
    for (const where of elsewhere) {
      const error = await refusal(() => openBackupCode(key, sealed, where), 'vault-tampered')
      expectNoSecretIn(error.message, key, code)
      expect(error.message).not.toContain('8317')
    }
    await refusal(() => openBackupCode(newClientKey(), sealed, codePlace), 'vault-tampered')
    await refusal(
      () => openRecord(key, sealed, { ...place, accountId: codePlace.setId, revision: codePlace.index }),
      'vault-tampered',
    )
  })
})
