import type { FormatSeed } from './format-seed.ts'
import { SEED_PASSWORD } from './format-seed.ts'
import {
  authenticatorPlusDb,
  authenticatorProDb,
  authyEncryptedToken,
  authyPlainToken,
  authyXml,
  googleAuthenticatorDb,
  lastPassExport,
  microsoftAuthenticatorDb,
  zipWith,
} from '../builders/rooted-phone.ts'

// Small valid files of the rooted-phone group's formats. SQLite files are a few pages each; the
// encrypted ones use the only key derivation each format has (Authy: PBKDF2 ×1000; Authenticator
// Plus: WinZip AES for the zip, SQLCipher 3 for the backup).

const A = '4SJHB4GSD43FZBAI7C2HLRJGPQ'
const B = 'YOOMIXWS5GN6RTBPUFFWKTW5M4'

/** Valid files of this group's formats (encrypted ones included), for both fuzz suites to mutate. */
export async function seeds(): Promise<FormatSeed[]> {
  const links = `otpauth://totp/Deno:Mason?secret=${A}&issuer=Deno\notpauth://hotp/Issuu:James?secret=${B}&issuer=Issuu&counter=1\n`
  return [
    {
      format: 'google-authenticator-db',
      bytes: googleAuthenticatorDb([
        { email: 'Deno:Mason', secret: A, issuer: 'Deno' },
        { email: 'Issuu:James', secret: B, type: 1, counter: 1, issuer: 'Issuu' },
      ]),
    },
    {
      format: 'microsoft-authenticator-db',
      bytes: microsoftAuthenticatorDb([
        { name: 'Deno', username: 'Mason', secret: A },
        {
          name: 'Microsoft',
          username: 'ana',
          secret: Buffer.from('0123456789abcdef').toString('base64'),
          type: 1,
        },
      ]),
    },
    {
      format: 'authenticator-pro-db',
      bytes: authenticatorProDb(
        [
          { type: 2, issuer: 'Deno', username: 'Mason', secret: A },
          { type: 1, issuer: 'Issuu', username: 'James', secret: B, counter: 1 },
        ],
        [{ id: 'c1', name: 'Client', ranking: 0 }],
        [{ categoryId: 'c1', authenticatorSecret: A }],
      ),
    },
    {
      format: 'authy',
      bytes: authyXml([authyPlainToken({ name: 'Deno: Mason', originalIssuer: 'Deno', secret: A })]),
    },
    {
      format: 'authy',
      bytes: authyXml([
        authyEncryptedToken({ name: 'Deno: Mason', originalIssuer: 'Deno', secret: A }, SEED_PASSWORD),
      ]),
      password: SEED_PASSWORD,
    },
    {
      format: 'authenticator-plus',
      bytes: await zipWith({ 'Accounts.txt': links }, SEED_PASSWORD),
      password: SEED_PASSWORD,
    },
    {
      format: 'authenticator-plus',
      bytes: authenticatorPlusDb(
        [{ email: 'Deno:Mason', secret: A, issuer: 'Deno', category: 'Client' }],
        SEED_PASSWORD,
      ),
      password: SEED_PASSWORD,
    },
    {
      format: 'lastpass-authenticator',
      bytes: lastPassExport(
        [
          { issuerName: 'Deno', userName: 'Mason', secret: A, folderId: 1 },
          { issuerName: 'SPDX', userName: 'James', secret: B, algorithm: 'SHA256', digits: 7, timeStep: 20 },
        ],
        [{ id: 1, name: 'Client' }],
      ),
    },
  ]
}
