import { readAudit, report } from './audit-log.ts'
import { addBackupCodes, claimBackupCode } from './backup-codes.ts'
import { changes } from './changes.ts'
import { shareClient, writeRecords } from './content.ts'
import { inviteDevice } from './device-invite.ts'
import { recertifyDevice } from './device-recertify.ts'
import { removeDevice } from './device-removal.ts'
import type { TeamHandlers } from './handler-types.ts'
import { enableInbox, readInbox } from './inbox.ts'
import { disableInbox, inboxStatus } from './inbox-admin.ts'
import { rotateInboxToken } from './inbox-token.ts'
import { confirmDevice, grant, invite } from './membership.ts'
import { changeRole } from './role-change.ts'
import { removeMember, revoke } from './rotation.ts'
import { createTeam, joinTeam, me } from './team-setup.ts'

/** One handler per route of the contract; the registrar checks this list is complete. */
export const teamHandlers: TeamHandlers = {
  'team:create': createTeam,
  'team:join': joinTeam,
  'team:me': me,
  'team:changes': changes,
  'team:invite': invite,
  'team:invite-device': inviteDevice,
  'team:confirm-device': confirmDevice,
  'team:recertify-device': recertifyDevice,
  'team:change-role': changeRole,
  'team:share-client': shareClient,
  'team:write-records': writeRecords,
  'team:grant': grant,
  'team:revoke': revoke,
  'team:remove-member': removeMember,
  'team:remove-device': removeDevice,
  'team:add-backup-codes': addBackupCodes,
  'team:claim-backup-code': claimBackupCode,
  'team:audit': readAudit,
  'team:report': report,
  'team:inbox-enable': enableInbox,
  'team:inbox': readInbox,
  'team:inbox-status': inboxStatus,
  'team:inbox-disable': disableInbox,
  'team:inbox-rotate-token': rotateInboxToken,
}
