import { aegisEntry, bitwardenItem } from './export-builders.ts'

// One valid document per format, the starting points both fuzz suites (the unit one and the
// reliability one) mutate: the same seeds, so a finding in one replays in the other.

export const uri =
  'otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram&algorithm=SHA256&digits=8&period=60'
export const hotpUri = 'otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=7'
const entries = [
  aegisEntry({ type: 'totp', name: 'ana', issuer: 'Instagram', secret: 'JBSWY3DPEHPK3PXP', groups: ['g1'] }),
  aegisEntry({ type: 'hotp', name: 'bob', issuer: 'Bank', secret: 'GEZDGNBVGY3TQOJQ', counter: 3 }),
  aegisEntry({ type: 'steam', name: 'c', issuer: 'Steam', secret: 'KRUGS4ZANFZSAYJA' }),
]
export const aegisDb = { version: 3, entries, groups: [{ uuid: 'g1', name: 'Client' }] }
export const twofasServices = [
  {
    name: 'Insta',
    secret: 'JBSWY3DPEHPK3PXP',
    otp: { account: 'ana', issuer: 'Instagram', digits: 6, period: 30, algorithm: 'SHA1', tokenType: 'TOTP' },
    groupId: 'g',
  },
  { name: 'Bank', secret: 'GEZDGNBVGY3TQOJQ', otp: { account: 'bob', counter: 2, tokenType: 'HOTP' } },
]
export const andOtpEntries = [
  {
    secret: 'JBSWY3DPEHPK3PXP',
    issuer: 'Instagram',
    label: 'ana',
    digits: 6,
    type: 'TOTP',
    algorithm: 'SHA1',
    period: 30,
    tags: ['t'],
  },
  {
    secret: 'GEZDGNBVGY3TQOJQ',
    label: 'Bank - Bank:bob',
    digits: 6,
    type: 'HOTP',
    algorithm: 'SHA1',
    counter: 4,
  },
]
export const authenticatorPro = {
  Authenticators: [
    {
      Type: 2,
      Issuer: 'Instagram',
      Username: 'ana',
      Secret: 'JBSWY3DPEHPK3PXP',
      Algorithm: 1,
      Digits: 6,
      Period: 30,
      Counter: 0,
    },
    {
      Type: 1,
      Issuer: 'Bank',
      Username: 'bob',
      Secret: 'GEZDGNBVGY3TQOJQ',
      Algorithm: 0,
      Digits: 6,
      Period: 30,
      Counter: 3,
    },
  ],
  Categories: [{ Id: 'c', Name: 'Client' }],
  AuthenticatorCategories: [{ CategoryId: 'c', AuthenticatorSecret: 'JBSWY3DPEHPK3PXP' }],
}
export const bitwardenPlain = {
  encrypted: false,
  folders: [{ id: 'f', name: 'Client' }],
  items: [bitwardenItem('Insta', uri, { folderId: 'f' }), bitwardenItem('Steam', 'steam://KRUGS4ZANFZSAYJA')],
}
