/**
 * The markers clipboard-history tools read to leave a copied secret out of their history, one
 * convention per platform. Electron-free, so Vitest can prove the table.
 *
 * - macOS: nspasteboard.org's `org.nspasteboard.ConcealedType` (Maccy, Alfred, Raycast, Paste…).
 * - Windows: the formats Microsoft documents for clipboard history and cloud clipboard
 *   (`CanIncludeInClipboardHistory`/`CanUploadToCloudClipboard` as a DWORD 0) and for clipboard
 *   monitors (`ExcludeClipboardContentFromMonitorProcessing`, any content).
 * - Linux: KDE's `x-kde-passwordManagerHint` = `secret`, which Klipper and compatible managers honour.
 */
export type ClipboardEntries = Record<string, string | Uint8Array>

/** Electron's name for a raw, platform-specific clipboard format. */
const rawFormat = (name: string) => `electron application/osclipboard;format="${name}"`
const DWORD_ZERO = new Uint8Array(4)

export function concealedClipboardEntries(platform: NodeJS.Platform, text: string): ClipboardEntries {
  const entries: ClipboardEntries = { 'text/plain': text }
  switch (platform) {
    case 'darwin':
      entries[rawFormat('org.nspasteboard.ConcealedType')] = ''
      break
    case 'win32':
      entries[rawFormat('ExcludeClipboardContentFromMonitorProcessing')] = ''
      entries[rawFormat('CanIncludeInClipboardHistory')] = DWORD_ZERO
      entries[rawFormat('CanUploadToCloudClipboard')] = DWORD_ZERO
      break
    case 'linux':
      entries[rawFormat('x-kde-passwordManagerHint')] = 'secret'
      break
  }
  return entries
}
