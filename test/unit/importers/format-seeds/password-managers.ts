import * as openpgp from 'openpgp'
import {
  csv,
  DASHLANE_HEADER,
  kdbx,
  type KdbxEntrySpec,
  type KdbxGroupSpec,
  LASTPASS_HEADER,
  onePux,
  protonData,
  protonPgp,
  protonZip,
} from '../builders/password-managers.ts'
import { SEED_PASSWORD, type FormatSeed } from './format-seed.ts'

// One valid file per password manager's format, with the cheapest key derivation each allows: KDBX 3.1
// with one AES-KDF round, KDBX 4 with Argon2id at 8 KiB × 1 pass × 1 lane, Proton Pass's PGP export
// with the smallest iterated S2K count (1,024 bytes of hashing).

const SECRET = 'JBSWY3DPEHPK3PXP'
const link = `otpauth://totp/Instagram:ana?secret=${SECRET}&issuer=Instagram`

const keePassTree: { entries: KdbxEntrySpec[]; groups: KdbxGroupSpec[] } = {
  entries: [{ title: 'Root OTP', username: 'root', fields: { otp: link } }],
  groups: [
    {
      name: 'Acme',
      entries: [
        {
          title: 'Native',
          url: 'https://x.com',
          fields: { 'TimeOtp-Secret-Base32': SECRET, 'TimeOtp-Period': '30' },
        },
        { title: 'Tray', fields: { 'TOTP Seed': SECRET, 'TOTP Settings': '30;S' } },
        {
          title: 'Counter',
          fields: { 'HmacOtp-Secret-Hex': '48656c6c6f21deadbeef', 'HmacOtp-Counter': '3' },
        },
        { title: 'Plain', username: 'u', password: 'p' },
      ],
    },
  ],
}

const protonVaults = protonData({
  Acme: [
    {
      name: 'Acme IG',
      username: 'acme',
      urls: ['https://instagram.com'],
      totpUri: link,
      extraTotps: [SECRET],
    },
    { name: 'Plain', username: 'p', password: 'pw' },
  ],
})

/** Valid files of this group's formats (encrypted ones included), for both fuzz suites to mutate. */
export async function seeds(): Promise<FormatSeed[]> {
  return [
    {
      format: 'keepass',
      bytes: await kdbx(keePassTree, {
        password: SEED_PASSWORD,
        version: 4,
        kdf: 'argon2id',
        memory: 8 * 1024,
        passes: 1,
        lanes: 1,
      }),
      password: SEED_PASSWORD,
    },
    {
      format: 'keepass',
      bytes: await kdbx(keePassTree, { password: SEED_PASSWORD, version: 3, rounds: 1 }),
      password: SEED_PASSWORD,
    },
    {
      format: '1password-1pux',
      bytes: await onePux({
        Acme: [
          { title: 'Acme IG', url: 'https://instagram.com', username: 'acme', notes: 'n', totps: [link] },
          { title: 'Steam', totps: [`steam://${SECRET}`] },
          { title: 'Plain', username: 'u', password: 'p' },
        ],
      }),
    },
    { format: 'proton-pass', bytes: await protonZip(protonVaults) },
    { format: 'proton-pass', bytes: Buffer.from(JSON.stringify(protonVaults), 'utf8') },
    {
      format: 'proton-pass',
      bytes: await protonPgp(protonVaults, SEED_PASSWORD, {
        s2kIterationCountByte: 0,
        s2kType: openpgp.enums.s2k.iterated,
      }),
      password: SEED_PASSWORD,
    },
    {
      format: 'proton-pass',
      bytes: csv([
        [
          'type',
          'name',
          'url',
          'email',
          'username',
          'password',
          'note',
          'totp',
          'createTime',
          'modifyTime',
          'vault',
        ],
        ['login', 'Acme IG', 'https://instagram.com', '', 'acme', 'pw', 'n', link, '1', '2', 'Acme'],
      ]),
    },
    {
      format: 'lastpass-csv',
      bytes: csv([
        LASTPASS_HEADER,
        ['https://instagram.com', 'ana', 'pw', SECRET, 'note', 'Instagram', 'Clients\\Acme', '0'],
        ['https://a.test', 'u', 'pw', '', '', 'Plain', '', '0'],
      ]),
    },
    {
      format: 'dashlane-csv',
      bytes: csv([
        DASHLANE_HEADER,
        ['ana', '', '', 'Instagram', 'pw', 'note', 'https://instagram.com', 'Acme', link],
        ['u', '', '', 'Plain', 'pw', '', '', '', ''],
      ]),
    },
  ]
}
