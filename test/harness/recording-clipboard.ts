import type { Clipboard } from '../../electron/core/clipboard/clipboard.ts'

/**
 * The harness's stand-in for the system clipboard: the real one belongs to the desktop, not to the
 * code under test. It keeps every text written so a test can assert what a person would paste.
 */
export class RecordingClipboard implements Clipboard {
  readonly texts: string[] = []

  writeText(text: string): Promise<void> {
    this.texts.push(text)
    return Promise.resolve()
  }

  readText(): Promise<string> {
    return Promise.resolve(this.texts.at(-1) ?? '')
  }

  get last(): string | undefined {
    return this.texts.at(-1)
  }
}
