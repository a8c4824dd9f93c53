import { UserMinus, UserPlus, X } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import type { TeamMemberView, TeamStatusView } from '../../../shared/domain/team-views.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Checkbox } from '../../shared/components/Checkbox.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { StatusMessage } from '../../shared/components/StatusMessage.tsx'
import { formatDateTime, plural } from '../../shared/format.ts'
import { useNow } from '../../shared/use-now.ts'
import { useTeamMembers } from '../data/queries.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import { MakeAdminDialog, MakeMemberDialog, type MemberDialogProps } from './RoleDialogs.tsx'

type JoinedStatus = Extract<TeamStatusView, { joined: true }>
type OpenDialog = { kind: 'invite' } | { kind: 'grant' | 'role' | 'remove'; member: TeamMemberView }

const ROLES: Record<TeamMemberView['role'], string> = { owner: 'Owner', admin: 'Admin', member: 'Member' }
const STATUSES: Record<TeamMemberView['status'], string> = {
  invited: 'Invited',
  joined: 'Waiting for confirmation',
  active: 'Active',
  removed: 'Removed',
}

/**
 * The team's members: role, status, the clients each holds and their devices' fingerprints. Admins
 * invite, grant and revoke clients, and remove people, each saying beforehand what it does.
 */
export function TeamView({ status }: { status: JoinedStatus }) {
  const members = useTeamMembers()
  const admin = status.role !== 'member'
  // At most one dialog is open; each ends by closing, or by closing with what to tell the person.
  const [dialog, setDialog] = useState<OpenDialog | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const close = () => setDialog(null)
  const finish = (message: string) => {
    setDialog(null)
    setDone(message)
  }
  const revoke = useVaultMutation((request: { member: string; client: string }) =>
    managerApi().revokeTeamClient(request),
  )
  const list = members.data ?? []
  // Admins and the owner hold every shared client: the owner's list is the team's.
  const sharedClients = list.find((member) => member.role === 'owner')?.clients ?? []
  const current = list.filter((member) => member.status !== 'removed')
  const removed = list.filter((member) => member.status === 'removed')

  return (
    <section className="view team-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Team · {status.team}</h1>
        {admin && (
          <Button icon={<UserPlus aria-hidden="true" />} onClick={() => setDialog({ kind: 'invite' })}>
            Invite…
          </Button>
        )}
      </header>
      <div className="view-scroll stack">
        <ErrorMessage error={members.error ?? revoke.error} />
        <StatusMessage>{done}</StatusMessage>
        {members.isPending && <p className="muted loading">Loading members…</p>}
        {current.length > 0 && (
          <table className="table team-table">
            <caption className="visually-hidden">Members of {status.team}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Clients</th>
                <th scope="col">Device fingerprints</th>
                {admin && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {current.map((member) => (
                <tr key={member.name}>
                  <th scope="row">
                    {member.name}
                    {member.name === status.member && <span className="muted"> (you)</span>}
                  </th>
                  <td>{ROLES[member.role]}</td>
                  <td>
                    {STATUSES[member.status]}
                    {member.inviteExpiresAt && <InviteExpiry at={member.inviteExpiresAt} />}
                  </td>
                  <td>
                    {member.role !== 'member' ? (
                      <span className="muted">Every shared client</span>
                    ) : member.clients.length === 0 ? (
                      <span className="muted">None</span>
                    ) : (
                      <ul className="chips">
                        {member.clients.map((client) => (
                          <li key={client}>
                            {client}
                            {admin && (
                              <button
                                type="button"
                                className="chip-remove"
                                aria-label={`Take ${client} back from ${member.name}`}
                                disabled={revoke.isPending}
                                onClick={() => {
                                  setDone(null)
                                  revoke.mutate(
                                    { member: member.name, client },
                                    {
                                      onSuccess: () =>
                                        setDone(
                                          `${client} taken back from ${member.name}: its key was replaced for those who keep it.`,
                                        ),
                                    },
                                  )
                                }}
                              >
                                <X aria-hidden="true" />
                              </button>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {member.devices.length === 0 ? (
                      <span className="muted">Not joined yet</span>
                    ) : (
                      <ul className="plain-list">
                        {member.devices.map((device) => (
                          <li key={device.fingerprint}>
                            <code>{device.fingerprint}</code>
                            {device.status === 'pending' && <span className="muted"> (pending)</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  {admin && (
                    <td className="row-actions">
                      {member.role === 'member' && member.status !== 'removed' && (
                        <Button
                          variant="quiet"
                          className="button-small"
                          aria-label={`Grant ${member.name} a client`}
                          disabled={sharedClients.every((client) => member.clients.includes(client))}
                          onClick={() => setDialog({ kind: 'grant', member })}
                        >
                          Grant…
                        </Button>
                      )}
                      {member.name !== status.member &&
                        (member.role === 'member' ||
                          (member.role === 'admin' && status.role === 'owner')) && (
                          <Button
                            variant="quiet"
                            className="button-small"
                            // The visible words first (axe: the name must contain what is shown), then whose row.
                            aria-label={`${member.role === 'member' ? 'Make admin' : 'Make member'}: ${member.name}`}
                            onClick={() => setDialog({ kind: 'role', member })}
                          >
                            {member.role === 'member' ? 'Make admin…' : 'Make member…'}
                          </Button>
                        )}
                      {member.role !== 'owner' && member.name !== status.member && (
                        <Button
                          variant="quiet"
                          className="button-small"
                          icon={<UserMinus aria-hidden="true" />}
                          aria-label={`Remove ${member.name}`}
                          onClick={() => setDialog({ kind: 'remove', member })}
                        >
                          Remove…
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {removed.length > 0 && (
          <p className="muted">Removed: {removed.map((member) => member.name).join(', ')}.</p>
        )}
      </div>
      {dialog?.kind === 'invite' && (
        <InviteDialog clients={sharedClients} onClose={close} onInvited={finish} />
      )}
      {dialog?.kind === 'grant' && (
        <GrantDialog
          member={dialog.member}
          clients={sharedClients.filter((client) => !dialog.member.clients.includes(client))}
          onClose={close}
          onGranted={finish}
        />
      )}
      {dialog?.kind === 'role' &&
        (dialog.member.role === 'member' ? (
          <MakeAdminDialog
            member={dialog.member}
            sharedClients={sharedClients}
            onClose={close}
            onDone={finish}
          />
        ) : (
          <MakeMemberDialog
            member={dialog.member}
            sharedClients={sharedClients}
            onClose={close}
            onDone={finish}
          />
        ))}
      {dialog?.kind === 'remove' && (
        <RemoveDialog member={dialog.member} sharedClients={sharedClients} onClose={close} onDone={finish} />
      )}
    </section>
  )
}

function InviteDialog({
  clients,
  onClose,
  onInvited,
}: {
  clients: readonly string[]
  onClose: () => void
  onInvited: (message: string) => void
}) {
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [admin, setAdmin] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const invite = useVaultMutation((request: { name: string; clientNames: string[]; admin: boolean }) =>
    managerApi().inviteTeamMember(request),
  )

  function submit(event: FormEvent) {
    event.preventDefault()
    if (name.trim() === '') return setProblem('Name the person you invite.')
    setProblem(null)
    const clientNames = admin ? [] : [...chosen]
    invite.mutate(
      { name: name.trim(), clientNames, admin },
      {
        onSuccess: ({ expiresAt }) =>
          onInvited(
            `Invite code for ${name.trim()} copied to the clipboard: send it to them privately. It works once, until ${formatDateTime(expiresAt)}.`,
          ),
      },
    )
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Invite someone">
      <form className="stack" onSubmit={submit} noValidate>
        <Field label="Their name" maxLength={100} autoFocus value={name} onValueChange={setName} />
        <Checkbox
          label="Admin"
          hint="Admins hold every shared client and can invite, grant and remove."
          checked={admin}
          onCheckedChange={setAdmin}
        />
        {!admin && (
          <fieldset className="fieldset">
            <legend>Clients they may see</legend>
            {clients.length === 0 ? (
              <p className="muted">No client is shared yet.</p>
            ) : (
              clients.map((client) => (
                <Checkbox
                  key={client}
                  label={client}
                  checked={chosen.has(client)}
                  onCheckedChange={(checked) => {
                    const next = new Set(chosen)
                    if (checked) next.add(client)
                    else next.delete(client)
                    setChosen(next)
                  }}
                />
              ))
            )}
          </fieldset>
        )}
        <p className="field-hint">
          The code is copied to the clipboard, not shown. Their Twofold proves it holds the code; yours checks
          that proof at its next sync before giving them any key.
        </p>
        <ErrorMessage error={problem ?? invite.error} />
        <div className="actions">
          <Button type="submit" busy={invite.isPending}>
            Copy invite code
          </Button>
          <Button variant="quiet" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

function GrantDialog({
  member,
  clients,
  onClose,
  onGranted,
}: {
  member: TeamMemberView
  clients: readonly string[]
  onClose: () => void
  onGranted: (message: string) => void
}) {
  const [client, setClient] = useState(clients[0] ?? '')
  const grant = useVaultMutation((request: { member: string; client: string }) =>
    managerApi().grantTeamClient(request),
  )
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Grant ${member.name} a client`}>
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          grant.mutate(
            { member: member.name, client },
            {
              onSuccess: () =>
                onGranted(`${member.name} holds ${client} now: it reaches their Twofold at its next sync.`),
            },
          )
        }}
      >
        <fieldset className="fieldset">
          <legend>Client</legend>
          {clients.map((name) => (
            <label key={name} className="radio-row">
              <input
                type="radio"
                name="grant-client"
                checked={client === name}
                onChange={() => setClient(name)}
              />
              <span>{name}</span>
            </label>
          ))}
        </fieldset>
        <p className="field-hint">
          Its key is wrapped to {member.name}’s devices: they can read and change its accounts.
        </p>
        <ErrorMessage error={grant.error} />
        <div className="actions">
          <Button type="submit" busy={grant.isPending} disabled={client === ''}>
            Grant
          </Button>
          <Button variant="quiet" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

function RemoveDialog({ member, sharedClients, onClose, onDone }: MemberDialogProps) {
  const remove = useVaultMutation((request: { member: string }) => managerApi().removeTeamMember(request))
  const held = member.role === 'member' ? member.clients : sharedClients
  const joined = member.devices.length > 0
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !remove.isPending && onClose()}
      title={`Remove ${member.name}`}
    >
      <div className="stack">
        {joined ? (
          <ul className="consequences">
            <li>{member.name}’s Twofold is refused by the server from now on.</li>
            {held.length > 0 && (
              <li>
                {held.join(', ')} {held.length === 1 ? 'gets' : 'get'} a new key, and every account is sealed
                again for the people who stay.
              </li>
            )}
            <li>
              What {member.name} already copied cannot be recalled: every account of{' '}
              {held.length > 0 ? held.join(', ') : 'the clients they held'} is flagged “exposed to a former
              member” until its secret is replaced at the service and new backup codes are stored.
            </li>
          </ul>
        ) : (
          <p className="lead">
            {member.name} has not joined yet: their invite code stops working, and no key ever reached them.
          </p>
        )}
        <ErrorMessage error={remove.error} />
        {remove.isPending && (
          <p className="muted" role="status">
            {held.length > 0 && joined
              ? `Re-keying ${plural(held.length, 'client')} and sealing their accounts again…`
              : 'Removing…'}
          </p>
        )}
        <div className="actions">
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={() =>
              remove.mutate(
                { member: member.name },
                {
                  onSuccess: ({ rotated }) =>
                    onDone(
                      rotated > 0
                        ? `${member.name} removed: ${plural(rotated, 'client')} re-keyed, their accounts flagged.`
                        : `${member.name} removed.`,
                    ),
                },
              )
            }
          >
            Remove {member.name}
          </Button>
          <Button variant="quiet" disabled={remove.isPending} onClick={onClose}>
            Cancel
          </Button>
        </div>
      </div>
    </Dialog>
  )
}

/** Under "Invited": until when the code works, or that it no longer does (remove and invite again). */
function InviteExpiry({ at }: { at: string }) {
  const now = useNow()
  const expired = new Date(at).getTime() <= now
  return (
    <span className={expired ? 'invite-expiry is-expired' : 'invite-expiry'}>
      {expired ? 'Invite expired: remove and invite again' : `Code works until ${formatDateTime(at)}`}
    </span>
  )
}
