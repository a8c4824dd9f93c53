import sodium from 'libsodium-wrappers-sumo'
import { describe, expect, it } from 'vitest'
import { enteExport } from './export-builders.ts'
import { expectImportError, hotp, importedSummaries, text, totp } from './import-helpers.ts'

const lines = [
  'otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram&codeDisplay=%7B%22tags%22%3A%5B%22clients%22%5D%7D',
  'otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=3',
]

describe('Ente Auth export', () => {
  it('round-trips an encrypted export (libsodium crypto_pwhash and secretstream on the writing side)', async () => {
    const parsed = await importedSummaries(await enteExport(lines, 'hunter2'), { password: 'hunter2' })
    expect(parsed.format).toBe('ente')
    expect(parsed.entries).toEqual([
      {
        issuer: 'Instagram',
        accountName: 'ana',
        tags: ['clients'],
        secret: 'JBSWY3DPEHPK3PXP',
        params: totp(),
      },
      { issuer: 'Bank', accountName: 'bob', secret: 'GEZDGNBVGY3TQOJQ', params: hotp(), counter: 3 },
    ])
  })

  it('reads the plain text export as a list of links', async () => {
    const parsed = await importedSummaries(text(lines.join('\n')))
    expect(parsed.format).toBe('otpauth-list')
    expect(parsed.entries).toHaveLength(2)
  })

  it('asks for the password, refuses a wrong one', async () => {
    const file = await enteExport(lines, 'hunter2')
    await expectImportError(file, 'import-password-required')
    await expectImportError(file, 'import-wrong-password', { password: 'hunter3' })
  })

  it('refuses hostile Argon2 settings before asking for a password', async () => {
    const file = JSON.parse((await enteExport(lines, 'pw')).toString()) as {
      kdfParams: Record<string, number>
    }
    for (const kdf of [
      { memLimit: 2 * 1024 ** 3, opsLimit: 2 },
      { memLimit: 64 * 1024 * 1024, opsLimit: 21 },
      { memLimit: 0, opsLimit: 2 },
      { memLimit: 64 * 1024, opsLimit: 0 },
    ]) {
      Object.assign(file.kdfParams, kdf)
      await expectImportError(Buffer.from(JSON.stringify(file)), 'import-hostile-parameters')
    }
  })

  it('refuses a cut-off or malformed encrypted part with a typed error', async () => {
    const file = JSON.parse((await enteExport(lines, 'pw')).toString()) as Record<string, string>
    const cut = {
      ...file,
      encryptedData: Buffer.from(file.encryptedData!, 'base64').subarray(0, 10).toString('base64'),
    }
    await expectImportError(Buffer.from(JSON.stringify(cut)), 'import-unreadable', { password: 'pw' })
    const badNonce = { ...file, encryptionNonce: 'AAAA' }
    await expectImportError(Buffer.from(JSON.stringify(badNonce)), 'import-unreadable', { password: 'pw' })
    await expectImportError(Buffer.from(JSON.stringify({ ...file, version: 2 })), 'import-unsupported-format')
  })

  it('reads an export whose one message carries the MESSAGE tag (0), as Ente Auth writes some', async () => {
    await sodium.ready
    const tag = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
    expect(tag).toBe(0)
    const file = await enteExport(lines, 'hunter2', undefined, tag)
    const parsed = await importedSummaries(file, { password: 'hunter2' })
    expect(parsed.format).toBe('ente')
    expect(parsed.entries.map((entry) => [entry.issuer, entry.accountName, entry.secret])).toEqual([
      ['Instagram', 'ana', 'JBSWY3DPEHPK3PXP'],
      ['Bank', 'bob', 'GEZDGNBVGY3TQOJQ'],
    ])
    await expectImportError(file, 'import-wrong-password', { password: 'hunter3' })
  })

  it('refuses a message tagged PUSH or REKEY (part of a longer stream Ente never writes)', async () => {
    await sodium.ready
    for (const tag of [
      sodium.crypto_secretstream_xchacha20poly1305_TAG_PUSH,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_REKEY,
    ]) {
      const file = await enteExport(lines, 'pw', undefined, tag)
      await expectImportError(file, 'import-unreadable', { password: 'pw' })
    }
  })

  it('refuses bytes after the one message, with either accepted tag', async () => {
    await sodium.ready
    for (const tag of [
      sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    ]) {
      const file = JSON.parse((await enteExport(lines, 'pw', undefined, tag)).toString()) as Record<
        string,
        string
      >
      const message = Buffer.from(file.encryptedData!, 'base64')
      for (const trailing of [Buffer.from([0]), Buffer.alloc(17, 0x41), message]) {
        const longer = { ...file, encryptedData: Buffer.concat([message, trailing]).toString('base64') }
        // secretstream carries no length: the extra bytes fail the message's authentication.
        await expectImportError(Buffer.from(JSON.stringify(longer)), 'import-wrong-password', {
          password: 'pw',
        })
      }
    }
  })
})
