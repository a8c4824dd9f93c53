import { KeyRound, Lock, LockOpen, ShieldCheck } from 'lucide-react'
import { useEffect } from 'react'
import type { VaultStatus } from '../../../shared/domain/vault.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useVaultAction } from '../../shared/use-vault-status.ts'
import { spendAutoUnlockChance } from '../auto-unlock-once.ts'
import { PasswordSettings } from './PasswordSettings.tsx'

/** The unlocked vault. Accounts arrive in a later release; until then, where it is and how it opens. */
export function Home({ status }: { status: VaultStatus }) {
  useEffect(spendAutoUnlockChance, [])
  const lock = useVaultAction(() => managerApi().lockVault({}))

  return (
    <div className="app-shell">
      <header className="top-bar">
        <span className="brand">
          <ShieldCheck aria-hidden="true" />
          Twofold
        </span>
        <Button
          variant="secondary"
          icon={<Lock aria-hidden="true" />}
          busy={lock.isPending}
          onClick={() => lock.mutate()}
        >
          Lock
        </Button>
      </header>
      <main className="content">
        <ErrorMessage error={lock.error} />
        <section className="panel hero">
          <div className="badge badge-success" aria-hidden="true">
            <LockOpen />
          </div>
          <div>
            <h1>Vault unlocked</h1>
            <p className="muted">Your accounts will be listed here.</p>
          </div>
        </section>

        <section className="panel" aria-labelledby="vault-heading">
          <h2 id="vault-heading">Vault</h2>
          <dl className="facts">
            <div>
              <dt>Location</dt>
              <dd>
                <code className="path">{status.location}</code>
              </dd>
            </div>
            <div>
              <dt>Unlocks with</dt>
              <dd>
                <ul className="chips">
                  {status.slots.keychain && (
                    <li>
                      <ShieldCheck aria-hidden="true" /> System keychain
                    </li>
                  )}
                  {status.slots.password && (
                    <li>
                      <Lock aria-hidden="true" /> Password
                    </li>
                  )}
                  {status.slots.recovery && (
                    <li>
                      <KeyRound aria-hidden="true" /> Recovery key
                    </li>
                  )}
                </ul>
              </dd>
            </div>
          </dl>
        </section>

        <section className="panel" aria-labelledby="settings-heading">
          <h2 id="settings-heading">Settings</h2>
          <PasswordSettings status={status} />
        </section>
      </main>
    </div>
  )
}
