import {
  battleNetPrefs,
  duoAccount,
  maFileJson,
  sdaFolderZip,
  totpAuthenticatorBackup,
  totpAuthenticatorPlaintext,
  totpAuthenticatorPrefs,
  zipOf,
} from '../builders/small-apps.ts'
import { SEED_PASSWORD, type FormatSeed } from './format-seed.ts'

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8')

const totpAccounts = [
  { issuer: 'Instagram', name: 'ana', key: '48656C6C6F21DEADBEEF', base: 16 },
  { issuer: 'Bank', name: 'bob', key: 'GEZDGNBVGY3TQOJQ', base: 32, digits: '7', period: '20' },
]
const winAuthText = [
  'otpauth://totp/Google:ana?secret=JBSWY3DPEHPK3PXP&digits=6&issuer=Google&icon=Google',
  'otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&digits=6&issuer=Bank&counter=3',
  'otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&digits=5&issuer=Steam&deviceid=a&data=%7B%7D',
  'otpauth://totp/BattleNet:wow?secret=GEZDGNBVGY3TQOJQ&digits=8&issuer=BattleNet&serial=US123456789012',
].join('\r\n')
const steamAccount = {
  account_name: 'ana_gamer',
  shared_secret: 'SGVsbG8h3q2+7w==',
  steamid: '76561198000000001',
}

/**
 * Valid files of this group's formats (encrypted ones included), for both fuzz suites to mutate.
 * TOTP Authenticator's key is one SHA-256 and WinAuth's zip has no KDF; SDA's 50,000 PBKDF2
 * iterations are fixed by the format, so its encrypted seed holds a single account.
 */
export async function seeds(): Promise<FormatSeed[]> {
  return [
    {
      format: 'totp-authenticator',
      bytes: totpAuthenticatorBackup(totpAuthenticatorPlaintext(totpAccounts), SEED_PASSWORD),
      password: SEED_PASSWORD,
    },
    { format: 'totp-authenticator-rooted', bytes: totpAuthenticatorPrefs(totpAccounts) },
    { format: 'winauth', bytes: text(winAuthText) },
    {
      format: 'winauth',
      bytes: await zipOf({ 'winauth.txt': winAuthText }, { password: SEED_PASSWORD, zipCrypto: true }),
      password: SEED_PASSWORD,
    },
    { format: 'steam-desktop-authenticator', bytes: text(JSON.stringify(maFileJson(steamAccount))) },
    {
      format: 'steam-desktop-authenticator',
      bytes: await sdaFolderZip([steamAccount], SEED_PASSWORD),
      password: SEED_PASSWORD,
    },
    {
      format: 'steam-app',
      bytes: text(JSON.stringify({ accounts: { ana_gamer: maFileJson(steamAccount) } })),
    },
    {
      format: 'duo',
      bytes: text(
        JSON.stringify([duoAccount('ana', 'JBSWY3DPEHPK3PXP'), duoAccount('bob', 'GEZDGNBVGY3TQOJQ', 2)]),
      ),
    },
    {
      format: 'battle-net',
      bytes: battleNetPrefs('48656c6c6f21deadbeef48656c6c6f21deadbeef', 'EU-1234-5678-9012'),
    },
  ]
}
