/**
 * The system clipboard, behind the smallest interface the core needs. Main gives it Electron's
 * clipboard; the test harness gives it one that records what was written, since the real one belongs
 * to the desktop and not to the code under test.
 */
export interface Clipboard {
  writeText(text: string): Promise<void>
  readText(): Promise<string>
}

/** For processes with no desktop clipboard (the CLI prints codes instead). */
export const noClipboard: Clipboard = {
  writeText: () => Promise.resolve(),
  readText: () => Promise.resolve(''),
}
