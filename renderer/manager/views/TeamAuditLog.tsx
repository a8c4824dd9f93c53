import { ShieldCheck } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import type { TeamAuditEntryView, TeamAuditViewData } from '../../../shared/domain/team-views.ts'
import { teamAuditKindLabel } from '../../shared/catalog/team-audit-kinds.ts'
import { managerApi, unwrap, type ApiError } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { formatDateTime } from '../../shared/format.ts'
import { useTeamAudit } from '../data/queries.ts'

const ALL = ''

/**
 * The team server's audit log: who copied which code, claimed which backup code, was granted what.
 * The server wrote it and chains each entry to the one before; "Verify chain" reads it all and checks.
 */
export function TeamAuditLog() {
  const id = useId()
  const audit = useTeamAudit()
  const [member, setMember] = useState(ALL)
  const [client, setClient] = useState(ALL)
  const [account, setAccount] = useState(ALL)
  const [verified, setVerified] = useState<TeamAuditViewData['verified']>(null)
  const [verifying, setVerifying] = useState(false)
  const [problem, setProblem] = useState<ApiError | null>(null)
  const entries = useMemo(() => audit.data?.entries ?? [], [audit.data])
  const choices = useMemo(() => {
    const names = (pick: (entry: TeamAuditEntryView) => (string | null)[]) =>
      [...new Set(entries.flatMap(pick).filter((name): name is string => name !== null))].sort((a, b) =>
        a.localeCompare(b),
      )
    return {
      members: names((entry) => [entry.actor, entry.member]),
      clients: names((entry) => [entry.client]),
      accounts: names((entry) => [entry.account]),
    }
  }, [entries])
  const shown = entries.filter(
    (entry) =>
      (member === ALL || entry.actor === member || entry.member === member) &&
      (client === ALL || entry.client === client) &&
      (account === ALL || entry.account === account),
  )

  async function verify() {
    setVerifying(true)
    setProblem(null)
    try {
      setVerified((await unwrap(managerApi().teamAudit({ limit: 1, verify: true }))).verified)
    } catch (error) {
      setProblem(error as ApiError)
    } finally {
      setVerifying(false)
    }
  }

  const filter = (label: string, value: string, set: (value: string) => void, options: string[]) => (
    <label className="select-field" htmlFor={`${id}-${label}`}>
      <span>{label}</span>
      <select
        id={`${id}-${label}`}
        className="input"
        value={value}
        onChange={(event) => set(event.target.value)}
      >
        <option value={ALL}>{label === 'Member' ? 'Everyone' : `All ${label.toLowerCase()}s`}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  )

  return (
    <>
      <div className="toolbar">
        {filter('Member', member, setMember, choices.members)}
        {filter('Client', client, setClient, choices.clients)}
        {filter('Account', account, setAccount, choices.accounts)}
        <Button
          variant="secondary"
          icon={<ShieldCheck aria-hidden="true" />}
          busy={verifying}
          onClick={() => void verify()}
        >
          Verify chain
        </Button>
      </div>
      {verified && (
        <p className={verified.ok ? 'message message-success' : 'message message-error'} role="status">
          {verified.ok
            ? `Chain verified: ${verified.entries.toLocaleString()} entries, none altered, removed or inserted.`
            : `The chain is broken at entry ${verified.seq}: ${verified.reason}. Someone changed the team database.`}
        </p>
      )}
      <ErrorMessage error={audit.error ?? problem} />
      {/* Focusable, so a keyboard can scroll a long log (it has nothing else to focus). */}
      <div className="view-scroll" tabIndex={0} role="region" aria-label="Team audit entries">
        {audit.data && shown.length === 0 ? (
          <p className="muted empty-state">Nothing recorded for this filter.</p>
        ) : (
          <table className="table audit-table">
            <caption className="visually-hidden">Team audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">About</th>
                <th scope="col">Client</th>
                <th scope="col">Account</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => (
                <tr key={entry.seq}>
                  <td className="nowrap">{formatDateTime(entry.at)}</td>
                  <td>{teamAuditKindLabel(entry.kind)}</td>
                  <td>{entry.actor ?? <span className="muted">Server</span>}</td>
                  <td>{entry.member ?? '—'}</td>
                  <td>
                    {entry.client ??
                      (entry.otherClient ? <span className="muted">A client you do not hold</span> : '—')}
                  </td>
                  <td>
                    {entry.account ??
                      (entry.accountId ? <span className="muted">Not in this vault</span> : '—')}
                  </td>
                  <td className="muted">{entry.reported ? 'Reported by a device' : 'Seen by the server'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  )
}
