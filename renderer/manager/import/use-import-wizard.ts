import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { ImportFormat, ImportPreview } from '../../../shared/domain/transfer.ts'
import type { RequestOf } from '../../../shared/ipc/contract.ts'
import { ApiError, managerApi, messageOf, unwrap } from '../../shared/api.ts'
import { vaultDataKey } from '../data/query-keys.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import type { ChosenFile, PreviewRequest, SourceMode, WizardStep } from './import-steps.ts'

export interface SourceDraft {
  mode: SourceMode
  /** Pasted export text: secrets, so it is dropped as soon as main has read it. */
  text: string
  /** '' = detect from the content. */
  format: ImportFormat | ''
  file: ChosenFile | null
}

export interface ImportWizard {
  step: WizardStep
  draft: SourceDraft
  changeDraft: (patch: Partial<SourceDraft>) => void
  /** The failure to show on the current step, if any. */
  error: unknown
  /** A file dialog or a preview is under way. */
  reading: boolean
  chooseFile: () => void
  read: (request: PreviewRequest, password?: string) => void
  commit: (preview: ImportPreview, positions: number[]) => void
  backToSource: () => void
  /** Leaves the wizard; a preview still open in main is discarded (and its secrets wiped there). */
  close: () => void
}

const emptyDraft: SourceDraft = { mode: 'file', text: '', format: '', file: null }

/**
 * The wizard's calls and where they lead. Main keeps the parsed export (secrets included) from a
 * successful preview until commit or discard; this hook makes sure every way out of a preview —
 * Cancel, Esc, Back, the dialog unmounting when the vault locks — discards it.
 */
export function useImportWizard({
  onClose,
  onImported,
}: {
  onClose: () => void
  onImported: (imported: number) => void
}): ImportWizard {
  const [step, setStep] = useState<WizardStep>({ kind: 'source' })
  const [draft, setDraft] = useState<SourceDraft>(emptyDraft)
  const [error, setError] = useState<unknown>(null)
  const [choosing, setChoosing] = useState(false)
  const openImportId = useRef<string | null>(null)
  const alive = useRef(true)
  const inFlight = useRef(false)

  const preview = useVaultMutation(
    (request: RequestOf<'import:preview'>) => managerApi().previewImport(request),
    { refresh: 'audit-only', holdsSecrets: true },
  )
  const queryClient = useQueryClient()
  // Only the history is refreshed before the result shows: refetching 10,000 accounts first would keep
  // "Importing…" up for seconds after the import is done. The lists follow in the background.
  const commitImport = useVaultMutation(
    (request: RequestOf<'import:commit'>) => managerApi().commitImport(request),
    { refresh: 'audit-only' },
  )

  useEffect(() => {
    alive.current = true
    return () => {
      alive.current = false
      discardOpenPreview()
    }
  }, [])

  /** `keepFile`: going back to read the same file another way (a format chosen), not leaving. */
  function discardOpenPreview(keepFile = false) {
    const importId = openImportId.current
    openImportId.current = null
    if (importId !== null) discard(importId, keepFile)
  }

  function changeDraft(patch: Partial<SourceDraft>) {
    setDraft((current) => ({ ...current, ...patch }))
    setError(null)
  }

  async function read(request: PreviewRequest, password?: string) {
    // A second click while the first preview is on its way would leave an orphaned one in main.
    if (inFlight.current) return
    inFlight.current = true
    setError(null)
    try {
      const result = await preview.mutateAsync({
        source: request.source,
        ...(request.format ? { format: request.format } : {}),
        ...(password === undefined ? {} : { password }),
      })
      if (!alive.current) return discard(result.importId)
      openImportId.current = result.importId
      // Main has read it: the window need not keep the pasted secrets any longer.
      setDraft((current) => ({ ...current, text: '' }))
      setStep({ kind: 'preview', preview: result })
    } catch (failure) {
      if (!alive.current) return
      if (
        failure instanceof ApiError &&
        failure.code === 'import-password-required' &&
        password === undefined
      ) {
        setStep({ kind: 'password', request })
        return
      }
      if (failure instanceof ApiError && failure.code === 'import-expired') {
        setDraft((current) => ({ ...current, file: null }))
        setStep({ kind: 'source' })
      }
      setError(failure)
    } finally {
      inFlight.current = false
      // The request carried the pasted export or the file's password; TanStack would otherwise keep it.
      preview.reset()
    }
  }

  async function chooseFile() {
    if (inFlight.current) return
    setError(null)
    setChoosing(true)
    let file: ChosenFile | null
    try {
      file = (await unwrap(managerApi().chooseImportFile({ purpose: 'import' }))).file
    } catch (failure) {
      if (alive.current) setError(failure)
      return
    } finally {
      if (alive.current) setChoosing(false)
    }
    if (!file || !alive.current) return
    setDraft((current) => ({ ...current, file }))
    await read(fileRequest(file, draft.format))
  }

  async function commit(shown: ImportPreview, positions: number[]) {
    if (positions.length === 0 || inFlight.current) return
    inFlight.current = true
    setError(null)
    setStep({ kind: 'importing', count: positions.length })
    try {
      const result = await commitImport.mutateAsync({ importId: shown.importId, positions })
      openImportId.current = null
      void queryClient.invalidateQueries({ queryKey: vaultDataKey })
      if (!alive.current) return
      setStep({ kind: 'result', result })
      onImported(result.imported)
    } catch (failure) {
      // Main takes a preview out before writing, so a failed commit leaves nothing to retry: start
      // again. Discarding covers the one case it was not taken (a request refused before it ran).
      openImportId.current = null
      discard(shown.importId)
      if (!alive.current) return
      setStep({ kind: 'source' })
      setError(`Nothing was imported. ${messageOf(failure)}`)
    } finally {
      inFlight.current = false
    }
  }

  function backToSource() {
    discardOpenPreview(true)
    setError(null)
    setStep({ kind: 'source' })
  }

  function close() {
    // The commit is one transaction already under way; closing now would only hide its outcome.
    if (step.kind === 'importing') return
    discardOpenPreview()
    onClose()
  }

  return {
    step,
    draft,
    changeDraft,
    error,
    reading: choosing || preview.isPending,
    chooseFile: () => void chooseFile(),
    read: (request, password) => void read(request, password),
    commit: (shown, positions) => void commit(shown, positions),
    backToSource,
    close,
  }
}

export function fileRequest(file: ChosenFile, format: ImportFormat | ''): PreviewRequest {
  return {
    source: { kind: 'file', fileId: file.fileId },
    sourceName: file.name,
    ...(format ? { format } : {}),
  }
}

/** Best effort: main also wipes previews on lock and after half an hour. */
function discard(importId: string, keepFile = false): void {
  unwrap(managerApi().discardImport({ importId, ...(keepFile ? { keepFile } : {}) })).catch(() => undefined)
}
