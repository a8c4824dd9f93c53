import { clipboard, desktopCapturer, screen } from 'electron'

/** The clipboard's image as PNG, for scanning a copied QR code; null when it holds no image. */
export async function readClipboardImage(): Promise<Uint8Array | null> {
  for (const item of await clipboard.read()) {
    const type = item.types.find((name) => name === 'image/png')
    if (!type) continue
    const blob = await item.getType(type)
    return new Uint8Array(await blob.arrayBuffer())
  }
  return null
}

/**
 * A picture of every display at its full resolution, for finding the QR code a service shows in a
 * browser. Twofold's own windows are hidden from capture when content protection is on, so they
 * never cover the code.
 */
export async function captureScreens(): Promise<Uint8Array[]> {
  const displays = screen.getAllDisplays()
  const width = Math.max(...displays.map((display) => Math.round(display.size.width * display.scaleFactor)))
  const height = Math.max(...displays.map((display) => Math.round(display.size.height * display.scaleFactor)))
  const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: { width, height } })
  return sources.filter((source) => !source.thumbnail.isEmpty()).map((source) => source.thumbnail.toPNG())
}
