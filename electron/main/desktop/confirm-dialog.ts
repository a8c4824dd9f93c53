import { BrowserWindow, dialog, systemPreferences } from 'electron'
import type { ConfirmRequest } from '../../core/vault/seed-release.ts'

/**
 * Main's own yes/no before a secret leaves the vault. It is drawn by the OS, not by a page, so a
 * compromised window can trigger it but never answer it.
 *
 * On a Mac with Touch ID the fingerprint is the answer: OS-level proof that a person is present. Windows
 * Hello has no Electron API, so Windows (like Linux) gets the native message box.
 */
export async function confirmInMain(request: ConfirmRequest): Promise<boolean> {
  if (process.platform === 'darwin' && systemPreferences.canPromptTouchID()) {
    try {
      // macOS words it as "Twofold is trying to …", hence the lower-case question without its mark.
      await systemPreferences.promptTouchID(touchIdReason(request.message))
      return true
    } catch {
      // Cancelled, failed or locked out: the same as saying no.
      return false
    }
  }
  const options: Electron.MessageBoxOptions = {
    type: 'warning',
    title: request.title,
    message: request.message,
    detail: request.detail,
    buttons: [request.confirmLabel, 'Cancel'],
    // Enter and Esc both land on Cancel: letting a secret out takes a deliberate click.
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  }
  const window = BrowserWindow.getFocusedWindow()
  const { response } = window
    ? await dialog.showMessageBox(window, options)
    : await dialog.showMessageBox(options)
  return response === 0
}

function touchIdReason(message: string): string {
  const question = message.replace(/\?$/, '')
  return question.charAt(0).toLowerCase() + question.slice(1)
}
