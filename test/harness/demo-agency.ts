import type { Backend } from '../../electron/core/app-backend.ts'
import type { AccountSummary } from '../../shared/domain/accounts.ts'
import { randomBase32Secret, totpAt } from './reference-totp.ts'
import { seedAccounts, type SeedAccount } from './seed-vault.ts'

/**
 * A small agency's vault for screenshots and walkthroughs: four clients, the platforms they post on,
 * and the usual weak spots (a number shared by two Instagram accounts, SMS-only logins, backup codes
 * running out). Numbers are from the ranges reserved for fiction (555-0100 to 555-0199).
 */
export const SHARED_NUMBER = '+14155550142'

export function demoAgencyAccounts(): SeedAccount[] {
  // Confirmed with the code of the moment, as the Add dialog does, so only one secret shows as unverified.
  const app = () => {
    const secret = randomBase32Secret()
    return {
      authenticator: { source: 'manual' as const, secret },
      verificationCode: totpAt(secret, Date.now()),
    }
  }
  const unverifiedApp = () => ({ authenticator: { source: 'manual' as const, secret: randomBase32Secret() } })
  return [
    {
      platform: 'instagram',
      handle: '@acmebakery',
      displayName: 'Acme Bakery',
      clientName: 'Acme Bakery',
      ...app(),
      sms: SHARED_NUMBER,
      tags: ['main'],
    },
    {
      platform: 'instagram',
      handle: '@acmebakery.events',
      clientName: 'Acme Bakery',
      ...app(),
      sms: SHARED_NUMBER,
      tags: ['events'],
    },
    { platform: 'tiktok', handle: '@acmebakes', clientName: 'Acme Bakery', ...app(), tags: ['launch'] },
    { platform: 'facebook', handle: 'Acme Bakery Page', clientName: 'Acme Bakery', sms: '+14155550107' },
    {
      platform: 'instagram',
      handle: '@nordicoutdoors',
      displayName: 'Nordic Outdoors',
      clientName: 'Nordic Outdoors',
      ...app(),
      sms: '+12125550123',
      whatsapp: '+12125550123',
    },
    { platform: 'tiktok', handle: '@nordic.trails', clientName: 'Nordic Outdoors', ...app() },
    { platform: 'x', handle: '@nordicoutdoors', clientName: 'Nordic Outdoors', ...app() },
    {
      platform: 'google',
      handle: 'ads@nordicoutdoors.example',
      clientName: 'Nordic Outdoors',
      ...app(),
      sms: '+12125550156',
    },
    {
      platform: 'instagram',
      handle: '@harbourcoffee',
      clientName: 'Harbour Coffee Co.',
      ...app(),
      tags: ['paid'],
    },
    {
      platform: 'facebook',
      handle: 'Harbour Coffee',
      clientName: 'Harbour Coffee Co.',
      ...app(),
      sms: '+14155550188',
    },
    { platform: 'instagram', handle: '@lumen.studio', clientName: 'Lumen Studio', sms: '+14155550163' },
    { platform: 'tiktok', handle: '@lumenstudio', clientName: 'Lumen Studio', ...unverifiedApp() },
    { platform: 'instagram', handle: '@pitch.deck.test', ...app(), tags: ['internal'] },
  ]
}

/** Seeds the demo agency and gives most authenticator accounts backup codes, some well used. */
export function seedDemoAgency(backend: Backend): AccountSummary[] {
  const accounts = seedAccounts(backend, demoAgencyAccounts())
  const codes = (count: number, seed: number) =>
    Array.from({ length: count }, (_, index) =>
      String(10_000_000 + ((seed * 7919 + index * 104_729) % 89_999_999)),
    ).join(' ')
  accounts.forEach((account, index) => {
    if (!account.methods.authenticator || index % 4 === 3) return
    const total =
      account.platform === 'x' ? 1 : account.platform === 'google' || account.platform === 'facebook' ? 10 : 5
    const length = account.platform === 'x' ? 12 : 8
    const text = codes(total, index + 1)
      .split(' ')
      .map((code) => code.padEnd(length, '7'))
      .join('\n')
    backend.backupCodes.setBackupCodes(account.id, text)
    const used = index % 3 === 0 ? total - 1 : index % 2
    for (let step = 0; step < used; step++) backend.backupCodes.useNextBackupCode(account.id)
  })
  return accounts.map((account) => backend.queries.get(account.id))
}
