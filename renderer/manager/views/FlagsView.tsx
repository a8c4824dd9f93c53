import { CircleCheck, Download, Phone } from 'lucide-react'
import { useMemo, useState } from 'react'
import type { AccountSummary, Client } from '../../../shared/domain/accounts.ts'
import type { FlagKind, FlagSeverity, PostureFlag } from '../../../shared/domain/flags.ts'
import { managerApi, messageOf, unwrap } from '../../shared/api.ts'
import { flagKindFacts, flagKindOrder } from '../../shared/catalog/flags.ts'
import { Button } from '../../shared/components/Button.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { downloadText } from '../../shared/download-file.ts'
import { plural } from '../../shared/format.ts'
import { PlatformMark } from '../accounts/badges.tsx'
import type { AccountsData } from '../data/queries.ts'
import { usePhoneReading } from '../data/queries.ts'
import { TeamFlagActions } from './TeamFlagActions.tsx'

/** The vault's weak spots: how many of each kind, which numbers are shared, and each client's posture. */
export function FlagsView({
  data,
  clients,
  onOpenAccount,
  onShowFlag,
}: {
  data: AccountsData
  clients: readonly Client[]
  onOpenAccount: (account: AccountSummary) => void
  onShowFlag: (kind: FlagKind) => void
}) {
  const byKind = useMemo(() => {
    const counts = new Map<FlagKind, { flags: number; accounts: Set<string>; worst: FlagSeverity }>()
    for (const flag of data.flags) {
      const entry = counts.get(flag.kind) ?? { flags: 0, accounts: new Set<string>(), worst: flag.severity }
      entry.flags++
      for (const id of flag.accountIds) entry.accounts.add(id)
      if (flag.severity === 'critical' || (flag.severity === 'warning' && entry.worst === 'info'))
        entry.worst = flag.severity
      counts.set(flag.kind, entry)
    }
    return counts
  }, [data.flags])
  const sharedPhones = data.flags.filter((flag) => flag.kind === 'shared-phone')
  const raised = flagKindOrder.filter((kind) => byKind.has(kind))
  const clear = flagKindOrder.filter((kind) => !byKind.has(kind))

  return (
    <section className="view flags-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Flags</h1>
        <p className="muted small">Weak spots in the accounts’ 2FA. Flags warn; they never block anything.</p>
      </header>
      <div className="view-scroll">
        <ul className="flag-cards" aria-label="Flags by kind">
          {raised.map((kind) => {
            const entry = byKind.get(kind)
            const count = entry?.accounts.size ?? 0
            return (
              <li key={kind} className={`flag-card flag-${entry?.worst ?? 'info'}`}>
                <div className="flag-card-head">
                  <h2>{flagKindFacts[kind].label}</h2>
                  <span className="flag-count" data-testid={`flag-count-${kind}`}>
                    {count.toLocaleString()}
                  </span>
                </div>
                <p className="small muted">{flagKindFacts[kind].explanation}</p>
                <Button
                  variant="quiet"
                  className="button-small"
                  onClick={() => onShowFlag(kind)}
                  aria-label={`Show ${plural(count, 'account')} flagged ${flagKindFacts[kind].label}`}
                >
                  Show {plural(count, 'account')}
                </Button>
              </li>
            )
          })}
        </ul>
        {clear.length > 0 && (
          <p className="small muted all-clear">
            <CircleCheck aria-hidden="true" />
            <span>
              No account is flagged for: {clear.map((kind) => flagKindFacts[kind].label).join(' · ')}
            </span>
          </p>
        )}

        <TeamFlagActions data={data} onOpenAccount={onOpenAccount} />

        <section className="panel" aria-labelledby="shared-phones-heading">
          <h2 id="shared-phones-heading">Shared phone numbers</h2>
          {sharedPhones.length === 0 ? (
            <p className="muted">No number receives the codes of more than one account.</p>
          ) : (
            <ul className="shared-phones">
              {sharedPhones.map((flag, index) => (
                <SharedPhone
                  key={`${flag.phone ?? ''}-${index}`}
                  flag={flag}
                  data={data}
                  onOpenAccount={onOpenAccount}
                />
              ))}
            </ul>
          )}
        </section>

        <ClientPosture data={data} clients={clients} />
      </div>
    </section>
  )
}

