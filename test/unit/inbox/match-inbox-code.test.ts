import { describe, expect, it } from 'vitest'
import type { PlatformId } from '../../../shared/domain/platforms.ts'
import type { InboxMatch } from '../../../electron/core/inbox/inbox-entry.ts'
import {
  matchInboxCode,
  type MatchableAccount,
  type ReceivedCode,
} from '../../../electron/core/inbox/match-inbox-code.ts'

// Which account a received SMS or WhatsApp code is shown on: the receiving number, the channel it came
// on, and the service the message is from. Where the number guards several accounts and nothing tells
// them apart, the person is told (shared-phone) instead of shown a guess.

const OFFICE = '+14155550100'
const SPARE = '+14155550199'

function account(
  id: string,
  platform: PlatformId,
  phones: { sms?: string; whatsapp?: string },
): MatchableAccount {
  return {
    id,
    platform,
    methods: {
      sms: phones.sms ? { phone: phones.sms } : null,
      whatsapp: phones.whatsapp ? { phone: phones.whatsapp } : null,
    },
  }
}

const accounts = [
  account('ig-acme', 'instagram', { sms: OFFICE, whatsapp: OFFICE }),
  account('fb-acme', 'facebook', { sms: OFFICE }),
  account('tt-acme', 'tiktok', { sms: OFFICE }),
  account('tt-lumen', 'tiktok', { sms: OFFICE }),
  account('x-spare', 'x', { sms: SPARE }),
  account('ig-spare-wa', 'instagram', { whatsapp: SPARE }),
  account('no-phone', 'google', {}),
]

const cases: [string, ReceivedCode, InboxMatch][] = [
  [
    'the one account whose SMS number received it, whatever the service',
    { to: SPARE, channel: 'sms', service: null },
    { kind: 'account', accountId: 'x-spare' },
  ],
  [
    'the one account whose WhatsApp number received a WhatsApp message',
    { to: SPARE, channel: 'whatsapp', service: 'instagram' },
    { kind: 'account', accountId: 'ig-spare-wa' },
  ],
  [
    'a WhatsApp message counts only WhatsApp numbers: one account among four on that SMS number',
    { to: OFFICE, channel: 'whatsapp', service: null },
    { kind: 'account', accountId: 'ig-acme' },
  ],
  [
    'an SMS counts only SMS numbers: the account with it for WhatsApp only is not matched',
    { to: SPARE, channel: 'sms', service: 'x' },
    { kind: 'account', accountId: 'x-spare' },
  ],
  [
    'several accounts on the number: the service named by the message picks one',
    { to: OFFICE, channel: 'sms', service: 'instagram' },
    { kind: 'account', accountId: 'ig-acme' },
  ],
  [
    'several on the number and the service fits two: shared-phone, both named',
    { to: OFFICE, channel: 'sms', service: 'tiktok' },
    { kind: 'shared-phone', accountIds: ['tt-acme', 'tt-lumen'], phone: OFFICE },
  ],
  [
    'several on the number and no service recognised: shared-phone over all of them',
    { to: OFFICE, channel: 'sms', service: null },
    {
      kind: 'shared-phone',
      accountIds: ['ig-acme', 'fb-acme', 'tt-acme', 'tt-lumen'],
      phone: OFFICE,
    },
  ],
  [
    'several on the number and the service is none of their platforms: no account',
    { to: OFFICE, channel: 'sms', service: 'google' },
    { kind: 'none' },
  ],
  [
    'one account on the number, on another platform than the service: not pinned on it',
    { to: SPARE, channel: 'sms', service: 'google' },
    { kind: 'none' },
  ],
  [
    'one account on the WhatsApp number, a TikTok code: not the Instagram account’s',
    { to: SPARE, channel: 'whatsapp', service: 'tiktok' },
    { kind: 'none' },
  ],
  [
    'one account on the number and the service is its platform: that one',
    { to: SPARE, channel: 'sms', service: 'x' },
    { kind: 'account', accountId: 'x-spare' },
  ],
  [
    'a WhatsApp registration code signs in to no account, even on a number with one',
    { to: SPARE, channel: 'whatsapp', service: 'whatsapp' },
    { kind: 'none' },
  ],
  [
    'a number no account has',
    { to: '+447700900123', channel: 'sms', service: 'instagram' },
    { kind: 'none' },
  ],
]

describe('matching a received code to an account', () => {
  it.each(cases)('%s', (_name, received, expected) => {
    expect(matchInboxCode(received, accounts)).toEqual(expected)
  })

  it('compares numbers written with spaces or dashes as the same number', () => {
    const typed = [account('ig', 'instagram', { sms: '+1 415-555-0100' })]
    expect(matchInboxCode({ to: OFFICE, channel: 'sms', service: null }, typed)).toEqual({
      kind: 'account',
      accountId: 'ig',
    })
  })

  it('finds nothing among no accounts', () => {
    expect(matchInboxCode({ to: OFFICE, channel: 'sms', service: 'instagram' }, [])).toEqual({
      kind: 'none',
    })
  })
})
