import {
  freeOtpBackup,
  freeOtpPlusJson,
  freeOtpTokensXml,
  type FreeOtpTokenInput,
} from '../builders/freeotp.ts'
import { SEED_PASSWORD, type FormatSeed } from './format-seed.ts'

const tokens: FreeOtpTokenInput[] = [
  {
    type: 'TOTP',
    issuerExt: 'Example',
    issuerInt: 'Example',
    label: 'ana@example.com',
    algo: 'SHA256',
    digits: 8,
    period: 30,
    secret: Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
  },
  {
    type: 'HOTP',
    issuerExt: 'Bank',
    label: 'bob',
    algo: 'SHA1',
    digits: 6,
    counter: 7,
    secret: Buffer.from('ffeeddccbbaa99887766554433221100', 'hex'),
  },
]

/** Valid files of this group's formats (encrypted ones included), for both fuzz suites to mutate. */
export function seeds(): Promise<FormatSeed[]> {
  return Promise.resolve([
    { format: 'freeotp-rooted', bytes: freeOtpTokensXml(tokens) },
    { format: 'freeotp-plus', bytes: freeOtpPlusJson(tokens) },
    // One PBKDF2 iteration: the cheapest the format allows.
    {
      format: 'freeotp-backup',
      bytes: freeOtpBackup(tokens, {
        password: SEED_PASSWORD,
        iterations: 1,
        algorithm: 'PBKDF2withHmacSHA1',
      }),
      password: SEED_PASSWORD,
    },
  ])
}
