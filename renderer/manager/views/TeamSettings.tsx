import { RefreshCw, UserPlus, Users } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import type { TeamStatusView, TeamSyncView } from '../../../shared/domain/team-views.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { StatusMessage } from '../../shared/components/StatusMessage.tsx'
import { formatDateTime, plural } from '../../shared/format.ts'
import { useTeamStatus } from '../data/queries.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

type JoinedStatus = Extract<TeamStatusView, { joined: true }>

/**
 * Settings → Team: create a team or join one, then where this device stands at a glance — online or
 * since when not, the last sync, edits waiting for the server — with "Sync now".
 */
export function TeamSettings() {
  const status = useTeamStatus()
  return (
    <section className="panel" aria-labelledby="team-heading">
      <h2 id="team-heading">Team</h2>
      <ErrorMessage error={status.error} />
      {status.data && (status.data.joined ? <TeamPanel status={status.data} /> : <NoTeamYet />)}
    </section>
  )
}

function NoTeamYet() {
  const id = useId()
  const [mode, setMode] = useState<'join' | 'create'>('join')
  return (
    <div className="stack">
      <p className="muted">
        Share clients’ accounts with colleagues, each on their own computer. Secrets, handles, phone numbers,
        notes and client names are encrypted for the people granted that client: the team server cannot read
        them.
      </p>
      <fieldset className="fieldset">
        <legend>This computer</legend>
        <div className="segmented">
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'join'}
              onChange={() => setMode('join')}
            />
            <span>Join a team</span>
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'create'}
              onChange={() => setMode('create')}
            />
            <span>Create a team</span>
          </label>
        </div>
      </fieldset>
      {mode === 'join' ? <JoinForm /> : <CreateForm />}
    </div>
  )
}

function CreateForm() {
  const [server, setServer] = useState('')
  const [setupCode, setSetupCode] = useState('')
  const [teamName, setTeamName] = useState('')
  const [memberName, setMemberName] = useState('')
  const create = useVaultMutation(
    (request: { server: string; setupCode: string; teamName: string; memberName: string }) =>
      managerApi().createTeam({
        server: request.server,
        setupCode: request.setupCode,
        teamName: request.teamName,
        ...(request.memberName.trim() ? { memberName: request.memberName } : {}),
      }),
    // The setup code opens the server to one team: not kept once the answer is in.
    { holdsSecrets: true },
  )

  function submit(event: FormEvent) {
    event.preventDefault()
    create.mutate({ server, setupCode, teamName, memberName }, { onSuccess: () => setSetupCode('') })
  }

  return (
    <form className="stack settings-form" onSubmit={submit} noValidate aria-label="Create a team">
      <Field
        label="Server address"
        hint="Where twofold-server listens, e.g. https://team.example.com (http only on this computer)."
        type="url"
        autoComplete="url"
        spellCheck={false}
        value={server}
        onValueChange={setServer}
      />
      <Field
        label="Setup code"
        hint="The one-time code twofold-server setup-code printed."
        autoComplete="off"
        spellCheck={false}
        value={setupCode}
        onValueChange={setSetupCode}
      />
      <Field label="Team name" maxLength={100} value={teamName} onValueChange={setTeamName} />
      <Field
        label="Your name in the team"
        hint="Colleagues see it beside your edits. Leave empty to use this computer’s user name."
        maxLength={100}
        value={memberName}
        onValueChange={setMemberName}
      />
      <ErrorMessage error={create.error} />
      <div className="actions">
        <Button type="submit" icon={<Users aria-hidden="true" />} busy={create.isPending}>
          Create team
        </Button>
      </div>
    </form>
  )
}

