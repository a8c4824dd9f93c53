import { describe, expect, it } from 'vitest'
import {
  DEFAULT_ARGON2ID,
  deriveKeyFromPassword,
  deriveWithLibsodium,
  deriveWithNode,
  kdfParamsSchema,
} from '../../../electron/core/crypto/password-kdf.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'

const password = Buffer.from('correct horse battery staple', 'utf8')
const salt = Buffer.alloc(16, 7)

describe('password slots derive their key with Argon2id', () => {
  it('uses at least 64 MiB and three passes for new slots', () => {
    expect(DEFAULT_ARGON2ID).toEqual({
      algorithm: 'argon2id',
      memoryKiB: 64 * 1024,
      passes: 3,
      parallelism: 1,
    })
  })

  it("gives the same key through Node's crypto.argon2 and through libsodium, so either runtime opens a slot", async () => {
    const viaNode = await deriveWithNode(password, salt, DEFAULT_ARGON2ID)
    const viaSodium = await deriveWithLibsodium(password, salt, DEFAULT_ARGON2ID)
    expect(viaNode).not.toBeNull()
    expect(viaNode?.equals(viaSodium)).toBe(true)
    expect((await deriveKeyFromPassword(password, salt, DEFAULT_ARGON2ID)).equals(viaSodium)).toBe(true)
  })

  it('still reads scrypt settings, and refuses Argon2 settings a hostile file could stall the app with', async () => {
    expect(kdfParamsSchema.safeParse({ n: 2 ** 15, r: 8, p: 1 }).success).toBe(true)
    for (const hostile of [
      { ...DEFAULT_ARGON2ID, memoryKiB: 8 * 1024 * 1024 },
      { ...DEFAULT_ARGON2ID, passes: 1000 },
      { ...DEFAULT_ARGON2ID, memoryKiB: 1 },
    ]) {
      const refused = await deriveKeyFromPassword(password, salt, hostile).catch((error: unknown) => error)
      expect(isTwofoldError(refused, 'vault-corrupt')).toBe(true)
    }
  })
})
