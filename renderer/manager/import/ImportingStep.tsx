import { plural } from '../../shared/format.ts'

/**
 * The commit under way. It is one transaction, so there is no partial progress to show and nothing to
 * cancel: the wait is said plainly, and the dialog stays until it is over.
 */
export function ImportingStep({ count }: { count: number }) {
  return (
    <div className="stack import-step">
      <p className="import-busy" role="status">
        <span className="spinner" aria-hidden="true" />
        <span>Importing {plural(count, 'account')}…</span>
      </p>
      <p className="field-hint">
        All of them are written together, or none: a failure leaves the vault as it was.
      </p>
    </div>
  )
}
