import { DatabaseBackup } from 'lucide-react'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useBackupStatus } from '../data/queries.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

/**
 * Shown above every view when the vault holds accounts and no backup is younger than 7 days, or when
 * the last automatic backup failed: a lost laptop should never mean lost codes.
 */
export function BackupReminder({ onOpenSettings }: { onOpenSettings: () => void }) {
  const status = useBackupStatus()
  const backUp = useVaultMutation(() => managerApi().backupNow({}), { refresh: 'backups' })
  const data = status.data
  if (!data || (!data.reminderDue && !data.lastProblem)) return null

  const message = data.lastProblem
    ? `The last automatic backup failed: ${data.lastProblem}`
    : data.daysSinceLast === null
      ? 'This vault has never been backed up. If this computer is lost, so are the codes.'
      : `The last backup is ${data.daysSinceLast} days old.`
  return (
    <section className="notice backup-reminder" aria-label="Backup reminder">
      <DatabaseBackup aria-hidden="true" className="message-icon" />
      <p>{message}</p>
      <div className="actions">
        <Button busy={backUp.isPending} onClick={() => backUp.mutate(undefined)}>
          Back up now
        </Button>
        <Button variant="secondary" onClick={onOpenSettings}>
          Backup settings
        </Button>
      </div>
      <ErrorMessage error={backUp.error} />
    </section>
  )
}
