import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { ImportFormat, ImportPreview } from '../../../shared/domain/transfer.ts'
import type { RequestOf } from '../../../shared/ipc/contract.ts'
import { ApiError, managerApi, messageOf, unwrap } from '../../shared/api.ts'
import { vaultDataKey } from '../data/query-keys.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import type { ChosenFile, ChosenKeyFile, PreviewRequest, SourceMode, WizardStep } from './import-steps.ts'
import type { Region } from './region-geometry.ts'
import type { ScreenPicture } from './RegionPicker.tsx'

export interface SourceDraft {
  mode: SourceMode
  /** Pasted export text: secrets, so it is dropped as soon as main has read it. */
  text: string
  /** '' = detect from the content. */
  format: ImportFormat | ''
  file: ChosenFile | null
  /**
   * The export's password typed on the source step, for formats that are always encrypted; dropped
   * as soon as main has read the file.
   */
  password: string
  /** A KeePass key file chosen in main's dialog: the window knows its name, main keeps its bytes. */
  keyFile: ChosenKeyFile | null
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
  /** Main's own dialog for a KeePass key file; its bytes stay in main. */
  chooseKeyFile: () => void
  /** The core said the key file is what is missing or wrong: offer to choose one. */
  keyFileAsked: boolean
  /** The frozen picture of the screen while the person frames a QR code on it; null otherwise. */
  picture: ScreenPicture | null
  /** Main captures the displays once and sends a downscaled picture to pick a region on. */
  pickRegion: () => void
  /** Scans only the framed region of main's capture; the capture is dropped whatever it finds. */
  scanRegion: (region: Region) => void
  /** Closes the picker; main drops the capture. */
  cancelPick: () => void
  read: (request: PreviewRequest, password?: string) => void
  commit: (preview: ImportPreview, positions: number[]) => void
  backToSource: () => void
  /** Leaves the wizard; a preview still open in main is discarded (and its secrets wiped there). */
  close: () => void
}

const emptyDraft: SourceDraft = {
  mode: 'file',
  text: '',
  format: '',
  file: null,
  password: '',
  keyFile: null,
}

/** Where the core names the key file as the field at fault (a KeePass database that needs one). */
export function isKeyFileError(failure: unknown): boolean {
  return failure instanceof ApiError && (failure.field === 'keyFile' || failure.field === 'key-file')
}

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
  const [keyFileAsked, setKeyFileAsked] = useState(false)
  const [picture, setPicture] = useState<ScreenPicture | null>(null)
  const openImportId = useRef<string | null>(null)
  /** The capture main holds for the picker, so every way out drops it. */
  const openCaptureId = useRef<string | null>(null)
  /** The latest key file: a retry from the password step uses the one chosen there. */
  const keyFile = useRef<ChosenKeyFile | null>(null)
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
      dropOpenCapture()
    }
  }, [])

  /** `keepFile`: going back to read the same file another way (a format chosen), not leaving. */
  function discardOpenPreview(keepFile = false) {
    const importId = openImportId.current
    openImportId.current = null
    if (importId !== null) discard(importId, keepFile)
  }

  function dropOpenCapture() {
    const captureId = openCaptureId.current
    openCaptureId.current = null
    if (captureId !== null) unwrap(managerApi().dropScreenCapture({ captureId })).catch(() => undefined)
  }

  function changeDraft(patch: Partial<SourceDraft>) {
    if ('keyFile' in patch) keyFile.current = patch.keyFile ?? null
    setDraft((current) => ({ ...current, ...patch }))
    setError(null)
  }

  async function read(request: PreviewRequest, password?: string) {
    // A second click while the first preview is on its way would leave an orphaned one in main.
    if (inFlight.current) return
    inFlight.current = true
    setError(null)
    try {
      const chosenKey = keyFile.current
      const result = await preview.mutateAsync({
        source: request.source,
        ...(request.format ? { format: request.format } : {}),
        ...(password === undefined || password === '' ? {} : { password }),
        ...(chosenKey && request.source.kind !== 'screen-region' ? { keyFileId: chosenKey.keyFileId } : {}),
      })
      if (request.source.kind === 'screen-region') closePicker()
      if (!alive.current) return discard(result.importId)
      openImportId.current = result.importId
      // Main has read it: the window need not keep the pasted secrets any longer.
      setDraft((current) => ({ ...current, text: '', password: '' }))
      setStep({ kind: 'preview', preview: result })
    } catch (failure) {
      if (!alive.current) return
      if (request.source.kind === 'screen-region') {
        // Main dropped the capture with the scan: back to the source step, where "Pick a region…"
        // takes a fresh picture.
        closePicker()
        setStep({ kind: 'source' })
        setError(failure)
        return
      }
      if (isKeyFileError(failure)) setKeyFileAsked(true)
      const noPassword = password === undefined || password === ''
      // A key file alone that does not open the database may need the password with it: ask for it.
      const askPassword =
        failure instanceof ApiError &&
        noPassword &&
        (failure.code === 'import-password-required' ||
          (failure.code === 'import-wrong-password' && keyFile.current !== null))
      if (askPassword) {
        setStep({ kind: 'password', request })
        if (failure.code !== 'import-password-required' || isKeyFileError(failure)) setError(failure)
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
    await read(fileRequest(file, draft.format), draft.password === '' ? undefined : draft.password)
  }

  async function chooseKeyFile() {
    if (inFlight.current) return
    setError(null)
    setChoosing(true)
    try {
      const chosen = (await unwrap(managerApi().chooseKeyFile({}))).keyFile
      if (chosen && alive.current) changeDraft({ keyFile: chosen })
    } catch (failure) {
      if (alive.current) setError(failure)
    } finally {
      if (alive.current) setChoosing(false)
    }
  }

  function closePicker() {
    // Main dropped it with the scan; nothing to tell it.
    openCaptureId.current = null
    setPicture(null)
  }

  async function pickRegion() {
    if (inFlight.current) return
    inFlight.current = true
    setError(null)
    setChoosing(true)
    try {
      const captured = await unwrap(managerApi().captureScreen({}))
      if (!alive.current) {
        unwrap(managerApi().dropScreenCapture({ captureId: captured.captureId })).catch(() => undefined)
        return
      }
      openCaptureId.current = captured.captureId
      setPicture(captured)
    } catch (failure) {
      if (alive.current) setError(failure)
    } finally {
      inFlight.current = false
      if (alive.current) setChoosing(false)
    }
  }

  function scanRegion(region: Region) {
    const captureId = openCaptureId.current
    if (captureId === null) return
    void read({ source: { kind: 'screen-region', captureId, region }, sourceName: 'Screen region' })
  }

  function cancelPick() {
    dropOpenCapture()
    setPicture(null)
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
    dropOpenCapture()
    onClose()
  }

  return {
    step,
    draft,
    changeDraft,
    error,
    reading: choosing || preview.isPending,
    chooseFile: () => void chooseFile(),
    chooseKeyFile: () => void chooseKeyFile(),
    keyFileAsked,
    picture,
    pickRegion: () => void pickRegion(),
    scanRegion,
    cancelPick,
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
