import { useId, useMemo, useState } from 'react'
import { auditActionLabel, auditActionLabels } from '../../shared/catalog/audit-actions.ts'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { formatDateTime } from '../../shared/format.ts'
import type { AccountsData } from '../data/queries.ts'
import { useAuditLog } from '../data/queries.ts'
import { TeamAuditLog } from './TeamAuditLog.tsx'

/**
 * Who did what, newest first, filtered by action and by account. The account choices are the
 * accounts the recent history mentions, which stays a short list even in a vault of thousands.
 */
export function AuditView({
  accounts,
  accountId,
  onAccountChange,
  action,
  onActionChange,
  inTeam,
}: {
  accounts: AccountsData | undefined
  accountId: string | null
  onAccountChange: (accountId: string | null) => void
  action: string | null
  onActionChange: (action: string | null) => void
  /** In a team, the team server's log sits beside this vault's. */
  inTeam: boolean
}) {
  const id = useId()
  const [log, setLog] = useState<'vault' | 'team'>('vault')
  const everything = useAuditLog({})
  const filtered = useAuditLog({
    ...(action ? { action } : {}),
    ...(accountId ? { accountId } : {}),
  })
  const mentioned = useMemo(() => {
    const ids = new Set(
      (everything.data ?? []).flatMap((entry) => (entry.accountId ? [entry.accountId] : [])),
    )
    if (accountId) ids.add(accountId)
    return [...ids]
      .map((each) => ({ id: each, name: accounts?.byId.get(each)?.handle ?? 'Deleted account' }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }, [everything.data, accountId, accounts])

  const handleOf = (each: string | null) =>
    each === null ? '—' : (accounts?.byId.get(each)?.handle ?? 'Deleted account')

  return (
    <section className="view audit-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Audit log</h1>
        <p className="muted small">Every change and every code used, newest first. Nothing here is secret.</p>
      </header>
      {inTeam && (
        <fieldset className="fieldset audit-source">
          <legend className="visually-hidden">Which log</legend>
          <div className="segmented">
            <label>
              <input
                type="radio"
                name={`${id}-log`}
                checked={log === 'vault'}
                onChange={() => setLog('vault')}
              />
              <span>This vault</span>
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-log`}
                checked={log === 'team'}
                onChange={() => setLog('team')}
              />
              <span>Team</span>
            </label>
          </div>
        </fieldset>
      )}
      {log === 'team' && inTeam ? (
        <TeamAuditLog />
      ) : (
        <>
          <div className="toolbar">
            <label className="select-field" htmlFor={`${id}-action`}>
              <span>Action</span>
              <select
                id={`${id}-action`}
                className="input"
                value={action ?? ''}
                onChange={(event) => onActionChange(event.target.value || null)}
              >
                <option value="">All actions</option>
                {Object.entries(auditActionLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label className="select-field" htmlFor={`${id}-account`}>
              <span>Account</span>
              <select
                id={`${id}-account`}
                className="input"
                value={accountId ?? ''}
                onChange={(event) => onAccountChange(event.target.value || null)}
              >
                <option value="">All accounts</option>
                {mentioned.map((each) => (
                  <option key={each.id} value={each.id}>
                    {each.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ErrorMessage error={filtered.error} />
          {/* Focusable, so a keyboard can scroll a long log (it has nothing else to focus). */}
          <div className="view-scroll" tabIndex={0} role="region" aria-label="Audit entries">
            {filtered.data && filtered.data.length === 0 ? (
              <p className="muted empty-state">
                Nothing recorded{action || accountId ? ' for this filter' : ''} yet.
              </p>
            ) : (
              <table className="table audit-table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Action</th>
                    <th scope="col">Account</th>
                    <th scope="col">Who</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {(filtered.data ?? []).map((entry) => (
                    <tr key={entry.id}>
                      <td className="nowrap">{formatDateTime(entry.at)}</td>
                      <td>{auditActionLabel(entry.action)}</td>
                      <td>{handleOf(entry.accountId)}</td>
                      <td>{entry.actor}</td>
                      <td className="muted">{entry.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </>
      )}
    </section>
  )
}
