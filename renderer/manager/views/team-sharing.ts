import type { TeamMemberView } from '../../../shared/domain/team-views.ts'

export interface TeamSharing {
  /** Names of the clients shared with the team. */
  shared: ReadonlySet<string>
  /** Who can open a shared client's accounts: the owner and admins, and the members granted it. */
  holders(client: string): TeamMemberView[]
  /** The owner and admins: whoever a newly shared client is sealed for. */
  admins: TeamMemberView[]
}

/** Who holds what, from the roster: admins and the owner hold every shared client. */
export function teamSharing(members: readonly TeamMemberView[]): TeamSharing {
  const current = members.filter((member) => member.status !== 'removed')
  const admins = current.filter((member) => member.role !== 'member')
  // The owner's list is the team's: this device knows exactly the shared clients it holds.
  const shared = new Set(members.find((member) => member.role === 'owner')?.clients ?? [])
  for (const member of current) for (const client of member.clients) shared.add(client)
  return {
    shared,
    admins,
    holders: (client) =>
      shared.has(client)
        ? current.filter((member) => member.role !== 'member' || member.clients.includes(client))
        : [],
  }
}
