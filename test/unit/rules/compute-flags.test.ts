import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  computeFlags,
  accountsWithWarnings,
  countByKind,
  flagsForAccount,
  flagsNamingAny,
  type RuleAccount,
} from '../../../electron/core/rules/index.ts'
import {
  defaultPostureSettings,
  flagKinds,
  postureFlagSchema,
  type PostureFlag,
} from '../../../shared/domain/flags.ts'
import { platformIds } from '../../../shared/domain/platforms.ts'
import { account } from './account-fixture.ts'

const NUMBER = '+14155550123'

function summary(flags: readonly PostureFlag[]) {
  return flags.map((flag) => `${flag.severity} ${flag.kind} ${flag.accountIds.join('+')}`)
}

describe('computeFlags', () => {
  it('orders by severity, then kind, then the position of the first account', () => {
    const noTwoFactor = account({ id: 'no-2fa', authenticator: null })
    const unverified = account({ id: 'unverified', authenticator: 'unverified' })
    const smsOnly = account({ id: 'sms-only', authenticator: null, sms: NUMBER })
    const shared = account({ id: 'shared', sms: NUMBER })
    const exhausted = account({ id: 'exhausted', unusedBackupCodes: 0 })
    const flags = computeFlags([unverified, smsOnly, shared, exhausted, noTwoFactor], defaultPostureSettings)
    expect(summary(flags)).toEqual([
      'critical no-2fa no-2fa',
      'critical backup-codes-exhausted exhausted',
      'warning shared-phone sms-only+shared',
      'warning sms-only sms-only',
      'info secret-unverified unverified',
    ])
  })

  it('follows the order accounts are given in for flags of one kind', () => {
    const a = account({ id: 'a', authenticator: null })
    const b = account({ id: 'b', authenticator: null })
    expect(summary(computeFlags([b, a], defaultPostureSettings))).toEqual([
      'critical no-2fa b',
      'critical no-2fa a',
    ])
  })

  it('gives the same flags in the same order every time', () => {
    const accounts = [
      account({ sms: NUMBER, authenticator: null }),
      account({ platform: 'google', sms: NUMBER }),
      account({ platform: 'google', sms: NUMBER, unusedBackupCodes: 1 }),
      account({ secretFingerprint: 'x', authenticator: 'unverified' }),
      account({ secretFingerprint: 'x', whatsapp: NUMBER }),
    ]
    expect(computeFlags(accounts, defaultPostureSettings)).toEqual(
      computeFlags(accounts, defaultPostureSettings),
    )
  })

  it('does not let an account listed twice share a number or a secret with itself', () => {
    const record = account({ sms: NUMBER, secretFingerprint: 'fp' })
    expect(computeFlags([record, record], defaultPostureSettings)).toEqual([])
  })

  it('returns no flags for no accounts', () => {
    expect(computeFlags([], defaultPostureSettings)).toEqual([])
  })

  it('never throws, and names only accounts it was given, whatever the accounts look like', () => {
    fc.assert(
      fc.property(
        fc.array(ruleAccountArbitrary, { maxLength: 30 }),
        fc.integer({ min: 0, max: 100 }),
        (accounts, threshold) => {
          const flags = computeFlags(accounts, { lowBackupCodeThreshold: threshold })
          const ids = new Set(accounts.map((candidate) => candidate.id))
          for (const flag of flags) {
            expect(postureFlagSchema.safeParse(flag).success).toBe(true)
            for (const id of flag.accountIds) expect(ids.has(id)).toBe(true)
          }
          const ranks = flags.map((flag) => ['critical', 'warning', 'info'].indexOf(flag.severity))
          expect(ranks).toEqual([...ranks].sort((x, y) => x - y))
        },
      ),
    )
  })
})

describe('flagsForAccount and countByKind', () => {
  const alice = account({ id: 'alice', sms: NUMBER, authenticator: null })
  const bob = account({ id: 'bob', sms: NUMBER, unusedBackupCodes: null })
  const flags = computeFlags([alice, bob], defaultPostureSettings)

  it('picks the flags that name one account', () => {
    expect(flagsForAccount(flags, 'alice').map((flag) => flag.kind)).toEqual(['shared-phone', 'sms-only'])
    expect(flagsForAccount(flags, 'bob').map((flag) => flag.kind)).toEqual([
      'shared-phone',
      'backup-codes-missing',
    ])
    expect(flagsForAccount(flags, 'nobody')).toEqual([])
  })

  it('picks the flags naming any of several accounts, and the accounts a warning names', () => {
    expect(flagsNamingAny(flags, ['alice', 'nobody']).map((flag) => flag.kind)).toEqual([
      'shared-phone',
      'sms-only',
    ])
    expect(flagsNamingAny(flags, ['alice', 'bob'])).toEqual(flags)
    expect(flagsNamingAny(flags, [])).toEqual([])
    // An unverified secret is only "info": no warning marks its account.
    const onlyInfo = computeFlags(
      [account({ id: 'carol', authenticator: 'unverified' })],
      defaultPostureSettings,
    )
    expect(onlyInfo.map((flag) => flag.severity)).toEqual(['info'])
    expect(accountsWithWarnings(onlyInfo)).toEqual(new Set())
    expect(accountsWithWarnings(flags)).toEqual(new Set(['alice', 'bob']))
  })

  it('counts every kind, zero included', () => {
    const counts = countByKind(flags)
    expect(Object.keys(counts).sort()).toEqual([...flagKinds].sort())
    expect(counts).toMatchObject({ 'shared-phone': 1, 'sms-only': 1, 'backup-codes-missing': 1, 'no-2fa': 0 })
  })
})

const at = fc.constant('2025-01-01T00:00:00.000Z')
const phoneArbitrary = fc.record({
  enabled: fc.boolean(),
  phone: fc.constantFrom('+14155550123', '+442079460958', '', 'not a number', '+1'),
  verifiedAt: fc.option(at),
  addedAt: at,
})
const ruleAccountArbitrary: fc.Arbitrary<RuleAccount> = fc
  .record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    platform: fc.constantFrom(...platformIds),
    handle: fc.string(),
    displayName: fc.string(),
    issuer: fc.string(),
    label: fc.string(),
    authenticator: fc.option(
      fc.record({
        enabled: fc.boolean(),
        type: fc.constantFrom('totp' as const, 'hotp' as const, 'steam' as const),
        algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
        digits: fc.integer({ min: 5, max: 10 }),
        period: fc.integer({ min: 1, max: 120 }),
        verifiedAt: fc.option(at),
        addedAt: at,
      }),
    ),
    sms: fc.option(phoneArbitrary),
    whatsapp: fc.option(phoneArbitrary),
    backupCodes: fc.option(
      fc.record({
        total: fc.nat(20),
        unused: fc.nat(20),
        used: fc.nat(20),
        replacedAt: fc.option(at),
        addedAt: at,
      }),
    ),
    secretFingerprint: fc.option(fc.constantFrom('fp-1', 'fp-2', '')),
  })
  .map(({ id, platform, handle, displayName, issuer, label, secretFingerprint, ...methods }) => ({
    ...account({ id, platform }),
    handle,
    displayName,
    issuer,
    label,
    methods,
    secretFingerprint,
  }))
