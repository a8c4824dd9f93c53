import { Share2 } from 'lucide-react'
import { useState } from 'react'
import type { TeamStatusView } from '../../../shared/domain/team-views.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { plural } from '../../shared/format.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import { InboxSetupButton } from '../inbox/InboxSetupDialog.tsx'
import type { TeamSharing } from './team-sharing.ts'

type JoinedStatus = Extract<TeamStatusView, { joined: true }>

const ROLE_NAMES = { owner: 'owner', admin: 'admin', member: 'member' } as const

/**
 * Under a client's name: whether it is personal (its accounts stay on this computer) or shared, and
 * with whom; admins move a personal client in after a preview of what leaves the machine.
 */
export function ClientSharing({
  client,
  clientId,
  accounts,
  team,
  sharing,
}: {
  client: string
  clientId: string
  accounts: number
  team: JoinedStatus
  sharing: TeamSharing
}) {
  const [previewing, setPreviewing] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const holders = sharing.holders(client)
  if (sharing.shared.has(client))
    return (
      <p className="client-sharing" data-testid="client-sharing">
        <Share2 aria-hidden="true" /> Shared with{' '}
        {holders.map((member) => (member.name === team.member ? 'you' : member.name)).join(', ')}
        {done && <span className="muted"> · {done}</span>}
        {team.role !== 'member' && <InboxSetupButton clientId={clientId} client={client} />}
      </p>
    )
  return (
    <div className="client-sharing" data-testid="client-sharing">
      <span className="muted">Personal: its accounts stay on this computer.</span>
      {team.role !== 'member' && (
        <Button
          variant="secondary"
          className="button-small"
          icon={<Share2 aria-hidden="true" />}
          onClick={() => setPreviewing(true)}
        >
          Share with team…
        </Button>
      )}
      {previewing && (
        <SharePreview
          client={client}
          accounts={accounts}
          team={team}
          sharing={sharing}
          onClose={() => setPreviewing(false)}
          onShared={(message) => {
            setPreviewing(false)
            setDone(message)
          }}
        />
      )}
    </div>
  )
}

function SharePreview({
  client,
  accounts,
  team,
  sharing,
  onClose,
  onShared,
}: {
  client: string
  accounts: number
  team: JoinedStatus
  sharing: TeamSharing
  onClose: () => void
  onShared: (message: string) => void
}) {
  const share = useVaultMutation((name: string) => managerApi().shareTeamClient({ client: name }))
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !share.isPending && onClose()}
      title={`Share ${client} with ${team.team}`}
    >
      <div className="stack">
        <p className="lead">What leaves this computer, and who can open it:</p>
        <ul className="consequences">
          <li>
            {client}’s {plural(accounts, 'account')} — secrets, handles, phone numbers, notes — and the
            client’s name, each sealed with a new key that only the people below hold.
          </li>
          <li>
            Who can open them:{' '}
            {sharing.admins
              .map((member) =>
                member.name === team.member ? 'you' : `${member.name} (${ROLE_NAMES[member.role]})`,
              )
              .join(', ')}
            . Admins hold every shared client; members get it only when you grant it.
          </li>
          <li>
            The team server at <code>{team.server}</code> stores only sealed bytes: it cannot read a secret, a
            handle, a phone number, a note or the client’s name.
          </li>
          <li>Backup codes stay on this computer until someone stores them for the team.</li>
        </ul>
        <ErrorMessage error={share.error} />
        <div className="actions">
          <Button
            busy={share.isPending}
            onClick={() =>
              share.mutate(client, {
                onSuccess: ({ accounts: shared }) => onShared(`${plural(shared, 'account')} shared just now`),
              })
            }
          >
            Share {plural(accounts, 'account')}
          </Button>
          <Button variant="quiet" disabled={share.isPending} onClick={onClose}>
            Cancel
          </Button>
        </div>
      </div>
    </Dialog>
  )
}