function JoinForm() {
  const [code, setCode] = useState('')
  const [memberName, setMemberName] = useState('')
  const join = useVaultMutation(
    (request: { code: string; memberName: string }) =>
      managerApi().joinTeam({
        code: request.code,
        ...(request.memberName.trim() ? { memberName: request.memberName } : {}),
      }),
    // The invite code carries its one-time secret.
    { holdsSecrets: true },
  )

  function submit(event: FormEvent) {
    event.preventDefault()
    join.mutate({ code, memberName }, { onSuccess: () => setCode('') })
  }

  return (
    <form className="stack settings-form" onSubmit={submit} noValidate aria-label="Join a team">
      <Field
        label="Invite code"
        hint="The line an admin copied for you (it expires after a week and works once)."
        autoComplete="off"
        spellCheck={false}
        value={code}
        onValueChange={setCode}
      />
      <Field
        label="Your name in the team"
        hint="Leave empty when this code adds another computer of yours: it joins under your name."
        maxLength={100}
        value={memberName}
        onValueChange={setMemberName}
      />
      <ErrorMessage error={join.error} />
      <div className="actions">
        <Button type="submit" icon={<UserPlus aria-hidden="true" />} busy={join.isPending}>
          Join team
        </Button>
      </div>
    </form>
  )
}

const ROLES: Record<JoinedStatus['role'], string> = { owner: 'Owner', admin: 'Admin', member: 'Member' }

function TeamPanel({ status }: { status: JoinedStatus }) {
  const [done, setDone] = useState<string | null>(null)
  const sync = useVaultMutation(() => managerApi().syncTeam({}))
  return (
    <div className="stack">
      <dl className="facts">
        <div>
          <dt>Team</dt>
          <dd>{status.team}</dd>
        </div>
        <div>
          <dt>You</dt>
          <dd>
            {status.member} · {ROLES[status.role]}
          </dd>
        </div>
        <div>
          <dt>Server</dt>
          <dd>
            <code className="path">{status.server}</code>
          </dd>
        </div>
        <div>
          <dt>Connection</dt>
          <dd>{connection(status)}</dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd>{status.lastSync ? formatDateTime(status.lastSync) : 'Not yet'}</dd>
        </div>
        <div>
          <dt>Changes waiting</dt>
          <dd>{status.pending === 0 ? 'None' : plural(status.pending, 'edit')}</dd>
        </div>
        <div>
          <dt>This device’s fingerprint</dt>
          <dd>
            <code>{status.fingerprint}</code>
          </dd>
        </div>
      </dl>
      {status.device === 'pending' && (
        <p className="notice" role="status">
          Waiting for an admin’s Twofold to confirm this device. If you compare fingerprints, the admin sees
          the one above beside your name.
        </p>
      )}
      <div className="actions">
        <Button
          icon={<RefreshCw aria-hidden="true" />}
          busy={sync.isPending}
          disabled={status.device === 'removed' || status.refused !== null}
          onClick={() => {
            setDone(null)
            sync.mutate(undefined, { onSuccess: (result) => setDone(describeSync(result)) })
          }}
        >
          Sync now
        </Button>
      </div>
      <ErrorMessage error={sync.error} />
      <StatusMessage>{done}</StatusMessage>
    </div>
  )
}

function connection(status: JoinedStatus): string {
  if (status.refused) return `Refused by the server: ${status.refused}`
  if (status.device === 'removed') return 'This device was removed from the team'
  if (status.live === 'refused') return 'Refused by the server: this device no longer syncs'
  if (status.online) return status.live === 'connected' ? 'Online, following changes live' : 'Online'
  return status.offlineSince
    ? `Offline since ${formatDateTime(status.offlineSince)} (retrying)`
    : 'Offline: the server cannot be reached'
}

function describeSync(result: TeamSyncView): string {
  const parts = [`${plural(result.pulled, 'change')} received`, `${plural(result.pushed, 'edit')} sent`]
  if (result.conflicts > 0) parts.push(`${plural(result.conflicts, 'conflict')} to resolve (see Flags)`)
  if (result.dropped > 0) parts.push(`${plural(result.dropped, 'account')} of clients taken away removed`)
  const confirmed = result.joins.filter((join) => join.confirmed).map((join) => join.member)
  const refused = result.joins.filter((join) => !join.confirmed)
  if (confirmed.length > 0) parts.push(`confirmed ${confirmed.join(', ')}`)
  for (const join of refused)
    parts.push(`did not confirm ${join.member}${join.problem ? `: ${join.problem}` : ''}`)
  return `Synced: ${parts.join('; ')}.`
}
