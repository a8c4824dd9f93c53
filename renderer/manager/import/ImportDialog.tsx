import { importFormatInfo } from '../../../shared/domain/import-formats.ts'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { ImportingStep } from './ImportingStep.tsx'
import { PasswordStep } from './PasswordStep.tsx'
import { PreviewStep } from './PreviewStep.tsx'
import { RegionPicker } from './RegionPicker.tsx'
import { ResultStep } from './ResultStep.tsx'
import { SourceStep } from './SourceStep.tsx'
import { useImportWizard } from './use-import-wizard.ts'

export interface ImportDialogProps {
  onClose: () => void
  /** After a commit: how many accounts were written, so the manager can show them. */
  onImported: (imported: number) => void
}

/**
 * The import wizard: a source (file, pasted text, the clipboard's image, the screen), the export's
 * password when it has one, a preview to tick entries in, then one transaction. Nothing reaches the
 * vault before the person presses Import on the preview.
 */
export function ImportDialog({ onClose, onImported }: ImportDialogProps) {
  const wizard = useImportWizard({ onClose, onImported })
  const { step } = wizard

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && wizard.close()}
      title="Import accounts"
      description={
        step.kind === 'importing' || step.kind === 'result'
          ? undefined
          : 'Nothing is written to the vault until you have checked the preview and pressed Import.'
      }
      className="import-dialog"
    >
      {step.kind === 'source' && (
        <SourceStep
          draft={wizard.draft}
          onDraftChange={wizard.changeDraft}
          error={wizard.error}
          reading={wizard.reading}
          onChooseFile={wizard.chooseFile}
          onChooseKeyFile={wizard.chooseKeyFile}
          keyFileAsked={wizard.keyFileAsked}
          onPickRegion={wizard.pickRegion}
          onRead={(request, password) => wizard.read(request, password)}
          onCancel={wizard.close}
        />
      )}
      {step.kind === 'source' && wizard.picture && (
        <RegionPicker
          key={wizard.picture.captureId}
          picture={wizard.picture}
          scanning={wizard.reading}
          onScan={wizard.scanRegion}
          onCancel={wizard.cancelPick}
        />
      )}
      {step.kind === 'password' && (
        <PasswordStep
          request={step.request}
          error={wizard.error}
          reading={wizard.reading}
          onOpen={wizard.read}
          onBack={wizard.backToSource}
          keyFile={wizard.draft.keyFile}
          offerKeyFile={
            wizard.keyFileAsked ||
            wizard.draft.keyFile !== null ||
            (step.request.format !== undefined && importFormatInfo[step.request.format].keyFile === true)
          }
          onChooseKeyFile={wizard.chooseKeyFile}
        />
      )}
      {step.kind === 'preview' && (
        <PreviewStep
          key={step.preview.importId}
          preview={step.preview}
          error={wizard.error}
          onImport={(positions) => wizard.commit(step.preview, positions)}
          onBack={wizard.backToSource}
          onCancel={wizard.close}
        />
      )}
      {step.kind === 'importing' && <ImportingStep count={step.count} />}
      {step.kind === 'result' && <ResultStep result={step.result} onDone={onClose} />}
    </Dialog>
  )
}
