import { useState } from 'react'
import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import { Button } from '../../shared/components/Button.tsx'
import { PlatformMark } from '../accounts/badges.tsx'
import type { AccountsData } from '../data/queries.ts'
import { ConflictDialog } from './ConflictDialog.tsx'

/**
 * The team flags a person acts on one account at a time: a sync conflict waits for a choice between
 * its two versions; a secret a former member could have copied waits to be replaced at the service.
 */
export function TeamFlagActions({
  data,
  onOpenAccount,
}: {
  data: AccountsData
  onOpenAccount: (account: AccountSummary) => void
}) {
  const [choosing, setChoosing] = useState<string | null>(null)
  const rows = data.flags.flatMap((flag) =>
    flag.kind === 'sync-conflict' || flag.kind === 'exposed-to-former-member'
      ? flag.accountIds.flatMap((id) => {
          const account = data.byId.get(id)
          return account ? [{ flag, account }] : []
        })
      : [],
  )
  if (rows.length === 0) return null
  return (
    <section className="panel" aria-labelledby="team-flags-heading">
      <h2 id="team-flags-heading">Team accounts to act on</h2>
      <ul className="team-flag-actions">
        {rows.map(({ flag, account }) => (
          <li key={`${flag.kind}-${account.id}`} className={`team-flag-action flag-${flag.severity}`}>
            <PlatformMark platform={account.platform} issuer={account.issuer} />
            <div>
              <p className="team-flag-account">
                {account.handle} <span className="muted small">{account.clientName ?? 'Unassigned'}</span>
              </p>
              <p className="small">{flag.message}</p>
            </div>
            {flag.kind === 'sync-conflict' ? (
              <Button
                variant="secondary"
                className="button-small"
                onClick={() => setChoosing(account.id)}
                aria-label={`Choose a version of ${account.handle}…`}
              >
                Choose…
              </Button>
            ) : (
              <Button
                variant="secondary"
                className="button-small"
                onClick={() => onOpenAccount(account)}
                aria-label={`Replace the secret of ${account.handle}…`}
              >
                Replace the secret…
              </Button>
            )}
          </li>
        ))}
      </ul>
      {choosing && <ConflictDialog accountId={choosing} onClose={() => setChoosing(null)} />}
    </section>
  )
}
