import type { TeamRole } from '../../../shared/team/team-api.ts'
import { fromBase64url } from './crypto/base64url.ts'
import { deviceFingerprint } from './crypto/fingerprint.ts'
import { readRoster } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'

export interface TeamMemberView {
  name: string
  role: TeamRole
  status: string
  clients: string[]
  /** The member's first device still in the team (see `devices` for all of them). */
  fingerprint: string | null
  /** Every device of the member not removed, oldest first: `pending` until an admin confirms it. */
  devices: { fingerprint: string; status: 'pending' | 'active' }[]
  /** An invited member's invite: when it stops working, if this device made it. */
  inviteExpiresAt: string | null
}

/** The team's members as the server lists them, with the client names and fingerprints of this device. */
export async function memberViews(session: TeamSession): Promise<TeamMemberView[]> {
  const roster = await readRoster(session)
  const store = session.store()
  const clientName = (teamClientId: string) => {
    const client = store.teamClient(teamClientId)
    if (!client) return null
    return store.db.prepare('SELECT name FROM clients WHERE id = ?').pluck().get(client.clientId) as string
  }
  const allClients = store.teamClients().map((row) => row.teamClientId)
  return roster.members.map((member) => {
    const devices = roster.devices
      .filter((entry) => entry.memberId === member.memberId && entry.status !== 'removed')
      .map((device) => ({
        fingerprint: deviceFingerprint(
          fromBase64url(device.agreementKey, 'agreement key', 32),
          fromBase64url(device.signingKey, 'signing key', 32),
        ),
        status: device.status === 'pending' ? ('pending' as const) : ('active' as const),
      }))
    return {
      name: member.name,
      role: member.role,
      status: member.status,
      clients: (member.role === 'member' ? member.clientIds : allClients)
        .map(clientName)
        .filter((name): name is string => name !== null),
      fingerprint: devices[0]?.fingerprint ?? null,
      devices,
      // Only the admin device that made the invite knows when it runs out.
      inviteExpiresAt: member.status === 'invited' ? store.inviteExpiryOf(member.memberId) : null,
    }
  })
}
