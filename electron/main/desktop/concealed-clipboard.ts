import { clipboard, ClipboardItem } from 'electron'
import type { Clipboard } from '../../core/clipboard/clipboard.ts'
import { concealedClipboardEntries } from './concealed-clipboard-formats.ts'

/**
 * The clipboard main hands to ClipboardGuard: every code goes on the clipboard together with the
 * platform's "concealed" markers, in one write, so there is no moment when the code is there without
 * them. Clearing empties the clipboard rather than leaving an empty concealed item.
 */
export function concealedClipboard(platform: NodeJS.Platform = process.platform): Clipboard {
  return {
    async writeText(text) {
      if (text === '') {
        clipboard.clear()
        return
      }
      const entries = concealedClipboardEntries(platform, text)
      const item = Object.fromEntries(
        Object.entries(entries).map(([type, value]) => [
          type,
          typeof value === 'string' ? value : new Blob([value as Uint8Array<ArrayBuffer>]),
        ]),
      )
      await clipboard.write([new ClipboardItem(item)])
    },
    readText: () => clipboard.readText(),
  }
}
