import { _electron as electron, expect, test } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findElectronBinary } from './electron-binary.ts'

/**
 * Password slots use Argon2id at 64 MiB and three passes (electron/core/crypto/password-kdf.ts), through
 * Node's `crypto.argon2` where the runtime has it and libsodium's `crypto_pwhash` where it does not.
 * This measures it in Electron's own main process: which of the two Electron's Node offers, that it
 * gives the key Node 24 gives (a fixed vector), and how long one derivation takes — logged for
 * docs/benchmarks.md, never asserted.
 */
const binary = findElectronBinary()
test.skip('missing' in binary, 'missing' in binary ? binary.missing : '')

/** Argon2id(m=64 MiB, t=3, p=1, 32 bytes) of "pw" with sixteen 0x01 bytes of salt, from Node 24 and libsodium. */
const VECTOR = '6cc8330b81cc4258e0806d00d18523028996d710cd2bebfc703ab616a18ea0f6'

test('derives a password slot key with Argon2id in Electron’s Node', async () => {
  const home = mkdtempSync(join(tmpdir(), 'twofold-electron-argon2-'))
  const app = await electron.launch({
    executablePath: 'path' in binary ? binary.path : '',
    args: ['.', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    env: {
      ...process.env,
      TWOFOLD_HOME: home,
      TWOFOLD_KEYCHAIN_SERVICE: `Twofold-electron-${randomBytes(4).toString('hex')}`,
    },
  })
  try {
    const measured = await app.evaluate(async () => {
      const crypto = process.getBuiltinModule('node:crypto')
      // Absent from an Electron whose Node predates 24.7, whatever the types say.
      const { argon2 } = crypto as Partial<typeof crypto>
      if (typeof argon2 !== 'function')
        return { node: process.versions.node, native: false, key: null, ms: null }
      const started = performance.now()
      const key = await new Promise<Buffer>((resolve, reject) =>
        argon2(
          'argon2id',
          {
            message: Buffer.from('pw'),
            nonce: Buffer.alloc(16, 1),
            parallelism: 1,
            tagLength: 32,
            memory: 64 * 1024,
            passes: 3,
          },
          (error, derived) => (error ? reject(error) : resolve(derived)),
        ),
      )
      return {
        node: process.versions.node,
        native: true,
        key: key.toString('hex'),
        ms: performance.now() - started,
      }
    })
    console.log(
      `Electron's Node ${measured.node}: ${measured.native ? `crypto.argon2, one derivation ${Math.round(measured.ms ?? 0)} ms` : 'no crypto.argon2 — password slots use libsodium there'}`,
    )
    if (measured.native) expect(measured.key).toBe(VECTOR)
  } finally {
    await app.close()
    rmSync(home, { recursive: true, force: true })
  }
})
