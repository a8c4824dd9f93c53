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

  it('says what an exposed account still needs: secret, backup codes or both', () => {
    const since = '2026-02-01T00:00:00.000Z'
    const exposed = (id: string, exposure: NonNullable<RuleAccount['team']>['exposure']) =>
      account(id, { exposedSince: since, exposure, conflictAt: null })
    const messages = computeFlags(
      [
        exposed('both-left', { secretReplaced: false, backupCodesReissued: false }),
        exposed('codes-left', { secretReplaced: true, backupCodesReissued: false }),
        exposed('secret-left', { secretReplaced: false, backupCodesReissued: true }),
        exposed('no-codes', { secretReplaced: false, backupCodesReissued: null }),
      ],
      { lowBackupCodeThreshold: 2 },
    )
      .filter((flag) => flag.kind === 'exposed-to-former-member')
      .map((flag) => [flag.accountIds[0], flag.message])
    expect(Object.fromEntries(messages)).toEqual({
      'both-left':
        'Someone who left the team could have copied the secret of @both-left: replace it at Instagram and get new backup codes.',
      'codes-left':
        'Someone who left the team could have copied the secret of @codes-left: secret replaced; backup codes still to re-issue: get new ones at Instagram and store them here.',
      'secret-left':
        'Someone who left the team could have copied the secret of @secret-left: new backup codes are stored; the secret is still to replace at Instagram.',
      'no-codes':
        'Someone who left the team could have copied the secret of @no-codes: replace it at Instagram; it had no backup codes stored, so nothing else is left.',
    })
  })
})
