import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { battleNetMask, battleNetPrefs, duoAccount, reason, sharedPrefs } from './builders/small-apps.ts'
import { expectImportError, hotp, importedSummaries, text, totp } from './import-helpers.ts'

describe('Duo Mobile accounts.json (rooted phone)', () => {
  const file = [duoAccount('GitHub ana', 'JBSWY3DPEHPK3PXP'), duoAccount('Bank bob', 'GEZDGNBVGY3TQOJQ', 7)]

  it('reads TOTP accounts and HOTP accounts with their counters; Duo stores no issuer', async () => {
    const parsed = await importedSummaries(text(JSON.stringify(file)))
    expect(parsed.format).toBe('duo')
    expect(parsed.entries).toEqual([
      { issuer: '', accountName: 'GitHub ana', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
      { issuer: '', accountName: 'Bank bob', secret: 'GEZDGNBVGY3TQOJQ', params: hotp(), counter: 7 },
    ])
  })

  it('lists a Duo Push account and a bad secret as failed, with the reason', async () => {
    const push = { accountType: 'DuoAccount', name: 'Duo Security', pkey: 'DIXXXXXXXX' }
    const parsed = await importedSummaries(
      text(JSON.stringify([push, duoAccount('Broken', '!!!'), ...file.slice(0, 1)])),
    )
    expect(parsed.entries.map((entry) => entry.accountName)).toEqual(['GitHub ana'])
    expect(parsed.failed).toEqual([
      { position: 1, name: 'Duo Security', reason: reason(/Duo Push/) },
      { position: 2, name: 'Broken', reason: reason(/./) },
    ])
  })

  it('refuses a truncated file, and does not claim other JSON lists', async () => {
    const json = JSON.stringify(file)
    await expectImportError(text(json.slice(0, json.length - 30)), 'import-unreadable')
    expect(await detectFormat(text(JSON.stringify([{ name: 'x', secret: 'y' }])))).toBe(null)
    expect(await detectFormat(text('[]'))).not.toBe('duo')
  })
})

describe('Battle.net authenticator settings (rooted phone)', () => {
  // The 20-byte key 48656c6c6f21deadbeef48656c6c6f21deadbeef, as the app stores it: hex text, masked.
  const secretHex = '48656c6c6f21deadbeef48656c6c6f21deadbeef'

  it('unmasks the secret and the serial: an 8-digit TOTP named by its serial', async () => {
    const parsed = await importedSummaries(battleNetPrefs(secretHex, 'EU-1234-5678-9012'))
    expect(parsed.format).toBe('battle-net')
    expect(parsed.entries).toEqual([
      {
        issuer: 'Battle.net',
        accountName: 'EU-1234-5678-9012',
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        params: totp('SHA1', 8),
      },
    ])
  })

  it('refuses an authenticator encrypted with the phone keystore, saying why', async () => {
    await expectImportError(
      battleNetPrefs(secretHex, 'EU-1234-5678-9012', 'KEYSTORE'),
      'import-unsupported-format',
    )
  })

  it('lists a secret that does not unmask to hexadecimal as failed', async () => {
    const prefs = sharedPrefs({
      'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': battleNetMask('not hex at all'),
      'com.blizzard.messenger.AUTHENTICATOR_SERIAL': battleNetMask('EU-1'),
    })
    const parsed = await importedSummaries(prefs)
    expect(parsed.entries).toEqual([])
    expect(parsed.failed).toEqual([{ position: 1, name: 'Battle.net', reason: reason(/hexadecimal/) }])
  })

  it('claims only its own settings file, and refuses a cut one', async () => {
    expect(await detectFormat(sharedPrefs({ 'com.blizzard.messenger.OTHER': 'x' }))).toBe(null)
    expect(await detectFormat(sharedPrefs({ STATIC_TOTP_CODES_LIST: '[]' }))).toBe(
      'totp-authenticator-rooted',
    )
    await expectImportError(battleNetPrefs(secretHex, 'EU-1').subarray(0, 150), 'import-unreadable', {
      format: 'battle-net',
    })
  })
})