function SharedPhone({
  flag,
  data,
  onOpenAccount,
}: {
  flag: PostureFlag
  data: AccountsData
  onOpenAccount: (account: AccountSummary) => void
}) {
  const reading = usePhoneReading(flag.phone ?? '')
  const masked = reading.data?.masked ?? '•••'
  return (
    <li className={`shared-phone flag-${flag.severity}`} aria-label={`Shared number ${masked}`}>
      <p className="shared-phone-number">
        <Phone aria-hidden="true" />
        <span data-testid="shared-phone-number">{masked}</span>
        <span className="muted small">{plural(flag.accountIds.length, 'account')}</span>
      </p>
      <p className="small">{flag.message}</p>
      <ul className="account-links">
        {flag.accountIds.map((id) => {
          const account = data.byId.get(id)
          if (!account) return null
          return (
            <li key={id}>
              <button type="button" className="account-link" onClick={() => onOpenAccount(account)}>
                <PlatformMark platform={account.platform} issuer={account.issuer} />
                <span>{account.handle}</span>
                <span className="muted small">{account.clientName ?? 'Unassigned'}</span>
              </button>
            </li>
          )
        })}
      </ul>
    </li>
  )
}

interface Posture {
  id: string | null
  name: string
  accounts: number
  critical: number
  warning: number
}

function ClientPosture({ data, clients }: { data: AccountsData; clients: readonly Client[] }) {
  const toast = useToast()
  const [exporting, setExporting] = useState<string | null>(null)
  const rows = useMemo(() => postureByClient(data, clients), [data, clients])

  async function exportCsv(row: Posture) {
    setExporting(row.id ?? 'unassigned')
    try {
      const report = await unwrap(managerApi().clientReportCsv({ clientId: row.id }))
      downloadText(report.fileName, report.csv)
      toast({ message: `Saved ${report.fileName}` })
    } catch (error) {
      toast({ message: messageOf(error), tone: 'error' })
    } finally {
      setExporting(null)
    }
  }

  return (
    <section className="panel" aria-labelledby="posture-heading">
      <h2 id="posture-heading">Posture by client</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Accounts</th>
            <th scope="col">Critical</th>
            <th scope="col">Warnings</th>
            <th scope="col">Summary</th>
            <th scope="col">
              <span className="visually-hidden">Report</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id ?? 'unassigned'}>
              <th scope="row">{row.name}</th>
              <td>{row.accounts}</td>
              <td className={row.critical > 0 ? 'text-critical' : undefined}>{row.critical}</td>
              <td className={row.warning > 0 ? 'text-warning' : undefined}>{row.warning}</td>
              <td>
                {row.critical > 0
                  ? 'Needs attention now'
                  : row.warning > 0
                    ? 'Needs attention'
                    : 'In good shape'}
              </td>
              <td>
                <Button
                  variant="secondary"
                  className="button-small"
                  icon={<Download aria-hidden="true" />}
                  busy={exporting === (row.id ?? 'unassigned')}
                  onClick={() => void exportCsv(row)}
                  aria-label={`Export CSV for ${row.name}`}
                >
                  Export CSV
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** Accounts with at least one flag of a severity, per client (an account counts once per severity). */
function postureByClient(data: AccountsData, clients: readonly Client[]): Posture[] {
  const rows = new Map<string | null, Posture>()
  for (const client of clients)
    rows.set(client.id, { id: client.id, name: client.name, accounts: 0, critical: 0, warning: 0 })
  for (const account of data.accounts) {
    let row = rows.get(account.clientId)
    if (!row) {
      row = {
        id: account.clientId,
        name: account.clientName ?? 'Unassigned',
        accounts: 0,
        critical: 0,
        warning: 0,
      }
      rows.set(account.clientId, row)
    }
    row.accounts++
    const flags = data.flagsByAccount.get(account.id) ?? []
    if (flags.some((flag) => flag.severity === 'critical')) row.critical++
    if (flags.some((flag) => flag.severity === 'warning')) row.warning++
  }
  return [...rows.values()].filter((row) => row.accounts > 0)
}
