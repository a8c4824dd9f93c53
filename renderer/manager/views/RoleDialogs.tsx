import { useState } from 'react'
import type { TeamMemberView } from '../../../shared/domain/team-views.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Checkbox } from '../../shared/components/Checkbox.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { plural } from '../../shared/format.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

/** What each dialog about one member of the Team view gets: the member, every shared client, and how to end. */
export interface MemberDialogProps {
  member: TeamMemberView
  sharedClients: readonly string[]
  onClose: () => void
  /** Done: the dialog closes and the view shows this message. */
  onDone: (message: string) => void
}

/** Says what an admin can do before a member becomes one: every key is handed over at once. */
export function MakeAdminDialog({ member, sharedClients, onClose, onDone }: MemberDialogProps) {
  const promote = useVaultMutation((request: { member: string }) => managerApi().makeTeamAdmin(request))
  const gained = sharedClients.filter((client) => !member.clients.includes(client))
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !promote.isPending && onClose()}
      title={`Make ${member.name} an admin`}
    >
      <div className="stack">
        <ul className="consequences">
          <li>
            {member.name} will hold every shared client
            {gained.length > 0 ? ` — ${gained.join(', ')} as well` : ''}, and every client shared later: your
            Twofold gives their devices each client’s key now.
          </li>
          <li>They can invite people, grant and take back clients, and remove members.</li>
          <li>
            Only the owner can make them a member again, and the clients they give up then get new keys, since
            they could have copied them.
          </li>
        </ul>
        <ErrorMessage error={promote.error} />
        <div className="actions">
          <Button
            busy={promote.isPending}
            onClick={() =>
              promote.mutate(
                { member: member.name },
                {
                  onSuccess: ({ clients }) =>
                    onDone(
                      `${member.name} is an admin now and holds ${plural(clients, 'shared client')}: they reach their Twofold at its next sync.`,
                    ),
                },
              )
            }
          >
            Make {member.name} an admin
          </Button>
          <Button variant="quiet" disabled={promote.isPending} onClick={onClose}>
            Cancel
          </Button>
        </div>
      </div>
    </Dialog>
  )
}

/**
 * The owner makes an admin a member again, choosing the clients they keep (none unless ticked); the
 * dialog says beforehand that the others are re-keyed and flagged, as a revocation does.
 */
export function MakeMemberDialog({ member, sharedClients, onClose, onDone }: MemberDialogProps) {
  const [keep, setKeep] = useState<ReadonlySet<string>>(new Set())
  const demote = useVaultMutation((request: { member: string; keepClients: string[] }) =>
    managerApi().makeTeamMember(request),
  )
  const losing = sharedClients.filter((client) => !keep.has(client))
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !demote.isPending && onClose()}
      title={`Make ${member.name} a member`}
    >
      <div className="stack">
        <fieldset className="fieldset">
          <legend>Clients {member.name} keeps</legend>
          {sharedClients.length === 0 ? (
            <p className="muted">No client is shared yet.</p>
          ) : (
            sharedClients.map((client) => (
              <Checkbox
                key={client}
                label={client}
                checked={keep.has(client)}
                onCheckedChange={(checked) => {
                  const next = new Set(keep)
                  if (checked) next.add(client)
                  else next.delete(client)
                  setKeep(next)
                }}
              />
            ))
          )}
        </fieldset>
        <ul className="consequences">
          <li>{member.name} can no longer invite, grant, take back or remove.</li>
          {losing.length > 0 && (
            <li>
              {losing.join(', ')} {losing.length === 1 ? 'leaves' : 'leave'} their Twofold and{' '}
              {losing.length === 1 ? 'gets' : 'get'} a new key. What they already copied cannot be recalled:
              every account of {losing.length === 1 ? 'it' : 'them'} is flagged “exposed to a former member”
              until its secret is replaced and new backup codes are stored.
            </li>
          )}
          <li>Devices {member.name} certified are certified again by yours, so they stay trusted.</li>
        </ul>
        <ErrorMessage error={demote.error} />
        {demote.isPending && losing.length > 0 && (
          <p className="muted" role="status">
            Re-keying {plural(losing.length, 'client')} and sealing their accounts again…
          </p>
        )}
        <div className="actions">
          <Button
            variant={losing.length > 0 ? 'danger' : 'primary'}
            busy={demote.isPending}
            onClick={() =>
              demote.mutate(
                { member: member.name, keepClients: [...keep] },
                {
                  onSuccess: ({ rotated }) =>
                    onDone(
                      rotated > 0
                        ? `${member.name} is a member now: ${plural(rotated, 'client')} re-keyed, their accounts flagged.`
                        : `${member.name} is a member now.`,
                    ),
                },
              )
            }
          >
            Make {member.name} a member
          </Button>
          <Button variant="quiet" disabled={demote.isPending} onClick={onClose}>
            Cancel
          </Button>
        </div>
      </div>
    </Dialog>
  )
}
