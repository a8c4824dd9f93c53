import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { generateHotpCode, generateTimeCode, timeStepAt } from '../../electron/core/engine/generate-code.ts'
import type { OtpAlgorithm } from '../../electron/core/engine/otp-parameters.ts'
import { PreparedSecret } from '../../electron/core/engine/prepared-secret.ts'
import { findHotpCounter, verifyTimeCode } from '../../electron/core/engine/verify-code.ts'

import { fixture, thirdPartyAvailable } from './third-party-fixtures.ts'

const vectorsFile = fixture('rfc/rfc4226_rfc6238_vectors.json')
const skip = !thirdPartyAvailable()

const algorithm = z.enum(['SHA1', 'SHA256', 'SHA512'])
const seed = z.object({ ascii: z.string(), hex: z.string(), base32: z.string() })
const fixtureSchema = z.object({
  rfc4226_appendix_d: z.object({
    secret_hex: z.string(),
    secret_base32: z.string(),
    digits: z.number(),
    algorithm: z.literal('SHA1'),
    vectors: z.array(z.object({ counter: z.number(), hotp: z.string() })).min(10),
  }),
  rfc6238_appendix_b: z.object({
    secrets: z.object({ SHA1: seed, SHA256: seed, SHA512: seed }),
    vectors: z
      .array(
        z.object({
          unix_time: z.number(),
          T_hex: z.string(),
          algorithm,
          digits: z.number(),
          period: z.number(),
          T0: z.literal(0),
          totp: z.string(),
        }),
      )
      .min(18),
  }),
})

function loadFixture(): z.infer<typeof fixtureSchema> | undefined {
  return skip ? undefined : fixtureSchema.parse(JSON.parse(readFileSync(vectorsFile, 'utf8')))
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

describe.skipIf(skip)('RFC test vectors', () => {
  const vectors = loadFixture()

  describe('RFC 4226 Appendix D (HOTP, SHA1, 6 digits)', () => {
    const rfc4226 = vectors?.rfc4226_appendix_d
    const secret = rfc4226
      ? PreparedSecret.fromBase32(
          { type: 'hotp', algorithm: rfc4226.algorithm, digits: rfc4226.digits },
          rfc4226.secret_base32,
        )
      : undefined

    it('decodes the seed to the bytes the RFC gives', () => {
      expect(rfc4226).toBeDefined()
      expect(secret?.useKey(hex)).toBe(rfc4226?.secret_hex)
    })

    for (const vector of rfc4226?.vectors ?? []) {
      it(`counter ${vector.counter} gives ${vector.hotp}`, () => {
        expect(secret && generateHotpCode(secret, vector.counter)).toBe(vector.hotp)
        expect(secret && findHotpCounter(secret, [vector.hotp], 0)).toEqual({
          counter: vector.counter,
          nextCounter: vector.counter + 1,
        })
      })
    }
  })

  describe('RFC 6238 Appendix B (TOTP, 8 digits, 30 s)', () => {
    const rfc6238 = vectors?.rfc6238_appendix_b
    const prepare = (name: OtpAlgorithm, digits: number, period: number) => {
      const seedText = rfc6238?.secrets[name].base32 ?? ''
      return PreparedSecret.fromBase32({ type: 'totp', algorithm: name, digits, period }, seedText)
    }

    it('uses 20-, 32- and 64-byte seeds for SHA1, SHA256 and SHA512', () => {
      for (const [name, length] of [
        ['SHA1', 20],
        ['SHA256', 32],
        ['SHA512', 64],
      ] as const) {
        const secret = prepare(name, 8, 30)
        expect(secret.useKey((key) => key.length)).toBe(length)
        expect(secret.useKey(hex)).toBe(rfc6238?.secrets[name].hex)
      }
    })

    for (const vector of rfc6238?.vectors ?? []) {
      it(`${vector.algorithm} at ${vector.unix_time} s gives ${vector.totp}`, () => {
        const secret = prepare(vector.algorithm, vector.digits, vector.period)
        const nowMs = vector.unix_time * 1000
        expect(generateTimeCode(secret, nowMs)).toBe(vector.totp)
        expect(timeStepAt(vector.period, nowMs)).toBe(Number.parseInt(vector.T_hex, 16))
        expect(verifyTimeCode(secret, vector.totp, nowMs)).toEqual({
          timeStep: Number.parseInt(vector.T_hex, 16),
          delta: 0,
        })
      })
    }
  })
})
