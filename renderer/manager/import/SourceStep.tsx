import { ClipboardPaste, Crop, Eye, FileKey, FileText, FolderOpen, ScanSearch } from 'lucide-react'
import { useId, type FormEvent, type ReactNode } from 'react'
import type { ImportFormat } from '../../../shared/domain/transfer.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { importFormatInfo } from '../../../shared/domain/import-formats.ts'
import { importFormatGroups, importFormatLabels } from './import-formats.ts'
import { fileSize, type PreviewRequest, type SourceMode } from './import-steps.ts'
import { fileRequest, type SourceDraft } from './use-import-wizard.ts'

const MODES: { value: SourceMode; label: string }[] = [
  { value: 'file', label: 'A file' },
  { value: 'text', label: 'Pasted text' },
  { value: 'clipboard-image', label: 'QR image on the clipboard' },
  { value: 'screen', label: 'QR code on the screen' },
]

/**
 * Where the accounts come from. A file is picked in main's own dialog and stays there (the window
 * only learns its name); pasted text is sent once, for the preview; the clipboard and the screen are
 * read by main when asked.
 */
export function SourceStep({
  draft,
  onDraftChange,
  error,
  reading,
  onChooseFile,
  onChooseKeyFile,
  keyFileAsked,
  onPickRegion,
  onRead,
  onCancel,
}: {
  draft: SourceDraft
  onDraftChange: (patch: Partial<SourceDraft>) => void
  error: unknown
  reading: boolean
  onChooseFile: () => void
  onChooseKeyFile: () => void
  /** The core named the key file as missing or wrong. */
  keyFileAsked: boolean
  onPickRegion: () => void
  onRead: (request: PreviewRequest, password?: string) => void
  onCancel: () => void
}) {
  const id = useId()
  const format = draft.format ? { format: draft.format } : {}
  const textMissing = draft.mode === 'text' && draft.text.trim() === ''
  const readsFiles = draft.mode === 'file' || draft.mode === 'text'
  const chosen = draft.format ? importFormatInfo[draft.format] : null
  // Always-encrypted formats ask for their password here, before reading, rather than after a refusal.
  const askPassword = readsFiles && chosen?.encryption === 'always'
  const offerKeyFile = readsFiles && (chosen?.keyFile === true || keyFileAsked || draft.keyFile !== null)
  const password = askPassword && draft.password !== '' ? draft.password : undefined

  function submit(event: FormEvent) {
    event.preventDefault()
    switch (draft.mode) {
      case 'file':
        return onChooseFile()
      case 'text':
        if (textMissing) return
        return onRead(
          { source: { kind: 'text', text: draft.text }, sourceName: 'Pasted text', ...format },
          password,
        )
      case 'clipboard-image':
        return onRead({ source: { kind: 'clipboard-image' }, sourceName: 'Clipboard image' })
      case 'screen':
        return onRead({ source: { kind: 'screen' }, sourceName: 'Screen' })
    }
  }

  return (
    <form className="stack import-step" onSubmit={submit} noValidate aria-label="Choose what to import">
      <fieldset className="fieldset">
        <legend>Import from</legend>
        <div className="segmented">
          {MODES.map((mode) => (
            <label key={mode.value}>
              <input
                type="radio"
                name={`${id}-mode`}
                value={mode.value}
                checked={draft.mode === mode.value}
                // Focus lands on the choice made, on opening and on coming back from a later step.
                autoFocus={draft.mode === mode.value}
                onChange={() => onDraftChange({ mode: mode.value })}
              />
              <span>{mode.label}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {draft.mode === 'file' && (
        <SourceNote icon={<FileText aria-hidden="true" />}>
          An export from Aegis, 2FAS, Ente Auth, Bitwarden, andOTP, Authenticator Pro or Google Authenticator,
          a list of otpauth:// links, an accounts spreadsheet (CSV), or a picture of a QR code. Encrypted
          exports ask for their password next.
          {draft.file && (
            <span className="import-chosen-file">
              Chosen: <strong>{draft.file.name}</strong> ({fileSize(draft.file.bytes)})
            </span>
          )}
        </SourceNote>
      )}
      {draft.mode === 'text' && (
        <div className="field">
          <label htmlFor={`${id}-text`}>Exported text</label>
          <textarea
            id={`${id}-text`}
            className="input textarea mono import-textarea"
            rows={7}
            spellCheck={false}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            value={draft.text}
            onChange={(event) => onDraftChange({ text: event.target.value })}
            aria-describedby={`${id}-text-hint`}
          />
          <p id={`${id}-text-hint`} className="field-hint">
            otpauth:// links one per line, Google Authenticator otpauth-migration:// links, or an export in
            CSV or JSON. It is read once for the preview and then cleared from this window.
          </p>
        </div>
      )}
      {draft.mode === 'clipboard-image' && (
        <SourceNote icon={<ClipboardPaste aria-hidden="true" />}>
          Copy a picture of the QR code — a screenshot is fine — then read it. One picture may hold several
          codes.
        </SourceNote>
      )}
      {draft.mode === 'screen' && (
        <SourceNote icon={<ScanSearch aria-hidden="true" />}>
          Show the service’s QR code in full somewhere on screen, then scan. Every display is looked at; the
          pictures are read for QR codes and not kept. To read one code among several, pick the region it is
          in.
        </SourceNote>
      )}

      {readsFiles && (
        <div className="field">
          <label htmlFor={`${id}-format`}>Format</label>
          <select
            id={`${id}-format`}
            className="input"
            value={draft.format}
            aria-describedby={formatNote(draft.format) ? `${id}-format-hint` : undefined}
            onChange={(event) => onDraftChange({ format: event.target.value as ImportFormat | '' })}
          >
            <option value="">Detect automatically</option>
            {importFormatGroups.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.formats.map((value) => (
                  <option key={value} value={value}>
                    {importFormatLabels[value]}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {/* Always in the page, so a screen reader announces the note when another format is chosen. */}
          <p className="field-hint" id={`${id}-format-hint`} aria-live="polite">
            {formatNote(draft.format)}
          </p>
        </div>
      )}

      {askPassword && (
        <Field
          label="Export password"
          type="password"
          autoComplete="off"
          spellCheck={false}
          hint={`${chosen?.label ?? 'This'} exports are always encrypted. Twofold uses the password to open this export only and does not keep it.`}
          value={draft.password}
          onValueChange={(value) => onDraftChange({ password: value })}
        />
      )}

      {offerKeyFile && (
        <div className="import-source-note">
          <FileKey aria-hidden="true" />
          <p>
            {draft.keyFile ? (
              <>
                Key file: <strong>{draft.keyFile.name}</strong>. It stays in Twofold&apos;s main process and
                is used for this import only.
              </>
            ) : (
              'A KeePass database can be locked with a key file, with or without a password. Choose it here if yours has one.'
            )}
          </p>
          <Button variant="secondary" disabled={reading} onClick={onChooseKeyFile}>
            {draft.keyFile ? 'Choose another key file…' : 'Choose key file…'}
          </Button>
        </div>
      )}

      <ErrorMessage error={error} />

      <div className="actions dialog-actions">
        <Button type="submit" busy={reading} disabled={textMissing} icon={primaryIcon(draft.mode)}>
          {primaryLabel(draft.mode)}
        </Button>
        {draft.mode === 'file' && draft.file && (
          <Button
            variant="secondary"
            disabled={reading}
            onClick={() => draft.file && onRead(fileRequest(draft.file, draft.format), password)}
          >
            Read {draft.file.name} again
          </Button>
        )}
        {draft.mode === 'screen' && (
          <Button
            variant="secondary"
            disabled={reading}
            icon={<Crop aria-hidden="true" />}
            onClick={onPickRegion}
          >
            Pick a region…
          </Button>
        )}
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

/**
 * What the wizard says under the format choice before anything is read: the catalog's hint, and for
 * formats read from an app's private storage, that they need a rooted phone.
 */
export function formatNote(format: ImportFormat | ''): string {
  if (!format) return ''
  const info = importFormatInfo[format]
  const hint = info.hint ?? ''
  if (info.family !== 'rooted-phone' || /rooted/i.test(hint)) return hint
  return `Needs a rooted phone: this file sits in the app's private storage. ${hint}`.trim()
}

function SourceNote({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <div className="import-source-note">
      {icon}
      <p>{children}</p>
    </div>
  )
}

function primaryLabel(mode: SourceMode): string {
  switch (mode) {
    case 'file':
      return 'Choose file…'
    case 'text':
      return 'Preview'
    case 'clipboard-image':
      return 'Read clipboard image'
    case 'screen':
      return 'Scan the screen'
  }
}

function primaryIcon(mode: SourceMode): ReactNode {
  switch (mode) {
    case 'file':
      return <FolderOpen aria-hidden="true" />
    case 'text':
      return <Eye aria-hidden="true" />
    case 'clipboard-image':
      return <ClipboardPaste aria-hidden="true" />
    case 'screen':
      return <ScanSearch aria-hidden="true" />
  }
}
