import { describe, expect, it } from 'vitest'
import { heldClientsNotices, teamTrayLine } from '../../../electron/core/team/team-notices.ts'
import type { TeamStatus } from '../../../electron/core/team/team-service.ts'

const status: TeamStatus = {
  server: 'https://team.example.com',
  team: 'Agency',
  member: 'Ben',
  role: 'member',
  device: 'active',
  online: true,
  offlineSince: null,
  live: 'connected',
  liveError: null,
  refused: null,
  lastSync: null,
  pending: 0,
  fingerprint: '12345 67890 12345 67890',
}

describe('what the desktop says about the team', () => {
  it('names the clients shared with this person, and the ones taken away', () => {
    expect(heldClientsNotices({ gained: ['Acme'], lost: [] })).toEqual([
      { title: 'A client was shared with you', body: 'Acme: its accounts are in Twofold now.' },
    ])
    expect(heldClientsNotices({ gained: [], lost: ['Lumen', 'Nordic'] })).toEqual([
      {
        title: 'Clients were taken away',
        body: 'Lumen, Nordic: their accounts were removed from this computer.',
      },
    ])
    expect(heldClientsNotices({ gained: ['A', 'B', 'C', 'D', 'E'], lost: [] })[0]?.body).toBe(
      'A, B, C and 2 more: their accounts are in Twofold now.',
    )
  })

  it('puts the team state in one tray line', () => {
    expect(teamTrayLine(status)).toBe('Team Agency: online')
    expect(teamTrayLine({ ...status, pending: 2 })).toBe('Team Agency: online, sending 2 edits')
    expect(teamTrayLine({ ...status, online: false, pending: 3 })).toBe(
      'Team Agency: offline, 3 edits waiting',
    )
    expect(teamTrayLine({ ...status, device: 'pending' })).toBe(
      'Team Agency: waiting for an admin to confirm this device',
    )
    expect(teamTrayLine({ ...status, refused: 'You were removed from the team.' })).toBe(
      'Team Agency: removed from the team',
    )
  })
})
