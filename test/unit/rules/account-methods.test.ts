import { describe, expect, it } from 'vitest'
import { computeFlags } from '../../../electron/core/rules/index.ts'
import { defaultPostureSettings, type FlagKind } from '../../../shared/domain/flags.ts'
import { account, off } from './account-fixture.ts'

const NUMBER = '+14155550123'

function flagsOfKind(kind: FlagKind, ...accounts: ReturnType<typeof account>[]) {
  return computeFlags(accounts, defaultPostureSettings).filter((flag) => flag.kind === kind)
}

describe('a healthy account', () => {
  it('raises no flag at all', () => {
    expect(computeFlags([account()], defaultPostureSettings)).toEqual([])
  })
})

describe('no-2fa', () => {
  it('is critical when no method is turned on', () => {
    const bare = account({ handle: 'bare', authenticator: null })
    const flags = flagsOfKind('no-2fa', bare, account())
    expect(flags).toEqual([
      {
        kind: 'no-2fa',
        severity: 'critical',
        accountIds: [bare.id],
        message: '@bare on Instagram has no two-factor method turned on, so its password alone opens it.',
      },
    ])
  })

  it('counts methods saved but turned off, and backup codes, as nothing', () => {
    const flags = flagsOfKind(
      'no-2fa',
      account({ authenticator: 'disabled', sms: off(NUMBER), whatsapp: off(NUMBER) }),
    )
    expect(flags).toHaveLength(1)
  })

  it('is not raised when any one method is on', () => {
    expect(flagsOfKind('no-2fa', account({ authenticator: null, sms: NUMBER }))).toEqual([])
    expect(flagsOfKind('no-2fa', account({ authenticator: 'unverified' }))).toEqual([])
  })
})

describe('sms-only', () => {
  it('warns when SMS is the only method on', () => {
    const flags = flagsOfKind('sms-only', account({ authenticator: null, sms: NUMBER }))
    expect(flags).toHaveLength(1)
    expect(flags[0]?.severity).toBe('warning')
    expect(flags[0]?.message).toContain('only by SMS')
    expect(flags[0]?.message).toContain('SIM swap')
  })

  it('counts SMS with WhatsApp as phone-only, since one SIM swap takes both', () => {
    const flags = flagsOfKind(
      'sms-only',
      account({ authenticator: 'disabled', sms: NUMBER, whatsapp: NUMBER }),
    )
    expect(flags).toHaveLength(1)
    expect(flags[0]?.message).toContain('only by SMS and WhatsApp')
  })

  it('is not raised when an authenticator is on too, or when the SMS method is off', () => {
    expect(flagsOfKind('sms-only', account({ sms: NUMBER }))).toEqual([])
    expect(flagsOfKind('sms-only', account({ authenticator: null, sms: off(NUMBER) }))).toEqual([])
  })
})

describe('whatsapp-without-sms', () => {
  it('warns when Instagram shows WhatsApp on with SMS off, a state Instagram does not allow', () => {
    const record = account({ whatsapp: NUMBER, sms: off(NUMBER) })
    const flags = flagsOfKind('whatsapp-without-sms', record)
    expect(flags).toHaveLength(1)
    expect(flags[0]).toMatchObject({ severity: 'warning', accountIds: [record.id] })
    expect(flags[0]?.message).toContain('Instagram does not allow')
  })

  it('is not raised with SMS on, or on a platform that allows WhatsApp alone', () => {
    expect(flagsOfKind('whatsapp-without-sms', account({ whatsapp: NUMBER, sms: NUMBER }))).toEqual([])
    expect(flagsOfKind('whatsapp-without-sms', account({ platform: 'generic', whatsapp: NUMBER }))).toEqual(
      [],
    )
  })
})
