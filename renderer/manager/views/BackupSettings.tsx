import { DatabaseBackup, FolderOpen, History } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import type { BackupStatus } from '../../../shared/domain/transfer.ts'
import type { RequestOf } from '../../../shared/ipc/contract.ts'
import { managerApi, unwrap, type ApiError } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { StatusMessage } from '../../shared/components/StatusMessage.tsx'
import { formatDateTime, plural } from '../../shared/format.ts'
import { useBackupStatus } from '../data/queries.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

type RestoreSource = RequestOf<'backups:restore'>['source']

/**
 * Encrypted backups of the whole vault: where they go, how many are kept, the ones there are, and
 * restoring one — from the list, or a file from another computer — with the vault password or the
 * recovery key of the vault that wrote it.
 */
export function BackupSettings() {
  const status = useBackupStatus()
  return (
    <section className="panel" aria-labelledby="backups-heading">
      <h2 id="backups-heading">Backups</h2>
      <ErrorMessage error={status.error} />
      {status.data && <BackupPanel status={status.data} />}
    </section>
  )
}

function BackupPanel({ status }: { status: BackupStatus }) {
  const [keep, setKeep] = useState(String(status.keep))
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [restoring, setRestoring] = useState<{ source: RestoreSource; label: string } | null>(null)
  const [choosing, setChoosing] = useState<ApiError | null>(null)

  const backUp = useVaultMutation(() => managerApi().backupNow({}), { refresh: 'backups' })
  const chooseFolder = useVaultMutation(() => managerApi().chooseBackupFolder({}), {
    refresh: 'backups',
  })
  const saveKeep = useVaultMutation((backupKeep: number) => managerApi().updatePreferences({ backupKeep }), {
    refresh: 'backups',
  })

  function submitKeep(event: FormEvent) {
    event.preventDefault()
    setDone(null)
    const count = Number(keep)
    if (!Number.isInteger(count) || count < 1 || count > 1000)
      return setProblem('Keep from 1 to 1000 backups.')
    setProblem(null)
    saveKeep.mutate(count, {
      onSuccess: () => setDone(`The newest ${plural(count, 'backup')} will be kept.`),
    })
  }

  async function restoreFromFile() {
    setChoosing(null)
    try {
      const { file } = await unwrap(managerApi().chooseImportFile({ purpose: 'restore' }))
      if (file) setRestoring({ source: { kind: 'file', fileId: file.fileId }, label: file.name })
    } catch (error) {
      setChoosing(error as ApiError)
    }
  }

  const latest = status.backups[0]
  return (
    <div className="stack">
      <dl className="facts">
        <div>
          <dt>Folder</dt>
          <dd>
            <code className="path">{status.folder}</code>
          </dd>
        </div>
        <div>
          <dt>Last backup</dt>
          <dd>
            {latest
              ? `${formatDateTime(latest.createdAt)}${status.daysSinceLast ? ` (${plural(status.daysSinceLast, 'day')} ago)` : ''}`
              : 'None yet'}
          </dd>
        </div>
        <div>
          <dt>Automatic</dt>
          <dd>
            {status.automatic
              ? 'After every change (set under “This computer”)'
              : 'Off (turn on under “This computer”)'}
          </dd>
        </div>
      </dl>
      {status.lastProblem && (
        <p className="notice" role="alert">
          The last automatic backup failed: {status.lastProblem}
        </p>
      )}
      <div className="actions">
        <Button
          icon={<DatabaseBackup aria-hidden="true" />}
          busy={backUp.isPending}
          onClick={() =>
            backUp.mutate(undefined, { onSuccess: (file) => setDone(`Backup written: ${file.name}.`) })
          }
        >
          Back up now
        </Button>
        <Button
          variant="secondary"
          icon={<FolderOpen aria-hidden="true" />}
          busy={chooseFolder.isPending}
          onClick={() => chooseFolder.mutate(undefined)}
        >
          Change folder…
        </Button>
        <Button
          variant="secondary"
          icon={<History aria-hidden="true" />}
          onClick={() => void restoreFromFile()}
        >
          Restore from a file…
        </Button>
      </div>
      <ErrorMessage error={backUp.error ?? chooseFolder.error ?? choosing} />
      <form className="inline-form" onSubmit={submitKeep} noValidate aria-label="Backup count">
        <Field
          label="Backups to keep"
          type="number"
          min={1}
          max={1000}
          className="narrow"
          value={keep}
          onValueChange={setKeep}
        />
        <Button type="submit" variant="secondary" busy={saveKeep.isPending}>
          Save
        </Button>
      </form>
      <ErrorMessage error={problem ?? saveKeep.error} />
      <StatusMessage>{done}</StatusMessage>
      {status.backups.length > 0 && (
        <table className="table backups-table">
          <caption className="visually-hidden">Backups in the folder, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Made</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.backups.map((backup) => (
              <tr key={backup.name}>
                <td title={backup.name}>{formatDateTime(backup.createdAt)}</td>
                <td>{Math.max(1, Math.ceil(backup.bytes / 1024)).toLocaleString()} KiB</td>
                <td className="row-actions">
                  <Button
                    variant="quiet"
                    className="button-small"
                    aria-label={`Restore the backup of ${formatDateTime(backup.createdAt)}`}
                    onClick={() =>
                      setRestoring({
                        source: { kind: 'listed', name: backup.name },
                        label: `the backup of ${formatDateTime(backup.createdAt)}`,
                      })
                    }
                  >
                    Restore…
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restoring && (
        <RestoreDialog
          source={restoring.source}
          label={restoring.label}
          onClose={() => setRestoring(null)}
          onRestored={(message) => {
            setRestoring(null)
            setDone(message)
          }}
        />
      )}
    </div>
  )
}

/** The secret that opens a backup: the password or recovery key of the vault that wrote it. */
function RestoreDialog({
  source,
  label,
  onClose,
  onRestored,
}: {
  source: RestoreSource
  label: string
  onClose: () => void
  onRestored: (message: string) => void
}) {
  const [secret, setSecret] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const restore = useVaultMutation(
    (request: RequestOf<'backups:restore'>) => managerApi().restoreBackup(request),
    { holdsSecrets: true },
  )

  function submit(event: FormEvent) {
    event.preventDefault()
    if (secret === '') return setProblem('Enter the password or the recovery key.')
    setProblem(null)
    restore.mutate(
      { source, secret },
      {
        onSuccess: ({ imported, duplicates }) => {
          setSecret('')
          onRestored(
            `Restored ${plural(imported, 'account')}${duplicates ? `; ${duplicates.toLocaleString()} already in the vault` : ''}.`,
          )
        },
        onError: () => setSecret(''),
      },
    )
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Restore a backup">
      <form className="stack" onSubmit={submit} noValidate>
        <p className="lead">
          Accounts from {label} are added to this vault; accounts it already holds are left as they are.
        </p>
        <Field
          label="Password or recovery key"
          hint="Of the vault that made the backup — on another computer, its own password or recovery key."
          type="password"
          autoComplete="off"
          autoFocus
          value={secret}
          onValueChange={setSecret}
        />
        <ErrorMessage error={problem ?? restore.error} />
        <div className="actions">
          <Button type="submit" busy={restore.isPending}>
            Restore
          </Button>
          <Button variant="quiet" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
