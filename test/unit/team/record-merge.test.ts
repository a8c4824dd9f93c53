import { describe, expect, it } from 'vitest'
import type { AccountRecord } from '../../../electron/core/team/account-record.ts'
import { mergeRecords } from '../../../electron/core/team/record-merge.ts'

const base: AccountRecord = {
  v: 1,
  platform: 'instagram',
  handle: 'acme',
  displayName: '',
  issuer: 'Instagram',
  label: 'acme',
  notes: 'main account',
  tags: ['social'],
  secret: null,
  sms: { number: '+14155550123', verifiedAt: null },
  whatsapp: null,
}

describe('three-way merge of a team account', () => {
  it('takes each field from the side that changed it', () => {
    const mine = { ...base, notes: 'owner: Ana' }
    const theirs = { ...base, tags: ['social', 'vip'] }
    const { merged, conflicts } = mergeRecords(base, mine, theirs)
    expect(conflicts).toEqual([])
    expect(merged).toEqual({ ...base, notes: 'owner: Ana', tags: ['social', 'vip'] })
  })

  it('keeps the server’s value where both changed one field differently, and reports the field', () => {
    const mine = { ...base, notes: 'mine', label: 'Acme main' }
    const theirs = { ...base, notes: 'theirs' }
    const { merged, conflicts, mine: kept } = mergeRecords(base, mine, theirs)
    expect(conflicts).toEqual(['notes'])
    expect(merged.notes).toBe('theirs')
    expect(merged.label).toBe('Acme main')
    expect(kept.notes).toBe('mine')
  })

  it('sees no conflict when both made the same change', () => {
    const changed = { ...base, sms: null }
    expect(mergeRecords(base, changed, { ...changed }).conflicts).toEqual([])
  })
})
