import { describe, expect, it } from 'vitest'
import { AccountIdentities, type AccountIdentity } from '../../../electron/core/accounts/account-identity.ts'

const account = (overrides: Partial<AccountIdentity> = {}): AccountIdentity => ({
  id: null,
  secretFingerprint: null,
  platform: 'generic',
  handle: 'someone',
  issuer: 'Somewhere',
  accountName: 'someone',
  ...overrides,
})

/** An outside entry that shares nothing with the known accounts unless a test says so. */
const outside = (overrides: Partial<AccountIdentity>) =>
  account({
    platform: 'generic',
    handle: 'stranger',
    issuer: 'Elsewhere',
    accountName: 'stranger',
    ...overrides,
  })

describe('the one account identity rule', () => {
  it('matches by each step alone, and by nothing else', () => {
    const known = new AccountIdentities<string>([
      [account({ id: 'id-a', issuer: 'A', accountName: 'a' }), 'by id'],
      [account({ secretFingerprint: 'f-b', issuer: 'B', accountName: 'b' }), 'by secret'],
      [account({ platform: 'instagram', handle: 'Acme.Bakery', issuer: 'C', accountName: 'c' }), 'by handle'],
      [account({ issuer: 'GitHub', accountName: 'Alice' }), 'by name'],
    ])
    expect(known.match(outside({ id: 'id-a' }))).toEqual({ match: 'by id', reason: 'same account' })
    expect(known.match(outside({ secretFingerprint: 'f-b' }))).toEqual({
      match: 'by secret',
      reason: 'same secret',
    })
    // Handles compare trimmed, in any case, with or without a leading @.
    expect(known.match(outside({ platform: 'instagram', handle: ' @acme.bakery ' }))).toEqual({
      match: 'by handle',
      reason: 'same platform and handle',
    })
    expect(known.match(outside({ issuer: ' github ', accountName: '@ALICE' }))).toEqual({
      match: 'by name',
      reason: 'same issuer and account',
    })
    expect(known.match(outside({}))).toBeUndefined()
    expect(known.match(outside({ id: 'id-z', secretFingerprint: 'f-z' }))).toBeUndefined()
    // The same handle on another platform is another account.
    expect(known.match(outside({ platform: 'tiktok', handle: 'acme.bakery' }))).toBeUndefined()
  })

  it('never matches a generic account by handle alone: one handle lives on many services', () => {
    const known = new AccountIdentities<string>([
      [account({ handle: 'alice', issuer: 'GitHub', accountName: 'alice' }), 'github'],
    ])
    expect(known.match(account({ handle: 'alice', issuer: 'GitLab', accountName: 'alice' }))).toBeUndefined()
    expect(known.match(account({ handle: 'alice', issuer: 'GitHub', accountName: 'alice' }))?.match).toBe(
      'github',
    )
  })

  it('asks the steps in order: id, then secret, then platform and handle, then issuer and name', () => {
    const known = new AccountIdentities<string>([
      [account({ id: 'id-1', issuer: 'One', accountName: 'one' }), 'one'],
      [account({ secretFingerprint: 'f-2', issuer: 'Two', accountName: 'two' }), 'two'],
      [account({ platform: 'x', handle: 'three', issuer: 'Three', accountName: 'three' }), 'three'],
      [account({ issuer: 'Four', accountName: 'four' }), 'four'],
    ])
    const everything = {
      id: 'id-1',
      secretFingerprint: 'f-2',
      platform: 'x',
      handle: 'three',
      issuer: 'Four',
      accountName: 'four',
    }
    expect(known.match(everything)?.match).toBe('one')
    expect(known.match({ ...everything, id: null })?.match).toBe('two')
    expect(known.match({ ...everything, id: null, secretFingerprint: null })?.match).toBe('three')
    expect(
      known.match({ ...everything, id: null, secretFingerprint: null, platform: 'generic' })?.match,
    ).toBe('four')
  })

  it('keeps the first account known under a key, so a repeat in a file points at the first', () => {
    const known = new AccountIdentities<string>()
    known.add(account({ secretFingerprint: 'f', issuer: 'A', accountName: 'a' }), 'first')
    known.add(account({ secretFingerprint: 'f', issuer: 'B', accountName: 'b' }), 'second')
    expect(known.match(outside({ secretFingerprint: 'f' }))?.match).toBe('first')
    expect(known.match(outside({ issuer: 'B', accountName: 'b' }))?.match).toBe('second')
  })
})
