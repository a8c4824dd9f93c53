import { describe, expect, it } from 'vitest'
import { computeFlags } from '../../../electron/core/rules/index.ts'
import { defaultPostureSettings } from '../../../shared/domain/flags.ts'
import { account, off } from './account-fixture.ts'

const NUMBER = '+14155550123'
const OTHER_NUMBER = '+442079460958'

function sharedPhoneFlags(...accounts: ReturnType<typeof account>[]) {
  return computeFlags(accounts, defaultPostureSettings).filter((flag) => flag.kind === 'shared-phone')
}

describe('shared-phone', () => {
  it('warns once, naming both, when two Instagram accounts have the same SMS number', () => {
    const alice = account({ handle: 'alice', sms: NUMBER })
    const bob = account({ handle: 'bob', sms: NUMBER })
    const flags = sharedPhoneFlags(alice, bob)
    expect(flags).toHaveLength(1)
    expect(flags[0]).toMatchObject({ severity: 'warning', accountIds: [alice.id, bob.id], phone: NUMBER })
    expect(flags[0]?.message).toContain('2 accounts on Instagram')
    expect(flags[0]?.message).toContain('whichever account claimed it last')
  })

  it('counts a WhatsApp number of one account against the SMS number of another', () => {
    const flags = sharedPhoneFlags(
      account({ sms: NUMBER }),
      account({ sms: NUMBER, whatsapp: NUMBER }),
      account({ whatsapp: NUMBER }),
    )
    expect(flags).toHaveLength(1)
    expect(flags[0]?.accountIds).toHaveLength(3)
    expect(flags[0]?.message).toContain('3 accounts on Instagram')
  })

  it('shows the number masked in the message, never whole', () => {
    const [flag] = sharedPhoneFlags(account({ sms: NUMBER }), account({ sms: NUMBER }))
    expect(flag?.message).toMatch(/^\+1 ••• ••• 0123 is the 2FA number/)
    expect(flag?.message).not.toContain('4155550123')
  })

  it('only informs when the number is shared across different platforms', () => {
    const instagram = account({ platform: 'instagram', sms: NUMBER })
    const tiktok = account({ platform: 'tiktok', sms: NUMBER })
    const flags = sharedPhoneFlags(instagram, tiktok)
    expect(flags).toHaveLength(1)
    expect(flags[0]).toMatchObject({ severity: 'info', accountIds: [instagram.id, tiktok.id], phone: NUMBER })
    expect(flags[0]?.message).toContain('across Instagram and TikTok')
  })

  it('only informs when the platform lets a number protect several accounts', () => {
    const flags = sharedPhoneFlags(
      account({ platform: 'google', sms: NUMBER }),
      account({ platform: 'google', sms: NUMBER }),
    )
    expect(flags).toHaveLength(1)
    expect(flags[0]?.severity).toBe('info')
    expect(flags[0]?.message).toContain('Google allows that')
  })

  it('warns for the same-platform pair and informs about the whole number when both happen', () => {
    const first = account({ platform: 'instagram', sms: NUMBER })
    const second = account({ platform: 'instagram', sms: NUMBER })
    const tiktok = account({ platform: 'tiktok', sms: NUMBER })
    const flags = sharedPhoneFlags(first, second, tiktok)
    expect(flags.map((flag) => [flag.severity, flag.accountIds])).toEqual([
      ['warning', [first.id, second.id]],
      ['info', [first.id, second.id, tiktok.id]],
    ])
  })

  it('gives each shared number its own flag', () => {
    const flags = sharedPhoneFlags(
      account({ sms: NUMBER }),
      account({ sms: NUMBER }),
      account({ sms: OTHER_NUMBER }),
      account({ sms: OTHER_NUMBER }),
    )
    expect(flags.map((flag) => flag.phone).sort()).toEqual([NUMBER, OTHER_NUMBER].sort())
  })

  it('tells other services apart by issuer', () => {
    const flags = sharedPhoneFlags(
      account({ platform: 'generic', issuer: 'Shopify', sms: NUMBER }),
      account({ platform: 'generic', issuer: 'Discord', sms: NUMBER }),
    )
    expect(flags).toHaveLength(1)
    expect(flags[0]?.message).toContain('across Shopify and Discord')
  })

  it('does not flag one account using the same number for its own SMS and WhatsApp', () => {
    expect(
      sharedPhoneFlags(account({ sms: NUMBER, whatsapp: NUMBER }), account({ sms: OTHER_NUMBER })),
    ).toEqual([])
  })

  it('does not count a number whose method is turned off', () => {
    expect(sharedPhoneFlags(account({ sms: NUMBER }), account({ sms: off(NUMBER) }))).toEqual([])
    expect(
      sharedPhoneFlags(account({ sms: NUMBER }), account({ sms: OTHER_NUMBER, whatsapp: off(NUMBER) })),
    ).toEqual([])
  })

  it('does not flag different numbers', () => {
    expect(sharedPhoneFlags(account({ sms: NUMBER }), account({ sms: OTHER_NUMBER }))).toEqual([])
  })
})
