import { describe, expect, it } from 'vitest'
import { computeFlags } from '../../../electron/core/rules/index.ts'
import { defaultPostureSettings, type FlagKind } from '../../../shared/domain/flags.ts'
import { account } from './account-fixture.ts'

function flagsOfKind(kind: FlagKind, ...accounts: ReturnType<typeof account>[]) {
  return computeFlags(accounts, defaultPostureSettings).filter((flag) => flag.kind === kind)
}

describe('duplicate-secret', () => {
  it('warns once per group of accounts holding the same authenticator secret', () => {
    const a = account({ handle: 'a', secretFingerprint: 'same' })
    const b = account({ handle: 'b', platform: 'tiktok', secretFingerprint: 'same' })
    const c = account({ handle: 'c', secretFingerprint: 'other' })
    const d = account({ handle: 'd', secretFingerprint: 'other' })
    const flags = flagsOfKind('duplicate-secret', a, b, c, d)
    expect(flags.map((flag) => flag.accountIds)).toEqual([
      [a.id, b.id],
      [c.id, d.id],
    ])
    expect(flags[0]?.severity).toBe('warning')
    expect(flags[0]?.message).toMatch(/^@a and @b hold the same authenticator secret/)
  })

  it('keeps the message one line however many accounts share the secret', () => {
    const many = Array.from({ length: 6 }, (_, index) =>
      account({ handle: `h${index}`, secretFingerprint: 'same' }),
    )
    expect(flagsOfKind('duplicate-secret', ...many)[0]?.message).toMatch(/^@h0, @h1 and 4 more hold/)
  })

  it('is not raised for different secrets or for accounts without one', () => {
    expect(
      flagsOfKind(
        'duplicate-secret',
        account({ secretFingerprint: 'one' }),
        account({ secretFingerprint: 'two' }),
        account({ secretFingerprint: null }),
        account({ secretFingerprint: null }),
      ),
    ).toEqual([])
  })
})

describe('secret-unverified', () => {
  it('informs when an authenticator was never checked against a code', () => {
    const record = account({ handle: 'new', authenticator: 'unverified' })
    expect(flagsOfKind('secret-unverified', record)).toEqual([
      {
        kind: 'secret-unverified',
        severity: 'info',
        accountIds: [record.id],
        message:
          'The authenticator secret of @new was never checked against a code from Instagram; confirm one so a typo cannot lock you out.',
      },
    ])
  })

  it('is not raised for a verified or a turned-off authenticator', () => {
    expect(flagsOfKind('secret-unverified', account(), account({ authenticator: 'disabled' }))).toEqual([])
  })
})
