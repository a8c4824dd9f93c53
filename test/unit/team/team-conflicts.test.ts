import { describe, expect, it } from 'vitest'
import type { AccountRecord } from '../../../electron/core/team/account-record.ts'
import { conflictAfter, differingFields } from '../../../electron/core/team/team-conflicts.ts'

const record: AccountRecord = {
  v: 1,
  platform: 'instagram',
  handle: 'acme',
  displayName: '',
  issuer: 'Instagram',
  label: 'acme',
  notes: 'team notes',
  tags: [],
  secret: null,
  sms: null,
  whatsapp: null,
}

describe('the version a sync conflict keeps beside the account', () => {
  it('is the written account with this device’s values of the fields just found in conflict', () => {
    const local = { ...record, notes: 'my notes', label: 'mine too' }
    const kept = conflictAfter(record, null, { local, fields: ['notes'] })
    // The label merged cleanly elsewhere: only the conflicting field differs from the account.
    expect(kept && differingFields(kept, record)).toEqual(['notes'])
    expect(kept?.notes).toBe('my notes')
  })

  it('carries an unchosen field through a later clean sync of another field', () => {
    const pending = { ...record, notes: 'my notes' }
    const written = { ...record, tags: ['vip'] }
    const kept = conflictAfter(written, { local: record, pending }, null)
    expect(kept).toEqual({ ...written, notes: 'my notes' })
  })

  it('is gone once both sides hold the same value (someone typed the other’s version)', () => {
    const pending = { ...record, notes: 'my notes' }
    const written = { ...record, notes: 'my notes' }
    expect(conflictAfter(written, { local: record, pending }, null)).toBeNull()
  })

  it('adds a new conflict to one still waiting, each field keeping this device’s value', () => {
    const local = { ...record, label: 'my label' }
    const pending = { ...local, notes: 'my notes' }
    const written = { ...record, label: 'their label' }
    const kept = conflictAfter(written, { local, pending }, { local, fields: ['label'] })
    expect(kept && differingFields(kept, written)).toEqual(['label', 'notes'])
    expect(kept).toMatchObject({ notes: 'my notes', label: 'my label' })
  })
})
