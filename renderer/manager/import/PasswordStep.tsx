import { FileKey, KeyRound } from 'lucide-react'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import type { ChosenKeyFile, PreviewRequest } from './import-steps.ts'

/**
 * An encrypted export's password. A wrong one is said in place and the same file (or pasted text) is
 * tried again with the next attempt: nothing has to be chosen twice.
 */
export function PasswordStep({
  request,
  error,
  reading,
  onOpen,
  onBack,
  keyFile = null,
  offerKeyFile = false,
  onChooseKeyFile,
}: {
  request: PreviewRequest
  error: unknown
  reading: boolean
  onOpen: (request: PreviewRequest, password: string) => void
  onBack: () => void
  /** The KeePass key file chosen so far (its name only: main holds it). */
  keyFile?: ChosenKeyFile | null
  /** The chosen format takes a key file, or the core asked for one. */
  offerKeyFile?: boolean
  onChooseKeyFile?: () => void
}) {
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  // After a refusal the old attempt is selected, so typing replaces it.
  useEffect(() => {
    if (!error) return
    input.current?.focus()
    input.current?.select()
  }, [error])

  function submit(event: FormEvent) {
    event.preventDefault()
    // With a key file chosen, a KeePass database may need no password at all.
    if (password === '' && keyFile === null) {
      setMissing(true)
      input.current?.focus()
      return
    }
    onOpen(request, password)
  }

  const problem = missing ? 'Enter the password this export was protected with.' : error

  return (
    <form className="stack import-step" onSubmit={submit} noValidate aria-label="Open the encrypted export">
      <div className="import-source-note">
        <KeyRound aria-hidden="true" />
        <p>
          <strong>{request.sourceName}</strong> is encrypted. Enter the password it was exported with; Twofold
          uses it to open this export only and does not keep it.
        </p>
      </div>
      <Field
        ref={input}
        label="Export password"
        type="password"
        autoComplete="off"
        autoFocus
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        value={password}
        onValueChange={(value) => {
          setPassword(value)
          setMissing(false)
        }}
      />
      {offerKeyFile && onChooseKeyFile && (
        <div className="import-source-note">
          <FileKey aria-hidden="true" />
          <p>
            {keyFile ? (
              <>
                Key file: <strong>{keyFile.name}</strong>, used with the password (leave the password empty if
                the database has none).
              </>
            ) : (
              'Locked with a key file too? Choose it; it stays in Twofold’s main process.'
            )}
          </p>
          <Button variant="secondary" disabled={reading} onClick={onChooseKeyFile}>
            {keyFile ? 'Choose another key file…' : 'Choose key file…'}
          </Button>
        </div>
      )}
      <ErrorMessage error={problem} />
      <div className="actions dialog-actions">
        <Button type="submit" busy={reading}>
          Open
        </Button>
        <Button variant="quiet" disabled={reading} onClick={onBack}>
          Back
        </Button>
      </div>
    </form>
  )
}
