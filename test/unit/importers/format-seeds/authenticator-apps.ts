import {
  protonEncryptedExport,
  protonExport,
  stratumBackup,
  stratumLegacyEncrypted,
  stratumStrongEncrypted,
} from '../builders/authenticator-apps.ts'
import { SEED_PASSWORD, type FormatSeed } from './format-seed.ts'

// Authenticator Pro's encrypted backups and Proton's password-protected export fix their key settings
// in the app's code (Argon2id 64 MiB × 3 × 4 lanes, PBKDF2 64,000, Argon2id 19 MiB × 2): there is no
// cheaper setting to seal them with, so a fuzz case that carries the password pays that derivation.

const stratum = stratumBackup(
  [
    {
      Type: 2,
      Issuer: 'Instagram',
      Username: 'ana',
      Secret: 'JBSWY3DPEHPK3PXP',
      Algorithm: 1,
      Digits: 6,
      Period: 30,
    },
    {
      Type: 1,
      Issuer: 'Bank',
      Username: 'bob',
      Secret: 'GEZDGNBVGY3TQOJQ',
      Algorithm: 0,
      Digits: 6,
      Counter: 3,
    },
    {
      Type: 4,
      Issuer: 'Steam',
      Username: null,
      Secret: 'KRUGS4ZANFZSAYJA',
      Algorithm: 0,
      Digits: 5,
      Period: 30,
    },
  ],
  [{ Id: 'c1', Name: 'Client A' }],
  [{ CategoryId: 'c1', AuthenticatorSecret: 'JBSWY3DPEHPK3PXP' }],
)

const proton = protonExport([
  {
    uri: 'otpauth://totp/GitHub:ana?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA256&digits=8&period=60',
    name: 'ana',
    note: 'a note',
  },
  { uri: 'steam://KRUGS4ZANFZSAYJA', entry_type: 'Steam', name: 'gamer' },
])

/** Valid files of this group's formats (encrypted ones included), for both fuzz suites to mutate. */
export function seeds(): Promise<FormatSeed[]> {
  return Promise.resolve([
    {
      format: 'authenticator-pro',
      bytes: stratumStrongEncrypted(stratum, SEED_PASSWORD),
      password: SEED_PASSWORD,
    },
    {
      format: 'authenticator-pro',
      bytes: stratumLegacyEncrypted(stratum, SEED_PASSWORD),
      password: SEED_PASSWORD,
    },
    { format: 'proton-authenticator', bytes: Buffer.from(JSON.stringify(proton), 'utf8') },
    {
      format: 'proton-authenticator',
      bytes: protonEncryptedExport(proton, SEED_PASSWORD),
      password: SEED_PASSWORD,
    },
  ])
}
