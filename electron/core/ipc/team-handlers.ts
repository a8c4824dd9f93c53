import {
  teamMemberViewSchema,
  type TeamMemberView,
  type TeamStatusView,
} from '../../../shared/domain/team-views.ts'
import type { Clipboard } from '../clipboard/clipboard.ts'
import type { TeamService } from '../team/team-service.ts'
import type { Vault } from '../vault/vault.ts'
import type { ChannelsUnder, Handlers } from './dispatcher.ts'

type TeamChannels = ChannelsUnder<'team'>

/**
 * Settings → Team: the same TeamService as the CLI's `twofold team`, behind the IPC contract. Following
 * the team live is main's part (it follows a membership wherever it was made, the CLI's too).
 */
export function teamHandlers(
  vault: Vault,
  team: TeamService,
  clipboard: Clipboard,
): Pick<Handlers, TeamChannels> {
  return {
    'team:status': async (): Promise<TeamStatusView> => {
      vault.requireUnlockedDatabase()
      if (!team.joined) return { joined: false }
      return { joined: true, ...(await team.status()) }
    },
    'team:create': async (request) => {
      return await team.create({
        server: request.server,
        setupCode: request.setupCode,
        teamName: request.teamName,
        ...(request.memberName ? { memberName: request.memberName } : {}),
      })
    },
    'team:join': async (request) => {
      return await team.join({
        code: request.code,
        ...(request.memberName ? { memberName: request.memberName } : {}),
      })
    },
    'team:sync': async () => {
      const result = await team.sync()
      return {
        pulled: result.pulled,
        pushed: result.pushed,
        conflicts: result.conflicts.length,
        dropped: result.dropped,
        joins: result.joins.map((join) => ({
          member: join.member,
          confirmed: join.confirmed,
          ...(join.problem ? { problem: join.problem } : {}),
        })),
      }
    },
    'team:conflict': (request) => team.conflict(request.accountId),
    'team:resolve-conflict': (request) => team.resolveConflict(request.accountId, request.choice),
    'team:members': async () => ({
      members: (await team.members()).map((member): TeamMemberView => ({
        name: member.name,
        role: member.role,
        status: teamMemberViewSchema.shape.status.parse(member.status),
        clients: member.clients,
        devices: member.devices,
        inviteExpiresAt: member.inviteExpiresAt,
      })),
    }),
    'team:invite': async (request) => {
      const { code, expiresAt } = await team.invite({
        name: request.name,
        clientNames: request.clientNames,
        admin: request.admin,
      })
      // The window never holds the code: main's clipboard clears it like a copied 2FA code.
      await clipboard.writeText(code)
      return { expiresAt }
    },
    'team:share': (request) => team.share(request.client),
    'team:grant': async (request) => {
      await team.grant(request.member, request.client)
      return {}
    },
    'team:revoke': async (request) => {
      await team.revoke(request.member, request.client)
      return {}
    },
    'team:remove': (request) => team.remove(request.member),
    'team:make-admin': (request) => team.makeAdmin(request.member),
    'team:make-member': (request) => team.makeMember(request.member, request.keepClients),
    'team:audit': (request) => team.readableAudit(request),
    'team:last-changes': () => ({ changes: team.joined ? team.lastChanges() : [] }),
  }
}
