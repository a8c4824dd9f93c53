import type { DesktopPort } from '../../electron/core/ipc/desktop-handlers.ts'
import type { ConfirmRequest } from '../../electron/core/vault/seed-release.ts'

/**
 * Stands in for what only the desktop gives: the OS dialogs (the one thing the tests may fake,
 * being outside our control), the clipboard's image and pictures of the screen. A test sets what the
 * person "picks" before clicking, and can check which dialogs opened.
 */
export class ScriptedDesktop {
  /** What the next open dialog returns; null = the person cancelled. */
  openFile: string | null = null
  saveFile: string | null = null
  folder: string | null = null
  clipboardImage: Uint8Array | null = null
  screens: Uint8Array[] = []
  /** The person's answer in main's native confirmation before a secret leaves. */
  confirmAnswer = true
  /** Each dialog that opened; for a confirmation, `detail` is its message (what would leave). */
  readonly shown: { dialog: 'open' | 'save' | 'folder' | 'confirm'; detail: string }[] = []

  /** What the key-file dialog returns (a KeePass key file); null = the person cancelled. */
  keyFile: string | null = null

  chooseFile = (purpose: 'import' | 'restore' | 'key-file'): Promise<string | null> => {
    this.shown.push({ dialog: 'open', detail: purpose })
    return Promise.resolve(purpose === 'key-file' ? this.keyFile : this.openFile)
  }

  chooseSaveFile = (defaultName: string): Promise<string | null> => {
    this.shown.push({ dialog: 'save', detail: defaultName })
    return Promise.resolve(this.saveFile)
  }

  chooseFolder = (current: string): Promise<string | null> => {
    this.shown.push({ dialog: 'folder', detail: current })
    return Promise.resolve(this.folder)
  }

  confirm = (request: ConfirmRequest): Promise<boolean> => {
    this.shown.push({ dialog: 'confirm', detail: request.message })
    return Promise.resolve(this.confirmAnswer)
  }

  readClipboardImage = (): Promise<Uint8Array | null> => Promise.resolve(this.clipboardImage)

  captureScreens = (): Promise<Uint8Array[]> => Promise.resolve(this.screens)

  /** The shell as the backend sees it: these scripted dialogs, no hotkey or screen-lock problem. */
  asDesktopPort(hidePopup: () => void = () => {}): DesktopPort {
    return {
      problems: () => ({ hotkeyProblem: null, screenLockProblems: [] }),
      hidePopup,
      chooseFile: this.chooseFile,
      chooseSaveFile: this.chooseSaveFile,
      chooseFolder: this.chooseFolder,
      readClipboardImage: this.readClipboardImage,
      captureScreens: this.captureScreens,
      confirm: this.confirm,
    }
  }
}
