export interface ImportDialogProps {
  onClose: () => void
  /** After a commit: how many accounts were written, so the manager can show them. */
  onImported: (imported: number) => void
}

/** Import wizard: being built (source → password → preview → result). */
export function ImportDialog(_props: ImportDialogProps) {
  return null
}
