import { describe, expect, it } from 'vitest'
import { computeFlags } from '../../../electron/core/rules/compute-flags.ts'
import type { RuleAccount } from '../../../electron/core/rules/rule-account.ts'

const account = (id: string, team?: RuleAccount['team']): RuleAccount => ({
  id,
  platform: 'instagram',
  handle: id,
  displayName: '',
  issuer: 'Instagram',
  label: id,
  clientId: null,
  clientName: null,
  notes: '',
  tags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: null,
  methods: {
    authenticator: {
      enabled: true,
      type: 'totp',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      verifiedAt: '2026-01-01T00:00:00.000Z',
      addedAt: '2026-01-01T00:00:00.000Z',
    },
    sms: null,
    whatsapp: null,
    backupCodes: {
      total: 10,
      unused: 10,
      used: 0,
      replacedAt: null,
      addedAt: '2026-01-01T00:00:00.000Z',
    },
  },
  secretFingerprint: null,
  ...(team ? { team } : {}),
})

describe('team state flags', () => {
  it('flags an account a former member could have copied, and one changed on two devices', () => {
    const flags = computeFlags(
      [
        account('exposed', { exposedSince: '2026-02-01T00:00:00.000Z', conflictAt: null }),
        account('conflicted', { exposedSince: null, conflictAt: '2026-02-01T00:00:00.000Z' }),
        account('personal'),
      ],
      { lowBackupCodeThreshold: 2 },
    )
    expect(flags.map((flag) => [flag.kind, flag.accountIds])).toEqual([
      ['exposed-to-former-member', ['exposed']],
      ['sync-conflict', ['conflicted']],
    ])
    expect(flags[0]?.message).toMatch(/left the team.*replace it at Instagram and get new backup codes/)
  })
})
