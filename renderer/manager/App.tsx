import { Lock, RotateCw } from 'lucide-react'
import { Button } from '../shared/components/Button.tsx'
import { LockScreenCard } from '../shared/components/Card.tsx'
import { ErrorMessage } from '../shared/components/ErrorMessage.tsx'
import { useVaultStatus } from '../shared/use-vault-status.ts'
import { CreateVault } from './screens/CreateVault.tsx'
import { Home } from './screens/Home.tsx'
import { Unlock } from './screens/Unlock.tsx'

/** One screen per vault state; the status query (kept live by events) decides which. */
export function App() {
  const status = useVaultStatus()

  if (status.isPending) {
    return (
      <main className="lock-screen" aria-busy="true">
        <p className="muted">Opening Twofold…</p>
      </main>
    )
  }
  if (status.isError) {
    return (
      <LockScreenCard icon={<Lock />} title="Twofold cannot open the vault">
        <ErrorMessage error={status.error} />
        <div className="actions">
          <Button
            icon={<RotateCw aria-hidden="true" />}
            busy={status.isFetching}
            onClick={() => void status.refetch()}
          >
            Try again
          </Button>
        </div>
      </LockScreenCard>
    )
  }

  switch (status.data.state) {
    case 'absent':
      return <CreateVault status={status.data} />
    case 'locked':
      return <Unlock status={status.data} />
    case 'unlocked':
      return <Home status={status.data} />
  }
}
