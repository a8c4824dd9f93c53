import { describe, expect, it } from 'vitest'
import { aegisEntry, aegisVault } from './export-builders.ts'
import { expectImportError, hotp, importedSummaries, steam, totp } from './import-helpers.ts'

const entries = [
  aegisEntry({
    type: 'totp',
    name: 'ana@example.com',
    issuer: 'Instagram',
    secret: 'JBSWY3DPEHPK3PXP',
    digits: 8,
    period: 60,
    algo: 'SHA256',
  }),
  aegisEntry({ type: 'hotp', name: 'bob', issuer: 'Bank', secret: 'GEZDGNBVGY3TQOJQ', counter: 42 }),
  aegisEntry({ type: 'steam', name: 'gamer', issuer: 'Steam', secret: 'KRUGS4ZANFZSAYJA', digits: 5 }),
]

describe('Aegis vault', () => {
  it('reads a plain vault: TOTP, HOTP with its counter, Steam', async () => {
    const parsed = await importedSummaries(aegisVault({ version: 2, entries }))
    expect(parsed.format).toBe('aegis')
    expect(parsed.failed).toEqual([])
    expect(parsed.entries).toEqual([
      {
        issuer: 'Instagram',
        accountName: 'ana@example.com',
        secret: 'JBSWY3DPEHPK3PXP',
        params: totp('SHA256', 8, 60),
      },
      { issuer: 'Bank', accountName: 'bob', secret: 'GEZDGNBVGY3TQOJQ', params: hotp(), counter: 42 },
      { issuer: 'Steam', accountName: 'gamer', secret: 'KRUGS4ZANFZSAYJA', params: steam },
    ])
  })

  it('round-trips an encrypted vault', async () => {
    const plain = await importedSummaries(aegisVault({ version: 2, entries }))
    const encrypted = await importedSummaries(
      aegisVault({ version: 2, entries }, { password: 'correct horse' }),
      {
        password: 'correct horse',
      },
    )
    expect(encrypted).toEqual(plain)
  })

  it('tries every password slot and skips biometric ones', async () => {
    const biometric = { type: 2, uuid: 'x', key: '00', key_params: { nonce: '00', tag: '00' } }
    const parsed = await importedSummaries(
      aegisVault({ version: 2, entries }, { password: 'pw', extraSlots: [biometric] }),
      { password: 'pw' },
    )
    expect(parsed.entries).toHaveLength(3)
  })

  it('asks for a password, refuses a wrong one, and returns nothing', async () => {
    const vault = aegisVault({ version: 2, entries }, { password: 'pw' })
    await expectImportError(vault, 'import-password-required')
    await expectImportError(vault, 'import-wrong-password', { password: 'PW' })
  })

  it('calls a vault whose slot opens but whose database does not "damaged", not a wrong password', async () => {
    const vault = JSON.parse(aegisVault({ version: 2, entries }, { password: 'pw' }).toString()) as {
      header: { params: { tag: string } }
    }
    vault.header.params.tag = '00'.repeat(16)
    await expectImportError(Buffer.from(JSON.stringify(vault)), 'import-unreadable', { password: 'pw' })
  })

  it('refuses hostile scrypt settings before asking for a password', async () => {
    for (const [n, r, p] of [
      [2 ** 21, 8, 1],
      [2 ** 20, 9, 1],
      [3000, 8, 1],
      [2 ** 10, 8, 17],
    ]) {
      const vault = JSON.parse(aegisVault({ version: 2, entries }, { password: 'pw' }).toString()) as {
        header: { slots: Record<string, unknown>[] }
      }
      Object.assign(vault.header.slots[0]!, { n, r, p })
      await expectImportError(Buffer.from(JSON.stringify(vault)), 'import-hostile-parameters')
    }
  })

  it('refuses a vault that only biometrics can open', async () => {
    const vault = JSON.parse(aegisVault({ version: 2, entries }, { password: 'pw' }).toString()) as {
      header: { slots: Record<string, unknown>[] }
    }
    vault.header.slots[0]!.type = 2
    await expectImportError(Buffer.from(JSON.stringify(vault)), 'import-unsupported-format', {
      password: 'pw',
    })
  })

  it('reads version-3 groups by id: the first becomes the group, the rest tags; notes are kept', async () => {
    const db = {
      version: 3,
      groups: [
        { uuid: 'g1', name: 'Client A' },
        { uuid: 'g2', name: 'Urgent' },
      ],
      entries: [
        aegisEntry({
          type: 'totp',
          name: 'a',
          issuer: 'X',
          secret: 'JBSWY3DPEHPK3PXP',
          groups: ['g1', 'g2'],
          note: 'recovery in safe',
        }),
      ],
    }
    const [entry] = (await importedSummaries(aegisVault(db))).entries
    expect(entry).toMatchObject({ group: 'Client A', tags: ['Urgent'], note: 'recovery in safe' })
  })

  it('lists unsupported and unreadable entries as failed, with their reason, and keeps the rest', async () => {
    const db = {
      version: 2,
      entries: [
        aegisEntry({ type: 'motp', name: 'm', issuer: 'MotpCo', secret: 'JBSWY3DPEHPK3PXP' }),
        aegisEntry({ type: 'yandex', name: 'y', issuer: 'Yandex', secret: 'JBSWY3DPEHPK3PXP' }),
        aegisEntry({ type: 'totp', name: 'bad secret', issuer: 'A', secret: 'not base32!' }),
        aegisEntry({ type: 'totp', name: 'bad digits', issuer: 'B', secret: 'JBSWY3DPEHPK3PXP', digits: 12 }),
        aegisEntry({ type: 'totp', name: 'fine', issuer: 'C', secret: 'JBSWY3DPEHPK3PXP' }),
        'not an object',
      ],
    }
    const parsed = await importedSummaries(aegisVault(db))
    expect(parsed.entries.map((entry) => entry.accountName)).toEqual(['fine'])
    expect(parsed.failed.map(({ position, name }) => [position, name])).toEqual([
      [1, 'MotpCo: m'],
      [2, 'Yandex: y'],
      [3, 'A: bad secret'],
      [4, 'B: bad digits'],
      [6, ''],
    ])
    expect(parsed.failed[0]!.reason).toMatch(/mOTP.*not supported/)
    expect(parsed.failed[1]!.reason).toMatch(/Yandex.*not supported/)
    expect(parsed.failed[2]!.reason).toMatch(/Base32/)
    expect(parsed.failed[3]!.reason).toMatch(/digits/)
    // A reason never quotes the secret.
    expect(JSON.stringify(parsed.failed)).not.toContain('not base32!')
  })

  it('refuses wrong JSON types and truncated files with typed errors', async () => {
    const vault = aegisVault({ version: 2, entries }, { password: 'pw' })
    await expectImportError(vault.subarray(0, vault.length / 2), 'import-unreadable', { format: 'aegis' })
    await expectImportError(Buffer.from('{"version":1,"header":{},"db":{"entries":{}}}'), 'import-unreadable')
    await expectImportError(Buffer.from('{"version":1,"header":[],"db":5}'), 'import-unreadable', {
      format: 'aegis',
    })
    await expectImportError(Buffer.from('{"version":2,"header":{},"db":{}}'), 'import-unsupported-format')
  })
})
