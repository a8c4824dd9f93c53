import { describe, expect, it } from 'vitest'
import { detectFormat } from '../../../electron/core/importers/read-import.ts'
import { reason, zipOf } from './builders/small-apps.ts'
import { expectImportError, hotp, importedSummaries, steam, text, totp } from './import-helpers.ts'

// Lines as WinAuthAuthenticator.ToUrl writes them: secret first, then digits, then the extras; the
// label form-encoded ("+" for a space).
const steamData = encodeURIComponent(
  JSON.stringify({ shared_secret: 'SGVsbG8h3q2+7w==', identity_secret: 'aWQ=', revocation_code: 'R12345' }),
)
const icon = `base64:${'A'.repeat(12_000)}`
const lines = [
  'otpauth://totp/Google:ana%40example.com?secret=JBSWY3DPEHPK3PXP&digits=6&issuer=Google&icon=GoogleAuthenticator',
  'otpauth://totp/My+Work+Site?secret=GEZDGNBVGY3TQOJQ&digits=8',
  'otpauth://hotp/Bank:bob?secret=KRUGS4ZANFZSAYJA&digits=6&issuer=Bank&counter=42',
  `otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&digits=5&issuer=Steam&deviceid=android%3A1234&data=${steamData}&icon=SteamAuthenticator`,
  `otpauth://totp/BattleNet:wow?secret=GEZDGNBVGY3TQOJQ&digits=8&issuer=BattleNet&serial=US123456789012&icon=${encodeURIComponent(icon)}`,
]
const expected = [
  { issuer: 'Google', accountName: 'ana@example.com', secret: 'JBSWY3DPEHPK3PXP', params: totp() },
  { issuer: '', accountName: 'My Work Site', secret: 'GEZDGNBVGY3TQOJQ', params: totp('SHA1', 8) },
  { issuer: 'Bank', accountName: 'bob', secret: 'KRUGS4ZANFZSAYJA', params: hotp(), counter: 42 },
  { issuer: 'Steam', accountName: 'gamer', secret: 'JBSWY3DPEHPK3PXP', params: steam },
  {
    issuer: 'Battle.net',
    accountName: 'wow',
    note: 'Battle.net serial: US-1234-5678-9012',
    secret: 'GEZDGNBVGY3TQOJQ',
    params: totp('SHA1', 8),
  },
]
const exportText = `${lines.join('\r\n')}\r\n`

describe('WinAuth export', () => {
  it('reads every line: spaces in labels, HOTP counters, Steam as Steam, the Battle.net serial as note', async () => {
    const parsed = await importedSummaries(text(exportText))
    expect(parsed.format).toBe('winauth')
    expect(parsed.entries).toEqual(expected)
    expect(parsed.failed).toEqual([])
  })

  it("keeps nothing of Steam's session data (identity secret, revocation code)", async () => {
    const parsed = await importedSummaries(text(exportText))
    expect(JSON.stringify(parsed.entries)).not.toMatch(/R12345|identity|aWQ=/)
  })

  it('reads the zip export without a password, with ZipCrypto and with AES', async () => {
    const plain = await zipOf({ 'winauth-2024-05-01.txt': exportText })
    expect((await importedSummaries(plain)).entries).toEqual(expected)
    for (const zipCrypto of [true, false]) {
      const sealed = await zipOf({ 'winauth-2024-05-01.txt': exportText }, { password: 'zip pw', zipCrypto })
      const parsed = await importedSummaries(sealed, { password: 'zip pw' })
      expect(parsed.format).toBe('winauth')
      expect(parsed.entries).toEqual(expected)
      await expectImportError(sealed, 'import-password-required')
      await expectImportError(sealed, 'import-wrong-password', { password: 'other' })
    }
  })

  it('refuses a damaged zip with a typed error', async () => {
    const zip = await zipOf({ 'export.txt': exportText })
    await expectImportError(zip.subarray(0, 60), 'import-unreadable', { format: 'winauth' })
    await expectImportError(await zipOf({ 'export.csv': 'a,b' }), 'import-unreadable', { format: 'winauth' })
  })

  it('lists lines it cannot read as failed, with their line number, and reads the rest', async () => {
    const parsed = await importedSummaries(
      text(`${lines[0]}\nnot a link\notpauth://totp/Broken:x?secret=!!!&digits=6&icon=X\n`),
      { format: 'winauth' },
    )
    expect(parsed.entries).toEqual([expected[0]])
    expect(parsed.failed).toEqual([
      { position: 2, name: 'line 2', reason: 'this line is not an otpauth:// link' },
      { position: 3, name: 'Broken:x', reason: reason(/./) },
    ])
  })

  it('claims only link lists with WinAuth’s own parameters; other link lists stay otpauth-list', async () => {
    expect(await detectFormat(text(exportText))).toBe('winauth')
    const aegisStyle =
      'otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&algorithm=SHA1&digits=6&period=30\n'
    expect(await detectFormat(text(aegisStyle))).toBe('otpauth-list')
    const winAuthWithoutExtras = 'otpauth://totp/Google:ana?secret=JBSWY3DPEHPK3PXP&digits=6&issuer=Google\n'
    expect(await detectFormat(text(winAuthWithoutExtras))).toBe('otpauth-list')
    // Authenticator Plus zips hold Accounts.txt: not WinAuth's.
    expect(await detectFormat(await zipOf({ 'Accounts.txt': exportText }))).not.toBe('winauth')
    expect(await detectFormat(await zipOf({ 'a.txt': exportText, 'b.txt': exportText }))).not.toBe('winauth')
  })
})
