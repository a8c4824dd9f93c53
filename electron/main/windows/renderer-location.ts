import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Where a window's page comes from: the dev server in `electron-vite dev`, files under out/renderer
 * otherwise. The same answer decides which senders main trusts.
 */
export interface RendererLocation {
  load: { url: string } | { file: string }
  isOwnPage: (url: string) => boolean
}

/** `outDir` is the build output folder (`out/`), which holds `renderer/<window>/index.html`. */
export function rendererLocation(outDir: string, windowName: string): RendererLocation {
  const devServer = process.env.ELECTRON_RENDERER_URL
  if (devServer) {
    const origin = new URL(devServer).origin
    return {
      load: { url: `${devServer}/${windowName}/index.html` },
      isOwnPage: (url) => safeUrl(url)?.origin === origin,
    }
  }
  const file = join(outDir, 'renderer', windowName, 'index.html')
  const own = pathToFileURL(file).href
  return {
    load: { file },
    // file: URLs have no origin to compare, so the page itself (minus query and hash) must match.
    isOwnPage: (url) => url.split(/[?#]/, 1)[0] === own,
  }
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
