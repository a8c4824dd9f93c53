import { describe, expect, it } from 'vitest'
import { computeFlags } from '../../../electron/core/rules/index.ts'
import { defaultPostureSettings, type FlagKind, type PostureSettings } from '../../../shared/domain/flags.ts'
import { account } from './account-fixture.ts'

const backupKinds: readonly FlagKind[] = [
  'backup-codes-missing',
  'backup-codes-low',
  'backup-codes-exhausted',
]

function backupFlags(
  accounts: ReturnType<typeof account>[],
  settings: PostureSettings = defaultPostureSettings,
) {
  return computeFlags(accounts, settings).filter((flag) => backupKinds.includes(flag.kind))
}

describe('backup-codes-missing', () => {
  it('warns when 2FA is on, the platform offers backup codes and none are saved', () => {
    const record = account({ handle: 'shop', unusedBackupCodes: null })
    expect(backupFlags([record])).toMatchObject([
      { kind: 'backup-codes-missing', severity: 'warning', accountIds: [record.id] },
    ])
  })

  it('is not raised when a set is saved, or when 2FA is off (no-2fa says it all)', () => {
    expect(backupFlags([account()])).toEqual([])
    expect(backupFlags([account({ authenticator: null, unusedBackupCodes: null })])).toEqual([])
  })
})

describe('backup-codes-low', () => {
  it('warns when unused codes fall to the threshold', () => {
    const record = account({ unusedBackupCodes: 2 })
    const flags = backupFlags([record])
    expect(flags).toMatchObject([{ kind: 'backup-codes-low', severity: 'warning', accountIds: [record.id] }])
    expect(flags[0]?.message).toContain('only 2 unused backup codes left')
  })

  it('says "code", not "codes", for the last one', () => {
    expect(backupFlags([account({ unusedBackupCodes: 1 })])[0]?.message).toContain(
      'only 1 unused backup code left',
    )
  })

  it('follows the threshold in the settings', () => {
    expect(backupFlags([account({ unusedBackupCodes: 3 })])).toEqual([])
    expect(backupFlags([account({ unusedBackupCodes: 3 })], { lowBackupCodeThreshold: 3 })).toHaveLength(1)
    expect(backupFlags([account({ unusedBackupCodes: 1 })], { lowBackupCodeThreshold: 0 })).toEqual([])
  })
})

describe('backup-codes-exhausted', () => {
  it('is critical when every code of the set is used, and replaces the low warning', () => {
    const record = account({ unusedBackupCodes: 0 })
    expect(backupFlags([record])).toMatchObject([
      { kind: 'backup-codes-exhausted', severity: 'critical', accountIds: [record.id] },
    ])
  })

  it('is not raised while a code is left', () => {
    expect(backupFlags([account({ unusedBackupCodes: 1 })]).map((flag) => flag.kind)).toEqual([
      'backup-codes-low',
    ])
  })
})
