import { describe, expect, it } from 'vitest'
import type { InboxEntry } from '../../../electron/core/inbox/inbox-entry.ts'
import { inboxNotices } from '../../../electron/core/inbox/inbox-notices.ts'

const NOW = Date.parse('2026-12-06T12:00:00Z')
const handles: Record<string, string> = { a1: '@acme.bakery', a2: '@acme.cafe' }
const handleOf = (id: string) => handles[id] ?? null

function entry(overrides: Partial<InboxEntry> = {}): InboxEntry {
  return {
    messageId: 'm1',
    clientId: 'c1',
    provider: 'json',
    channel: 'sms',
    receivedAt: new Date(NOW - 40_000).toISOString(),
    expiresAt: new Date(NOW + 24 * 3600_000).toISOString(),
    from: '+15550001111',
    to: '+447911123456',
    code: '123456',
    service: 'instagram',
    match: { kind: 'account', accountId: 'a1' },
    ...overrides,
  }
}

describe('inbox notifications', () => {
  it('name the account and the channel, never the code', () => {
    const notices = inboxNotices([entry(), entry({ messageId: 'm2', channel: 'whatsapp' })], handleOf, NOW)
    expect(notices).toEqual([
      { title: 'SMS code for @acme.bakery', body: 'Open Twofold to copy it.' },
      { title: 'WhatsApp code for @acme.bakery', body: 'Open Twofold to copy it.' },
    ])
    expect(JSON.stringify(notices)).not.toMatch(/123/)
  })

  it('say a shared number is shared instead of naming one account, with the number masked', () => {
    const [notice] = inboxNotices(
      [entry({ match: { kind: 'shared-phone', accountIds: ['a1', 'a2'], phone: '+447911123456' } })],
      handleOf,
      NOW,
    )
    expect(notice?.title).toBe('SMS code for +44 ••• ••• 3456')
    expect(notice?.body).toContain('shared by 2 accounts')
    expect(JSON.stringify(notice)).not.toContain('7911123456')
  })

  it('stay quiet for the backlog opened at unlock, messages with no code and accounts gone or unknown', () => {
    const old = entry({ receivedAt: new Date(NOW - 11 * 60_000).toISOString() })
    const noCode = entry({ code: null })
    const unmatched = entry({ match: { kind: 'none' } })
    const deleted = entry({ match: { kind: 'account', accountId: 'gone' } })
    expect(inboxNotices([old, noCode, unmatched, deleted], handleOf, NOW)).toEqual([])
  })

  it('turn a burst of codes into one notice rather than a wall of them', () => {
    const burst = ['m1', 'm2', 'm3', 'm4'].map((messageId) => entry({ messageId }))
    expect(inboxNotices(burst, handleOf, NOW)).toEqual([
      { title: '4 new codes', body: 'Open Twofold to copy them.' },
    ])
  })
})
